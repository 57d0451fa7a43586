from datetime import date

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import cn_holidays
from ..tools.workdays import MAX_SPAN_DAYS, MAX_WORKING_DAYS, WorkCalendar, to_date


class GovCalendarYear(models.Model):
    """One calendar year of China's working-day calendar."""
    _name = "cn.calendar.year"
    _description = "Working-day Calendar Year"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name desc"

    name = fields.Integer("Year", required=True)
    state = fields.Selection(
        [("provisional", "Provisional"), ("official", "Official")], default="provisional",
        required=True, tracking=True,
        help="Provisional: statutory holidays computed until the State Council publishes the "
             "year's schedule. Official: the published schedule is entered.")
    exception_ids = fields.One2many("cn.holiday", "year_id", "Exceptions")
    holiday_count = fields.Integer(compute="_compute_counts", string="Days Off")
    workday_count = fields.Integer(compute="_compute_counts", string="Make-up Workdays")
    note = fields.Text()

    _name_uniq = models.Constraint("UNIQUE (name)", "Each year appears once in the calendar.")

    @api.depends("exception_ids.kind")
    def _compute_counts(self):
        for year in self:
            year.holiday_count = len(year.exception_ids.filtered(lambda e: e.kind == "holiday"))
            year.workday_count = len(year.exception_ids.filtered(lambda e: e.kind == "workday"))

    def _compute_display_name(self):
        for year in self:
            year.display_name = str(year.name)

    @api.model
    def _get_or_create(self, year):
        rec = self.search([("name", "=", year)], limit=1)
        return rec or self.create({"name": year})

    def _check_manager(self):
        if not self.env.user.has_group("cn_workday.group_workday_manager"):
            raise AccessError(self.env._("Only working-day calendar managers maintain the calendar."))

    def action_reseed(self):
        """Replace the year's exceptions by the official schedule, or the provisional one."""
        self._check_manager()
        for year in self:
            year._seed()
        return True

    def _seed(self):
        self.ensure_one()
        official = cn_holidays.official_exceptions(self.name)
        if official is not None:
            exceptions, source, state = official, "official", "official"
        else:
            exceptions = cn_holidays.statutory_exceptions(self.name)
            source, state = "statutory", "provisional"
        self.exception_ids.unlink()
        self.env["cn.holiday"].create([{
            "date": day, "kind": "workday" if on else "holiday", "name": name,
            "source": source, "year_id": self.id,
        } for day, (on, name) in exceptions.items()])
        self.write({"state": state})
        self.message_post(body=self.env._(
            "Calendar seeded: %(count)s exceptions (%(origin)s).", count=len(exceptions),
            origin=dict(self.env["cn.holiday"]._fields["source"]._description_selection(self.env))[source]))
        self.env["cn.holiday"]._calendar_changed([self.name])

    def action_set_official(self):
        """The Bureau has entered the published schedule: the year is no longer provisional."""
        self._check_manager()
        self.write({"state": "official"})
        for year in self:
            year.activity_feedback(["cn_workday.mail_act_calendar_schedule"])
        self.env["cn.holiday"]._calendar_changed(self.mapped("name"))
        return True

    @api.model
    def _seed_default_years(self):
        """Seed every year the official schedule knows from 2025 on, and the next one."""
        years = {y for y in cn_holidays.official_years() if y >= 2025}
        years.add(max(years | {fields.Date.today().year}) + 1)
        existing = set(self.search([]).mapped("name"))
        for year in sorted(years - existing):
            self.create({"name": year})._seed()

    @api.model
    def _cron_schedule_reminder(self):
        """Every November: ask the calendar managers to enter next year's official schedule."""
        today = fields.Date.context_today(self)
        if today.month != 11:
            return
        year = self._get_or_create(today.year + 1)
        if not year.exception_ids:
            year._seed()
        if year.state == "official":
            return
        managers = self.env.ref("cn_workday.group_workday_manager").all_user_ids.filtered(
            lambda u: u.active and not u.share)
        planned = year.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("cn_workday.mail_act_calendar_schedule"))
        for user in managers - planned.user_id:
            year.activity_schedule(
                "cn_workday.mail_act_calendar_schedule", date_deadline=date(today.year, 12, 31),
                user_id=user.id,
                note=self.env._("Enter the State Council's %(year)s holiday schedule (holidays "
                                "and make-up workdays), then mark the year official.",
                                year=year.name))


