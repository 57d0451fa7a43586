from odoo import fields, models

from ..models.gov_evaluation import LEVELS


class GovRectificationReplyWizard(models.TransientModel):
    _name = "gov.rectification.reply.wizard"
    _description = "Reply to a Rectification"

    rectification_id = fields.Many2one("gov.rectification", required=True, ondelete="cascade")
    measures = fields.Text("Measures Taken", required=True)
    reply = fields.Text("Reply to the Applicant", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.rectification_id.action_reply(self.measures, self.reply)
        return {"type": "ir.actions.act_window_close"}


class GovAppealDecisionWizard(models.TransientModel):
    _name = "gov.appeal.decision.wizard"
    _description = "Decide an Appeal"

    appeal_id = fields.Many2one("gov.evaluation.appeal", required=True, ondelete="cascade")
    decision = fields.Selection([("uphold", "Uphold: remove the rating"), ("reject", "Reject: keep the rating")],
                                required=True, default="reject")
    note = fields.Text("Reasons", required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "uphold":
            self.appeal_id.action_uphold(self.note)
        else:
            self.appeal_id.action_reject(self.note)
        return {"type": "ir.actions.act_window_close"}


class GovCallbackRecordWizard(models.TransientModel):
    _name = "gov.callback.record.wizard"
    _description = "Record a Callback"

    callback_id = fields.Many2one("gov.callback", required=True, ondelete="cascade")
    reached = fields.Boolean("Applicant Reached", default=True)
    satisfaction = fields.Selection(LEVELS)
    outcome = fields.Text("What Was Said")
    problem_found = fields.Boolean("Problem Found")

    def action_confirm(self):
        self.ensure_one()
        self.callback_id.action_record(self.satisfaction, self.outcome, self.problem_found, self.reached)
        return {"type": "ir.actions.act_window_close"}
