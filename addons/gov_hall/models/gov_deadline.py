"""限时办结: due dates from the working-day calendar, suspensions and extensions."""
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .gov_access import check_group

SUSPENSION_KINDS = [
    ("hearing", "Hearing"),
    ("tender", "Tender / Auction"),
    ("testing", "Inspection / Testing"),
    ("quarantine", "Quarantine"),
    ("appraisal", "Appraisal"),
    ("expert", "Expert Review"),
]


class GovItem(models.Model):
    _inherit = "gov.item"

    extension_cap = fields.Integer(
        "Extension Cap (working days)", default=10,
        help="行政许可法 art. 42: an extension of at most 10 working days unless a law says otherwise.")
    max_extensions = fields.Integer("Extensions Allowed", default=1)


class GovCase(models.Model):
    _inherit = "gov.case"

    promised_limit = fields.Integer(related="item_id.promised_limit", store=True, string="Promised Limit",
                                    aggregator="avg")
    legal_limit = fields.Integer(related="item_id.legal_limit", store=True, string="Legal Limit",
                                 aggregator="avg")
    suspension_ids = fields.One2many("gov.case.suspension", "case_id", "Suspensions")
    extension_ids = fields.One2many("gov.case.extension", "case_id", "Extensions")
    suspended_days = fields.Integer("Suspended (working days)", compute="_compute_due", store=True)
    extension_days = fields.Integer("Extended (working days)", compute="_compute_due", store=True)
    is_suspended = fields.Boolean("Suspended", compute="_compute_due", store=True, index=True)
    due_date = fields.Date("Due Date", compute="_compute_due", store=True, index=True, tracking=True,
                           help="End of the N-th working day after acceptance (N = promised limit), moved "
                                "by suspensions and approved extensions; immediate items are due the same day.")
    legal_due_date = fields.Date("Legal Due Date", compute="_compute_due", store=True)
    due_provisional = fields.Boolean("Provisional Due Date", compute="_compute_due", store=True,
                                     help="The due date lies in a year whose official holiday schedule is "
                                          "not published yet.")
    time_used_days = fields.Integer("Working Days Used", readonly=True, aggregator="avg",
                                    help="Working days from acceptance to the decision (or today), "
                                         "suspensions excluded; updated by the warning job.")
    time_left_days = fields.Integer("Working Days Left", compute="_compute_time_left")

    _due_idx = models.Index("(due_date) WHERE state = 'review'")

    @api.depends("accepted_date", "case_type", "item_id.promised_limit", "item_id.legal_limit",
                 "suspension_ids.start_date", "suspension_ids.end_date", "suspension_ids.state",
                 "extension_ids.state", "extension_ids.days")
    def _compute_due(self):
        Holiday = self.env["cn.holiday"]
        today = fields.Date.context_today(self)
        for case in self:
            suspended = sum(s._working_days(today) for s in case.suspension_ids)
            extended = sum(case.extension_ids.filtered(lambda e: e.state == "approved").mapped("days"))
            case.suspended_days = suspended
            case.extension_days = extended
            case.is_suspended = any(s.state == "running" for s in case.suspension_ids)
            if not case.accepted_date:
                case.due_date = case.legal_due_date = False
                case.due_provisional = False
                continue
            promised = 0 if case.case_type == "immediate" else case.item_id.promised_limit
            due = Holiday.add_working_days(case.accepted_date, promised + suspended + extended)
            case.due_date = due
            case.legal_due_date = Holiday.add_working_days(
                case.accepted_date, case.item_id.legal_limit + suspended + extended)
            case.due_provisional = Holiday.is_provisional(due)

    @api.depends("due_date", "state")
    def _compute_time_left(self):
        Holiday = self.env["cn.holiday"]
        today = fields.Date.context_today(self)
        for case in self:
            if not case.due_date or case.state != "review":
                case.time_left_days = 0
            elif case.due_date >= today:
                case.time_left_days = Holiday.working_days_between(today, case.due_date)
            else:
                case.time_left_days = -Holiday.working_days_between(case.due_date, today)

    def _recompute_due(self):
        for name in ("due_date", "legal_due_date", "suspended_days", "extension_days", "is_suspended",
                     "due_provisional"):
            self.env.add_to_compute(self._fields[name], self)
        self.flush_recordset()

    def _clock_end(self):
        self.ensure_one()
        return self.decision_date or fields.Date.context_today(self)

    def _compute_time_used(self):
        Holiday = self.env["cn.holiday"]
        for case in self:
            if case.accepted_date:
                used = Holiday.working_days_between(case.accepted_date, case._clock_end())
                case.sudo().time_used_days = max(used - case.suspended_days, 0)

    def action_step_done(self, *args, **kwargs):
        if any(case.is_suspended for case in self):
            raise UserError(self.env._("The case is suspended: end the suspension before going on."))
        res = super().action_step_done(*args, **kwargs)
        self.filtered(lambda c: c.state == "decided")._compute_time_used()
        return res

    def action_open_suspend(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.case.suspension", "view_mode": "form",
                "target": "new", "context": {"default_case_id": self.id}}

    def action_open_extension(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.case.extension", "view_mode": "form",
                "target": "new", "context": {"default_case_id": self.id}}


