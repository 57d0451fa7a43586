"""排班: who sits at which window, shift by shift, on the working days of China's calendar.

A clerk is on duty at a window when rostered there now, checked in (``hr_attendance``) and not on
approved leave (``hr_holidays``). Attendance is judged against the shifts: late arrival, early
leave, absence without leave (flagged daily to HR and the department).
"""
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group, notify_users
from odoo.exceptions import UserError, ValidationError

HALL_TZ = "Asia/Shanghai"
DUTY_MARGIN = timedelta(minutes=30)  # a clerk may act from 30 min before the shift to 30 min after it
CHECKIN_MARGIN = timedelta(hours=1)  # a check-in counts for a shift from an hour before its start
STATUSES = [("planned", "Planned"), ("present", "Present"), ("late", "Late"), ("early", "Left Early"),
            ("late_early", "Late and Left Early"), ("absent", "Absent without Leave"), ("leave", "On Leave")]


def hall_datetime(day, hour):
    """Naive UTC datetime of ``hour`` (float, hall time) on ``day``."""
    local = pytz.timezone(HALL_TZ).localize(datetime.combine(day, time()) + timedelta(minutes=round(hour * 60)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def hall_date(dt):
    """The hall's calendar date of a naive UTC datetime."""
    return pytz.utc.localize(dt).astimezone(pytz.timezone(HALL_TZ)).date()


class GovDutyPeriod(models.Model):
    _name = "gov.duty.period"
    _description = "Duty Period"
    _order = "sequence, start_hour"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    start_hour = fields.Float("Opens At", required=True, help="Hall time, e.g. 9.0 for 09:00.")
    end_hour = fields.Float("Closes At", required=True)
    late_grace = fields.Integer("Late After (minutes)", default=0,
                                help="A check-in this many minutes after the start is not yet late.")
    active = fields.Boolean(default=True)

    @api.constrains("start_hour", "end_hour")
    def _check_hours(self):
        for period in self:
            if not 0 <= period.start_hour < period.end_hour <= 24:
                raise ValidationError(self.env._("A duty period opens before it closes, within the day."))


class GovDutyShift(models.Model):
    _name = "gov.duty.shift"
    _description = "Window Duty Shift"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "date desc, start, window_id"
    _rec_name = "window_id"

    window_id = fields.Many2one("gov.window", "Window", required=True, index=True, tracking=True)
    employee_id = fields.Many2one("hr.employee", "Clerk", required=True, index=True, tracking=True)
    department_id = fields.Many2one("hr.department", "Department", related="employee_id.department_id",
                                    store=True, index=True)
    date = fields.Date(required=True, index=True)
    period_id = fields.Many2one("gov.duty.period", "Period", required=True, ondelete="restrict")
    start = fields.Datetime(compute="_compute_times", store=True, index=True)
    end = fields.Datetime(compute="_compute_times", store=True)
    original_employee_id = fields.Many2one("hr.employee", "Rostered Clerk", readonly=True,
                                           help="Whom the roster named before a swap or a leave cover.")
    cover_leave_id = fields.Many2one("hr.leave", "Covering Leave", readonly=True, index="btree_not_null")
    # figures of the attendance check (written by the daily check, never edited)
    check_in = fields.Datetime(readonly=True)
    check_out = fields.Datetime(readonly=True)
    late_minutes = fields.Integer("Minutes Late", readonly=True)
    early_minutes = fields.Integer("Minutes Left Early", readonly=True)
    status = fields.Selection(STATUSES, default="planned", required=True, readonly=True, index=True,
                              tracking=True)
    absence_flagged = fields.Boolean("Absence Reported", readonly=True)
    leave_id = fields.Many2one("hr.leave", "Leave", readonly=True)

    _employee_slot_uniq = models.UniqueIndex("(employee_id, date, period_id)",
                                             "A clerk has one shift per period and day.")

    def _compute_display_name(self):
        for shift in self:
            shift.display_name = f"{shift.date} {shift.period_id.name or ''} {shift.window_id.name or ''} " \
                                 f"{shift.employee_id.name or ''}".strip()

    @api.depends("date", "period_id.start_hour", "period_id.end_hour")
    def _compute_times(self):
        for shift in self:
            if shift.date and shift.period_id:
                shift.start = hall_datetime(shift.date, shift.period_id.start_hour)
                shift.end = hall_datetime(shift.date, shift.period_id.end_hour)
            else:
                shift.start = shift.end = False

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(shift.status != "planned" for shift in self):
            # what the attendance check judged stays as judged
            locked |= {"window_id", "employee_id", "date", "period_id"}
        return locked

    @api.constrains("date")
    def _check_workday(self):
        Holiday = self.env["cn.holiday"]
        for shift in self:
            if not Holiday.is_workday(shift.date):
                raise ValidationError(self.env._(
                    "%(date)s is a day off in China's working-day calendar: the hall is closed and nobody is "
                    "rostered.", date=shift.date))

    @api.constrains("employee_id", "date", "period_id")
    def _check_one_place(self):
        for shift in self:
            self._check_slot_free(shift.employee_id, shift.date, shift.period_id, shift)

    @api.model
    def _check_slot_free(self, employee, day, period, shift=None):
        other = self.sudo().search([("employee_id", "=", employee.id), ("date", "=", day),
                                    ("period_id", "=", period.id), ("id", "!=", shift.id if shift else 0)], limit=1)
        if other:
            raise ValidationError(self.env._(
                "%(name)s is already rostered at window %(window)s on %(date)s (%(period)s): one clerk sits "
                "at one window at a time.", name=employee.name, window=other.window_id.display_name,
                date=day, period=period.name))

    @api.model_create_multi
    def create(self, vals_list):
        # the roster is HR's, and a slot taken twice gets the clear message, not the index's
        if not self.env.su:
            check_group(self.env, "gov_hall.group_gov_hr", self.env._("The window roster is kept by HR."))
        seen = set()
        for vals in vals_list:
            key = (vals.get("employee_id"), str(vals.get("date")), vals.get("period_id"))
            if all(key) and key in seen:
                employee = self.env["hr.employee"].browse(vals["employee_id"])
                raise ValidationError(self.env._(
                    "%(name)s appears twice in the roster on %(date)s for the same period.",
                    name=employee.name, date=vals["date"]))
            seen.add(key)
        if len(vals_list) < 50:  # a generated month was checked against the month already
            for employee_id, day, period_id in filter(all, seen):
                self._check_slot_free(self.env["hr.employee"].browse(employee_id), day,
                                      self.env["gov.duty.period"].browse(period_id))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            check_group(self.env, "gov_hall.group_gov_hr", self.env._("The window roster is kept by HR."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_judged(self):
        if any(shift.status != "planned" for shift in self):
            raise UserError(self.env._("A shift whose attendance was checked stays on record."))

    # ------------------------------------------------------------------ on duty
    @api.model
    def _duty_problem(self, window, user, when=None):
        """Why ``user`` may not act at ``window`` at ``when`` (naive UTC), or ``""``."""
        when = when or fields.Datetime.now()
        employees = user.employee_ids
        shifts = self.sudo().search([("window_id", "=", window.id), ("employee_id", "in", employees.ids),
                                     ("start", "<=", when + DUTY_MARGIN), ("end", ">=", when - DUTY_MARGIN)])
        if not shifts:
            problem = self.env._("You are not rostered at window %(window)s now: the roster decides who acts at "
                                 "a window.", window=window.display_name)
        else:
            employee = shifts.employee_id[:1]
            leave = employee._gov_leave_at(when)
            if leave:
                problem = self.env._("You are on approved leave (%(leave)s) and cannot act at window %(window)s.",
                                     leave=leave.holiday_status_id.name, window=window.display_name)
            elif not employee._gov_checked_in(when):
                problem = self.env._("You have not checked in: check in at the hall's attendance kiosk first, then "
                                     "act at window %(window)s.", window=window.display_name)
            else:
                return ""
        department = window.department_id or employees.department_id[:1]
        others = self._on_duty_employees(department, when) - employees
        if others:
            problem += " " + self.env._("On duty now in %(dept)s: %(names)s.", dept=department.name,
                                        names="、".join(others.mapped("name")))
        elif department:
            problem += " " + self.env._("Nobody of %(dept)s is on duty now: call the department's leader.",
                                        dept=department.name)
        return problem

    @api.model
    def _on_duty_employees(self, department, when=None):
        """Clerks of ``department`` rostered now, checked in and not on leave."""
        when = when or fields.Datetime.now()
        shifts = self.sudo().search([("department_id", "=", department.id), ("start", "<=", when + DUTY_MARGIN),
                                     ("end", ">=", when - DUTY_MARGIN)])
        return shifts.employee_id.filtered(lambda e: e._gov_checked_in(when) and not e._gov_leave_at(when))

    # ------------------------------------------------------------------ attendance
    def _evaluate_attendance(self, now=None):
        """Judge each finished shift against check-ins and approved leave, in one pass for all."""
        now = now or fields.Datetime.now()
        shifts = self.sudo().filtered(lambda s: s.end and s.end <= now)
        if not shifts:
            return self.browse()
        employees = shifts.employee_id
        lo, hi = min(shifts.mapped("start")) - CHECKIN_MARGIN, max(shifts.mapped("end"))
        attendances = defaultdict(list)
        for att in self.env["hr.attendance"].sudo().search_fetch(
                [("employee_id", "in", employees.ids), ("check_in", "<", hi), "|", ("check_out", "=", False),
                 ("check_out", ">", lo)], ["employee_id", "check_in", "check_out"]):
            attendances[att.employee_id.id].append((att.check_in, att.check_out or now))
        leaves = defaultdict(list)
        for leave in self.env["hr.leave"].sudo().search_fetch(
                [("employee_id", "in", employees.ids), ("state", "=", "validate"), ("date_from", "<", hi),
                 ("date_to", ">", lo)], ["employee_id", "date_from", "date_to"]):
            leaves[leave.employee_id.id].append(leave)
        pending = defaultdict(list)
        absent = self.browse()
        for shift in shifts:
            start, end = shift.start, shift.end
            leave = next((lv for lv in leaves[shift.employee_id.id] if lv.date_from < end and lv.date_to > start),
                         None)
            spans = [(a, b) for a, b in attendances[shift.employee_id.id] if a < end and b > start - CHECKIN_MARGIN]
            vals = {"leave_id": leave.id if leave else False, "check_in": False, "check_out": False,
                    "late_minutes": 0, "early_minutes": 0}
            if leave:
                vals["status"] = "leave"
            elif not spans:
                vals["status"] = "absent"
            else:
                first_in, last_out = min(a for a, _b in spans), max(b for _a, b in spans)
                grace = timedelta(minutes=shift.period_id.late_grace)
                late = max(int((first_in - start - grace).total_seconds() // 60), 0) if first_in > start + grace \
                    else 0
                early = max(int((end - last_out).total_seconds() // 60), 0)
                vals.update(check_in=first_in, check_out=min(last_out, now), late_minutes=late,
                            early_minutes=early,
                            status={(False, False): "present", (True, False): "late", (False, True): "early",
                                    (True, True): "late_early"}[(bool(late), bool(early))])
            if vals["status"] == "absent" and not shift.absence_flagged:
                absent |= shift
            pending[tuple(sorted(vals.items()))].append(shift.id)
        for vals, ids in pending.items():
            self.browse(ids).sudo().write(dict(vals))
        absent._flag_absence()
        return shifts

    def _flag_absence(self):
        """Absent without leave: a to-do for HR and for the department's leader, once per shift."""
        if not self:
            return
        hr_users = self.env.ref("gov_hall.group_gov_hr").all_user_ids.filtered(lambda u: u.active and not u.share)
        hr_users -= self.env.ref("base.user_root")
        for shift in self.sudo():
            dept = shift.employee_id.department_id
            leaders = dept.gov_leader_id.user_id | dept.manager_id.user_id
            summary = self.env._("Absent without leave: %(name)s", name=shift.employee_id.name)
            note = self.env._("%(name)s did not check in for the shift %(shift)s and has no approved leave.",
                              name=shift.employee_id.name, shift=shift.display_name)
            shift.message_post(body=note)
            notify_users(shift, hr_users | leaders, summary, note)
        self.sudo().write({"absence_flagged": True})

    @api.model
    def _cron_check_attendance(self):
        """Daily after closing: judge today's shifts and re-judge the month's absences (late leave approvals)."""
        now = fields.Datetime.now()
        shifts = self.search([("end", "<=", now), ("end", ">=", now - relativedelta(days=31)),
                              ("status", "in", ("planned", "absent"))])
        shifts._evaluate_attendance(now)

    def action_evaluate(self):
        check_group(self.env, "gov_hall.group_gov_hr", self.env._("Attendance is checked by HR."))
        self._evaluate_attendance()
        return True

    # ------------------------------------------------------------------ generation
    @api.model
    def _generate(self, month, windows, periods, per_shift=0, replace=True):
        """A month of shifts from the rotation pattern, on working days (make-up workdays included).

        Shifts already swapped or covered stay; nobody is rostered during approved leave."""
        Holiday = self.env["cn.holiday"]
        first = month.replace(day=1)
        last = first + relativedelta(months=1, days=-1)
        domain = [("window_id", "in", windows.ids), ("date", ">=", first), ("date", "<=", last)]
        if replace:
            self.search([*domain, ("status", "=", "planned"), ("original_employee_id", "=", False),
                         ("start", ">", fields.Datetime.now())]).unlink()
        existing = self.search_fetch([("date", ">=", first), ("date", "<=", last)],
                                     ["employee_id", "original_employee_id", "date", "period_id", "window_id"])
        # a clerk who handed a shift over (swap, leave cover) does not get that slot back
        taken = {(e.id, s.date, s.period_id.id) for s in existing for e in s.employee_id | s.original_employee_id}
        seats = defaultdict(int)
        for s in existing:
            seats[s.window_id.id, s.date, s.period_id.id] += 1
        staff_all = windows.employee_ids
        leaves = self.env["hr.leave"].sudo().search_fetch(
            [("employee_id", "in", staff_all.ids), ("state", "=", "validate"),
             ("date_from", "<=", hall_datetime(last, 24)), ("date_to", ">=", hall_datetime(first, 0))],
            ["employee_id", "date_from", "date_to"])
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        workdays = [d for d in days if Holiday.is_workday(d)]
        vals_list = []
        for window in windows:
            staff = window.employee_ids.filtered("active").sorted("id")
            if not staff:
                continue
            count = len(staff) if not per_shift or per_shift >= len(staff) else per_shift
            for index, day in enumerate(workdays):
                chosen = [staff[(index * count + k) % len(staff)] for k in range(count)]
                for period in periods:
                    start, end = hall_datetime(day, period.start_hour), hall_datetime(day, period.end_hour)
                    for employee in chosen:
                        key = (employee.id, day, period.id)
                        if key in taken or seats[window.id, day, period.id] >= count or any(
                                lv.employee_id == employee and lv.date_from < end and lv.date_to > start
                                for lv in leaves):
                            continue
                        taken.add(key)
                        seats[window.id, day, period.id] += 1
                        vals_list.append({"window_id": window.id, "employee_id": employee.id, "date": day,
                                          "period_id": period.id})
        return self.with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)

    # ------------------------------------------------------------------ sheet
    @api.model
    def _sheet_rows(self, department, month):
        """Per clerk of ``department`` in the month of ``month``: the monthly attendance sheet's figures.

        A shift handed to a colleague for approved leave counts as leave of the clerk it was rostered to."""
        first = month.replace(day=1)
        last = first + relativedelta(months=1, days=-1)
        in_month = [("date", ">=", first), ("date", "<=", last)]
        Shift = self.sudo()
        rows = {}

        def row_of(employee):
            return rows.setdefault(employee, {
                "employee": employee, "shifts": 0, "present": 0, "late": 0, "early": 0, "absent": 0, "leave": 0,
                "planned": 0, "attended": 0, "late_minutes": 0, "early_minutes": 0, "leave_kinds": {}})

        for employee, status, count, late, early in Shift._read_group(
                [("department_id", "=", department.id), *in_month],
                ["employee_id", "status"], ["__count", "late_minutes:sum", "early_minutes:sum"]):
            row = row_of(employee)
            row["shifts"] += count
            row["late_minutes"] += late
            row["early_minutes"] += early
            if status in ("present", "late", "early", "late_early"):
                row["attended"] += count
            if status == "late_early":
                row["late"] += count
                row["early"] += count
            else:
                row[status] += count
        for employee, leave_type, count in Shift._read_group(
                [("original_employee_id.department_id", "=", department.id), ("cover_leave_id", "!=", False),
                 *in_month], ["original_employee_id", "cover_leave_id.holiday_status_id"], ["__count"]):
            row = row_of(employee)
            row["shifts"] += count
            row["leave"] += count
            row["leave_kinds"][leave_type.name] = row["leave_kinds"].get(leave_type.name, 0) + count
        for employee, leave_type, count in Shift._read_group(
                [("department_id", "=", department.id), ("status", "=", "leave"), *in_month],
                ["employee_id", "leave_id.holiday_status_id"], ["__count"]):
            kinds = row_of(employee)["leave_kinds"]
            kinds[leave_type.name] = kinds.get(leave_type.name, 0) + count
        return sorted(rows.values(), key=lambda r: r["employee"].name or "")


class GovDutySwap(models.Model):
    _name = "gov.duty.swap"
    _description = "Shift Swap"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "id desc"
    _gov_client_unlink = False

    shift_id = fields.Many2one("gov.duty.shift", "Shift", required=True, index=True)
    employee_id = fields.Many2one("hr.employee", "Rostered Clerk", related="shift_id.employee_id")
    new_employee_id = fields.Many2one("hr.employee", "Takes the Shift", required=True, tracking=True)
    reason = fields.Text(required=True)
    state = fields.Selection([("submitted", "Awaiting the Leader"), ("approved", "Approved"),
                              ("refused", "Refused")], default="submitted", required=True, readonly=True,
                             tracking=True, index=True)
    approver_id = fields.Many2one("res.users", "Decided By", readonly=True)

    def _gov_locked_fields(self):
        return super()._gov_locked_fields() | {"shift_id", "new_employee_id", "reason"}

    @api.model_create_multi
    def create(self, vals_list):
        swaps = super().create(vals_list)
        user = self.env.user
        for swap in swaps:
            if swap.shift_id.employee_id.user_id != user and not user.has_group("gov_hall.group_gov_hr"):
                raise UserError(self.env._("A swap is asked for by the rostered clerk or by HR."))
            swap._check_swap()
            leaders = swap._leader_users()
            notify_users(swap, leaders, self.env._("Shift swap to approve"), swap.shift_id.display_name)
        return swaps

    def _leader_users(self):
        dept = self.shift_id.employee_id.department_id.sudo()
        return dept.gov_leader_id.user_id | dept.manager_id.user_id

    def _check_swap(self):
        for swap in self.sudo():
            shift, new = swap.shift_id, swap.new_employee_id
            if shift.status != "planned" or shift.start <= fields.Datetime.now():
                raise UserError(self.env._("Only a shift still to come is swapped."))
            if new == shift.employee_id:
                raise UserError(self.env._("A swap hands the shift to another clerk."))
            if new.department_id != shift.employee_id.department_id:
                raise UserError(self.env._("%(name)s is not of %(dept)s: a shift is swapped within the department.",
                                           name=new.name, dept=shift.employee_id.department_id.name))
            if new._gov_leave_at(shift.start, shift.end):
                raise UserError(self.env._("%(name)s is on leave then.", name=new.name))

    def action_approve(self):
        return self._decide("approved")

    def action_refuse(self):
        return self._decide("refused")

    def _decide(self, state):
        user = self.env.user
        for swap in self:
            if swap.state != "submitted":
                raise UserError(self.env._("This swap has been decided already."))
            if user not in swap._leader_users() and not user.has_group("gov_hall.group_gov_bureau_manager"):
                raise UserError(self.env._("A shift swap is approved by the department's leader."))
            if state == "approved":
                swap._check_swap()
                shift = swap.shift_id.sudo()
                shift.write({"original_employee_id": (shift.original_employee_id or shift.employee_id).id,
                             "employee_id": swap.new_employee_id.id})
            swap.sudo().write({"state": state, "approver_id": user.id})
            swap.activity_unlink(["mail.mail_activity_data_todo"])
        return True
