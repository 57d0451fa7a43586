"""分级预警: warning levels by the share of working days left, escalating upwards."""
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEVEL_ORDER = {"normal": 0, "yellow": 1, "orange": 2, "red": 3}


class GovWarningLevel(models.Model):
    _name = "gov.warning.level"
    _description = "Warning Level"
    _order = "sequence"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection([("yellow", "Yellow"), ("orange", "Orange"), ("red", "Red (Overdue)")],
                            required=True)
    sequence = fields.Integer(default=10)
    share_left = fields.Float(
        "Share of Time Left ≤", digits=(3, 2),
        help="The level applies when the working days left are at most this share of the time limit "
             "(0.5 = half). Ignored for red, which means overdue.")
    days_left = fields.Integer("Or Working Days Left ≤", default=-1,
                               help="The level also applies at this many working days left or fewer "
                                    "(-1: not used).")
    notify = fields.Selection([("handler", "Handler"), ("leader", "Leader in Charge"),
                               ("supervision", "Supervision Center")], required=True, default="handler")
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE (code)", "Each warning level appears once.")

    @api.constrains("share_left")
    def _check_share(self):
        for level in self:
            if not 0 <= level.share_left <= 1:
                raise ValidationError(self.env._("The share of time left is between 0 and 1."))

    @api.model
    def _levels(self):
        return {lvl.code: lvl for lvl in self.search([])}

    @api.model
    def _level_for(self, levels, left, limit):
        """Code of the level for ``left`` working days out of ``limit``."""
        if left < 0:
            return "red"
        for code in ("orange", "yellow"):
            lvl = levels.get(code)
            if not lvl:
                continue
            share = left / limit if limit else 0.0
            if share <= lvl.share_left or (lvl.days_left >= 0 and left <= lvl.days_left):
                return code
        return "normal"


class GovCase(models.Model):
    _inherit = "gov.case"

    warning_level = fields.Selection(
        [("normal", "Normal"), ("yellow", "Yellow"), ("orange", "Orange"), ("red", "Red (Overdue)")],
        "Warning Level", default="normal", readonly=True, index=True, tracking=True, copy=False)
    days_overdue = fields.Integer("Working Days Overdue", readonly=True, copy=False)

    def _handler_users(self):
        self.ensure_one()
        return (self.step_ids.sorted("date")[-1:].user_id or self.clerk_id)

    def _update_warning_levels(self):
        """Recompute time used/left and the warning level; notify each level change once."""
        Holiday = self.env["cn.holiday"]
        Level = self.env["gov.warning.level"]
        levels = Level._levels()
        today = fields.Date.context_today(self)
        self.filtered("is_suspended")._recompute_due()
        changes = {}
        pending = defaultdict(list)  # identical values are written in one batch
        for case in self:
            if case.is_suspended or not case.due_date:
                new, overdue = "normal", 0
            else:
                limit = case.promised_limit + case.extension_days
                if case.due_date >= today:
                    left, overdue = Holiday.working_days_between(today, case.due_date), 0
                else:
                    overdue = Holiday.working_days_between(case.due_date, today)
                    left = -overdue
                new = Level._level_for(levels, left, limit)
            used = max(Holiday.working_days_between(case.accepted_date, today) - case.suspended_days, 0) \
                if case.accepted_date else 0
            vals = {}
            if case.time_used_days != used:
                vals["time_used_days"] = used
            if case.days_overdue != overdue:
                vals["days_overdue"] = overdue
            if case.warning_level != new:
                vals["warning_level"] = new
                if LEVEL_ORDER[new] > LEVEL_ORDER[case.warning_level]:
                    changes.setdefault(new, self.browse())
                    changes[new] |= case
            if vals:
                pending[tuple(sorted(vals.items()))].append(case.id)
        for vals, ids in pending.items():
            # figures of the warning job, not anyone's edit
            self.browse(ids).sudo().write(dict(vals))
        for code, cases in changes.items():
            cases._notify_level(levels.get(code), code)
        overdue_cases = changes.get("red")
        if overdue_cases:
            self.env["gov.accountability"]._create_for_overdue(overdue_cases)

    def _notify_level(self, level, code):
        labels = dict(self._fields["warning_level"]._description_selection(self.env))
        target = level.notify if level else {"yellow": "handler", "orange": "leader"}.get(code, "supervision")
        for case in self:
            if target == "handler":
                users = case._handler_users()
            elif target == "leader":
                users = case._leader_users() | case._handler_users()
            else:
                users = case._supervision_users() | case._leader_users()
            case.message_post(body=self.env._(
                "Warning level %(level)s: %(left)s working days left before the due date %(due)s.",
                level=labels[code], left=max(case.time_left_days, 0), due=case.due_date))
            case._notify_up(self.env._("Time limit warning: %(level)s", level=labels[code]),
                            self.env._("Case %(name)s is due on %(due)s.", name=case.name, due=case.due_date),
                            users)

    @api.model
    def _cron_update_warnings(self, batch=1000):
        """One job for the whole city: open cases in batches, committed between batches."""
        domain = [("state", "=", "review"), ("due_date", "!=", False)]
        last_id = 0
        total = self.search_count(domain)
        done = 0
        while True:
            cases = self.search([*domain, ("id", ">", last_id)], order="id", limit=batch)
            if not cases:
                break
            cases._update_warning_levels()
            last_id = cases[-1].id
            done += len(cases)
            if not self.env["ir.cron"]._gov_progress(len(cases), max(total - done, 0)):
                break
        return True

