import random

from odoo import api, fields, models


class GovAssessment(models.Model):
    _inherit = "gov.assessment"

    @api.model
    def _gov_demo_assessment(self):
        """The December assessment of the running year: the demo city's data is this year's."""
        rng = random.Random(16)
        year = fields.Date.context_today(self).year
        bureau = self.env.ref("gov_hall.user_bureau")
        committee = self.env.ref("gov_assessment.user_committee")
        # analytic accounts of the stationed departments, on which rewards are booked
        plan_analytic = self.env["account.analytic.plan"].create({"name": "进驻部门"})
        for dept in self.env["hr.department"].search([("is_stationed", "=", True)]):
            dept.gov_analytic_account_id = self.env["account.analytic.account"].create(
                {"name": dept.name, "code": dept.gov_code or False, "plan_id": plan_analytic.id})
        Plan = self.env["gov.assessment.plan"].with_user(bureau).with_context(lang="zh_CN")
        plan = Plan.create({"name": f"{year}年度进驻部门及人员效能考核方案", "year": year})
        plan.action_load_defaults()
        plan.action_confirm()
        run = self.with_user(bureau).with_context(lang="zh_CN").create(
            {"name": f"{year}年度进驻部门及人员效能考核", "plan_id": plan.id})
        run.action_compute()
        # the Bureau's 四功四到位 inspections and a few bonus and deduction items
        scores = run.line_ids.score_ids.filtered(lambda s: s.kind == "manual")
        for score in scores:
            score.with_user(bureau).value = rng.choice([78, 82, 85, 88, 90, 92, 95])
        adjust = run.staff_line_ids.score_ids.filtered(lambda s: s.kind == "adjust")
        if len(adjust) >= 2:
            adjust[0].with_user(bureau).write({"value": 3, "note": "获评市级“青年文明号”窗口骨干"})
            adjust[1].with_user(bureau).write({"value": -2, "note": "窗口服务被媒体曝光，经核实负次要责任"})
        run.action_compute()  # recompute: the manual scores stay
        run.action_review()
        run.action_submit()
        run.with_user(committee).action_approve()
        run.action_publish()
        # Odoo's accounting demo puts the company on the generic chart; a Chinese bureau books on the Chinese one
        # (the fee addon switches it too when installed: whichever comes first)
        if "gov.payment.notice" in self.env:
            self.env["gov.payment.notice"]._ensure_chinese_chart(self.env.company)
        else:
            Chart = self.env["account.chart.template"]
            if self.env.company.country_id.code == "CN" and self.env.company.chart_template != "cn" \
                    and "cn" in Chart._get_chart_template_mapping():
                Chart.try_loading("cn", self.env.company, install_demo=True)
        journal = self.env["account.journal"].search([("type", "=", "general"),
                                                      ("company_id", "=", self.env.company.id)], limit=1)
        Account = self.env["account.account"]
        expense = Account.search([("account_type", "=", "expense"), ("company_ids", "in", self.env.company.id)],
                                 limit=1)
        payable = Account.search([("account_type", "=", "liability_current"),
                                  ("company_ids", "in", self.env.company.id)], limit=1)
        if journal and expense and payable:
            payment = self.env["gov.assessment.payment"].with_user(bureau).create({
                "assessment_id": run.id, "journal_id": journal.id, "expense_account_id": expense.id,
                "payable_account_id": payable.id})
            payment.action_post()
