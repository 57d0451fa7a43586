from datetime import date

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseFixture


@tagged("post_install", "-at_install")
class TestDeadline(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a Bureau manager stationed in the handling department, and one outside it
        cls.dept_manager = new_test_user(cls.env, login="t_deptmgr", groups="gov_hall.group_gov_bureau_manager")
        cls.env["hr.employee"].create({"name": "部门里的管理员", "user_id": cls.dept_manager.id,
                                       "department_id": cls.dept.id})

    def _accepted_on(self, day, **kw):
        with freeze_time(day):
            case = self._accepted(**kw)
        return case

    def _warn(self, day):
        with freeze_time(day):
            self.env["gov.case"]._cron_update_warnings()

    def test_due_dates_across_spring_festival(self):
        case = self._accepted_on("2026-02-12")
        # promised 10: 13 Feb, Sat 14 Feb (make-up), 24, 25, 26, 27, Sat 28 Feb (make-up), 2, 3, 4 Mar
        self.assertEqual(case.due_date, date(2026, 3, 4))
        self.assertEqual(case.legal_due_date, date(2026, 3, 18))
        self.assertFalse(case.due_provisional)

    def test_due_dates_across_national_day(self):
        item = self._item(implementation_code="11330400MB0000000X00017200700011", publish=True,
                          promised_limit=5, step_ids=[Command.create({"step": "approval", "office": "back"})])
        case = self._accepted_on("2026-09-24", item_id=item.id)
        # 25 Sep (mid-autumn) off, 28, 29, 30 Sep, 1-7 Oct off, 8, 9 Oct
        self.assertEqual(case.due_date, date(2026, 10, 9))

    def test_immediate_item_due_same_day(self):
        item = self._item(implementation_code="11330400MB0000000X00017200700012", publish=True,
                          case_type="immediate", promised_limit=0, legal_limit=0,
                          step_ids=[Command.create({"step": "approval", "office": "front"})])
        case = self._accepted_on("2026-05-06", item_id=item.id)
        self.assertEqual(case.due_date, date(2026, 5, 6))

    def test_suspension(self):
        case = self._accepted_on("2026-03-02")
        self.assertEqual(case.due_date, date(2026, 3, 16))
        Suspension = self.env["gov.case.suspension"].with_user(self.reviewer)
        with self.assertRaises(UserError):
            Suspension.create({"case_id": case.id, "kind": "testing", "reason": " ", "start_date": "2026-03-04"})
        with self.assertRaises(AccessError):
            self.env["gov.case.suspension"].with_user(self.clerk).create(
                {"case_id": case.id, "kind": "testing", "reason": "送检", "start_date": "2026-03-04"})
        with freeze_time("2026-03-04"):
            susp = Suspension.create({"case_id": case.id, "kind": "testing", "reason": "样品送检",
                                      "start_date": "2026-03-04"})
            self.assertTrue(case.is_suspended)
        # a suspended case is not at risk, even near its original due date
        self._warn("2026-03-06")
        self.assertEqual(case.warning_level, "normal")
        with freeze_time("2026-03-06"):
            with self.assertRaises(UserError):  # no steps while suspended
                case.action_step_done("x")
            susp.action_end()
            with self.assertRaises(UserError):  # ending what has already ended
                susp.action_end()
        self.assertEqual(susp.days, 3)
        self.assertFalse(case.is_suspended)
        self.assertEqual(case.due_date, date(2026, 3, 19))
        self.assertIn("2026-03-19", case.message_ids[0].body)

    def test_suspension_not_started(self):
        case = self._accepted_on("2026-03-02")
        with freeze_time("2026-03-03"):
            susp = self.env["gov.case.suspension"].with_user(self.reviewer).create(
                {"case_id": case.id, "kind": "hearing", "reason": "举行听证", "start_date": "2026-03-10"})
            with self.assertRaises(UserError):
                susp.action_end()

    def test_extension(self):
        case = self._accepted_on("2026-03-02")
        Extension = self.env["gov.case.extension"].with_user(self.reviewer)
        with self.assertRaises(ValidationError):
            Extension.create({"case_id": case.id, "days": 15, "reason": "需要补充检验"})
        ext = Extension.create({"case_id": case.id, "days": 10, "reason": "情况复杂，需要延长"})
        with self.assertRaises(UserError):
            Extension.create({"case_id": case.id, "days": 5, "reason": "再延"})
        with self.assertRaises(AccessError):
            ext.with_user(self.reviewer).action_approve()
        with self.assertRaises(AccessError):
            ext.with_user(self.leader).action_approve()
        with self.assertRaises(AccessError):  # a Bureau manager inside the handling department
            ext.with_user(self.dept_manager).action_approve()
        self.assertEqual(case.due_date, date(2026, 3, 16))
        ext.with_user(self.manager).action_approve()
        self.assertEqual(case.extension_days, 10)
        self.assertEqual(case.due_date, date(2026, 3, 30))

    def test_warning_levels_and_accountability_once(self):
        case = self._accepted_on("2026-03-02")  # due 16 Mar, 10 working days
        self._warn("2026-03-04")
        self.assertEqual(case.warning_level, "normal")
        self._warn("2026-03-09")  # 5 left = 50 %
        self.assertEqual(case.warning_level, "yellow")
        handler_acts = case.activity_ids.filtered(lambda a: a.user_id == self.clerk)
        self.assertEqual(len(handler_acts), 1)
        self._warn("2026-03-10")  # still yellow: no new notification
        self.assertEqual(len(case.activity_ids.filtered(lambda a: a.user_id == self.clerk)), 1)
        self._warn("2026-03-12")  # 2 left = 20 %
        self.assertEqual(case.warning_level, "orange")
        self.assertIn(self.leader, case.activity_ids.user_id)
        self._warn("2026-03-16")  # due today: 0 left, still not overdue
        self.assertEqual(case.warning_level, "orange")
        self.assertFalse(case.accountability_ids)
        self._warn("2026-03-17")
        self.assertEqual(case.warning_level, "red")
        self.assertEqual(case.days_overdue, 1)
        self.assertIn(self.supervisor, case.activity_ids.user_id)
        acc = case.accountability_ids
        self.assertEqual(len(acc), 1)
        self.assertEqual((acc.source, acc.department_id, acc.days_overdue), ("overdue", self.dept, 1))
        self._warn("2026-03-18")
        self._warn("2026-03-19")
        self.assertEqual(len(case.accountability_ids), 1)
        self.assertEqual(case.days_overdue, 3)
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["gov.accountability"].create({"source": "overdue", "case_id": case.id,
                                                   "department_id": self.dept.id, "facts": "dup"})

    def test_accountability_workflow(self):
        acc = self.env["gov.accountability"].with_user(self.supervisor).create({
            "source": "procedure", "department_id": self.dept.id, "responsible_user_id": self.clerk.id,
            "facts": "未按规定一次性告知"})
        with self.assertRaises(AccessError):
            acc.with_user(self.reviewer).action_conclude()
        with self.assertRaises(AccessError):
            acc.with_user(self.reviewer).write({"outcome": "no_fault"})
        acc.action_investigate()
        with self.assertRaises(UserError):
            acc.action_conclude()  # no outcome yet
        acc.write({"outcome": "criticism", "conclusion": "通报批评", "reported_discipline": True})
        acc.action_conclude()
        self.assertEqual(acc.state, "concluded")
        with self.assertRaises(UserError):
            acc.write({"facts": "改写事实"})
        with self.assertRaises(AccessError):  # never deleted, not even by supervision
            acc.unlink()

    def test_complaint_to_accountability(self):
        case = self._received()
        complaint = self.env["gov.complaint"].with_user(self.clerk).create({
            "channel": "hotline", "case_id": case.id, "department_id": self.dept.id,
            "complainant": "张小三", "content": "窗口人员态度生硬"})
        self.assertTrue(complaint.deadline)
        with self.assertRaises(AccessError):  # not by the clerk complained about
            complaint.with_user(self.clerk).action_handle()
        complaint.with_user(self.supervisor).action_handle()
        with self.assertRaises(AccessError):  # the clerk cannot answer for the center either
            complaint.with_user(self.clerk).write({"reply": "无此事", "substantiated": "no"})
        handled = complaint.with_user(self.supervisor)
        with self.assertRaises(UserError):
            handled.action_reply()
        handled.write({"reply": "已核实并批评教育", "substantiated": "yes"})
        handled.action_reply()
        self.assertEqual(handled.state, "replied")
        with self.assertRaises(AccessError):  # the reply is on record
            handled.write({"substantiated": "no"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.clerk).action_open_accountability()
        complaint.with_user(self.supervisor).action_open_accountability()
        self.assertEqual(complaint.accountability_id.source, "complaint")
        self.assertEqual(complaint.accountability_id.department_id, self.dept)

    def test_provisional_due_date_recomputed_on_official_schedule(self):
        case = self._accepted_on("2026-12-21")
        self.assertEqual(case.due_date, date(2027, 1, 5))
        self.assertTrue(case.due_provisional)
        self.env["cn.holiday"].with_user(self.manager).create(
            {"date": date(2027, 1, 2), "kind": "workday", "name": "元旦调休上班"})
        self.assertEqual(case.due_date, date(2027, 1, 4))
        self.assertIn("2027-01-04", case.message_ids[0].body)

    def test_supervision_export(self):
        self._accepted_on("2026-03-02")
        wizard = self.env["gov.supervision.export"].with_user(self.supervisor).create({})
        action = wizard.action_export()
        self.assertIn("download=true", action["url"])
        import base64
        import io

        import openpyxl
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(book.sheetnames, ["限时办结", "问责", "投诉", "印章日志"])
        rows = list(book["限时办结"].iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "部门")
        self.assertIn("测试市场监督管理局", [r[0] for r in rows[1:]])
