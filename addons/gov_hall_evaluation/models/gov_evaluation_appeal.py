"""申诉: a department contests a rating it believes mistaken or malicious; supervision decides."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError


class GovEvaluationAppeal(models.Model):
    _name = "gov.evaluation.appeal"
    _description = "Rating Appeal"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _gov_client_unlink = False
    _order = "id desc"

    evaluation_id = fields.Many2one("gov.evaluation", "Rating", required=True, index=True, ondelete="restrict")
    department_id = fields.Many2one(related="evaluation_id.department_id", store=True, string="Department")
    reason = fields.Text(required=True, help="Why the rating is mistaken or malicious, with the facts.")
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    state = fields.Selection([("submitted", "Submitted"), ("upheld", "Upheld"), ("rejected", "Rejected")],
                             default="submitted", required=True, readonly=True, tracking=True)
    decision_note = fields.Text("Decision", readonly=True)
    decided_by = fields.Many2one("res.users", readonly=True)
    decided_at = fields.Datetime(readonly=True)

    def _gov_locked_fields(self):
        return {"evaluation_id", "reason"} if any(a.state != "submitted" for a in self) else set()

    @api.model_create_multi
    def create(self, vals_list):
        appeals = super().create(vals_list)
        user = self.env.user
        for appeal in appeals:
            evaluation = appeal.evaluation_id.sudo()
            if evaluation.department_id not in user.employee_ids.department_id and \
                    not user.has_group("gov_hall.group_gov_bureau_manager"):
                raise UserError(self.env._("Only the department that was rated appeals a rating."))
            if evaluation.state != "valid":
                raise UserError(self.env._("Rating %(name)s is already under appeal or removed.", name=evaluation.name))
            evaluation.write({"state": "appealed"})
        return appeals

    def _decide(self, upheld, note):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center decides appeals."))
        if not (note or "").strip():
            raise UserError(self.env._("State the reasons for the decision."))
        for appeal in self:
            if appeal.state != "submitted":
                raise UserError(self.env._("This appeal has been decided already."))
            appeal.sudo().write({"state": "upheld" if upheld else "rejected", "decision_note": note,
                                 "decided_by": self.env.uid, "decided_at": fields.Datetime.now()})
            appeal.evaluation_id.sudo().write(
                {"state": "removed", "removed_reason": note} if upheld else {"state": "valid"})
        return True

    def action_uphold(self, note):
        """The rating was mistaken or malicious: removed from the statistics, the reason kept."""
        return self._decide(True, note)

    def action_reject(self, note):
        return self._decide(False, note)

    def action_open_decision(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.appeal.decision.wizard", "view_mode": "form",
                "target": "new", "context": {"default_appeal_id": self.id}}
