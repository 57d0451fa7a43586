"""The roster meets Odoo HR: windows ask it who is on duty, check-ins are held to the shifts, and leave
of stationed staff is approved by the department's leader then the Bureau, with the window covered."""
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .gov_duty import CHECKIN_MARGIN, hall_date


class ResCompany(models.Model):
    _inherit = "res.company"

    gov_roster_enforced = fields.Boolean(
        "The Roster Governs the Windows", default=True,
        help="On: a clerk acts at a rostered window only on a rostered shift, checked in and not on leave, and "
             "check-ins are held to the shifts. Off: the windows' lists of clerks decide (leave still counts).")


class GovWindow(models.Model):
    _inherit = "gov.window"

    duty_shift_ids = fields.One2many("gov.duty.shift", "window_id", "Roster")

    def _gov_duty_problem(self, user, duty_message=None):
        Shift = self.env["gov.duty.shift"].sudo()
        if self.company_id.gov_roster_enforced and Shift.search_count([("window_id", "=", self.id)], limit=1):
            return Shift._duty_problem(self, user)
        # a window not (yet) rostered keeps its list of clerks, but nobody on leave acts there
        problem = super()._gov_duty_problem(user, duty_message)
        if problem:
            return problem
        leave = user.employee_ids._gov_leave_at(fields.Datetime.now())
        if leave:
            return self.env._("You are on approved leave (%(leave)s) and cannot act at window %(window)s.",
                              leave=leave[:1].holiday_status_id.name, window=self.display_name)
        return ""


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    gov_shift_ids = fields.One2many("gov.duty.shift", "employee_id", "Shifts", groups="hr.group_hr_user")

    def _gov_leave_at(self, start, end=None):
        """Approved leave of these employees overlapping [start, end] (a moment when no end)."""
        end = end or start
        return self.env["hr.leave"].sudo().search([("employee_id", "in", self.ids), ("state", "=", "validate"),
                                                    ("date_from", "<=", end), ("date_to", ">=", start)])

    def _gov_checked_in(self, when):
        return bool(self.env["hr.attendance"].sudo().search_count(
            [("employee_id", "in", self.ids), ("check_in", "<=", when), "|", ("check_out", "=", False),
             ("check_out", ">=", when)], limit=1))


class HrAttendance(models.Model):
    _inherit = "hr.attendance"

    @api.constrains("check_in", "employee_id")
    def _check_gov_shift(self):
        """A stationed clerk on the roster checks in for a shift, not at any hour."""
        Shift = self.env["gov.duty.shift"].sudo()
        for att in self:
            employee = att.employee_id.sudo()
            if not employee.gov_is_stationed or not employee.company_id.gov_roster_enforced:
                continue
            day = hall_date(att.check_in)
            shifts = Shift.search([("employee_id", "=", employee.id), ("date", "=", day)])
            if not shifts and not Shift.search_count([("employee_id", "=", employee.id)], limit=1):
                continue  # not on the roster at all (e.g. before the hall starts rostering)
            if not any(s.start - CHECKIN_MARGIN <= att.check_in <= s.end for s in shifts):
                local = fields.Datetime.context_timestamp(self.with_context(tz="Asia/Shanghai"), att.check_in)
                raise ValidationError(self.env._(
                    "%(name)s has no shift near %(time)s: a check-in counts from an hour before a rostered shift "
                    "until its end (%(shifts)s).", name=employee.name, time=local.strftime("%Y-%m-%d %H:%M"),
                    shifts="、".join(shifts.mapped("period_id.name")) or self.env._("no shift that day")))


class HrLeaveType(models.Model):
    _inherit = "hr.leave.type"

    gov_hall_type = fields.Boolean("Hall Leave Type",
                                   help="A leave type of the hall's stationed staff (事假, 病假, 年休假…).")


