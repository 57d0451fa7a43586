from datetime import datetime

from odoo.addons.gov_hall.tests.common import PERSON_ID, CaseFixture
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged

from ..tools.estimate import estimate_wait_minutes

# a Wednesday, 10:00 in the hall (02:00 UTC); freeze_time works in UTC
WORKDAY_10AM = "2026-12-02 02:00:00"


@tagged("post_install", "-at_install")
@freeze_time(WORKDAY_10AM)
class TestQueue(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        Employee = cls.env["hr.employee"]
        cls.clerk2 = new_test_user(cls.env, login="t_clerk2", groups="gov_hall.group_gov_front_office")
        cls.clerk2_emp = Employee.create({"name": "窗口李", "user_id": cls.clerk2.id, "department_id": cls.dept.id})
        cls.window2.employee_ids = [Command.link(cls.clerk2_emp.id)]
        Queue = cls.env["gov.queue"]
        cls.queue = Queue.create({"name": "测试市场监管", "prefix": "T", "daily_cap": 5,
                                  "window_ids": [Command.set((cls.window | cls.window2).ids)],
                                  "notify_position": 2})
        cls.queue_b = Queue.create({"name": "测试不动产", "prefix": "U",
                                    "window_ids": [Command.set(cls.window2.ids)]})
        cls.elderly = cls.env.ref("gov_hall_queue.priority_elderly")

    def _issue(self, queue=None, **kw):
        return (queue or self.queue)._issue(**kw)

    def _call(self, window=None, user=None):
        window = window or self.window
        window.with_user(user or self.clerk).action_call_next()
        return self.env["gov.queue.ticket"].search([("window_id", "=", window.id),
                                                    ("state", "in", ("called", "serving"))])

    def test_numbering_and_calling_order(self):
        walk1 = self._issue()
        walk2 = self._issue()
        prio = self._issue(priority=self.elderly)
        self.assertEqual((walk1.name, walk2.name, prio.name), ("T001", "T002", "T003"))
        booking = self.env["gov.queue.appointment"]._book(self.queue, "2026-12-02", 10.0, "王建国", "13912345678")
        appt = booking._check_in()
        self.assertEqual(booking.state, "checked_in")
        self.assertEqual(appt.name, "T004")
        # priority applicant first, then the appointment, then walk-ins in issuing order
        self.assertEqual(self._call(), prio)
        self.assertEqual(self._call(), appt)
        self.assertEqual(prio.state, "done")  # the next call finished the previous one
        self.assertEqual(self._call(), walk1)
        self.assertEqual(self._call(window=self.window2, user=self.clerk2), walk2)
        with self.assertRaisesRegex(UserError, "Nobody is waiting"):
            self.window.with_user(self.clerk).action_call_next()
        kinds = walk1.event_ids.mapped("kind")
        self.assertEqual(kinds[:2], ["waiting", "called"])
        self.assertEqual(walk1.window_id, self.window)
        self.assertEqual(walk1.user_id, self.clerk)

    def test_only_the_window_clerk_calls(self):
        self._issue()
        with self.assertRaises(UserError):
            self.window2.with_user(self.clerk).action_call_next()  # not on duty there
        with self.assertRaises(AccessError):
            self.window.with_user(self.reviewer).action_call_next()
        ticket = self._call()
        with self.assertRaises(UserError):
            ticket.with_user(self.clerk2).action_start()
        ticket.with_user(self.clerk).action_start()
        self.assertEqual(ticket.state, "serving")
        with self.assertRaises(AccessError):
            ticket.with_user(self.clerk).write({"state": "waiting"})
        with self.assertRaises(AccessError):
            self.env["gov.queue.ticket"].with_user(self.clerk).create({"name": "T999", "queue_id": self.queue.id,
                                                                       "date": "2026-12-02"})

    def test_recall_skip_no_show_resume_transfer(self):
        ticket = self._issue()
        self._call()
        self.queue.max_calls = 2
        ticket.with_user(self.clerk).action_recall()
        self.assertEqual(ticket.call_count, 2)
        with self.assertRaisesRegex(UserError, "called 2 times"):
            ticket.with_user(self.clerk).action_recall()
        ticket.with_user(self.clerk).action_skip()
        self.assertEqual(ticket.state, "no_show")
        other = self._issue()
        self._call()
        self.queue.max_calls = 3
        other.with_user(self.clerk).action_skip()
        self.assertEqual(other.state, "on_hold")
        other.with_user(self.clerk).action_resume(self.window.id)
        self.assertEqual(other.state, "called")
        other.with_user(self.clerk).action_transfer(self.queue_b.id)
        self.assertEqual((other.state, other.queue_id, other.rank), ("waiting", self.queue_b, 1))
        self.assertEqual(self._call(window=self.window2, user=self.clerk2), other)
        self.assertEqual(other.event_ids.mapped("kind"),
                         ["waiting", "called", "on_hold", "called", "transferred", "waiting", "called"])

    def test_daily_cap_and_one_ticket_per_id(self):
        self._issue(resident_id=PERSON_ID)
        with self.assertRaisesRegex(UserError, "one open ticket per person"):
            self._issue(resident_id=PERSON_ID)
        other_queue = self._issue(queue=self.queue_b, resident_id=PERSON_ID)  # another queue: allowed
        self.assertTrue(other_queue.resident_id_masked.startswith("1101"))
        self.assertNotIn(PERSON_ID, other_queue.resident_id_masked)
        with self.assertRaisesRegex(UserError, "not a valid resident ID"):
            self._issue(resident_id="110105194912310021")
        for _i in range(4):
            self._issue()
        self.assertEqual(self.queue.cap_state, "full")
        with self.assertRaisesRegex(UserError, "No numbers are left"):
            self._issue()
        self.assertEqual(self.env["gov.queue.ticket"].search_count([("queue_id", "=", self.queue.id)]), 5)

    def test_hours_days_off_and_phone(self):
        with freeze_time("2026-12-02 10:00:00"):  # 18:00 in the hall
            with self.assertRaisesRegex(UserError, "from 08:30 to 17:00"):
                self._issue()
        with freeze_time("2026-12-05 02:00:00"):  # Saturday
            with self.assertRaisesRegex(UserError, "day off"):
                self._issue()
        with self.assertRaisesRegex(UserError, "not a mobile number"):
            self._issue(phone="12345")
        self.assertEqual(self._issue(phone="+86 139-1234-5678").phone, "13912345678")
        self.queue.active = False
        with self.assertRaisesRegex(UserError, "closed"):
            self._issue()

    def test_wait_estimate(self):
        self.assertEqual(estimate_wait_minutes(0, 8, 2), 0)
        self.assertEqual(estimate_wait_minutes(5, 8, 2), 20)
        self.assertEqual(estimate_wait_minutes(3, 7.5, 0), 23)
        tickets = [self._issue() for _i in range(4)]
        # two windows called in the last hour; two services of 6 and 10 minutes done today
        for ticket, window, minutes in ((tickets[0], self.window, 6.0), (tickets[1], self.window2, 10.0)):
            ticket.sudo().write({"state": "done", "window_id": window.id, "called_at": datetime(2026, 12, 2, 1, 50),
                                 "finished_at": datetime(2026, 12, 2, 1, 59), "service_minutes": minutes})
        ahead, windows, mean, minutes = self.queue._wait_figures(tickets[3])
        self.assertEqual((ahead, windows, mean, minutes), (1, 2, 8.0, 4))
        page = tickets[3]._public_values()
        self.assertEqual((page["ahead"], page["minutes"], page["ticket"]), (1, 4, "T004"))

    def test_near_turn_sms(self):
        first = self._issue(phone="13900000001")
        second = self._issue(phone="13900000002")
        third = self._issue(phone="13900000003")
        SMS = self.env["sms.sms"].sudo()
        before = SMS.search_count([])
        self._call()  # first called: second is 1st, third is 2nd in line (notify at 2)
        sent = SMS.search([], order="id desc", limit=1)
        self.assertEqual(SMS.search_count([]), before + 1)
        self.assertEqual(sent.number, "13900000003")
        self.assertIn("T003", sent.body)
        self.assertTrue(third.sms_sent)
        self._call()
        self.assertEqual(SMS.search_count([]), before + 1)  # once per ticket, never to the one being called
        self.assertFalse(first.sms_sent or second.sms_sent)

    def test_appointments(self):
        Booking = self.env["gov.queue.appointment"]
        self.queue.slot_capacity = 1
        booking = Booking.with_user(self.clerk).book(self.queue.id, "2026-12-03", 9.0, "李秀英", "13800001111")
        self.assertEqual(Booking.browse(booking["id"]).slot_label, "09:00-09:30")
        with self.assertRaisesRegex(UserError, "is full"):
            Booking.with_user(self.clerk).book(self.queue.id, "2026-12-03", 9.0, "张伟", "13800002222")
        with self.assertRaisesRegex(UserError, "not a working day"):
            Booking.with_user(self.clerk).book(self.queue.id, "2026-12-05", 9.0, "张伟", "13800002222")
        with self.assertRaisesRegex(UserError, "no appointment slot"):
            Booking.with_user(self.clerk).book(self.queue.id, "2026-12-03", 18.0, "张伟", "13800002222")
        with self.assertRaisesRegex(UserError, "not today"):
            Booking.browse(booking["id"]).with_user(self.clerk).action_check_in()
        with self.assertRaises(AccessError):
            Booking.with_user(self.reviewer).book(self.queue.id, "2026-12-03", 9.5, "张伟", "13800002222")

    def test_case_from_ticket(self):
        ticket = self._issue()
        self._call()
        action = ticket.with_user(self.clerk).action_new_case()
        self.assertEqual(ticket.state, "serving")
        case = self._case(ticket_id=ticket.id)
        self.assertEqual(case.ticket_id, ticket)
        self.assertEqual(ticket.case_ids, case)
        self.assertEqual(action["context"]["default_ticket_id"], ticket.id)
        self.assertEqual(ticket.with_user(self.clerk).action_new_inquiry()["context"]["default_ticket_id"], ticket.id)
        inquiry = self.env["gov.inquiry"].with_user(self.clerk).create({
            "applicant_name": "张小三", "question": "还需要办理什么？", "responder_id": self.clerk.id,
            "ticket_id": ticket.id})
        self.assertEqual(ticket.inquiry_ids, inquiry)
        idle = self._issue()
        with self.assertRaisesRegex(UserError, "only to the ticket being served"):
            self._case(ticket_id=idle.id)
