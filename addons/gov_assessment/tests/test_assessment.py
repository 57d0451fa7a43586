import base64
from datetime import date, datetime
from io import BytesIO

import openpyxl

from odoo import Command
from odoo.addons.gov_assessment.tools.quota import excellent_bounds
from odoo.addons.gov_hall.tests.common import CaseFixture
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

YEAR = 2025
D = date(YEAR, 6, 10)


@tagged("post_install", "-at_install")
class AssessmentFixture(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assessor = new_test_user(cls.env, login="t_assessor", groups="gov_assessment.group_assessment_manager")
        cls.committee = new_test_user(cls.env, login="t_committee",
                                      groups="gov_assessment.group_assessment_committee")
        Employee = cls.env["hr.employee"]
        cls.clerk_emp.write({"gov_is_stationed": True, "gov_window_id": cls.window.id})
        cls.leader_emp.gov_is_stationed = True
        cls.mate = Employee.create({"name": "窗口李", "department_id": cls.dept.id, "gov_is_stationed": True,
                                    "gov_window_id": cls.window.id})
        cls.Source = cls.env["gov.assessment.source"]

    def _cases(self, specs):
        """Cases of the test department with the given dates and counters (set in SQL: facts of the past)."""
        cases = self.env["gov.case"]
        for spec in specs:
            case = self._case()
            sets = ", ".join(f"{k} = %s" for k in spec)
            self.env.flush_all()
            self.env.cr.execute(f"UPDATE gov_case SET {sets} WHERE id = %s", [*spec.values(), case.id])
            cases |= case
        self.env.invalidate_all()
        return cases

    def _fig(self, kind, key):
        return self.Source._figures(kind, date(YEAR, 1, 1), date(YEAR, 12, 31)).get(key)


class TestIndicators(AssessmentFixture):

    def test_case_indicators(self):
        self._cases([
            {"received_date": D, "accepted_date": D, "decision_date": date(YEAR, 6, 20), "due_date": date(YEAR, 6, 24),
             "time_used_days": 8, "correction_count": 0, "visit_count": 1},
            {"received_date": D, "accepted_date": D, "decision_date": date(YEAR, 6, 24), "due_date": date(YEAR, 6, 24),
             "time_used_days": 10, "correction_count": 2, "visit_count": 1},
            {"received_date": D, "accepted_date": D, "decision_date": date(YEAR, 7, 1), "due_date": date(YEAR, 6, 24),
             "time_used_days": 15, "correction_count": 1, "over_visits": True},
            {"received_date": D, "accepted_date": D, "decision_date": date(YEAR, 6, 12), "due_date": date(YEAR, 6, 24),
             "time_used_days": 3, "correction_count": 3},
            # another year: never counted
            {"received_date": date(YEAR - 1, 6, 1), "accepted_date": date(YEAR - 1, 6, 1),
             "decision_date": date(YEAR - 1, 6, 30), "due_date": date(YEAR - 1, 6, 2), "correction_count": 5},
        ])
        dept = self.dept.id
        self.assertEqual(self._fig("on_time_rate", dept), (0.75, True))  # 3 of 4 decided by their due date
        legal = self.item.legal_limit
        self.assertAlmostEqual(self._fig("time_compression", dept)[0], (8 + 10 + 15 + 3) / 4 / legal)
        self.assertAlmostEqual(self._fig("time_vs_promised", dept)[0], 9 / self.item.promised_limit)
        self.assertEqual(self._fig("correction_discipline", dept), (0.5, True))  # 2 of 4 had more than one notice
        self.assertEqual(self._fig("over_visits", dept), (0.25, True))
        self.assertIsNone(self._fig("on_time_rate", self.dept2.id), "no case, no figure")
        # substantiated complaints per 1,000 accepted cases: 1 of 4 → 250
        Complaint = self.env["gov.complaint"].sudo()
        Complaint.create([{"date": D, "department_id": dept, "complainant": "甲", "content": "x",
                           "substantiated": "yes"},
                          {"date": D, "department_id": dept, "complainant": "乙", "content": "y",
                           "substantiated": "no"}])
        self.assertEqual(self._fig("complaints_per_1000", dept), (250.0, True))
        self.assertEqual(self._fig("complaints_per_1000", self.dept2.id), (0.0, False))
        # the clerk received all four: the staff on-time rate follows the clerk
        self.assertEqual(self._fig("staff_on_time", self.clerk_emp.id), (0.75, True))
        # accountability records of the year, a "no fault" conclusion not counted
        Acc = self.env["gov.accountability"].sudo()
        recs = Acc.create([{"source": "procedure", "department_id": dept, "facts": "超期"},
                           {"source": "procedure", "department_id": dept, "facts": "违规收费"},
                           {"source": "procedure", "department_id": dept, "facts": "经查无过错"}])
        recs[2].write({"outcome": "no_fault"})
        self.env.flush_all()
        self.env.cr.execute("UPDATE gov_accountability SET create_date = %s WHERE id = ANY(%s)",
                            [datetime(YEAR, 8, 1), recs.ids])
        self.assertEqual(self._fig("accountability", dept), (2.0, True))

    def test_rating_callback_and_rectification_indicators(self):
        Evaluation = self.env["gov.evaluation"].sudo()
        base = {"channel": "pad", "service_number": "X", "department_id": self.dept.id, "user_id": self.clerk.id,
                "rated_at": datetime(YEAR, 5, 5, 3, 0)}
        Evaluation.create([dict(base, level="5"), dict(base, level="4"), dict(base, level="5"),
                           dict(base, level="1"), dict(base, level="1", state="removed")])
        self.assertEqual(self._fig("satisfaction", self.dept.id), (0.75, True))  # removed ratings do not count
        self.assertEqual(self._fig("staff_satisfaction", self.clerk_emp.id), (0.75, True))
        Callback = self.env["gov.callback"].sudo()
        cb = {"department_id": self.dept.id, "state": "done", "called_at": datetime(YEAR, 5, 6, 2, 0)}
        Callback.create([dict(cb, satisfaction="5"), dict(cb, satisfaction="2"), dict(cb, satisfaction="4"),
                         dict(cb, satisfaction="4"), dict(cb, state="unreachable")])
        self.assertEqual(self._fig("callback_satisfaction", self.dept.id), (0.75, True))
        Rect = self.env["gov.rectification"].sudo()
        self.env.flush_all()
        rects = Rect.create([{"source": "evaluation", "department_id": self.dept.id, "deadline": date(YEAR, 5, 20),
                              "state": state, "warning_level": level}
                             for state, level in (("closed", "normal"), ("closed", "red"), ("open", "red"),
                                                  ("reported", "normal"))])
        self.env.cr.execute("UPDATE gov_rectification SET create_date = %s WHERE id = ANY(%s)",
                            [datetime(YEAR, 5, 6), rects.ids])
        self.assertEqual(self._fig("bad_rectified", self.dept.id), (0.5, True))
        self.assertEqual(self._fig("overdue_rectifications", self.dept.id), (2.0, True))

    def test_staff_addon_indicators(self):
        Shift = self.env["gov.duty.shift"].sudo()
        am = self.env.ref("gov_hall_staff.duty_period_am")
        pm = self.env.ref("gov_hall_staff.duty_period_pm")
        days = [date(YEAR, 3, 3), date(YEAR, 3, 4), date(YEAR, 3, 5)]
        statuses = ["present", "late", "late_early", "early", "absent", "leave"]
        Shift.create([{"window_id": self.window.id, "employee_id": self.clerk_emp.id, "date": day,
                       "period_id": period.id, "status": statuses[n * 2 + p]}
                      for n, day in enumerate(days) for p, period in enumerate((am, pm))])
        # a shift of the clerk handed to a colleague for approved leave is the clerk's leave
        leave = self.env["hr.leave"].sudo().search([], limit=1)
        if leave:
            Shift.create({"window_id": self.window.id, "employee_id": self.mate.id, "date": date(YEAR, 3, 6),
                          "period_id": am.id, "original_employee_id": self.clerk_emp.id,
                          "cover_leave_id": leave.id, "status": "present"})
        emp = self.clerk_emp.id
        self.assertEqual(self._fig("late", emp), (3.0, True))
        self.assertEqual(self._fig("absent", emp), (1.0, True))
        self.assertEqual(self._fig("leave", emp), (2.0 if leave else 1.0, True))
        self.assertEqual(self._fig("dept_attendance", self.dept.id), (1.0, True))
        self.env["gov.training.session"].sudo().create({"name": "礼仪", "date": D, "hours": 3,
                                                        "attendee_ids": [Command.set([emp])]})
        self.env["gov.staff.activity"].sudo().create({"name": "党日", "kind": "party", "date": D, "hours": 2.5,
                                                      "attendee_ids": [Command.set([emp])]})
        self.env["gov.staff.activity"].sudo().create({"name": "去年", "kind": "party", "date": date(YEAR - 1, 5, 1),
                                                      "hours": 9, "attendee_ids": [Command.set([emp])]})
        self.assertEqual(self._fig("training_hours", emp), (5.5, True))
        Conduct = self.env["gov.conduct.record"].sudo()
        Conduct.create([{"employee_id": emp, "date": D, "kind": "violation", "points": -2, "description": "a",
                         "state": "confirmed"},
                        {"employee_id": emp, "date": D, "kind": "commendation", "points": 1, "description": "b",
                         "state": "answered"},
                        {"employee_id": emp, "date": D, "kind": "violation", "points": -5, "description": "draft",
                         "state": "draft"}])
        self.assertEqual(self._fig("conduct_points", emp), (-1.0, True))
        insp = self.env["gov.inspection"].sudo().create({"title": "督查", "date_start": D})
        findings = self.env["gov.inspection.finding"].sudo().create([
            {"inspection_id": insp.id, "description": "f1", "department_id": self.dept.id, "employee_id": emp},
            {"inspection_id": insp.id, "description": "f2", "department_id": self.dept.id}])
        self.env.flush_all()
        self.env.cr.execute("UPDATE gov_inspection_finding SET create_date = %s WHERE id = ANY(%s)",
                            [datetime(YEAR, 4, 1), findings.ids])
        self.assertEqual(self._fig("inspection_findings", self.dept.id), (2.0, True))
        self.assertEqual(self._fig("person_findings", emp), (1.0, True))

    def test_scoring_is_linear_and_clamped(self):
        Indicator = self.env["gov.assessment.indicator"]
        ind = Indicator.new({"kind": "on_time_rate", "target": "department", "best": 1.0, "worst": 0.9})
        self.assertEqual(ind._score(0.95), 50.0)
        self.assertEqual(ind._score(0.5), 0.0)
        self.assertEqual(ind._score(1.0), 100.0)
        low = Indicator.new({"kind": "late", "target": "staff", "best": 0.0, "worst": 10.0})
        self.assertEqual(low._score(3), 70.0)
        self.assertEqual(low._score(12), 0.0)


class TestQuota(AssessmentFixture):

    def test_quota_rule_for_every_n(self):
        table = {1: (0, 0), 2: (0, 0), 3: (1, 1), 4: (1, 1), 5: (1, 1), 7: (1, 1), 9: (1, 1), 10: (2, 2),
                 14: (2, 2), 15: (3, 3), 19: (3, 3), 20: (3, 4), 21: (4, 4), 25: (4, 5), 27: (5, 5), 30: (5, 6)}
        for n in range(1, 31):
            lower, upper = excellent_bounds(n)
            if n in table:
                self.assertEqual((lower, upper), table[n], n)
            self.assertLessEqual(lower, upper, n)
            if n < 3:
                self.assertEqual(upper, 0, n)
            else:
                self.assertGreaterEqual(upper, 1, n)
                self.assertTrue(upper * 100 <= n * 20 or upper == 1, n)  # at most 20 %, or the one of a small group
                self.assertTrue(lower * 100 >= n * 15 or lower == upper, n)  # at least 15 %, unless capped
                self.assertEqual(upper, max(n // 5, 1), n)


class TestAssessmentRun(AssessmentFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Plan = cls.env["gov.assessment.plan"].with_user(cls.assessor)
        cls.plan = Plan.create({"name": "2025年度考核方案", "year": YEAR})
        cls.plan.action_load_defaults()
        cls.plan.action_confirm()

    def _run(self):
        return self.env["gov.assessment"].with_user(self.assessor).create({"name": "2025年度效能考核",
                                                                          "plan_id": self.plan.id})

    def test_plan_weights_and_calendar(self):
        plan = self.env["gov.assessment.plan"].with_user(self.assessor).create({"name": "草稿", "year": 2031})
        plan.action_load_defaults()
        plan.indicator_ids.filtered(lambda i: i.kind == "on_time_rate").weight = 25
        with self.assertRaisesRegex(ValidationError, "add up to 105"):
            plan.action_confirm()
        plan.indicator_ids.filtered(lambda i: i.kind == "on_time_rate").weight = 20
        plan.action_confirm()
        run = self.env["gov.assessment"].with_user(self.assessor).create({"name": "2031", "plan_id": plan.id})
        with self.assertRaisesRegex(UserError, "no year 2031"):
            run.action_compute()
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.line_ids, "nothing half-written")
        with self.assertRaises(AccessError):
            self.env["gov.assessment.plan"].with_user(self.clerk).create({"name": "x", "year": 2032})
        with self.assertRaises(AccessError):
            self.plan.with_user(self.assessor).write({"pass_score": 10})  # a confirmed plan is frozen

    def test_workflow_manual_scores_quota_lock_and_access(self):
        self._cases([{"received_date": D, "accepted_date": D, "decision_date": date(YEAR, 7, 1),
                      "due_date": date(YEAR, 6, 24)}])
        run = self._run()
        run.action_compute()
        self.assertEqual(run.state, "computed")
        self.assertEqual((run.date_from, run.date_to), (date(YEAR, 1, 1), date(YEAR, 12, 31)))
        dept_line = run.department_line_ids.filtered(lambda ln: ln.department_id == self.dept)
        on_time = dept_line.score_ids.filtered(lambda s: s.kind == "on_time_rate")
        self.assertEqual((on_time.value, on_time.score, on_time.weighted), (0.0, 0.0, 0.0))  # 0 of 1 on time
        self.assertEqual(on_time.period_from, date(YEAR, 1, 1))
        clerk_line = run.staff_line_ids.filtered(lambda ln: ln.employee_id == self.clerk_emp)
        self.assertEqual(clerk_line.category, "window")
        self.assertEqual(run.staff_line_ids.filtered(lambda ln: ln.employee_id == self.leader_emp).category, "leader")
        manual = clerk_line.score_ids.filtered(lambda s: s.kind == "manual")
        with self.assertRaisesRegex(ValidationError, "outside"):
            manual.with_user(self.assessor).value = 130
        manual.with_user(self.assessor).value = 80
        adjust = clerk_line.score_ids.filtered(lambda s: s.kind == "adjust")
        with self.assertRaisesRegex(ValidationError, "reason"):
            adjust.with_user(self.assessor).value = 3
        adjust.with_user(self.assessor).write({"value": 3, "note": "市级表彰"})
        with self.assertRaises(UserError):
            on_time.with_user(self.assessor).value = 1.0  # computed, not entered
        total = clerk_line.total
        run.action_compute()  # recompute keeps the manual scores
        self.assertEqual(manual.value, 80)
        self.assertEqual(adjust.value, 3)
        self.assertEqual(clerk_line.total, total)
        run.action_review()
        # break the quota in the window category: everyone excellent
        window_lines = run.staff_line_ids.filtered(lambda ln: ln.category == "window")
        window_lines.with_user(self.assessor).write({"grade": "excellent"})
        n = len(window_lines)
        lower, upper = excellent_bounds(n)
        if n > upper:
            with self.assertRaisesRegex(ValidationError, f"{n} of {n} people are graded excellent; the quota "
                                                         f"allows {lower} to {upper}"):
                run.action_submit()
        run._rank_and_grade(propose=True)
        with self.assertRaises(AccessError):
            run.with_user(self.committee).action_submit()
        run.action_submit()
        with self.assertRaises(AccessError):
            run.with_user(self.assessor).action_approve()
        run.with_user(self.committee).action_approve()
        self.assertEqual(run.state, "approved")
        with self.assertRaisesRegex(UserError, "reopening"):
            clerk_line.with_user(self.assessor).write({"grade": "fail"})
        with self.assertRaisesRegex(UserError, "review"):
            manual.with_user(self.assessor).value = 90
        with self.assertRaises(UserError):
            run.with_user(self.assessor).action_compute()
        with self.assertRaises(AccessError):
            run.with_user(self.assessor).action_reopen("更正")
        run.with_user(self.manager).action_reopen("更正一名人员的类别")
        self.assertEqual(run.state, "review")
        self.assertIn("更正一名人员的类别", run.message_ids[:1].body)
        run.action_submit()
        run.with_user(self.committee).action_approve()
        Line = self.env["gov.assessment.line"]
        self.assertFalse(Line.with_user(self.clerk).search([("assessment_id", "=", run.id)]), "not yet published")
        run.action_publish()
        self.assertEqual(Line.with_user(self.clerk).search([("assessment_id", "=", run.id)]), clerk_line,
                         "a person sees their own result only")
        seen = Line.with_user(self.leader).search([("assessment_id", "=", run.id)])
        self.assertIn(dept_line, seen)
        self.assertIn(clerk_line, seen)
        self.assertFalse(seen.filtered(lambda ln: ln.department_id == self.dept2), "another department is hidden")
        with self.assertRaises(AccessError):
            clerk_line.with_user(self.clerk).write({"grade": "excellent"})
        # the workbook
        wizard = self.env["gov.assessment.export"].with_user(self.assessor).create({"assessment_id": run.id})
        wizard.action_export()
        book = openpyxl.load_workbook(BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(book.sheetnames, ["部门", "人员", "指标明细"])
        self.assertEqual(book["人员"].max_row - 1, len(run.staff_line_ids))
        # the PDF of the department
        html = self.env["ir.actions.report"]._render_qweb_html(
            "gov_assessment.action_report_assessment_line", dept_line.ids)[0].decode()
        self.assertIn(self.dept.name, html)
        self.assertIn("办结及时率", html)

    def test_payment_batch_ties_to_the_journal_entry(self):
        run = self._run()
        run.action_compute()
        run.action_review()
        run.action_submit()
        run.with_user(self.committee).action_approve()
        analytic_plan = self.env["account.analytic.plan"].create({"name": "测试部门"})
        for dept in run.line_ids.department_id:
            dept.gov_analytic_account_id = self.env["account.analytic.account"].create(
                {"name": dept.name, "plan_id": analytic_plan.id})
        Account = self.env["account.account"]
        expense = Account.create({"name": "考核奖励支出", "code": "660299", "account_type": "expense"})
        payable = Account.create({"name": "应付考核奖励", "code": "224199", "account_type": "liability_current"})
        journal = self.env["account.journal"].create({"name": "考核奖励", "code": "KHJL", "type": "general"})
        payment = self.env["gov.assessment.payment"].with_user(self.assessor).create({
            "assessment_id": run.id, "journal_id": journal.id, "expense_account_id": expense.id,
            "payable_account_id": payable.id})
        expected = sum(ln.reward + ln.topup for ln in run.line_ids)
        self.assertAlmostEqual(payment.total, expected)
        self.assertTrue(payment.total > 0)
        with self.assertRaises(UserError):
            self.env["gov.assessment.payment"].with_user(self.assessor).create({
                "assessment_id": run.id, "journal_id": journal.id, "expense_account_id": expense.id,
                "payable_account_id": payable.id})  # one batch per assessment
        payment.action_post()
        move = payment.move_id
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), payment.total)
        self.assertAlmostEqual(sum(move.line_ids.mapped("credit")), payment.total)
        debit_lines = move.line_ids.filtered("debit")
        # a debit per department (people of no department, if any, on one line without analytic account)
        self.assertEqual(len(debit_lines), len(set(payment.line_ids.mapped(lambda ln: ln.department_id.id))))
        dept_total = sum(payment.line_ids.filtered(lambda ln: ln.department_id == self.dept).mapped("amount"))
        dept_move = debit_lines.filtered(
            lambda ml: str(self.dept.gov_analytic_account_id.id) in (ml.analytic_distribution or {}))
        self.assertAlmostEqual(dept_move.debit, dept_total)
        payment.action_export()
        sheet = openpyxl.load_workbook(BytesIO(base64.b64decode(payment.file))).active
        self.assertAlmostEqual(sheet.cell(sheet.max_row, 7).value, payment.total)
        with self.assertRaisesRegex(UserError, "reverse the payment"):
            run.with_user(self.manager).action_reopen("更正")


OPENER = "opener: returns a window or report action, writes nothing"
ASSESSMENT_INVENTORY = {
    "gov.assessment.plan": {
        "action_confirm": "assessment manager; weights add up to 100",
        "action_reset_draft": "assessment manager; no computed assessment",
        "action_load_defaults": "assessment manager; draft",
    },
    "gov.assessment": {
        "action_compute": "assessment manager; draft/computed/review; calendar year loaded",
        "action_review": "assessment manager; computed",
        "action_submit": "assessment manager; review; excellent quota",
        "action_approve": "committee; submitted; excellent quota",
        "action_return": "committee; submitted; reason",
        "action_publish": "assessment manager; approved",
        "action_reopen": "Bureau manager; submitted/approved/published; reason; no posted payment",
        "action_open_wizard": OPENER,
    },
    "gov.assessment.line": {"action_print": OPENER},
    "gov.assessment.payment": {
        "action_export": "assessment manager",
        "action_post": "assessment manager; draft; analytic accounts",
    },
    "gov.assessment.reason.wizard": {"action_confirm": "through action_reopen / action_return"},
    "gov.assessment.export": {"action_export": "assessment manager"},
}


class TestAssessmentMethods(AssessmentFixture):

    def test_every_public_method_is_classified(self):
        from odoo.addons.gov_hall.tests.common import public_method_inventory
        unknown, stale = public_method_inventory(self.env, "gov_assessment", ASSESSMENT_INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")
