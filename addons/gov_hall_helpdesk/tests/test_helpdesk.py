from datetime import date

from odoo import Command
from odoo.addons.gov_hall.tests.common import PERSON_ID, CaseFixture, public_method_inventory
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

LETTER = "JVBERi0xLjQK"
OPENER = "opener: returns a dialog action, writes nothing"
INVENTORY = {
    "gov.help.task": {
        "action_assign": "help-desk lead or Bureau; new/assigned; hall staff as helpers; 代办 needs the letter",
        "action_start": "one of the helpers; assigned",
        "action_done": "one of the helpers; assigned/in progress; outcome and hours",
        "action_cancel": "front office or Bureau; open; reason",
        "action_open_wizard": OPENER,
    },
    "gov.unresolved.report": {
        "action_assign": "supervision; registered; department and instructions",
        "action_reply": "back office or leader of the assigned department; assigned",
        "action_resolve": "supervision; assigned and replied; outcome and details",
        "action_feedback": "front office or supervision; resolved",
        "action_reopen": "supervision; closed unsatisfied, once",
        "action_open_wizard": OPENER,
    },
    "gov.help.task.wizard": {"action_confirm": "calls the task's action, which checks"},
    "gov.unresolved.report.wizard": {"action_confirm": "calls the report's action, which checks"},
}


