import base64
from datetime import date, datetime
from io import BytesIO

import openpyxl

from odoo import Command
from odoo.addons.gov_hall.tests.common import CaseFixture
from odoo.addons.gov_hall_staff.models.gov_duty import hall_datetime
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

MAKEUP_SAT = date(2026, 2, 14)   # a Saturday worked to make up for the Spring Festival
HOLIDAY = date(2026, 2, 16)      # Spring Festival holiday (a Monday)
TUESDAY = date(2026, 3, 3)


def utc(day, hour):
    return hall_datetime(day, hour)


@tagged("post_install", "-at_install")
class TestDuty(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.gov_roster_enforced = True
        cls.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        cls.hr = new_test_user(cls.env, login="t_duty_hr", groups="gov_hall.group_gov_hr")
        cls.clerk2 = new_test_user(cls.env, login="t_clerk2", groups="gov_hall.group_gov_front_office")
        cls.mate = cls.env["hr.employee"].create({"name": "窗口李", "user_id": cls.clerk2.id,
                                                  "department_id": cls.dept.id})
        cls.outsider = cls.env["hr.employee"].create({"name": "规划局张", "department_id": cls.dept2.id})
        staff = cls.clerk_emp | cls.mate
        staff.write({"gov_is_stationed": True, "leave_manager_id": cls.leader.id, "tz": "Asia/Shanghai"})
        cls.window.employee_ids = [Command.set(staff.ids)]
        cls.am = cls.env.ref("gov_hall_staff.duty_period_am")
        cls.pm = cls.env.ref("gov_hall_staff.duty_period_pm")
        cls.Shift = cls.env["gov.duty.shift"].with_user(cls.hr)
        cls.personal = cls.env.ref("gov_hall_staff.leave_type_personal")

    def _shift(self, employee, day, period=None, window=None):
        return self.Shift.create({"window_id": (window or self.window).id, "employee_id": employee.id, "date": day,
                                  "period_id": (period or self.am).id})

    def _check_in(self, employee, when, out=None):
        return self.env["hr.attendance"].create({"employee_id": employee.id, "check_in": when, "check_out": out})

    def _leave(self, employee, day_from, day_to=None, **kw):
        vals = {"employee_id": employee.id, "holiday_status_id": self.personal.id,
                "request_date_from": day_from, "request_date_to": day_to or day_from}
        vals.update(kw)
        return self.env["hr.leave"].with_user(self.hr).create(vals)

    # ---------------------------------------------------------------- roster
    def test_roster_follows_the_working_day_calendar(self):
        shifts = self.env["gov.duty.shift"].with_user(self.hr)._generate(
            date(2026, 2, 1), self.window, self.am | self.pm)
        days = set(shifts.mapped("date"))
        self.assertIn(MAKEUP_SAT, days, "a make-up Saturday is a working day")
        self.assertIn(date(2026, 2, 28), days)
        self.assertNotIn(HOLIDAY, days, "nobody is rostered on the Spring Festival")
        self.assertNotIn(date(2026, 2, 21), days, "an ordinary Saturday is off")
        workdays = [d for d in days if d.month == 2]
        self.assertEqual(len(shifts), len(workdays) * 2 * 2)  # two periods, two clerks
        self.assertEqual(shifts.filtered(lambda s: s.date == MAKEUP_SAT and s.period_id == self.am)[:1].start,
                         datetime(2026, 2, 14, 1, 0))  # 09:00 in the hall is 01:00 UTC
        # turns: one clerk per shift, alternating by working day
        turns = self.env["gov.duty.shift"].with_user(self.hr)._generate(
            date(2026, 3, 1), self.window, self.am, per_shift=1)
        by_day = {s.date: s.employee_id for s in turns}
        first, second = sorted(by_day)[:2]
        self.assertNotEqual(by_day[first], by_day[second])

    def test_roster_skips_approved_leave_and_keeps_covers(self):
        leave = self._leave(self.clerk_emp, TUESDAY)
        leave.with_user(self.leader).action_approve()
        leave.with_user(self.hr).action_approve()
        with freeze_time("2026-02-20"):
            shifts = self.env["gov.duty.shift"].with_user(self.hr)._generate(date(2026, 3, 1), self.window, self.am)
            self.assertFalse(shifts.filtered(lambda s: s.date == TUESDAY and s.employee_id == self.clerk_emp))
            self.assertTrue(shifts.filtered(lambda s: s.date == TUESDAY and s.employee_id == self.mate))
            # a swapped shift survives regeneration
            swapped = shifts.filtered(lambda s: s.employee_id == self.clerk_emp)[:1]
            swapped.sudo().write({"original_employee_id": self.clerk_emp.id, "employee_id": self.outsider.id})
            again = self.env["gov.duty.shift"].with_user(self.hr)._generate(date(2026, 3, 1), self.window, self.am)
            self.assertTrue(swapped.exists())
            self.assertFalse(again.filtered(lambda s: s.date == swapped.date and s.employee_id == self.clerk_emp),
                             "the swapped slot is not given back to the clerk who handed it over")

    def test_roster_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "day off"):
            self._shift(self.clerk_emp, date(2026, 10, 1))
        self._shift(self.clerk_emp, TUESDAY)
        with self.assertRaisesRegex(ValidationError, "one clerk sits at one window at a time"):
            self._shift(self.clerk_emp, TUESDAY, window=self.window2)
        with self.assertRaises(AccessError):
            self.env["gov.duty.shift"].with_user(self.clerk).create({
                "window_id": self.window.id, "employee_id": self.clerk_emp.id, "date": TUESDAY,
                "period_id": self.pm.id})

    # ---------------------------------------------------------------- on duty
    def test_on_duty_needs_roster_check_in_and_no_leave(self):
        self._shift(self.clerk_emp, MAKEUP_SAT)
        self._shift(self.mate, MAKEUP_SAT)
        window = self.window.with_user(self.clerk)
        with freeze_time(utc(MAKEUP_SAT, 9.5)):
            with self.assertRaisesRegex(UserError, "not checked in"):
                window._check_on_duty()
            self._check_in(self.mate, utc(MAKEUP_SAT, 8.9))
            # the refusal names who of the department is on duty now
            with self.assertRaisesRegex(UserError, "窗口李"):
                window._check_on_duty()
            with self.assertRaisesRegex(UserError, "not checked in"):
                self._case()  # intake refused off duty
            self._check_in(self.clerk_emp, utc(MAKEUP_SAT, 9.2))
            window._check_on_duty()
            case = self._received()
            self.assertEqual(case.state, "received")
        with freeze_time(utc(MAKEUP_SAT, 15)):  # the afternoon is not his shift
            with self.assertRaisesRegex(UserError, "not rostered"):
                window._check_on_duty()
        with freeze_time(utc(HOLIDAY, 10)):
            with self.assertRaisesRegex(ValidationError, "no shift near"):
                self._check_in(self.clerk_emp, utc(HOLIDAY, 9))
            with self.assertRaisesRegex(UserError, "not rostered"):
                window._check_on_duty()

    def test_on_leave_is_off_duty(self):
        self._shift(self.clerk_emp, TUESDAY)
        self._shift(self.mate, TUESDAY, period=self.pm)
        self._check_in(self.clerk_emp, utc(TUESDAY, 8.9))
        leave = self._leave(self.clerk_emp, TUESDAY, gov_cover_employee_id=self.mate.id)
        leave.with_user(self.leader).action_approve()
        leave.with_user(self.hr).action_approve()
        self.assertEqual(leave.state, "validate")
        with freeze_time(utc(TUESDAY, 10)):
            # the shift went to the cover; the clerk on leave acts nowhere
            with self.assertRaisesRegex(UserError, "not rostered|approved leave"):
                self.window.with_user(self.clerk)._check_on_duty()

    def test_unrostered_window_keeps_its_list_but_not_on_leave(self):
        self.assertFalse(self.env["gov.duty.shift"].search_count([("window_id", "=", self.window.id)]))
        self.window.with_user(self.clerk)._check_on_duty()
        leave = self._leave(self.clerk_emp, TUESDAY)
        leave.with_user(self.leader).action_approve()
        leave.with_user(self.hr).action_approve()
        with freeze_time(utc(TUESDAY, 10)):
            with self.assertRaisesRegex(UserError, "approved leave"):
                self.window.with_user(self.clerk)._check_on_duty()

    def test_calling_tickets_refused_off_duty(self):
        if "gov.queue" not in self.env:
            self.skipTest("the queue addon is not installed")
        self._shift(self.clerk_emp, TUESDAY)
        with freeze_time(utc(TUESDAY, 10)):
            with self.assertRaisesRegex(UserError, "not checked in"):
                self.window.with_user(self.clerk).action_call_next()
            self._check_in(self.clerk_emp, utc(TUESDAY, 8.95))
            with self.assertRaisesRegex(UserError, "calls no queue|Nobody is waiting"):
                self.window.with_user(self.clerk).action_call_next()  # on duty: the call goes through

    # ---------------------------------------------------------------- leave
    def test_leave_approval_order_and_cover(self):
        shifts = self._shift(self.clerk_emp, TUESDAY) | self._shift(self.clerk_emp, TUESDAY, period=self.pm)
        other_type = self.env["hr.leave.type"].create({"name": "普通假", "requires_allocation": False})
        with self.assertRaisesRegex(ValidationError, "hall's leave types"):
            self._leave(self.clerk_emp, date(2026, 3, 4), holiday_status_id=other_type.id)
        leave = self._leave(self.clerk_emp, TUESDAY)
        self.assertEqual(leave.gov_shift_count, 2)
        with self.assertRaisesRegex(UserError, "department's leader"):
            leave.with_user(self.hr).action_approve()  # the Bureau does not go first
        with self.assertRaisesRegex(UserError, "covers the window"):
            leave.with_user(self.leader).action_approve()
        leave.gov_cover_employee_id = self.outsider
        with self.assertRaisesRegex(UserError, "same department"):
            leave.with_user(self.leader).action_approve()
        self._shift(self.mate, TUESDAY)
        leave.gov_cover_employee_id = self.mate
        with self.assertRaisesRegex(UserError, "rostered elsewhere"):
            leave.with_user(self.leader).action_approve()
        self.env["gov.duty.shift"].search([("employee_id", "=", self.mate.id)]).unlink()
        leave.with_user(self.leader).action_approve()
        self.assertEqual(leave.state, "validate1")
        with self.assertRaisesRegex(UserError, "Bureau"):
            leave.with_user(self.leader).action_approve()  # the second approval is the Bureau's
        leave.with_user(self.hr).action_approve()
        self.assertEqual(leave.state, "validate")
        self.assertEqual(shifts.employee_id, self.mate)
        self.assertEqual(shifts.original_employee_id, self.clerk_emp)
        self.assertEqual(shifts.cover_leave_id, leave)
        # the monthly sheet counts the handed-over shifts as the clerk's leave, by type
        row = next(r for r in self.env["gov.duty.shift"]._sheet_rows(self.dept, TUESDAY)
                   if r["employee"] == self.clerk_emp)
        self.assertEqual((row["shifts"], row["leave"], row["leave_kinds"]), (2, 2, {self.personal.name: 2}))

    # ---------------------------------------------------------------- attendance
    def test_daily_absence_flag_and_monthly_sheet(self):
        days = [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
        for day in days:
            for period in (self.am, self.pm):
                self._shift(self.clerk_emp, day, period)
        # day 1: on time; day 2: late 20 min in the morning, left 30 min early in the afternoon; day 3: absent
        self._check_in(self.clerk_emp, utc(days[0], 8.9), utc(days[0], 12.05))
        self._check_in(self.clerk_emp, utc(days[0], 13.4), utc(days[0], 17.6))
        self._check_in(self.clerk_emp, utc(days[1], 9 + 20 / 60), utc(days[1], 12.1))
        self._check_in(self.clerk_emp, utc(days[1], 13.45), utc(days[1], 17.0))
        with freeze_time(utc(days[2], 18.5)):
            self.env["gov.duty.shift"]._cron_check_attendance()
        shifts = self.env["gov.duty.shift"].search([("employee_id", "=", self.clerk_emp.id)], order="start")
        self.assertEqual(shifts.mapped("status"), ["present", "present", "late", "early", "absent", "absent"])
        self.assertEqual(shifts[2].late_minutes, 20)
        self.assertEqual(shifts[3].early_minutes, 30)
        absent = shifts[4:]
        self.assertTrue(all(absent.mapped("absence_flagged")))
        todo = absent.activity_ids
        self.assertIn(self.hr, todo.user_id, "HR is told of the absence")
        self.assertIn(self.leader, todo.user_id, "so is the department's leader")
        # the check runs again the next day: nobody is flagged twice
        count = len(todo)
        with freeze_time(utc(days[2], 23)):
            self.env["gov.duty.shift"]._cron_check_attendance()
        self.assertEqual(len(absent.activity_ids), count)
        rows = {r["employee"]: r for r in self.env["gov.duty.shift"]._sheet_rows(self.dept, date(2026, 3, 15))}
        row = rows[self.clerk_emp]
        self.assertEqual((row["shifts"], row["present"], row["late"], row["early"], row["absent"]), (6, 2, 1, 1, 2))
        self.assertEqual((row["late_minutes"], row["early_minutes"]), (20, 30))
        # the Excel sheet a department leader exports carries the same figures
        wizard = self.env["gov.attendance.sheet"].with_user(self.leader).create(
            {"month": date(2026, 3, 1), "department_ids": [Command.set(self.dept.ids)]})
        wizard.action_export()
        book = openpyxl.load_workbook(BytesIO(base64.b64decode(wizard.file)))
        sheet = book.worksheets[0]
        values = {sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in range(1, 12)]
                  for r in range(4, sheet.max_row + 1)}
        self.assertEqual(values["窗口王"][1:9], [6, 4, 1, 20, 1, 30, 2, 0])
        other = self.env["gov.attendance.sheet"].with_user(self.leader).create(
            {"month": date(2026, 3, 1), "department_ids": [Command.set(self.dept2.ids)]})
        with self.assertRaises(AccessError):
            other.action_export()

    def test_swap_needs_the_leader(self):
        with freeze_time(utc(TUESDAY, 7)):
            shift = self._shift(self.clerk_emp, TUESDAY)
            swap = self.env["gov.duty.swap"].with_user(self.clerk).create(
                {"shift_id": shift.id, "new_employee_id": self.mate.id, "reason": "家中有事"})
            with self.assertRaisesRegex(UserError, "leader"):
                swap.with_user(self.clerk2).action_approve()
            swap.with_user(self.leader).action_approve()
            self.assertEqual(shift.employee_id, self.mate)
            with self.assertRaisesRegex(UserError, "within the department"):
                self.env["gov.duty.swap"].with_user(self.hr).create(
                    {"shift_id": shift.id, "new_employee_id": self.outsider.id, "reason": "x"})
            with self.assertRaises(AccessError):
                shift.with_user(self.hr).write({"status": "present"})

    # ---------------------------------------------------------------- conduct and activities
    def test_conduct_seen_and_answered_by_the_employee(self):
        Conduct = self.env["gov.conduct.record"]
        with self.assertRaises(AccessError):
            Conduct.with_user(self.clerk2).create({"employee_id": self.clerk_emp.id, "category": "dress",
                                                   "description": "未佩戴工牌", "points": -1})
        rec = Conduct.with_user(self.supervisor).create({
            "employee_id": self.clerk_emp.id, "category": "side_post", "rule": "驻厅期间不得兼职",
            "description": "驻厅期间回原单位参加业务会议", "points": -2})
        self.assertEqual(rec.found_by_id, self.supervisor)
        self.assertFalse(Conduct.with_user(self.clerk).search([("id", "=", rec.id)]), "a draft is not shown yet")
        rec.with_user(self.supervisor).action_confirm()
        self.assertIn(self.clerk, rec.activity_ids.user_id)
        self.assertTrue(Conduct.with_user(self.clerk).search([("id", "=", rec.id)]))
        self.assertFalse(Conduct.with_user(self.clerk2).search([("id", "=", rec.id)]), "a colleague does not see it")
        self.assertTrue(Conduct.with_user(self.leader).search([("id", "=", rec.id)]), "the leader sees the department")
        with self.assertRaises(AccessError):
            rec.with_user(self.supervisor).write({"points": -10})  # confirmed: frozen
        with self.assertRaises(AccessError):  # a colleague cannot even read it
            rec.with_user(self.clerk2).action_answer("不是我")
        with self.assertRaisesRegex(UserError, "employee concerned"):
            rec.with_user(self.leader).action_answer("替他回答")
        rec.with_user(self.clerk).action_answer("经窗口负责人同意，已安排同事顶岗")
        self.assertEqual(rec.state, "answered")
        with self.assertRaisesRegex(UserError, "answered once"):
            rec.with_user(self.clerk).action_answer("再说一次")
        with self.assertRaisesRegex(ValidationError, "deducts"):
            Conduct.with_user(self.supervisor).create({"employee_id": self.clerk_emp.id, "kind": "violation",
                                                       "description": "x", "points": 3})

    def test_activities_feed_the_person_record(self):
        Activity = self.env["gov.staff.activity"].with_user(self.hr)
        Activity.create({"name": "青年文明号创建推进会", "kind": "post_building", "hours": 2,
                         "honour": "青年文明号", "attendee_ids": [Command.set([self.clerk_emp.id])]})
        Activity.create({"name": "局领导到窗口走访", "kind": "leader_visit", "hours": 1.5,
                         "visitor_id": self.leader_emp.id, "department_id": self.dept.id,
                         "window_ids": [Command.set(self.window.ids)], "problems_solved": "增派一名帮办人员",
                         "attendee_ids": [Command.set([self.clerk_emp.id, self.mate.id])]})
        self.assertEqual(self.clerk_emp.gov_activity_hours, 3.5)
        with self.assertRaisesRegex(ValidationError, "leader"):
            Activity.create({"name": "走访", "kind": "leader_visit", "hours": 1})
        with self.assertRaises(AccessError):
            self.env["gov.staff.activity"].with_user(self.clerk).create({"name": "x", "hours": 1})


