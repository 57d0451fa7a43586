"""整改: one rectification model for every problem found in the hall.

A problem (a bad rating, a callback, an inspection finding…) is handed to the department concerned with a
deadline in working days; the department reports what it changed; supervision accepts the report or returns
it. Open rectifications warn like cases (the same warning levels) and go red when overdue. Addons add their
sources (``source`` is extended with ``selection_add``) and link fields.
"""
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .gov_access import check_group, notify_users
from .gov_warning import LEVEL_ORDER

STATES = [("open", "Open"), ("reported", "Reported"), ("closed", "Accepted")]


class GovRectification(models.Model):
    _name = "gov.rectification"
    _description = "Rectification"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.rectification"
    _gov_client_create = False
    _gov_client_unlink = False
    _order = "deadline, id"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    source = fields.Selection([("supervision", "Supervision")], required=True, readonly=True,
                              default="supervision", index=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True, index=True)
    handler_id = fields.Many2one("res.users", "Handler", readonly=True, tracking=True)
    problem = fields.Text(readonly=True)
    limit_days = fields.Integer("Time Limit (working days)", readonly=True)
    deadline = fields.Date(required=True, readonly=True, tracking=True, index=True,
                           help="Counted in working days from the working-day calendar.")
    measures = fields.Text("Measures Taken", readonly=True)
    reported_at = fields.Datetime(readonly=True)
    reported_by_id = fields.Many2one("res.users", "Reported By", readonly=True)
    return_reason = fields.Text("Why It Was Returned", readonly=True, tracking=True)
    return_count = fields.Integer("Times Returned", readonly=True)
    accepted_by_id = fields.Many2one("res.users", "Accepted By", readonly=True)
    state = fields.Selection(STATES, default="open", required=True, readonly=True, tracking=True, index=True)
    warning_level = fields.Selection(
        [("normal", "Normal"), ("yellow", "Yellow"), ("orange", "Orange"), ("red", "Red (Overdue)")],
        "Warning Level", default="normal", readonly=True, index=True, tracking=True, copy=False)
    is_overdue = fields.Boolean("Overdue", compute="_compute_overdue", search="_search_overdue")

    @api.depends("deadline", "state")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for rec in self:
            rec.is_overdue = rec.state == "open" and rec.deadline < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue."))
        domain = [("state", "=", "open"), ("deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------ opening
    @api.model
    def _open(self, vals, days):
        """A rectification for ``vals['department_id']``, due ``days`` working days from today."""
        department = self.env["hr.department"].browse(vals["department_id"]).sudo()
        handler = self.env["res.users"].browse(vals["handler_id"]) if vals.get("handler_id") else \
            department.gov_leader_id.user_id or department.manager_id.user_id
        today = fields.Date.context_today(self)
        deadline = self.env["cn.holiday"].add_working_days(today, days)
        rec = self.sudo().create(dict(vals, handler_id=handler.id, deadline=deadline, limit_days=days))
        if handler:
            notify_users(rec, handler, self.env._("Rectify within %(days)s working days", days=days),
                         rec.problem, date_deadline=deadline)
        return rec

    # ------------------------------------------------------------------ actions
    def _check_handler(self):
        user = self.env.user
        for rec in self:
            if user != rec.handler_id and not user.has_group("gov_hall.group_gov_supervision") and \
                    rec.department_id not in user.employee_ids.department_id:
                raise UserError(self.env._("Only the handler, the department concerned or supervision reply to "
                                           "rectification %(name)s.", name=rec.name))

    def action_report(self, measures):
        """The department reports what it changed; supervision is asked to accept."""
        self._check_handler()
        if not (measures or "").strip():
            raise UserError(self.env._("Describe the measures taken."))
        for rec in self:
            if rec.state != "open":
                raise UserError(self.env._("Rectification %(name)s has been reported already: it is reported "
                                           "again only after supervision returns it.", name=rec.name))
        self.sudo().write({"measures": measures, "reported_at": fields.Datetime.now(),
                           "reported_by_id": self.env.user.id, "state": "reported"})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _check_supervision(self):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center accepts or returns rectifications."))
        if any(rec.state != "reported" for rec in self):
            raise UserError(self.env._("Supervision decides on a rectification after the department's report."))

    def action_accept(self):
        self._check_supervision()
        # the warning level stays as it was: a rectification accepted after going red was overdue
        self.sudo().write({"state": "closed", "accepted_by_id": self.env.user.id})
        return True

    def action_return(self, reason):
        """Not good enough: back to the department, by the same deadline."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the rectification is returned."))
        self._check_supervision()
        for rec in self:
            rec.sudo().write({"state": "open", "return_reason": reason, "return_count": rec.return_count + 1})
            if rec.handler_id:
                notify_users(rec.sudo(), rec.handler_id, self.env._("Rectification returned"), reason,
                             date_deadline=rec.deadline)
        return True

    def action_open_return(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.rectification.decision.wizard",
                "view_mode": "form", "target": "new",
                "context": {"default_rectification_id": self.id, "default_decision": "return"}}

    def action_open_report(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.rectification.decision.wizard",
                "view_mode": "form", "target": "new",
                "context": {"default_rectification_id": self.id, "default_decision": "report"}}

    # ------------------------------------------------------------------ warnings
    def _update_warning_levels(self):
        """Open rectifications warn like cases: the same levels, notified upwards once per level."""
        Holiday = self.env["cn.holiday"]
        Level = self.env["gov.warning.level"]
        levels = Level._levels()
        today = fields.Date.context_today(self)
        pending = defaultdict(list)
        raised = defaultdict(self.browse)
        for rec in self:
            if rec.state != "open":
                new = "normal"
            elif rec.deadline >= today:
                new = Level._level_for(levels, Holiday.working_days_between(today, rec.deadline),
                                       rec.limit_days or 15)
            else:
                new = "red"
            if new != rec.warning_level:
                pending[new].append(rec.id)
                if LEVEL_ORDER[new] > LEVEL_ORDER[rec.warning_level]:
                    raised[new] |= rec
        for level, ids in pending.items():
            self.browse(ids).sudo().write({"warning_level": level})
        labels = dict(self._fields["warning_level"]._description_selection(self.env))
        supervision = self.env.ref("gov_hall.group_gov_supervision").all_user_ids - self.env.ref("base.user_root")
        for code, recs in raised.items():
            level = levels.get(code)
            target = level.notify if level else {"yellow": "handler", "orange": "leader"}.get(code, "supervision")
            for rec in recs:
                users = rec.handler_id
                if target in ("leader", "supervision"):
                    users |= rec.department_id.sudo().gov_leader_id.user_id
                if target == "supervision":
                    users |= supervision
                summary = self.env._("Rectification warning: %(level)s", level=labels[code])
                note = self.env._("Rectification %(name)s is due on %(due)s.", name=rec.name, due=rec.deadline)
                rec.sudo().message_post(body=note)
                notify_users(rec.sudo(), users, summary, note, date_deadline=rec.deadline)

    @api.model
    def _cron_update_warnings(self):
        self.search([("state", "=", "open")])._update_warning_levels()
        return True
