from datetime import date

from odoo import Command
from odoo.addons.gov_hall.tests.common import CaseFixture
from odoo.tests import new_test_user, tagged

YEAR = 2025  # the demo city has its plan of 2026


@tagged("post_install", "-at_install")
class TestUnresolvedIndicator(CaseFixture):

    def test_substantiated_report_lowers_the_department_score(self):
        assessor = new_test_user(self.env, login="t_hd_assessor", groups="gov_assessment.group_assessment_manager")
        Report = self.env["gov.unresolved.report"].sudo()
        base = {"applicant_name": "李女士", "phone": "1", "attempted": "x", "description": "x", "state": "resolved",
                "assigned_department_id": self.dept.id, "resolved_on": date(YEAR, 5, 6), "outcome": "done"}
        Report.create([dict(base, substantiated=True), dict(base, substantiated=False),
                       dict(base, substantiated=True, resolved_on=date(YEAR - 1, 5, 6)),  # another year
                       dict(base, substantiated=True, state="assigned")])  # not resolved
        plan = self.env["gov.assessment.plan"].with_user(assessor).create({"name": f"{YEAR}年度考核方案", "year": YEAR})
        plan.action_load_defaults()
        self.assertNotIn("unresolved_substantiated", plan.indicator_ids.mapped("kind"), "the usual list is kept")
        # make room for the new indicator: its 5 points come from the staff-absence indicator
        plan.indicator_ids.filtered(lambda i: i.kind == "dept_attendance").weight = 0
        plan.write({"indicator_ids": [Command.create({
            "kind": "unresolved_substantiated", "target": "department", "name": "办不成事反映", "weight": 5,
            "direction": "lower", "best": 0.0, "worst": 5.0})]})
        plan.action_confirm()
        run = self.env["gov.assessment"].with_user(assessor).create({"name": str(YEAR), "plan_id": plan.id})
        run.action_compute()

        def score(dept):
            line = run.department_line_ids.filtered(lambda ln: ln.department_id == dept)
            return line.score_ids.filtered(lambda s: s.kind == "unresolved_substantiated")

        self.assertEqual((score(self.dept).value, score(self.dept).score), (1.0, 80.0))
        self.assertEqual((score(self.dept2).value, score(self.dept2).score), (0.0, 100.0))