@tagged("post_install", "-at_install")
class TestInspection(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inspection = cls.env["gov.inspection"].with_user(cls.supervisor).create({
            "title": "窗口作风建设联合督查", "date_start": date(2026, 12, 1),
            "unit_ids": [Command.set([cls.env.ref("gov_hall_staff.inspection_unit_discipline").id,
                                      cls.env.ref("gov_hall_staff.inspection_unit_legal").id])],
            "window_ids": [Command.set(cls.window.ids)],
            "member_ids": [Command.create({"name": "督查科 周", "role": "leader"}),
                           Command.create({"name": "纪委监委 吴",
                                           "unit_id": cls.env.ref("gov_hall_staff.inspection_unit_discipline").id})]})

    @freeze_time("2026-12-02 02:00:00")
    def test_inspection_rectification_and_overdue_warning(self):
        insp = self.inspection.with_user(self.supervisor)
        self.assertTrue(insp.is_joint)
        self.assertTrue(insp.name.startswith("DC2026-"))
        with self.assertRaises(AccessError):
            self.inspection.with_user(self.leader).action_start()
        insp.action_start()
        Finding = self.env["gov.inspection.finding"].with_user(self.supervisor)
        done, late = Finding.create([
            {"inspection_id": insp.id, "description": "窗口人员未佩戴工牌", "department_id": self.dept.id,
             "window_id": self.window.id, "rule": "驻厅人员管理办法第十条", "limit_days": 5},
            {"inspection_id": insp.id, "description": "一次性告知单未更新", "department_id": self.dept.id,
             "limit_days": 5}])
        (done | late).action_issue()
        rect, rect_late = done.rectification_id, late.rectification_id
        self.assertEqual(rect.source, "inspection")
        self.assertEqual(rect.deadline, date(2026, 12, 9), "5 working days from Wed 2 Dec")
        self.assertEqual(rect.handler_id, self.leader)
        self.assertIn(rect, self.env["gov.rectification"].with_user(self.leader).search([]))
        self.assertNotIn(rect, self.env["gov.rectification"].with_user(self.other_reviewer).search([]),
                         "another department does not see it")
        with self.assertRaisesRegex(UserError, "still have no rectification"):
            Finding.create({"inspection_id": insp.id, "description": "x", "department_id": self.dept.id})
            insp.action_conclude()
        rect.with_user(self.leader).action_report("已统一佩戴工牌，纳入每日晨检")
        self.assertEqual(rect.state, "reported")
        with self.assertRaises(AccessError):
            rect.with_user(self.leader).action_accept()
        rect.with_user(self.supervisor).action_return("未提供晨检记录")
        self.assertEqual((rect.state, rect.return_count), ("open", 1))
        rect.with_user(self.leader).action_report("附晨检记录表")
        rect.with_user(self.supervisor).action_accept()
        self.assertEqual(rect.state, "closed")
        with self.assertRaisesRegex(UserError, "reported already"):
            rect.with_user(self.leader).action_report("再报一次")  # a report after acceptance
        with self.assertRaises(AccessError):
            rect.with_user(self.supervisor).write({"state": "open"})
        # the other one runs late: warnings like cases, red once overdue, supervision told
        with freeze_time("2026-12-08 02:00:00"):
            self.env["gov.rectification"]._cron_update_warnings()
            self.assertIn(rect_late.warning_level, ("yellow", "orange"))
        with freeze_time("2026-12-10 02:00:00"):
            self.env["gov.rectification"]._cron_update_warnings()
            self.assertEqual(rect_late.warning_level, "red")
            self.assertTrue(rect_late.is_overdue)
            self.assertIn(self.supervisor, rect_late.activity_ids.user_id)
            self.assertEqual(rect.warning_level, "normal", "an accepted rectification never warns")