class GovHoliday(models.Model):
    """An exception to Monday-Friday: a day off on a weekday, or a make-up workday."""
    _name = "cn.holiday"
    _description = "Calendar Exception"
    _order = "date"

    date = fields.Date(required=True, index=True)
    kind = fields.Selection([("holiday", "Day Off"), ("workday", "Make-up Workday")],
                            required=True, default="holiday")
    name = fields.Char("Occasion", required=True)
    source = fields.Selection(
        [("official", "Official Schedule"), ("statutory", "Statutory (Provisional)"),
         ("manual", "Entered by the Bureau")], default="manual", required=True)
    year_id = fields.Many2one("cn.calendar.year", "Year", required=True, ondelete="cascade",
                              index=True)
    year_state = fields.Selection(related="year_id.state", string="Year Status")
    weekday = fields.Char(compute="_compute_weekday")

    _date_uniq = models.Constraint("UNIQUE (date)", "A date can carry only one exception.")

    @api.depends("date")
    def _compute_weekday(self):
        names = ["一", "二", "三", "四", "五", "六", "日"]
        for rec in self:
            rec.weekday = f"周{names[rec.date.weekday()]}" if rec.date else False

    @api.constrains("date", "kind")
    def _check_kind(self):
        for rec in self:
            weekend = rec.date.weekday() >= 5
            if rec.kind == "workday" and not weekend:
                raise ValidationError(self.env._(
                    "%(date)s is a weekday already: only a Saturday or Sunday can be a make-up "
                    "workday.", date=rec.date))
            if rec.kind == "holiday" and weekend:
                raise ValidationError(self.env._(
                    "%(date)s is a weekend day already: enter days off on weekdays only.",
                    date=rec.date))

    @api.constrains("date", "year_id")
    def _check_year(self):
        for rec in self:
            if rec.date.year != rec.year_id.name:
                raise ValidationError(self.env._(
                    "%(date)s does not belong to the calendar year %(year)s.",
                    date=rec.date, year=rec.year_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        Year = self.env["cn.calendar.year"]
        for vals in vals_list:
            if vals.get("date") and not vals.get("year_id"):
                vals["year_id"] = Year._get_or_create(fields.Date.to_date(vals["date"]).year).id
        records = super().create(vals_list)
        self._calendar_changed({d.year for d in records.mapped("date")})
        return records

    def write(self, vals):
        years = set({d.year for d in self.mapped("date")})
        res = super().write(vals)
        self._calendar_changed(years | set({d.year for d in self.mapped("date")}))
        return res

    def unlink(self):
        years = set({d.year for d in self.mapped("date")})
        res = super().unlink()
        self._calendar_changed(years)
        return res

    # ----------------------------------------------------------- calendar
    @api.model
    def _calendar_changed(self, years):
        """Hook: the exceptions of ``years`` changed (an addon counting working days, such as the hall's
        cases, recomputes its dates by overriding it)."""
        self.env.registry.clear_cache()

    @tools.ormcache("year")
    def _exceptions_for_year(self, year):
        """``{date: is_workday}``; a year not in the calendar is computed provisionally."""
        self.env.cr.execute("SELECT 1 FROM cn_calendar_year WHERE name = %s", [year])
        if self.env.cr.fetchone():
            rows = self.sudo().search_fetch([("year_id.name", "=", year)], ["date", "kind"])
            return {r.date: r.kind == "workday" for r in rows}
        return {d: on for d, (on, _n) in cn_holidays.statutory_exceptions(year).items()}

    @api.model
    def _work_calendar(self):
        return WorkCalendar(self._exceptions_for_year)

    @api.model
    def is_provisional(self, day):
        """True when ``day`` lies in a year whose official schedule is not entered yet."""
        return to_date(day).year not in self._official_years()

    @tools.ormcache()
    def _official_years(self):
        """Years whose official schedule is entered (cache cleared by ``_calendar_changed``)."""
        years = self.env["cn.calendar.year"].sudo().search_fetch([("state", "=", "official")], ["name"])
        return frozenset(years.mapped("name"))

    @api.model
    def add_working_days(self, start, n):
        """The n-th working day strictly after ``start`` (ISO string or date); n = 0 gives start.

        Returns an ISO date string (callable over JSON-RPC).
        """
        n = int(n)
        if n < 0:
            raise UserError(self.env._("The number of working days cannot be negative."))
        if n > MAX_WORKING_DAYS:
            raise UserError(self.env._("At most %(max)s working days can be counted at once.",
                                       max=MAX_WORKING_DAYS))
        return self._work_calendar().add_working_days(to_date(start), n).isoformat()

    @api.model
    def working_days_between(self, start, end):
        """Working days in (start, end]; 0 when end <= start."""
        start, end = to_date(start), to_date(end)
        if (end - start).days > MAX_SPAN_DAYS:
            raise UserError(self.env._("At most %(max)s days apart: the dates are too far from each other.",
                                       max=MAX_SPAN_DAYS))
        return self._work_calendar().working_days_between(start, end)

    @api.model
    def is_workday(self, day):
        return self._work_calendar().is_workday(to_date(day))
