"""Remittance of the collected fees to the treasury."""
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .gov_fee_access import _check_finance


class GovFeeRemittance(models.Model):
    _name = "gov.fee.remittance"
    _description = "Remittance to the Treasury"
    _inherit = ["gov.numbered.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _gov_sequence_code = "gov.fee.remittance"
    _gov_client_unlink = False

    name = fields.Char("Number", required=True, copy=False, default="/", readonly=True)
    journal_id = fields.Many2one("account.journal", "Fiscal Account", required=True,
                                 domain=[("gov_fiscal_account", "=", True)],
                                 default=lambda s: s.env["account.journal"].search(
                                     [("gov_fiscal_account", "=", True)], limit=1))
    company_id = fields.Many2one(related="journal_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    treasury_ref = fields.Char("Treasury Voucher Number", tracking=True)
    note = fields.Text()
    state = fields.Selection([("draft", "Draft"), ("done", "Transferred")], default="draft", required=True,
                             readonly=True, tracking=True)
    bank_line_id = fields.Many2one("gov.bank.line", "Transaction", readonly=True)
    bank_confirmed = fields.Boolean("On a Bank Statement", readonly=True)

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state != "draft" for rec in self):
            locked |= {"journal_id", "date", "amount", "treasury_ref"}
        return locked

    @api.constrains("amount")
    def _check_amount(self):
        for rec in self:
            if rec.amount <= 0:
                raise ValidationError(self.env._("The remitted amount must be positive."))

    def action_done(self, bank_line=None):
        """Record the transfer out of the fiscal account; from an imported outgoing line, or as a line of its own
        that the next statement confirms."""
        _check_finance(self.env)
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Remittance %(name)s is already recorded.", name=rec.name))
            if bank_line:
                if bank_line.match_state != "unmatched" or float_compare(-bank_line.amount, rec.amount, 2) != 0:
                    raise UserError(self.env._("The transaction does not match the remitted amount."))
                bank_line.sudo().write({"match_state": "remittance", "remittance_id": rec.id,
                                        "resolved_by": self.env.user.id})
                rec.sudo().write({"state": "done", "bank_line_id": bank_line.id, "bank_confirmed": True})
                bank_line._post_late()
                continue
            line = self.env["gov.bank.line"].sudo().create({
                "journal_id": rec.journal_id.id, "date": rec.date, "amount": -rec.amount,
                "unique_key": f"remittance-{rec.id}", "remark": self.env._("Remittance %(name)s", name=rec.name),
                "ref": rec.treasury_ref, "match_state": "remittance", "remittance_id": rec.id})
            rec.sudo().write({"state": "done", "bank_line_id": line.id})
            line._post_lines(rec.journal_id, rec.date)
        return True
