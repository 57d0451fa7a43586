"""The dialogs behind the buttons: they collect what an action needs and call it (every check is the action's)."""
from odoo import fields, models

from ..models.gov_help_task import SATISFACTION
from ..models.gov_unresolved_report import FEEDBACK, OUTCOMES


class GovHelpTaskWizard(models.TransientModel):
    _name = "gov.help.task.wizard"
    _description = "Help-desk Task Step"

    task_id = fields.Many2one("gov.help.task", required=True, ondelete="cascade")
    step = fields.Selection([("assign", "Assign Helpers"), ("done", "Finish"), ("cancel", "Cancel")], required=True)
    helper_ids = fields.Many2many("res.users", string="Helpers", domain=[("share", "=", False)])
    outcome = fields.Text()
    hours_spent = fields.Float("Hours Spent")
    satisfaction = fields.Selection(SATISFACTION, "Applicant's Satisfaction")
    reason = fields.Text("Why Cancelled")

    def action_confirm(self):
        self.ensure_one()
        task = self.task_id
        if self.step == "assign":
            task.action_assign(self.helper_ids)
        elif self.step == "done":
            task.action_done(self.outcome, self.hours_spent, self.satisfaction)
        else:
            task.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}


class GovUnresolvedReportWizard(models.TransientModel):
    _name = "gov.unresolved.report.wizard"
    _description = "Could-not-get-it-done Report Step"

    report_id = fields.Many2one("gov.unresolved.report", required=True, ondelete="cascade")
    step = fields.Selection([("assign", "Assign"), ("reply", "Reply"), ("resolve", "Resolve"),
                             ("feedback", "Applicant's Feedback"), ("reopen", "Reopen")], required=True)
    department_id = fields.Many2one("hr.department", "Department", domain=[("is_stationed", "=", True)])
    text = fields.Text()
    outcome = fields.Selection(OUTCOMES)
    substantiated = fields.Boolean("Department at Fault")
    feedback = fields.Selection(FEEDBACK, "Applicant's Feedback")

    def action_confirm(self):
        self.ensure_one()
        report = self.report_id
        if self.step == "assign":
            report.action_assign(self.department_id, self.text)
        elif self.step == "reply":
            report.action_reply(self.text)
        elif self.step == "resolve":
            report.action_resolve(self.outcome, self.text, self.substantiated)
        elif self.step == "feedback":
            report.action_feedback(self.feedback, self.text)
        else:
            report.action_reopen(self.text)
        return {"type": "ir.actions.act_window_close"}
