from odoo import fields, models


class GovCaseActionWizard(models.TransientModel):
    """Opinion, decision or refusal entered at a case step."""
    _name = "gov.case.action.wizard"
    _description = "Case Step Wizard"

    case_id = fields.Many2one("gov.case", required=True, ondelete="cascade")
    mode = fields.Selection([("step", "Complete Step"), ("refuse", "Not Accept"),
                             ("countersign", "Countersign"), ("deliver", "Deliver")],
                            required=True, default="step")
    current_step = fields.Selection(related="case_id.current_step")
    countersign_id = fields.Many2one("gov.case.countersign")
    opinion = fields.Text("Opinion")
    findings = fields.Text("Inspection Findings")
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    decision = fields.Selection([("approve", "Approve"), ("deny", "Deny")], default="approve")
    reason = fields.Text("Reasons")
    legal_basis = fields.Text("Legal Basis")
    delivery_method = fields.Selection([("window", "At the Window"), ("mail", "By Post"),
                                        ("electronic", "Electronic Delivery")], default="window")

    def action_confirm(self):
        self.ensure_one()
        case = self.case_id
        if self.mode == "refuse":
            case.action_refuse(self.reason, self.legal_basis)
        elif self.mode == "countersign":
            self.countersign_id.action_sign(self.opinion)
        elif self.mode == "deliver":
            case.action_deliver(self.delivery_method)
        else:
            case.action_step_done(self.opinion, findings=self.findings,
                                  attachment_ids=self.attachment_ids.ids, decision=self.decision,
                                  reason=self.reason, legal_basis=self.legal_basis)
        return {"type": "ir.actions.act_window_close"}