class GovHolidayCases(models.Model):
    _inherit = "cn.holiday"

    @api.model
    def _calendar_changed(self, years):
        """Open cases recompute their due dates; each change is logged on the case."""
        super()._calendar_changed(years)
        years = set(years)
        if not years:
            return
        Case = self.env["gov.case"].sudo()
        cases = Case.search([("state", "=", "review"), ("accepted_date", "!=", False)])
        cases = cases.filtered(lambda c: c.due_date and (c.due_date.year in years
                                                         or c.accepted_date.year in years))
        if not cases:
            return
        before = {c.id: c.due_date for c in cases}
        cases._recompute_due()
        for case in cases:
            if case.due_date != before[case.id]:
                case.message_post(body=self.env._(
                    "The working-day calendar changed: due date moved from %(old)s to %(new)s.",
                    old=before[case.id], new=case.due_date))


class GovCaseSuspension(models.Model):
    """A period the law excludes from the time limit (行政许可法 art. 45)."""
    _name = "gov.case.suspension"
    _description = "Case Suspension"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _gov_client_unlink = False
    _order = "case_id, start_date"

    case_id = fields.Many2one("gov.case", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(SUSPENSION_KINDS, "Kind", required=True, default="testing")
    reason = fields.Text("Reason", tracking=True)
    start_date = fields.Date("Start", required=True, default=fields.Date.context_today, tracking=True)
    end_date = fields.Date("End", readonly=True, tracking=True)
    state = fields.Selection([("running", "Running"), ("ended", "Ended")], default="running",
                             required=True, readonly=True, tracking=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    days = fields.Integer("Working Days", compute="_compute_days")

    def _working_days(self, today):
        """Working days of the suspension, start and end included (running: up to today)."""
        self.ensure_one()
        end = self.end_date or (today if self.state == "running" else self.start_date)
        if end < self.start_date:
            return 0
        return self.env["cn.holiday"].working_days_between(self.start_date - timedelta(days=1), end)

    def _compute_days(self):
        today = fields.Date.context_today(self)
        for rec in self:
            rec.days = rec._working_days(today) if rec.start_date else 0

    @api.model_create_multi
    def create(self, vals_list):
        check_group(self.env, "gov_hall.group_gov_back_office",
                    self.env._("Suspensions are decided by the back office."))
        for vals in vals_list:
            if not (vals.get("reason") or "").strip():
                raise UserError(self.env._("A suspension needs its reason (e.g. the hearing or the test "
                                           "that stops the clock)."))
        cases = self.env["gov.case"].browse({vals.get("case_id") for vals in vals_list})
        cases.check_access("write")
        cases._lock()
        records = super().create(vals_list)
        for rec in records:
            case = rec.case_id
            if case.state != "review":
                raise UserError(self.env._("Only a case in review can be suspended."))
            if len(case.suspension_ids.filtered(lambda s: s.state == "running")) > 1:
                raise UserError(self.env._("Case %(name)s is already suspended.", name=case.name))
            if rec.start_date < case.accepted_date:
                raise ValidationError(self.env._("A suspension cannot start before the acceptance."))
            case.message_post(body=self.env._("Time limit suspended from %(date)s: %(reason)s",
                                              date=rec.start_date, reason=rec.reason))
        return records

    def _gov_locked_fields(self):
        # the period that stops the clock is a legal fact once recorded
        return super()._gov_locked_fields() | {"case_id", "kind", "start_date"}

    def action_end(self, end_date=None):
        check_group(self.env, "gov_hall.group_gov_back_office", self.env._("Suspensions are ended by the back office."))
        self.case_id.check_access("write")
        self.case_id._lock()
        today = fields.Date.context_today(self)
        end = fields.Date.to_date(end_date) if end_date else today
        if end > today:
            raise ValidationError(self.env._("A suspension ends today or on a past day, not later."))
        for rec in self:
            if rec.state != "running" or rec.start_date > today:
                raise UserError(self.env._("This suspension has not started (or has already ended): "
                                           "nothing to end."))
            if end < rec.start_date:
                raise ValidationError(self.env._("A suspension cannot end before it starts."))
        self.sudo().write({"state": "ended", "end_date": end})
        for rec in self:
            rec.case_id.message_post(body=self.env._(
                "Suspension ended on %(date)s (%(days)s working days); new due date %(due)s.",
                date=end, days=rec.days, due=rec.case_id.due_date))
        return True


class GovCaseExtension(models.Model):
    """延期: requested with a reason, approved only by the Bureau, capped by law."""
    _name = "gov.case.extension"
    _description = "Case Extension"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _gov_client_unlink = False
    _order = "case_id, id"

    case_id = fields.Many2one("gov.case", required=True, ondelete="cascade", index=True)
    days = fields.Integer("Working Days", required=True, default=10, tracking=True)
    reason = fields.Text("Reason", required=True, tracking=True)
    state = fields.Selection([("requested", "Requested"), ("approved", "Approved"), ("rejected", "Rejected")],
                             default="requested", required=True, readonly=True, tracking=True)
    requested_by = fields.Many2one("res.users", default=lambda s: s.env.user, readonly=True)
    approved_by = fields.Many2one("res.users", readonly=True)
    decision_note = fields.Text("Bureau Note")

    @api.constrains("days", "case_id")
    def _check_days(self):
        for rec in self:
            cap = rec.case_id.item_id.extension_cap
            if rec.days <= 0:
                raise ValidationError(self.env._("An extension is a positive number of working days."))
            if rec.days > cap:
                raise ValidationError(self.env._(
                    "An extension of %(days)s working days exceeds the cap of %(cap)s working days set by "
                    "law for %(item)s.", days=rec.days, cap=cap, item=rec.case_id.item_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        cases = self.env["gov.case"].browse({vals.get("case_id") for vals in vals_list})
        cases.check_access("write")
        cases._lock()
        records = super().create(vals_list)
        for rec in records:
            case = rec.case_id
            if case.state != "review":
                raise UserError(self.env._("Only a case in review can be extended."))
            if not (rec.reason or "").strip():
                raise UserError(self.env._("An extension request needs its reason."))
            others = case.extension_ids.filtered(lambda e: e.state in ("requested", "approved")) - rec
            if len(others) >= case.item_id.max_extensions:
                raise UserError(self.env._(
                    "Case %(name)s already has its extension: %(item)s allows %(n)s.",
                    name=case.name, item=case.item_id.name, n=case.item_id.max_extensions))
            case.message_post(body=self.env._("Extension of %(days)s working days requested: %(reason)s",
                                              days=rec.days, reason=rec.reason))
        return records

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields() | {"case_id"}
        if any(rec.state != "requested" for rec in self):
            locked |= {"days", "reason", "decision_note"}
        return locked

    def _check_bureau(self):
        user = self.env.user
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Extensions are approved by the Bureau, never by the handling "
                    "department."))
        for rec in self:
            if rec.case_id.department_id in user.employee_ids.department_id:
                raise AccessError(self.env._(
                    "You belong to %(dept)s, which handles case %(name)s: its extension must be approved "
                    "by the Bureau.", dept=rec.case_id.department_id.name, name=rec.case_id.name))
            if rec.state != "requested":
                raise UserError(self.env._("This extension request is already decided."))

    def action_approve(self):
        self._check_bureau()
        self.sudo().write({"state": "approved", "approved_by": self.env.user.id})
        for rec in self:
            rec.case_id.message_post(body=self.env._(
                "Extension of %(days)s working days approved by the Bureau; new due date %(due)s.",
                days=rec.days, due=rec.case_id.due_date))
        return True

    def action_reject(self):
        self._check_bureau()
        self.sudo().write({"state": "rejected", "approved_by": self.env.user.id})
        return True
