from odoo import fields, models


class GovBundleActionWizard(models.TransientModel):
    _name = "gov.bundle.action.wizard"
    _description = "Bundle Application Action"

    application_id = fields.Many2one("gov.bundle.application", required=True, ondelete="cascade")
    mode = fields.Selection([("refuse", "Not Accept"), ("deliver", "Deliver")], required=True)
    reason = fields.Text("Reasons")
    legal_basis = fields.Text("Legal Basis")
    delivery_method = fields.Selection([("window", "At the Window"), ("mail", "By Post"),
                                        ("electronic", "Electronic Delivery")], "Delivery", default="window")

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "refuse":
            self.application_id.action_refuse(self.reason, self.legal_basis)
        else:
            self.application_id.action_deliver(self.delivery_method)
        return {"type": "ir.actions.act_window_close"}
