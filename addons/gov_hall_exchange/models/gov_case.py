"""Results a department reports from its own system over its registered line, and the day an extension
was decided (a 特别程序 fact of the exchange)."""
from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class GovCase(models.Model):
    _inherit = "gov.case"

    result_line_id = fields.Many2one("gov.dept.line", "Result Reported via Line", readonly=True, copy=False,
                                     index="btree_not_null",
                                     help="The department's dedicated line whose system reported the decision.")
    result_reported_at = fields.Datetime("Result Reported At", readonly=True, copy=False)
    result_document_no = fields.Char("Licence / Document Number (Department)", readonly=True, copy=False,
                                     help="The number of the licence or decision issued by the department's own "
                                          "system, as it reported it.")

    def _report_result(self, line, decision, opinion, reason=False, legal_basis=False, document_no=False):
        """A department's system reports the decision of its own case through its registered line.

        Called by the department API as the line's API user; the decision itself goes through
        ``action_step_done`` (office, authorization to approve, countersigns, reasons of a denial)."""
        self.ensure_one()
        user = self.env.user
        if not line or line.state != "active" or line.api_user_id != user:
            raise AccessError(self.env._("Results are reported only through an active dedicated line registered "
                                         "for this API user."))
        if line.department_id != self.department_id:
            raise AccessError(self.env._("Line %(line)s belongs to %(dept)s: it reports only that department's "
                                         "cases.", line=line.name, dept=line.department_id.name))
        if decision not in ("approve", "deny"):
            raise UserError(self.env._("The decision is either approve or deny."))
        if document_no and len(document_no) > 64:
            raise UserError(self.env._("The licence or document number is at most 64 characters."))
        self._check_state("review")
        if self._next_step_after(self.current_step):
            labels = dict(self._fields["current_step"]._description_selection(self.env))
            raise UserError(self.env._(
                "Case %(name)s is at the step %(step)s: report the remaining review steps before the result.",
                name=self.name, step=labels.get(self.current_step, "")))
        self.action_step_done(opinion, decision=decision, reason=reason, legal_basis=legal_basis)
        # after the checked decision: which line reported it (the API user may not write the case)
        self.sudo().write({"result_line_id": line.id, "result_reported_at": fields.Datetime.now(),
                           "result_document_no": document_no or False})
        self.message_post(body=self.env._("Decision reported by %(system)s over the department's line.",
                                          system=line.name))
        return True


class GovCaseExtension(models.Model):
    _inherit = "gov.case.extension"

    decided_on = fields.Date("Decided On", readonly=True, copy=False, index="btree_not_null")

    def action_approve(self):
        res = super().action_approve()
        self.sudo().write({"decided_on": fields.Date.context_today(self)})
        return res

    def action_reject(self):
        res = super().action_reject()
        self.sudo().write({"decided_on": fields.Date.context_today(self)})
        return res