@tagged("post_install", "-at_install")
class HelpdeskFixture(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = new_test_user(cls.env, login="t_hd_lead", groups="gov_hall_helpdesk.group_help_desk_lead")
        cls.clerk2 = new_test_user(cls.env, login="t_clerk2", groups="gov_hall.group_gov_front_office")
        cls.env["hr.employee"].create({"name": "窗口赵", "user_id": cls.clerk2.id, "department_id": cls.dept2.id})
        cls.Task = cls.env["gov.help.task"]
        cls.Report = cls.env["gov.unresolved.report"]

    def _task(self, **kw):
        vals = {"applicant_name": "王大爷", "applicant_phone": "13900000001", "kind": "elderly", "mode": "assist",
                "department_id": self.dept.id, "item_ids": [Command.set(self.item.ids)]}
        vals.update(kw)
        return self.Task.with_user(self.clerk).create(vals)

    def _report(self, **kw):
        vals = {"applicant_name": "李女士", "phone": "13900000002", "attempted": "办理食品经营许可",
                "department_id": self.dept.id, "item_id": self.item.id, "cause": "materials",
                "description": "窗口要求提供房屋产权证明原件，但事项清单没有此项。"}
        vals.update(kw)
        return self.Report.with_user(self.clerk).create(vals)

    def _activities(self, record, user):
        return record.sudo().activity_ids.filtered(lambda a: a.user_id == user)


class TestDueDates(HelpdeskFixture):

    @freeze_time("2026-09-30")
    def test_due_dates_across_national_day(self):
        # 1–7 Oct off, Sat 10 Oct works: 8, 9, 10, 12, 13 Oct are the five working days
        report = self._report()
        self.assertEqual(report.registered_on, date(2026, 9, 30))
        self.assertEqual(report.deadline, date(2026, 10, 13))
        self.assertTrue(report.name.startswith("BBC"))
        errand = self._task(mode="agency", proxy_letter=LETTER, proxy_letter_filename="委托书.pdf")
        self.assertEqual(errand.due_date, date(2026, 10, 13))
        help_ = self._task()
        self.assertEqual(help_.due_date, date(2026, 9, 30), "accompanied help: the same day")
        self.env.company.gov_help_agency_days = 3
        self.assertEqual(self._task(mode="agency", proxy_letter=LETTER).due_date, date(2026, 10, 10))
        # switching the mode of a new task moves its due date with it
        help_.with_user(self.clerk).write({"mode": "agency", "proxy_letter": LETTER})
        self.assertEqual(help_.due_date, date(2026, 10, 10))


class TestHelpTask(HelpdeskFixture):

    def test_flow_and_who_may_act(self):
        task = self._task(applicant_id_number=PERSON_ID)
        self.assertEqual((task.state, task.registered_by_id), ("new", self.clerk))
        with self.assertRaises(AccessError):
            self.Task.with_user(self.reviewer).create({"applicant_name": "x", "kind": "other"})
        with self.assertRaises(AccessError):
            task.with_user(self.clerk).action_assign(self.reviewer)
        with self.assertRaises(UserError):
            task.with_user(self.lead).action_assign(self.env["res.users"])
        task.with_user(self.lead).action_assign(self.reviewer | self.clerk)
        self.assertEqual((task.state, task.helper_ids), ("assigned", self.reviewer | self.clerk))
        self.assertTrue(self._activities(task, self.reviewer), "the helpers are told")
        with self.assertRaises(AccessError):
            task.with_user(self.other_reviewer).action_start()
        task.with_user(self.reviewer).action_start()
        self.assertEqual(task.state, "in_progress")
        with self.assertRaises(AccessError):
            task.with_user(self.lead).action_done("办好了", 1.5)  # not one of the helpers
        with self.assertRaises(UserError):
            task.with_user(self.reviewer).action_done(" ", 1.5)
        with self.assertRaises(UserError):
            task.with_user(self.reviewer).action_done("办好了", 0)
        # the helper finishes through the dialog, with the applicant's satisfaction
        wizard = self.env["gov.help.task.wizard"].with_user(self.reviewer).create({
            "task_id": task.id, "step": "done", "outcome": "陪同办理完毕，已领取证照", "hours_spent": 1.5,
            "satisfaction": "5"})
        wizard.action_confirm()
        self.assertEqual((task.state, task.hours_spent, task.satisfaction), ("done", 1.5, "5"))
        self.assertFalse(task.activity_ids)
        with self.assertRaises(UserError):
            task.with_user(self.clerk).action_cancel("申请人不来了")
        with self.assertRaises(AccessError):
            task.with_user(self.clerk).write({"applicant_name": "改名"})  # the request is frozen once done
        other = self._task()
        with self.assertRaises(AccessError):
            other.with_user(self.reviewer).action_cancel("x")
        with self.assertRaises(UserError):
            other.with_user(self.clerk).action_cancel(" ")
        other.with_user(self.clerk).action_cancel("申请人改为网上办理")
        self.assertEqual(other.state, "cancelled")
        with self.assertRaises(ValidationError):
            self._task(applicant_id_number="110105194912310021")

    def test_errand_on_behalf_needs_the_signed_letter(self):
        with self.assertRaises(ValidationError):
            self._task(mode="agency", kind="key_project")
        task = self._task(mode="agency", kind="key_project", proxy_letter=LETTER, proxy_letter_filename="委托书.pdf")
        with self.assertRaises(ValidationError):
            task.with_user(self.clerk).write({"proxy_letter": False})
        task.with_user(self.lead).action_assign(self.clerk)
        self.assertEqual(task.state, "assigned")

    def test_guarded_fields_as_every_role(self):
        task = self._task()
        for user in (self.clerk, self.lead, self.reviewer, self.leader, self.supervisor, self.manager):
            for vals in ({"state": "done"}, {"helper_ids": [Command.set(user.ids)]}, {"due_date": date(2030, 1, 1)},
                         {"hours_spent": 3}, {"name": "BB-X"}):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    task.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.Task.with_user(self.clerk).create({"applicant_name": "x", "kind": "other", "state": "done"})

    def test_overdue_and_cron_warns_once(self):
        with freeze_time("2026-09-30"):
            task = self._task(mode="agency", proxy_letter=LETTER)
            task.with_user(self.lead).action_assign(self.reviewer)
            self.assertFalse(task.is_overdue)
        with freeze_time("2026-10-14"):
            task.invalidate_recordset(["is_overdue"])
            self.assertTrue(task.is_overdue)
            self.assertIn(task, self.Task.search([("is_overdue", "=", True)]))
            before = len(self._activities(task, self.reviewer))
            self.Task._cron_overdue()
            self.assertEqual(len(self._activities(task, self.reviewer)), before + 1)
            self.assertEqual(len(self._activities(task, self.manager)), 1, "the Bureau is told")
            self.Task._cron_overdue()
            self.assertEqual(len(self._activities(task, self.reviewer)), before + 1, "only once")


class TestUnresolvedReport(HelpdeskFixture):

    def test_flow_roles_case_note_and_reopen_once(self):
        case = self._case()
        report = self._report(case_id=case.id)
        self.assertIn(report.name, case.sudo().message_ids.mapped("body")[0])
        with self.assertRaises(AccessError):
            self.Report.with_user(self.reviewer).create({"applicant_name": "x", "phone": "1", "attempted": "x",
                                                         "description": "x"})
        with self.assertRaises(AccessError):
            report.with_user(self.clerk).action_assign(self.dept, "请核实")
        with self.assertRaises(UserError):
            report.with_user(self.supervisor).action_assign(self.dept, " ")
        report.with_user(self.supervisor).action_assign(self.dept, "请于三个工作日内核实并答复")
        self.assertEqual((report.state, report.assigned_department_id), ("assigned", self.dept))
        self.assertTrue(self._activities(report, self.leader), "the department's leader is told")
        with self.assertRaises(AccessError):
            report.with_user(self.clerk).write({"description": "改"})  # frozen once assigned
        with self.assertRaises(AccessError):
            report.with_user(self.other_reviewer).action_reply("不归我们管")  # another department
        with self.assertRaises(UserError):
            report.with_user(self.supervisor).action_resolve("explained", "已解释", False)  # no reply yet
        report.with_user(self.reviewer).action_reply("经核实，窗口误读清单，已纠正。")
        with self.assertRaises(AccessError):
            report.with_user(self.clerk).action_resolve("done", "已办成", True)
        with self.assertRaises(UserError):
            report.with_user(self.supervisor).action_resolve("bogus", "x", True)
        report.with_user(self.supervisor).action_resolve("done", "当场补办完成", True)
        self.assertEqual((report.state, report.substantiated, report.outcome), ("resolved", True, "done"))
        with self.assertRaises(AccessError):
            report.with_user(self.reviewer).action_feedback("satisfied")
        report.with_user(self.clerk).action_feedback("unsatisfied", "认为处理太慢")
        self.assertEqual(report.state, "closed")
        with self.assertRaises(AccessError):
            report.with_user(self.clerk).action_reopen("不满意")
        report.with_user(self.supervisor).action_reopen("申请人不满意处理时限")
        self.assertEqual((report.state, report.reopen_count, report.outcome), ("registered", 1, False))
        report.with_user(self.supervisor).action_assign(self.dept, "再次核实")
        report.with_user(self.leader).action_reply("已向申请人当面说明并致歉")
        report.with_user(self.supervisor).action_resolve("explained", "已解释说明", False)
        report.with_user(self.supervisor).action_feedback("unsatisfied")
        with self.assertRaisesRegex(UserError, "once"):
            report.with_user(self.supervisor).action_reopen("还是不满意")
        satisfied = self._report()
        with self.assertRaises(UserError):
            satisfied.with_user(self.supervisor).action_reopen("x")  # not closed

    def test_guarded_fields_as_every_role(self):
        report = self._report()
        report.with_user(self.supervisor).action_assign(self.dept, "请核实")  # the department sees it now
        for user in (self.clerk, self.reviewer, self.leader, self.supervisor, self.manager):
            for vals in ({"state": "closed"}, {"deadline": date(2030, 1, 1)}, {"substantiated": True},
                         {"assigned_department_id": self.dept2.id}, {"reply": "x"}, {"overdue": False},
                         {"reopen_count": 0}):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    report.with_user(user).write(vals)

    def test_record_rules(self):
        report = self._report()
        report.with_user(self.supervisor).action_assign(self.dept, "请核实")
        report.invalidate_recordset()
        self.assertEqual(report.with_user(self.reviewer).applicant_name, "李女士")
        self.assertEqual(report.with_user(self.clerk).applicant_name, "李女士")
        self.assertEqual(report.with_user(self.manager).applicant_name, "李女士")
        for user in (self.other_reviewer, self.clerk2):
            with self.assertRaises(AccessError, msg=user.login):
                report.with_user(user).read(["applicant_name"])
        self.assertFalse(self.Report.with_user(self.other_reviewer).search([("id", "=", report.id)]))
        mine = self.Report.with_user(self.clerk2).create({
            "applicant_name": "周先生", "phone": "1", "attempted": "不动产登记", "description": "x"})
        self.assertEqual(self.Report.with_user(self.clerk2).search([]), mine)

    def test_overdue_flag_days_and_cron_warns_once(self):
        with freeze_time("2026-09-30"):
            report = self._report()
            report.with_user(self.supervisor).action_assign(self.dept, "请核实")
        with freeze_time("2026-10-15"):
            self.Report._cron_overdue()
            self.assertTrue(report.overdue)
            self.assertEqual(report.days_overdue, 2)  # 14 and 15 Oct
            warned = len(self._activities(report, self.supervisor))
            self.assertEqual(warned, 1)
            self.assertEqual(len(self._activities(report, self.leader)), 2, "assignment, then the warning")
            self.Report._cron_overdue()
            self.assertEqual(len(self._activities(report, self.supervisor)), 1, "warned once")
        with freeze_time("2026-10-16"):
            self.Report._cron_overdue()
            self.assertEqual(report.days_overdue, 3)
            report.with_user(self.reviewer).action_reply("已核实")
            report.with_user(self.supervisor).action_resolve("done", "已办成", False)
            self.assertTrue(report.overdue, "it stays on record as overdue")
            self.assertEqual(report.days_overdue, 3)


class TestInventory(HelpdeskFixture):

    def test_every_public_method_is_classified(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_helpdesk", INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")
