"""Rewards and performance-pay top-ups paid by the Bureau: one batch per approved assessment, a line per person
or department, exported for the bank and booked as one journal entry with a line per department's analytic
account."""
import base64
import io
from collections import defaultdict

import xlsxwriter

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError


class HrDepartment(models.Model):
    _inherit = "hr.department"

    gov_analytic_account_id = fields.Many2one(
        "account.analytic.account", "Analytic Account",
        help="The department's analytic account: assessment rewards paid by the Bureau are booked on it.")


class GovAssessmentPayment(models.Model):
    _name = "gov.assessment.payment"
    _description = "Assessment Reward Payment"
    _inherit = ["mail.thread", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.assessment.payment"
    _gov_client_unlink = False
    _order = "id desc"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    assessment_id = fields.Many2one("gov.assessment", required=True, index=True,
                                    domain=[("state", "in", ("approved", "published"))])
    date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one("account.journal", "Journal", required=True,
                                 domain=[("type", "=", "general")],
                                 default=lambda self: self.env["account.journal"].search(
                                     [("type", "=", "general"), ("company_id", "=", self.env.company.id)], limit=1))
    expense_account_id = fields.Many2one("account.account", "Expense Account", required=True)
    payable_account_id = fields.Many2one("account.account", "Payable Account", required=True)
    line_ids = fields.One2many("gov.assessment.payment.line", "payment_id", "Lines", readonly=True)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id, required=True)
    total = fields.Monetary(compute="_compute_total", store=True)
    state = fields.Selection([("draft", "Draft"), ("posted", "Booked")], default="draft", required=True,
                             readonly=True, tracking=True)
    move_id = fields.Many2one("account.move", "Journal Entry", readonly=True, copy=False)
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.depends("line_ids.amount")
    def _compute_total(self):
        for rec in self:
            rec.total = sum(rec.line_ids.mapped("amount"))

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state == "posted" for rec in self):
            locked |= {"assessment_id", "date", "journal_id", "expense_account_id", "payable_account_id"}
        return locked

    def _check_manager(self):
        check_group(self.env, "gov_assessment.group_assessment_manager",
                    self.env._("Rewards are paid by the Bureau's assessment managers."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        payments = super().create(vals_list)
        for payment in payments:
            if payment.assessment_id.state not in ("approved", "published"):
                raise UserError(self.env._("Rewards are paid from an approved assessment."))
            if self.search_count([("assessment_id", "=", payment.assessment_id.id), ("id", "!=", payment.id)]):
                raise UserError(self.env._("The rewards of %(name)s have a payment batch already.",
                                           name=payment.assessment_id.name))
            payment._generate_lines()
        return payments

    def write(self, vals):
        if not self.env.su:
            self._check_manager()
        return super().write(vals)

    def _generate_lines(self):
        self.ensure_one()
        vals = []
        for line in self.assessment_id.line_ids.sudo():
            amount = line.reward + line.topup
            if not amount:
                continue
            emp = line.employee_id
            vals.append({"payment_id": self.id, "assessment_line_id": line.id, "department_id": line.department_id.id,
                         "employee_id": emp.id, "reward": line.reward, "topup": line.topup, "amount": amount,
                         "bank_account": emp.primary_bank_account_id.acc_number if emp else
                         line.department_id.gov_billing_partner_id.bank_ids[:1].acc_number or False})
        self.env["gov.assessment.payment.line"].sudo().create(vals)

    def action_export(self):
        """The bank's file: one row per payee with the amount and the account."""
        self.ensure_one()
        self._check_manager()
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        money = book.add_format({"num_format": "#,##0.00"})
        sheet = book.add_worksheet("代发明细")
        sheet.write_row(0, 0, ["序号", "收款人", "部门", "收款账号", "考核奖励", "绩效工资补差", "合计"], head)
        for n, line in enumerate(self.line_ids, start=1):
            sheet.write_row(n, 0, [n, line.employee_id.name or line.department_id.name, line.department_id.name or "",
                                   line.bank_account or ""])
            sheet.write_number(n, 4, line.reward, money)
            sheet.write_number(n, 5, line.topup, money)
            sheet.write_number(n, 6, line.amount, money)
        last = len(self.line_ids) + 1
        sheet.write(last, 1, "合计", head)
        sheet.write_number(last, 6, self.total, money)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 3, 22)
        sheet.set_column(4, 6, 14)
        book.close()
        self.sudo().write({"file": base64.b64encode(buf.getvalue()), "filename": f"{self.name}-考核奖励代发.xlsx"})
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/web/content/gov.assessment.payment/{self.id}/file/{self.filename}?download=true"}

    def action_post(self):
        """One journal entry: a debit per department on its analytic account, one credit to the payable."""
        self._check_manager()
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("%(name)s is booked already.", name=rec.name))
            if not rec.line_ids:
                raise UserError(self.env._("Nothing to pay in %(name)s.", name=rec.name))
            by_dept = defaultdict(float)
            for line in rec.line_ids:
                by_dept[line.department_id] += line.amount
            missing = [d.name for d in by_dept if d and not d.gov_analytic_account_id]
            if missing:
                raise UserError(self.env._("Give these departments an analytic account first: %(names)s.",
                                           names="、".join(missing)))
            label = self.env._("Assessment rewards %(year)s", year=rec.assessment_id.year)
            lines = [fields.Command.create({
                "name": f"{label} · {dept.name or '-'}", "account_id": rec.expense_account_id.id,
                "debit": amount, "credit": 0.0,
                "analytic_distribution": {str(dept.gov_analytic_account_id.id): 100} if dept else False})
                for dept, amount in sorted(by_dept.items(), key=lambda kv: kv[0].name or "")]
            lines.append(fields.Command.create({"name": label, "account_id": rec.payable_account_id.id,
                                                "debit": 0.0, "credit": rec.total}))
            move = self.env["account.move"].sudo().create({
                "move_type": "entry", "journal_id": rec.journal_id.id, "date": rec.date, "ref": rec.name,
                "line_ids": lines})
            move.action_post()
            rec.sudo().write({"state": "posted", "move_id": move.id})
        return True


class GovAssessmentPaymentLine(models.Model):
    _name = "gov.assessment.payment.line"
    _description = "Assessment Reward Payment Line"
    _inherit = ["gov.guarded.mixin"]
    _order = "payment_id, department_id, id"
    _gov_client_create = False
    _gov_client_unlink = False

    payment_id = fields.Many2one("gov.assessment.payment", required=True, readonly=True, ondelete="cascade",
                                 index=True)
    assessment_line_id = fields.Many2one("gov.assessment.line", readonly=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True)
    employee_id = fields.Many2one("hr.employee", "Person", readonly=True)
    bank_account = fields.Char("Bank Account", readonly=True)
    currency_id = fields.Many2one(related="payment_id.currency_id")
    reward = fields.Monetary(readonly=True)
    topup = fields.Monetary("Performance Pay Top-up", readonly=True)
    amount = fields.Monetary(readonly=True)
