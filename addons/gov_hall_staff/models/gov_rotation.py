"""调换: official letter → staffing office review → Bureau approval → done."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError, ValidationError

MIN_YEARS = 2


class GovRotation(models.Model):
    _name = "gov.rotation"
    _description = "Staff Rotation Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _order = "id desc"
    _gov_sequence_code = "gov.rotation"
    _gov_client_unlink = False

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    dispatch_department_id = fields.Many2one("hr.department", "Dispatching Department", required=True,
                                             tracking=True, domain=[("is_stationed", "=", True)])
    outgoing_id = fields.Many2one("hr.employee", "Outgoing Employee", required=True, tracking=True)
    incoming_id = fields.Many2one("hr.employee", "Incoming Employee", required=True, tracking=True)
    window_id = fields.Many2one("gov.window", "Window", compute="_compute_window_id", store=True, readonly=False)
    reason = fields.Text(required=True)
    letter = fields.Binary("Official Letter (公函)", attachment=True)
    letter_filename = fields.Char()
    outgoing_since = fields.Date("Outgoing Stationed Since", compute="_compute_outgoing_since")
    under_two_years = fields.Boolean("Less than Two Years", compute="_compute_outgoing_since")
    exception_reason = fields.Text("Exception Reason", tracking=True,
                                   help="Required when the outgoing employee has served less than two years.")
    staffing_exception_ok = fields.Boolean("Exception Approved by the Staffing Office", readonly=True, tracking=True)
    bureau_exception_ok = fields.Boolean("Exception Approved by the Bureau", readonly=True, tracking=True)
    state = fields.Selection([("draft", "Draft"), ("submitted", "Submitted"),
                              ("staffing_reviewed", "Staffing Office Reviewed"), ("approved", "Bureau Approved"),
                              ("done", "Done"), ("rejected", "Rejected")], default="draft", required=True,
                             readonly=True, tracking=True, index=True, group_expand=True)
    reject_reason = fields.Text(readonly=True, tracking=True)
    staffing_user_id = fields.Many2one("res.users", "Staffing Reviewer", readonly=True)
    bureau_user_id = fields.Many2one("res.users", "Bureau Approver", readonly=True)
    done_date = fields.Date(readonly=True)
    uniform_issue_id = fields.Many2one("gov.uniform.issue", "Newcomer's Uniform", readonly=True)
    currency_id = fields.Many2one("res.currency", "Currency", required=True,
                                  default=lambda self: self.env.company.currency_id)
    uniform_cost = fields.Monetary("Uniform Cost", default=1200.0)

    @api.depends("outgoing_id")
    def _compute_window_id(self):
        for rec in self:
            rec.window_id = rec.outgoing_id.sudo().gov_window_id

    @api.depends("outgoing_id")
    def _compute_outgoing_since(self):
        today = fields.Date.context_today(self)
        for rec in self:
            emp = rec.outgoing_id.sudo()
            rec.outgoing_since = emp.gov_stationed_since
            rec.under_two_years = bool(emp) and emp._gov_stationed_years(today) < MIN_YEARS

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state != "draft" for rec in self):
            # what the staffing office and the Bureau reviewed is what gets done
            locked |= {"dispatch_department_id", "outgoing_id", "incoming_id", "window_id", "reason", "letter",
                       "letter_filename", "exception_reason", "uniform_cost"}
        return locked

    @api.constrains("outgoing_id", "incoming_id")
    def _check_people(self):
        for rec in self:
            if rec.outgoing_id == rec.incoming_id:
                raise ValidationError(self.env._("The incoming employee must be someone else."))

    def _check_group(self, group, message):
        check_group(self.env, group, message)

    def _check_state(self, state, message):
        if self.filtered(lambda r: r.state != state):
            raise UserError(message)

    def action_submit(self):
        self._check_group("gov_hall.group_gov_hr", self.env._("Rotation requests are submitted by HR."))
        self._check_state("draft", self.env._("Only a draft request is submitted."))
        for rec in self:
            out, inc = rec.outgoing_id.sudo(), rec.incoming_id.sudo()
            if not out.gov_is_stationed:
                raise UserError(self.env._("%(name)s is not stationed in the hall: there is nobody to rotate out.",
                                           name=out.name))
            if inc.gov_is_stationed:
                raise UserError(self.env._("%(name)s is already stationed in the hall (window %(window)s).",
                                           name=inc.name, window=inc.gov_window_id.display_name or "-"))
            if not rec.letter:
                raise UserError(self.env._("Attach the department's official letter (公函)."))
            if rec.under_two_years and not (rec.exception_reason or "").strip():
                raise UserError(self.env._(
                    "%(name)s has been stationed since %(date)s, less than two years: a rotation needs a "
                    "documented exception reason.", name=out.name, date=out.gov_stationed_since))
        self.sudo().write({"state": "submitted"})
        return True

    def action_staffing_review(self, approve_exception=False):
        approve_exception = approve_exception or self.env.context.get("approve_exception", False)
        self._check_group("gov_hall.group_gov_staffing", self.env._("The staffing office reviews rotation letters."))
        self._check_state("submitted", self.env._("The staffing office reviews submitted requests only."))
        for rec in self:
            if rec.under_two_years and not approve_exception:
                raise UserError(self.env._("This rotation is an exception to the two-year rule: approve the "
                                           "exception explicitly or reject the request."))
        self.sudo().write({"state": "staffing_reviewed", "staffing_user_id": self.env.user.id,
                    "staffing_exception_ok": bool(approve_exception)})
        return True

    def action_bureau_approve(self, approve_exception=False):
        approve_exception = approve_exception or self.env.context.get("approve_exception", False)
        self._check_group("gov_hall.group_gov_bureau_manager", self.env._("Rotations are approved by the Bureau."))
        self._check_state("staffing_reviewed", self.env._(
            "The Bureau approves only after the staffing office has reviewed the request."))
        for rec in self:
            if rec.under_two_years and not (approve_exception and rec.staffing_exception_ok):
                raise UserError(self.env._("This rotation is an exception to the two-year rule: both reviewers "
                                           "must approve the exception explicitly."))
        self.sudo().write({"state": "approved", "bureau_user_id": self.env.user.id,
                    "bureau_exception_ok": bool(approve_exception)})
        return True

    def action_reject(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for rejecting."))
        for rec in self:
            if rec.state == "submitted":
                rec._check_group("gov_hall.group_gov_staffing",
                                 self.env._("The staffing office reviews rotation letters."))
            elif rec.state == "staffing_reviewed":
                rec._check_group("gov_hall.group_gov_bureau_manager",
                                 self.env._("Rotations are approved by the Bureau."))
            else:
                raise UserError(self.env._("Only requests under review are rejected."))
        self.sudo().write({"state": "rejected", "reject_reason": reason})
        return True

    def action_done(self):
        """The newcomer takes the window; the outgoing clerk leaves the roster; the uniform is charged."""
        self._check_group("gov_hall.group_gov_hr", self.env._("HR completes approved rotations."))
        self._check_state("approved", self.env._("Only an approved rotation is completed."))
        today = fields.Date.context_today(self)
        for rec in self:
            out, inc = rec.outgoing_id.sudo(), rec.incoming_id.sudo()
            window = rec.window_id or out.gov_window_id
            inc.write({"gov_is_stationed": True, "gov_stationed_since": today, "gov_stationed_until": False,
                       "gov_window_id": window.id, "gov_dispatch_department_id": rec.dispatch_department_id.id})
            out.write({"gov_is_stationed": False, "gov_stationed_until": today, "gov_window_id": False})
            if window:
                window.sudo().write({"employee_ids": [fields.Command.unlink(out.id), fields.Command.link(inc.id)]})
            issue = self.env["gov.uniform.issue"].sudo().create({
                "employee_id": inc.id, "date": today, "items": self.env._("Full set of uniforms (newcomer)"),
                "sizes": " / ".join(filter(None, [inc.gov_size_top, inc.gov_size_bottom, inc.gov_size_shoes])),
                "cost": rec.uniform_cost, "paid_by": "department",
                "department_id": rec.dispatch_department_id.id, "rotation_id": rec.id})
            issue._charge_department()
            rec.sudo().write({"state": "done", "done_date": today, "uniform_issue_id": issue.id})
        return True
