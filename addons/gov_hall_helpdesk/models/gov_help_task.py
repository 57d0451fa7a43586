"""帮办代办: staff accompany an applicant through the hall (帮办) or do the errand on their behalf (代办)."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import notify_users
from odoo.addons.gov_hall.tools.idcheck import valid_resident_id
from odoo.exceptions import AccessError, UserError, ValidationError

KINDS = [("elderly", "Elderly"), ("disabled", "Disabled"), ("complex", "Complex Matter"),
         ("key_project", "Key Project or Company"), ("other", "Other")]
MODES = [("assist", "Accompanied Help"), ("agency", "Errand on Behalf")]
STATES = [("new", "New"), ("assigned", "Assigned"), ("in_progress", "In Progress"), ("done", "Done"),
          ("cancelled", "Cancelled")]
SATISFACTION = [("5", "Very Satisfied"), ("4", "Satisfied"), ("3", "Fair"), ("2", "Dissatisfied"),
                ("1", "Very Dissatisfied")]
OPEN_STATES = ("new", "assigned", "in_progress")
# what the front office may still correct while the task waits for its helpers
REQUEST_FIELDS = {"applicant_name", "applicant_phone", "applicant_id_number", "kind", "mode", "proxy_letter",
                  "proxy_letter_filename", "item_ids", "case_ids", "department_id", "description"}


class GovHelpTask(models.Model):
    _name = "gov.help.task"
    _description = "Help-desk Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.help.task"
    _gov_client_unlink = False
    _order = "requested_on desc, id desc"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    applicant_name = fields.Char("Applicant", required=True, tracking=True)
    applicant_phone = fields.Char("Phone")
    applicant_id_number = fields.Char("ID Number")
    kind = fields.Selection(KINDS, "Reason", required=True, default="elderly", tracking=True, index=True)
    mode = fields.Selection(MODES, "Service Mode", required=True, default="assist", tracking=True,
                            help="Accompanied help: staff go through the steps with the applicant. Errand on "
                                 "behalf: staff do it for the applicant, under a signed power of attorney (委托书).")
    proxy_letter = fields.Binary("Signed Power of Attorney", attachment=True)
    proxy_letter_filename = fields.Char()
    item_ids = fields.Many2many("gov.item", string="Items")
    case_ids = fields.Many2many("gov.case", string="Cases")
    department_id = fields.Many2one("hr.department", "Department", index=True, tracking=True,
                                    domain=[("is_stationed", "=", True)])
    description = fields.Text("What Is Needed")
    helper_ids = fields.Many2many("res.users", "gov_help_task_helper_rel", "task_id", "user_id", "Helpers",
                                  readonly=True, tracking=True)
    registered_by_id = fields.Many2one("res.users", "Registered By", readonly=True)
    requested_on = fields.Date("Requested On", readonly=True, index=True)
    due_date = fields.Date("Due Date", readonly=True, tracking=True, index=True,
                           help="Counted in working days from the request (company settings).")
    state = fields.Selection(STATES, default="new", required=True, readonly=True, tracking=True, index=True,
                             group_expand=True)
    assigned_by_id = fields.Many2one("res.users", "Assigned By", readonly=True)
    done_on = fields.Date("Done On", readonly=True)
    hours_spent = fields.Float("Hours Spent", readonly=True, aggregator="sum")
    outcome = fields.Text(readonly=True)
    cancel_reason = fields.Text("Why Cancelled", readonly=True)
    satisfaction = fields.Selection(SATISFACTION, "Applicant's Satisfaction", tracking=True)
    is_overdue = fields.Boolean("Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    overdue_notified = fields.Boolean(readonly=True, copy=False)

    @api.depends("due_date", "state")
    @api.depends_context("date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for task in self:
            task.is_overdue = task.state in OPEN_STATES and bool(task.due_date) and task.due_date < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue."))
        domain = [("state", "in", OPEN_STATES), ("due_date", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("mode", "proxy_letter")
    def _check_proxy_letter(self):
        for task in self:
            if task.mode == "agency" and not task.proxy_letter:
                raise ValidationError(self.env._(
                    "An errand on behalf needs the applicant's signed power of attorney (委托书): attach it."))

    @api.constrains("applicant_id_number")
    def _check_applicant_id_number(self):
        for task in self.filtered("applicant_id_number"):
            if not valid_resident_id(task.applicant_id_number):
                raise ValidationError(self.env._("%(number)s is not a valid resident ID number.",
                                                 number=task.applicant_id_number))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_registrar()
        return super().create(vals_list)

    def _gov_prepare_vals(self, vals_list):
        super()._gov_prepare_vals(vals_list)
        today = fields.Date.context_today(self)
        company = self.env.company
        for vals in vals_list:
            vals.setdefault("registered_by_id", self.env.user.id)
            vals.setdefault("requested_on", today)
            if not vals.get("due_date"):
                vals["due_date"] = self._due_for(vals.get("mode") or "assist", vals["requested_on"], company)

    @api.model
    def _due_for(self, mode, start, company):
        days = company.gov_help_agency_days if mode == "agency" else company.gov_help_assist_days
        return self.env["cn.holiday"].add_working_days(start, max(days, 0))

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(task.state not in ("new", "assigned") for task in self):
            locked |= REQUEST_FIELDS
        return locked

    def write(self, vals):
        res = super().write(vals)
        if "mode" in vals and not self.env.su:
            # the time limit follows the mode, counted from the request
            for task in self:
                task.sudo().due_date = self._due_for(task.mode, task.requested_on, task.company_id)
        return res

    # ------------------------------------------------------------------ rules
    def _check_registrar(self):
        if not (self.env.user.has_group("gov_hall.group_gov_front_office")
                or self.env.user.has_group("gov_hall.group_gov_bureau_manager")):
            raise AccessError(self.env._("Help-desk tasks are registered by the front office."))

    def _check_lead(self):
        if not (self.env.user.has_group("gov_hall_helpdesk.group_help_desk_lead")
                or self.env.user.has_group("gov_hall.group_gov_bureau_manager")):
            raise AccessError(self.env._("Helpers are assigned by the help-desk lead or the Bureau."))

    def _check_helper(self):
        for task in self:
            if self.env.user not in task.helper_ids:
                raise AccessError(self.env._("Only one of the helpers of %(name)s does this.", name=task.name))

    def _check_state(self, states, message):
        if any(task.state not in states for task in self):
            raise UserError(message)

    # ------------------------------------------------------------------ actions
    def action_assign(self, helpers):
        """The lead (or the Bureau) names the staff who help; they are told by activity."""
        self._check_lead()
        self._check_state(("new", "assigned"), self.env._("Only a new or assigned task gets its helpers."))
        helpers = self.env["res.users"].browse(helpers.ids if hasattr(helpers, "ids") else helpers).exists()
        helpers = helpers.filtered(lambda u: not u.share and u.has_group("gov_hall.group_gov_user"))
        if not helpers:
            raise UserError(self.env._("Name at least one member of the hall's staff as helper."))
        for task in self:
            if task.mode == "agency" and not task.proxy_letter:
                raise UserError(self.env._(
                    "An errand on behalf needs the applicant's signed power of attorney (委托书): attach it."))
            new = helpers - task.helper_ids
            task.sudo().write({"helper_ids": [fields.Command.set(helpers.ids)], "state": "assigned",
                               "assigned_by_id": self.env.user.id})
            notify_users(task.sudo(), new, self.env._("Help-desk task %(name)s: %(who)s", name=task.name,
                                                      who=task.applicant_name),
                         task.description or "", date_deadline=task.due_date)
        return True

    def action_start(self):
        self._check_helper()
        self._check_state(("assigned",), self.env._("Only an assigned task is started."))
        self.sudo().write({"state": "in_progress"})
        return True

    def action_done(self, outcome, hours, satisfaction=False):
        """One of the helpers closes the task with what came of it, the time it took and, when the applicant
        gave it, their satisfaction."""
        self._check_helper()
        self._check_state(("assigned", "in_progress"), self.env._("Only a task under way is finished."))
        if not (outcome or "").strip():
            raise UserError(self.env._("Write down the outcome."))
        if not hours or hours <= 0:
            raise UserError(self.env._("Give the hours spent."))
        if satisfaction and satisfaction not in dict(SATISFACTION):
            raise UserError(self.env._("Unknown satisfaction level."))
        vals = {"state": "done", "outcome": outcome, "hours_spent": hours, "done_on": fields.Date.context_today(self)}
        if satisfaction:
            vals["satisfaction"] = satisfaction
        self.sudo().write(vals)
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self, reason):
        """The front office, the lead or the Bureau cancel an open task, with the reason."""
        if not (self.env.user.has_group("gov_hall.group_gov_front_office")
                or self.env.user.has_group("gov_hall.group_gov_bureau_manager")):
            raise AccessError(self.env._("Help-desk tasks are cancelled by the front office or the Bureau."))
        self._check_state(OPEN_STATES, self.env._("Only an open task is cancelled."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the task is cancelled."))
        self.sudo().write({"state": "cancelled", "cancel_reason": reason})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_open_wizard(self):
        self.ensure_one()
        step = self.env.context.get("help_step")
        if step not in ("assign", "done", "cancel"):
            raise UserError(self.env._("Unknown step."))
        return {"type": "ir.actions.act_window", "res_model": "gov.help.task.wizard", "view_mode": "form",
                "target": "new", "context": {"default_task_id": self.id, "default_step": step,
                                             "default_helper_ids": self.helper_ids.ids}}

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_overdue(self):
        """Tell the helpers and the Bureau once when a task passes its due date."""
        tasks = self.sudo().search([("is_overdue", "=", True), ("overdue_notified", "=", False)])
        bureau = self.env.ref("gov_hall.group_gov_bureau_manager").all_user_ids - self.env.ref("base.user_root")
        for task in tasks:
            notify_users(task, task.helper_ids | bureau,
                         self.env._("Help-desk task overdue (due %(due)s)", due=task.due_date),
                         self.env._("%(name)s for %(who)s is past its due date.", name=task.name,
                                    who=task.applicant_name))
        tasks.write({"overdue_notified": True})
        return True