class HrLeave(models.Model):
    _inherit = "hr.leave"

    gov_cover_employee_id = fields.Many2one(
        "hr.employee", "Window Cover", tracking=True,
        help="顶岗: the clerk of the same department who takes the rostered shifts during the leave.")
    gov_shift_count = fields.Integer("Rostered Shifts", compute="_compute_gov_shift_count")
    gov_is_stationed = fields.Boolean("Stationed in the Hall", compute="_compute_gov_shift_count")

    @api.depends("employee_id", "date_from", "date_to")
    def _compute_gov_shift_count(self):
        for leave in self:
            leave.gov_is_stationed = leave.employee_id.sudo().gov_is_stationed
            leave.gov_shift_count = len(leave._gov_shifts()) if leave.date_from and leave.date_to else 0

    @api.constrains("employee_id", "holiday_status_id")
    def _check_gov_hall_type(self):
        """Stationed staff take the hall's leave types, whose approval runs through their leader and the Bureau."""
        for leave in self:
            if leave.employee_id.sudo().gov_is_stationed and not leave.holiday_status_id.gov_hall_type:
                raise ValidationError(self.env._(
                    "%(name)s is stationed in the hall: choose one of the hall's leave types (事假, 病假, 年休假…).",
                    name=leave.employee_id.name))

    def _gov_shifts(self):
        """Shifts still rostered to the employee during the leave."""
        self.ensure_one()
        return self.env["gov.duty.shift"].sudo().search([
            ("employee_id", "=", self.employee_id.id), ("start", "<", self.date_to), ("end", ">", self.date_from),
            ("status", "=", "planned")])

    def _gov_check_approval(self):
        """Stationed staff: the department's leader approves first, the Bureau second; the cover is arranged."""
        if self.env.su:
            return
        user = self.env.user
        for leave in self.filtered(lambda lv: lv.employee_id.sudo().gov_is_stationed):
            dept = leave.employee_id.sudo().department_id
            leaders = leave.employee_id.sudo().leave_manager_id | dept.gov_leader_id.user_id | dept.manager_id.user_id
            if leave.validation_type != "both":
                pass  # a one-step type: Odoo's own rule decides who approves
            elif leave.state == "confirm":
                if user not in leaders:
                    raise UserError(self.env._(
                        "Leave of stationed staff is approved first by the department's leader (%(names)s).",
                        names="、".join(leaders.mapped("name")) or "-"))
            elif leave.state == "validate1":
                if not user.has_group("gov_hall.group_gov_hr"):
                    raise UserError(self.env._("The Bureau (HR) gives the second approval of stationed staff's "
                                               "leave, after the department's leader."))
            shifts = leave._gov_shifts()
            if shifts:
                leave._gov_check_cover(shifts)

    def _gov_check_cover(self, shifts):
        cover = self.gov_cover_employee_id.sudo()
        if not cover:
            raise UserError(self.env._(
                "%(name)s is rostered for %(count)s shifts during this leave: name the clerk who covers the window "
                "before approving.", name=self.employee_id.name, count=len(shifts)))
        if cover == self.employee_id:
            raise UserError(self.env._("The cover is another clerk."))
        if cover.department_id != self.employee_id.department_id:
            raise UserError(self.env._("%(name)s is not of %(dept)s: the window is covered by the same department.",
                                       name=cover.name, dept=self.employee_id.department_id.name))
        if cover._gov_leave_at(self.date_from, self.date_to):
            raise UserError(self.env._("%(name)s is on leave too during this period.", name=cover.name))
        Shift = self.env["gov.duty.shift"].sudo()
        busy = Shift.search([("employee_id", "=", cover.id),
                             ("date", "in", shifts.mapped("date")), ("period_id", "in", shifts.period_id.ids)])
        clash = busy.filtered(lambda b: any(b.date == s.date and b.period_id == s.period_id for s in shifts))
        if clash:
            raise UserError(self.env._("%(name)s is rostered elsewhere at the same time: %(shifts)s.",
                                       name=cover.name, shifts="、".join(clash.mapped("display_name"))))

    def action_approve(self, check_state=True):
        self._gov_check_approval()
        res = super().action_approve(check_state)
        self._gov_hand_over()
        return res

    def _gov_hand_over(self):
        """Approved leave: the cover takes the rostered shifts."""
        for leave in self.filtered(lambda lv: lv.state == "validate" and lv.gov_cover_employee_id):
            shifts = leave._gov_shifts()
            for shift in shifts:
                shift.write({"original_employee_id": (shift.original_employee_id or shift.employee_id).id,
                             "employee_id": leave.gov_cover_employee_id.id, "cover_leave_id": leave.id})
            if shifts:
                leave.message_post(body=self.env._("%(count)s shifts handed to %(name)s for the leave.",
                                                   count=len(shifts), name=leave.gov_cover_employee_id.name))

    def action_refuse(self):
        res = super().action_refuse()
        # shifts handed over for a leave that no longer stands go back to the rostered clerk
        shifts = self.env["gov.duty.shift"].sudo().search([("cover_leave_id", "in", self.ids),
                                                          ("status", "=", "planned"),
                                                          ("start", ">", fields.Datetime.now())])
        for shift in shifts:
            shift.write({"employee_id": shift.original_employee_id.id, "cover_leave_id": False,
                         "original_employee_id": False})
        return res
