from datetime import date

from odoo.addons.gov_hall.tests.common import GovHallCase, public_method_inventory
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

LETTER = "JVBERi0xLjQK"
OPENER = "opener: returns a window or report action, writes nothing"
STAFF_INVENTORY = {
    "gov.rotation": {
        "action_submit": "HR; draft",
        "action_staffing_review": "staffing office; submitted",
        "action_bureau_approve": "Bureau manager; staffing reviewed",
        "action_reject": "staffing office or Bureau by state",
        "action_done": "HR; approved",
    },
    "hr.employee": {
        "action_print_badge": OPENER,
    },
    "hr.leave": {
        "action_approve": "stationed staff: the department's leader first, then Bureau HR; cover arranged",
        "action_refuse": "Odoo's rule; shifts handed to the cover go back",
    },
    "gov.duty.shift": {"action_evaluate": "HR"},
    "gov.inspection": {
        "action_start": "supervision; planned, with its team",
        "action_conclude": "supervision; under way, every finding issued",
    },
    "gov.inspection.finding": {"action_issue": "supervision; inspection under way"},
    "gov.duty.swap": {
        "action_approve": "the department's leader or the Bureau; submitted",
        "action_refuse": "the department's leader or the Bureau; submitted",
    },
    "gov.duty.roster.wizard": {"action_generate": "HR"},
    "gov.attendance.sheet": {"action_export": "HR, or a leader for the own department"},
    "gov.conduct.record": {
        "action_confirm": "supervision or HR; draft",
        "action_answer": "the employee concerned; confirmed",
        "action_open_answer": OPENER,
    },
    "gov.conduct.answer.wizard": {"action_answer": "through gov.conduct.record.action_answer"},
}


