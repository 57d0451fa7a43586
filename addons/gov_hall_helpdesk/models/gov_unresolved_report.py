"""办不成事反映: an applicant who could not get something done tells the window; the supervision center sees it
through — assigns it to the department concerned, records the outcome within five working days, and closes it on
the applicant's feedback (an unsatisfied applicant may have it reopened once)."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group, notify_users
from odoo.exceptions import AccessError, UserError

CAUSES = [("policy", "Policy Obstacle"), ("materials", "Unreasonable Material Requirements"),
          ("system", "System or Data Problem"), ("buck_passing", "Departments Passing the Buck"),
          ("staff", "Staff Attitude or Competence"), ("coordination", "Cross-department Coordination"),
          ("other", "Other")]
STATES = [("registered", "Registered"), ("assigned", "Assigned"), ("resolved", "Resolved"), ("closed", "Closed")]
OUTCOMES = [("done", "Got It Done"), ("explained", "Explained"), ("impossible", "Cannot Be Done (Basis Given)")]
FEEDBACK = [("satisfied", "Satisfied"), ("unsatisfied", "Unsatisfied")]
OPEN_STATES = ("registered", "assigned")
REGISTRATION_FIELDS = {"applicant_name", "phone", "attempted", "item_id", "case_id", "department_id",
                       "description", "cause"}


class GovUnresolvedReport(models.Model):
    _name = "gov.unresolved.report"
    _description = "Could-not-get-it-done Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.unresolved.report"
    _gov_client_unlink = False
    _order = "registered_on desc, id desc"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    applicant_name = fields.Char("Applicant", required=True, tracking=True)
    phone = fields.Char("Contact", required=True)
    attempted = fields.Char("What They Tried to Do", required=True)
    item_id = fields.Many2one("gov.item", "Item")
    case_id = fields.Many2one("gov.case", "Case", index="btree_not_null")
    department_id = fields.Many2one("hr.department", "Department Concerned", index=True, tracking=True,
                                    domain=[("is_stationed", "=", True)])
    description = fields.Text(required=True)
    cause = fields.Selection(CAUSES, "Cause", required=True, default="other", tracking=True, index=True)
    registered_by_id = fields.Many2one("res.users", "Registered By", readonly=True, index=True)
    registered_on = fields.Date("Registered On", readonly=True, index=True)
    deadline = fields.Date(readonly=True, tracking=True, index=True,
                           help="Working days after registration (company settings), counted on the calendar.")
    state = fields.Selection(STATES, default="registered", required=True, readonly=True, tracking=True, index=True,
                             group_expand=True)
    # assignment
    assigned_department_id = fields.Many2one("hr.department", "Assigned Department", readonly=True, index=True,
                                             tracking=True)
    instructions = fields.Text(readonly=True)
    assigned_by_id = fields.Many2one("res.users", "Assigned By", readonly=True)
    assigned_on = fields.Date("Assigned On", readonly=True)
    # the department's answer
    reply = fields.Text("Department's Reply", readonly=True)
    replied_by_id = fields.Many2one("res.users", "Replied By", readonly=True)
    replied_on = fields.Date("Replied On", readonly=True)
    # supervision's outcome
    outcome = fields.Selection(OUTCOMES, readonly=True, tracking=True)
    resolution = fields.Text("Outcome Details", readonly=True,
                             help="What was done or explained; for “cannot be done”, the legal or policy basis.")
    substantiated = fields.Boolean("Department at Fault", readonly=True, tracking=True)
    resolved_by_id = fields.Many2one("res.users", "Resolved By", readonly=True)
    resolved_on = fields.Date("Resolved On", readonly=True, index=True)
    # the applicant's feedback
    feedback = fields.Selection(FEEDBACK, "Applicant's Feedback", readonly=True, tracking=True)
    feedback_note = fields.Text("Feedback Notes", readonly=True)
    closed_on = fields.Date("Closed On", readonly=True)
    reopen_count = fields.Integer("Times Reopened", readonly=True)
    # deadline watch
    overdue = fields.Boolean("Overdue", readonly=True, index=True, tracking=True,
                             help="Set by the daily check once the report passes its deadline unresolved.")
    days_overdue = fields.Integer("Working Days Overdue", readonly=True)
    overdue_warned = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_registrar()
        reports = super().create(vals_list)
        reports._note_on_cases()
        return reports

    def _gov_prepare_vals(self, vals_list):
        super()._gov_prepare_vals(vals_list)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.setdefault("registered_by_id", self.env.user.id)
            vals.setdefault("registered_on", today)
            if not vals.get("deadline"):
                vals["deadline"] = self._deadline_from(vals["registered_on"])

    @api.model
    def _deadline_from(self, start):
        return self.env["cn.holiday"].add_working_days(start, max(self.env.company.gov_unresolved_days, 0))

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state != "registered" for rec in self):
            locked |= REGISTRATION_FIELDS
        return locked

    def write(self, vals):
        if not self.env.su and REGISTRATION_FIELDS & set(vals):
            self._check_registrar()
        return super().write(vals)

    @api.onchange("case_id")
    def _onchange_case_id(self):
        if self.case_id:
            self.item_id = self.case_id.item_id
            self.department_id = self.case_id.department_id
            self.applicant_name = self.applicant_name or self.case_id.applicant_name
            self.phone = self.phone or self.case_id.applicant_phone

    @api.onchange("item_id")
    def _onchange_item_id(self):
        if self.item_id and not self.department_id:
            self.department_id = self.item_id.department_id

    def _note_on_cases(self, resolved=False):
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for rec in self.filtered("case_id"):
            if resolved:
                body = self.env._("Could-not-get-it-done report %(name)s resolved: %(outcome)s.", name=rec.name,
                                  outcome=outcomes.get(rec.outcome, ""))
            else:
                body = self.env._("Could-not-get-it-done report %(name)s registered: %(what)s", name=rec.name,
                                  what=rec.attempted)
            # the note belongs on the case whoever may read it: the system writes it
            rec.case_id.sudo().message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------ rules
    def _check_registrar(self):
        if not (self.env.user.has_group("gov_hall.group_gov_front_office")
                or self.env.user.has_group("gov_hall.group_gov_supervision")):
            raise AccessError(self.env._("Could-not-get-it-done reports are registered at the window by the front "
                                         "office or by the supervision center."))

    def _check_supervision(self):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center assigns and resolves could-not-get-it-done reports."))

    def _check_state(self, states, message):
        if any(rec.state not in states for rec in self):
            raise UserError(message)

    def _check_department_staff(self):
        user = self.env.user
        if not user.has_group("gov_hall.group_gov_back_office"):
            raise AccessError(self.env._("The department's back office or its leader answers the report."))
        for rec in self:
            department = rec.assigned_department_id.sudo()
            if department not in user.employee_ids.department_id and user not in (
                    department.gov_leader_id.user_id | department.manager_id.user_id):
                raise AccessError(self.env._("%(name)s is assigned to %(dept)s: only that department answers it.",
                                             name=rec.name, dept=department.name))

    @api.model
    def _supervision_users(self):
        return self.env.ref("gov_hall.group_gov_supervision").all_user_ids - self.env.ref("base.user_root")

    # ------------------------------------------------------------------ actions
    def action_assign(self, department, instructions):
        """Supervision hands the report to a department with its instructions; the department is told."""
        self._check_supervision()
        self._check_state(("registered",), self.env._("Only a registered report is assigned."))
        department = self.env["hr.department"].browse(getattr(department, "id", department)).exists()
        if not department:
            raise UserError(self.env._("Choose the department the report is assigned to."))
        if not (instructions or "").strip():
            raise UserError(self.env._("Give the department its instructions."))
        self.sudo().write({"state": "assigned", "assigned_department_id": department.id,
                           "instructions": instructions, "assigned_by_id": self.env.user.id,
                           "assigned_on": fields.Date.context_today(self)})
        department = department.sudo()
        users = department.gov_leader_id.user_id | department.manager_id.user_id
        for rec in self:
            notify_users(rec.sudo(), users, self.env._("Could-not-get-it-done report %(name)s: answer by %(due)s",
                                                       name=rec.name, due=rec.deadline),
                         instructions, date_deadline=rec.deadline)
        return True

    def action_reply(self, reply):
        """The assigned department's back office or leader answers; supervision is asked to resolve."""
        self._check_state(("assigned",), self.env._("Only an assigned report is answered."))
        self._check_department_staff()
        if not (reply or "").strip():
            raise UserError(self.env._("Write the department's reply."))
        self.sudo().write({"reply": reply, "replied_by_id": self.env.user.id,
                           "replied_on": fields.Date.context_today(self)})
        for rec in self.sudo():
            rec.activity_unlink(["mail.mail_activity_data_todo"])
            notify_users(rec, rec.assigned_by_id or self._supervision_users(),
                         self.env._("Department replied to %(name)s", name=rec.name), reply,
                         date_deadline=rec.deadline)
        return True

    def action_resolve(self, outcome, resolution, substantiated):
        """Supervision records the outcome and whether the department was at fault."""
        self._check_supervision()
        self._check_state(("assigned",), self.env._("Only an assigned report is resolved."))
        if outcome not in dict(OUTCOMES):
            raise UserError(self.env._("Choose the outcome."))
        if not (resolution or "").strip():
            raise UserError(self.env._("Describe the outcome; for “cannot be done”, give the basis."))
        if any(not rec.reply for rec in self):
            raise UserError(self.env._("The assigned department has not replied yet."))
        today = fields.Date.context_today(self)
        Holiday = self.env["cn.holiday"]
        for rec in self:
            late = Holiday.working_days_between(rec.deadline, today) if today > rec.deadline else 0
            rec.sudo().write({"state": "resolved", "outcome": outcome, "resolution": resolution,
                              "substantiated": bool(substantiated), "resolved_by_id": self.env.user.id,
                              "resolved_on": today, "days_overdue": late, "overdue": rec.overdue or bool(late)})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        self._note_on_cases(resolved=True)
        return True

    def action_feedback(self, feedback, note=""):
        """The applicant's feedback, taken by the window or supervision, closes the report."""
        if not (self.env.user.has_group("gov_hall.group_gov_front_office")
                or self.env.user.has_group("gov_hall.group_gov_supervision")):
            raise AccessError(self.env._("The applicant's feedback is recorded by the window or the supervision "
                                         "center."))
        self._check_state(("resolved",), self.env._("Feedback is recorded on a resolved report."))
        if feedback not in dict(FEEDBACK):
            raise UserError(self.env._("Record whether the applicant is satisfied."))
        self.sudo().write({"state": "closed", "feedback": feedback, "feedback_note": note or False,
                           "closed_on": fields.Date.context_today(self)})
        return True

    def action_reopen(self, reason):
        """An unsatisfied applicant has the report reopened, once: supervision assigns it again."""
        self._check_supervision()
        for rec in self:
            if rec.state != "closed" or rec.feedback != "unsatisfied":
                raise UserError(self.env._("Only a report closed with an unsatisfied applicant is reopened."))
            if rec.reopen_count:
                raise UserError(self.env._("%(name)s was reopened once already: it is not reopened again.",
                                           name=rec.name))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the report is reopened."))
        today = fields.Date.context_today(self)
        for rec in self:
            rec.sudo().write({
                "state": "registered", "reopen_count": rec.reopen_count + 1, "deadline": self._deadline_from(today),
                "outcome": False, "resolution": False, "substantiated": False, "resolved_by_id": False,
                "resolved_on": False, "feedback": False, "closed_on": False, "reply": False,
                "replied_by_id": False, "replied_on": False, "overdue_warned": False, "days_overdue": 0})
            rec.sudo().message_post(body=self.env._("Reopened: %(reason)s", reason=reason))
        return True

    def action_open_wizard(self):
        self.ensure_one()
        step = self.env.context.get("report_step")
        if step not in ("assign", "reply", "resolve", "feedback", "reopen"):
            raise UserError(self.env._("Unknown step."))
        return {"type": "ir.actions.act_window", "res_model": "gov.unresolved.report.wizard", "view_mode": "form",
                "target": "new", "context": {"default_report_id": self.id, "default_step": step,
                                             "default_department_id": self.department_id.id}}

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_overdue(self):
        """Flag the reports past their deadline, count the days, and warn supervision and the department's
        leader once."""
        today = fields.Date.context_today(self)
        Holiday = self.env["cn.holiday"]
        late = self.sudo().search([("state", "in", OPEN_STATES), ("deadline", "<", today)])
        supervision = self._supervision_users()
        for rec in late:
            rec.write({"overdue": True, "days_overdue": Holiday.working_days_between(rec.deadline, today)})
        for rec in late.filtered(lambda r: not r.overdue_warned):
            department = rec.assigned_department_id or rec.department_id
            notify_users(rec, supervision | department.gov_leader_id.user_id,
                         self.env._("Could-not-get-it-done report overdue (due %(due)s)", due=rec.deadline),
                         self.env._("%(name)s from %(who)s is past its deadline.", name=rec.name,
                                    who=rec.applicant_name))
        late.write({"overdue_warned": True})
        return True
