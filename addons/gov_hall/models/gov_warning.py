"""分级预警: warning levels by the share of working days left, escalating upwards."""
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .gov_case import notify_users_batch

LEVEL_ORDER = {"normal": 0, "yellow": 1, "orange": 2, "red": 3}
FIGURE_BATCH = 20000  # cases whose daily figures are written per statement (and committed per batch)


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

    def _update_warning_levels(self, progress=None):
        """Recompute time used/left and the warning level; notify each level change once.

        Set-based: one grouped read of the cases (by due date, acceptance date, limit and current figures),
        the working days counted once per distinct date and the level once per (days left, limit). The level
        changes are written, logged, notified and sent to accountability together; then the day's figures of
        the other cases are written in batches. ``progress(done, remaining)`` (the cron's commit between
        batches) returns a false value to stop: the next run finishes, as it finds the same figures to write."""
        if not self:
            return
        Holiday = self.env["cn.holiday"]
        Level = self.env["gov.warning.level"]
        levels = Level._levels()
        today = fields.Date.context_today(self)
        cases = self.sudo()  # figures of the warning job, not anyone's edit
        suspended = cases.search([("id", "in", self.ids), ("is_suspended", "=", True)])
        if suspended:
            suspended._recompute_due()
        groups = cases._read_group(
            [("id", "in", self.ids)],
            ["is_suspended", "due_date:day", "accepted_date:day", "promised_limit", "extension_days",
             "suspended_days", "time_used_days", "days_overdue", "warning_level"],
            ["id:array_agg"])
        ahead, behind, used_since, level_of = {}, {}, {}, {}
        rises = defaultdict(list)
        level_writes = defaultdict(list)  # identical values are written in one batch
        figures = []  # (id, time used, days overdue) of the cases whose level stays
        for (is_suspended, due, accepted, promised, extension, suspended_days, used_now, overdue_now,
             stored_level, ids) in groups:
            if is_suspended or not due:
                new, overdue = "normal", 0
            else:
                limit = (promised or 0) + (extension or 0)
                if due >= today:
                    if due not in ahead:
                        ahead[due] = Holiday.working_days_between(today, due)
                    left, overdue = ahead[due], 0
                else:
                    if due not in behind:
                        behind[due] = Holiday.working_days_between(due, today)
                    overdue = behind[due]
                    left = -overdue
                if (left, limit) not in level_of:
                    level_of[left, limit] = Level._level_for(levels, left, limit)
                new = level_of[left, limit]
            if accepted and accepted not in used_since:
                used_since[accepted] = Holiday.working_days_between(accepted, today)
            used = max(used_since[accepted] - (suspended_days or 0), 0) if accepted else 0
            level_now = stored_level or "normal"
            if level_now != new:
                level_writes[used, overdue, new] += ids
                if LEVEL_ORDER[new] > LEVEL_ORDER[level_now]:
                    rises[new] += ids
            elif (used_now or 0) != used or (overdue_now or 0) != overdue:
                figures += [(id_, used, overdue) for id_ in ids]

        for (used, overdue, new), ids in level_writes.items():
            cases.browse(sorted(ids)).write({"time_used_days": used, "days_overdue": overdue, "warning_level": new})
        notices = []
        for code in ("yellow", "orange", "red"):
            if rises.get(code):
                notices += self.browse(sorted(rises[code]))._notify_level(levels.get(code), code, summarize=False)
        notify_users_batch(self.env, notices)
        if rises.get("red"):
            # the records tell supervision in one batch too (``_notify_supervision``)
            self.env["gov.accountability"]._create_for_overdue(self.browse(sorted(rises["red"])))
        changed = sum(len(ids) for ids in level_writes.values())
        if progress and changed and not progress(changed, len(figures)):
            return

        # the day's figures of the other cases: nothing is tracked, logged or computed from them, and a
        # working day changes them all, so they go in plain batched updates
        self.flush_model(["time_used_days", "days_overdue"])
        for start in range(0, len(figures), FIGURE_BATCH):
            batch = figures[start:start + FIGURE_BATCH]
            self.env.cr.execute("""
                UPDATE gov_case c SET time_used_days = v.used, days_overdue = v.overdue,
                                      write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::int[], %s::int[]) AS v(id, used, overdue)
                 WHERE c.id = v.id""", [self.env.uid, self.env.cr.now(), *map(list, zip(*batch))])
            self.invalidate_model(["time_used_days", "days_overdue", "write_uid", "write_date"])
            if progress and not progress(len(batch), len(figures) - start - len(batch)):
                return

    def _notify_level(self, level, code, summarize=True):
        """Log the warning on each case and give its people a to-do; ``summarize=False`` returns the
        to-dos (``notify_users_batch`` entries) instead, for the caller to schedule with others."""
        labels = dict(self._fields["warning_level"]._description_selection(self.env))
        target = level.notify if level else {"yellow": "handler", "orange": "leader"}.get(code, "supervision")
        supervision = self._supervision_users() if target == "supervision" else self.env["res.users"]
        summary = self.env._("Time limit warning: %(level)s", level=labels[code])
        bodies, notices = {}, []
        for case in self:
            if target == "handler":
                users = case._handler_users()
            elif target == "leader":
                users = case._leader_users() | case._handler_users()
            else:
                users = supervision | case._leader_users()
            bodies[case.id] = self.env._(
                "Warning level %(level)s: %(left)s working days left before the due date %(due)s.",
                level=labels[code], left=max(case.time_left_days, 0), due=case.due_date)
            notices.append((case, users, summary,
                            self.env._("Case %(name)s is due on %(due)s.", name=case.name, due=case.due_date)))
        self._log_batch(bodies)
        if not summarize:
            return notices
        notify_users_batch(self.env, notices)
        return True

    @api.model
    def _cron_update_warnings(self):
        """One job for the whole city, set-based (see ``_update_warning_levels``), committed between
        batches when the scheduler runs it."""
        cases = self.search([("state", "=", "review"), ("due_date", "!=", False)], order="id")
        cases._update_warning_levels(progress=self.env["ir.cron"]._gov_progress)
        return True