@tagged("post_install", "-at_install")
class TestStaff(GovHallCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr = new_test_user(cls.env, login="t_hr", groups="gov_hall.group_gov_hr")
        cls.staffing = new_test_user(cls.env, login="t_staffing", groups="gov_hall.group_gov_staffing")
        partner = cls.env["res.partner"].create({"name": "测试市场监督管理局（收费）", "is_company": True})
        cls.dept.gov_billing_partner_id = partner
        Employee = cls.env["hr.employee"]
        cls.veteran = Employee.create({
            "name": "老窗口", "department_id": cls.dept.id, "gov_is_stationed": True,
            "gov_stationed_since": date(2023, 3, 1), "gov_window_id": cls.window.id,
            "gov_dispatch_department_id": cls.dept.id})
        cls.junior = Employee.create({
            "name": "新窗口", "department_id": cls.dept.id, "gov_is_stationed": True,
            "gov_stationed_since": date(2025, 9, 1), "gov_window_id": cls.window2.id})
        cls.newcomer = Employee.create({"name": "待入驻", "department_id": cls.dept.id, "gov_size_top": "170/88A"})
        cls.window.employee_ids = cls.veteran

    def _rotation(self, outgoing, **kw):
        vals = {"dispatch_department_id": self.dept.id, "outgoing_id": outgoing.id,
                "incoming_id": self.newcomer.id, "reason": "派驻期满调换", "letter": LETTER, "uniform_cost": 1350.0}
        vals.update(kw)
        return self.env["gov.rotation"].with_user(self.hr).create(vals)

    @freeze_time("2026-11-26")
    def test_full_rotation(self):
        rot = self._rotation(self.veteran)
        self.assertFalse(rot.under_two_years)
        self.assertEqual(rot.window_id, self.window)
        with self.assertRaises(UserError):
            rot.with_user(self.manager).action_bureau_approve()  # out of order
        rot.action_submit()
        with self.assertRaises(AccessError):
            rot.with_user(self.hr).action_staffing_review()
        with self.assertRaises(UserError):
            rot.with_user(self.manager).action_bureau_approve()  # staffing office first
        rot.with_user(self.staffing).action_staffing_review()
        with self.assertRaises(AccessError):
            rot.with_user(self.staffing).action_bureau_approve()
        rot.with_user(self.manager).action_bureau_approve()
        rot.action_done()
        self.assertEqual(rot.state, "done")
        self.assertTrue(self.newcomer.gov_is_stationed)
        self.assertEqual(self.newcomer.gov_window_id, self.window)
        self.assertEqual(self.newcomer.gov_stationed_since, date(2026, 11, 26))
        self.assertFalse(self.veteran.gov_is_stationed)
        self.assertEqual(self.veteran.gov_stationed_until, date(2026, 11, 26))
        self.assertEqual(self.window.employee_ids, self.newcomer)
        move = rot.uniform_issue_id.move_id
        self.assertEqual(move.partner_id, self.dept.gov_billing_partner_id)
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(move.amount_total, 1350.0)
        self.assertEqual(rot.uniform_issue_id.employee_id, self.newcomer)
        self.assertEqual(self.newcomer.gov_uniform_due, date(2028, 11, 26))

    @freeze_time("2026-11-26")
    def test_two_year_rule_and_exception(self):
        rot = self._rotation(self.junior)
        self.assertTrue(rot.under_two_years)
        with self.assertRaises(UserError):
            rot.action_submit()  # no exception reason
        rot.exception_reason = "本人因病长期休假，无法履职"
        rot.action_submit()
        with self.assertRaises(UserError):
            rot.with_user(self.staffing).action_staffing_review()  # the exception must be approved explicitly
        rot.with_user(self.staffing).action_staffing_review(approve_exception=True)
        with self.assertRaises(UserError):
            rot.with_user(self.manager).action_bureau_approve()
        rot.with_user(self.manager).action_bureau_approve(approve_exception=True)
        self.assertTrue(rot.staffing_exception_ok and rot.bureau_exception_ok)

    def test_bad_input(self):
        outsider = self.env["hr.employee"].create({"name": "非进驻人员", "department_id": self.dept.id})
        with self.assertRaises(UserError):
            self._rotation(outsider).action_submit()
        with self.assertRaises(UserError):
            self._rotation(self.veteran, incoming_id=self.junior.id).action_submit()  # already stationed
        with self.assertRaises(ValidationError):
            self._rotation(self.veteran, incoming_id=self.veteran.id)
        rot = self._rotation(self.veteran)
        rot.action_submit()
        with self.assertRaises(UserError):
            rot.with_user(self.staffing).action_reject(" ")
        rot.with_user(self.staffing).action_reject("公函不全")
        self.assertEqual(rot.state, "rejected")
        with self.assertRaises(UserError):
            rot.action_done()

    def test_health_checks(self):
        Health = self.env["gov.health.check"].with_user(self.hr)
        Health.create({"employee_id": self.veteran.id, "date": date(2026, 3, 2), "provider": "人民医院",
                       "result_summary": "正常"})
        with self.assertRaises(ValidationError):
            Health.create({"employee_id": self.veteran.id, "date": date(2026, 9, 1), "provider": "人民医院"})
        Health.create({"employee_id": self.veteran.id, "date": date(2025, 9, 1), "provider": "人民医院"})
        for user in (self.clerk, self.staffing, self.manager):
            with self.assertRaises(AccessError):
                self.env["gov.health.check"].with_user(user).search_read([], ["result_summary"])
        with freeze_time("2026-11-26"):
            self.env["gov.health.check"]._cron_health_reminder()
        self.assertIn(self.hr, self.junior.activity_ids.user_id)
        self.assertNotIn(self.hr, self.veteran.activity_ids.user_id)

    def test_uniform_reminder(self):
        self.env["gov.uniform.issue"].create([
            {"employee_id": self.veteran.id, "date": date(2024, 12, 10), "items": "春秋装", "cost": 1200},
            {"employee_id": self.junior.id, "date": date(2025, 9, 1), "items": "春秋装", "cost": 1200}])
        self.assertEqual(self.veteran.gov_uniform_due, date(2026, 12, 10))
        with freeze_time("2026-11-26"):
            self.env["gov.uniform.issue"]._cron_uniform_reminder()
            self.env["gov.uniform.issue"]._cron_uniform_reminder()  # not twice
        acts = self.veteran.activity_ids.filtered(lambda a: a.user_id == self.hr)
        self.assertEqual(len(acts), 1)
        self.assertIn("老窗口", acts.note)
        self.assertFalse(self.junior.activity_ids.filtered(lambda a: a.user_id == self.hr))

    def test_staffing_sees_rotations_only(self):
        rot = self._rotation(self.veteran)
        self.assertEqual(rot.with_user(self.staffing).reason, "派驻期满调换")
        with self.assertRaises(AccessError):
            self.env["gov.uniform.issue"].with_user(self.staffing).search([])
        with self.assertRaises(AccessError):
            self.env["gov.rotation"].with_user(self.clerk).search([])

    def test_stationed_time_and_training(self):
        with freeze_time("2026-11-26"):
            self.veteran.invalidate_recordset(["gov_stationed_months"])
            self.assertEqual(self.veteran.gov_stationed_months, 3 * 12 + 8)
        session = self.env["gov.training.session"].with_user(self.hr).create({
            "name": "礼仪培训", "kind": "etiquette", "hours": 2.5, "attendee_ids": [(6, 0, self.veteran.ids)]})
        self.assertEqual(self.veteran.gov_training_hours, 2.5)
        self.assertEqual(session.attendee_count, 1)

    def test_rotation_state_only_through_its_actions(self):
        rotation = self._rotation(self.veteran)
        for user, vals in ((self.hr, {"state": "done"}), (self.staffing, {"state": "staffing_reviewed"}),
                           (self.hr, {"staffing_exception_ok": True})):
            with self.assertRaises(AccessError):
                rotation.with_user(user).write(vals)
        self.assertEqual(rotation.state, "draft")

    def test_every_public_method_is_classified(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_staff", STAFF_INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")
