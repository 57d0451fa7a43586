from odoo import fields, models


class GovFeeExemptionWizard(models.TransientModel):
    _name = "gov.fee.exemption.wizard"
    _description = "Request a Fee Exemption"

    case_id = fields.Many2one("gov.case", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="case_id.currency_id")
    fee_total = fields.Monetary(related="case_id.fee_total")
    amount = fields.Monetary("Amount to Exempt", required=True)
    reason = fields.Text("Reason", required=True)
    basis = fields.Char("Basis (policy document)")

    def action_confirm(self):
        self.ensure_one()
        self.case_id.action_request_exemption(self.amount, self.reason, self.basis)
        return {"type": "ir.actions.act_window_close"}


class GovPaymentNoticeCancelWizard(models.TransientModel):
    _name = "gov.payment.notice.cancel.wizard"
    _description = "Cancel a Payment Notice"

    notice_id = fields.Many2one("gov.payment.notice", required=True, ondelete="cascade")
    reason = fields.Text("Reason", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.notice_id.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
