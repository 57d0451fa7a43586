from odoo import fields, models


class GovRectificationDecisionWizard(models.TransientModel):
    _name = "gov.rectification.decision.wizard"
    _description = "Report or Return a Rectification"

    rectification_id = fields.Many2one("gov.rectification", required=True, ondelete="cascade")
    decision = fields.Selection([("report", "Report"), ("return", "Return")], required=True)
    text = fields.Text("Details", required=True)

    def action_confirm(self):
        if self.decision == "report":
            self.rectification_id.action_report(self.text)
        else:
            self.rectification_id.action_return(self.text)
        return {"type": "ir.actions.act_window_close"}
