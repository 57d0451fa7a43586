"""Stationed staff (进驻人员): the Bureau's view of every clerk in the hall."""
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    gov_is_stationed = fields.Boolean("On the Hall's Roster", index=True, tracking=True, groups="hr.group_hr_user")
    gov_dispatch_department_id = fields.Many2one(
        "hr.department", "Dispatching Department", tracking=True, groups="hr.group_hr_user",
        help="派驻单位: the department that sends the employee to the hall and pays for the rotation.")
    gov_stationed_since = fields.Date("Stationed Since", tracking=True, groups="hr.group_hr_user")
    gov_stationed_until = fields.Date("Left the Hall On", tracking=True, groups="hr.group_hr_user")
    gov_window_id = fields.Many2one("gov.window", "Current Window", tracking=True, groups="hr.group_hr_user")
    gov_badge_number = fields.Char("Badge Number", tracking=True, groups="hr.group_hr_user", copy=False)
    gov_size_top = fields.Char("Uniform Size (Top)", groups="hr.group_hr_user")
    gov_size_bottom = fields.Char("Uniform Size (Trousers)", groups="hr.group_hr_user")
    gov_size_shoes = fields.Char("Shoe Size", groups="hr.group_hr_user")
    gov_stationed_duration = fields.Char("Time Stationed", compute="_compute_gov_stationed_duration",
                                         groups="hr.group_hr_user")
    gov_stationed_months = fields.Integer("Months Stationed", compute="_compute_gov_stationed_duration",
                                          groups="hr.group_hr_user")
    gov_uniform_ids = fields.One2many("gov.uniform.issue", "employee_id", "Uniforms", groups="hr.group_hr_user")
    gov_uniform_due = fields.Date("Uniform Replacement Due", compute="_compute_gov_uniform_due", store=True,
                                  groups="hr.group_hr_user")
    gov_training_hours = fields.Float("Training Hours", compute="_compute_gov_training_hours",
                                      groups="hr.group_hr_user")
    gov_training_ids = fields.Many2many("gov.training.session", "gov_training_attendee_rel", "employee_id",
                                        "session_id", "Training", groups="hr.group_hr_user")

    _gov_badge_uniq = models.UniqueIndex("(gov_badge_number) WHERE gov_badge_number IS NOT NULL",
                                         "Badge numbers are unique.")

    @api.depends("gov_stationed_since", "gov_stationed_until", "gov_is_stationed")
    def _compute_gov_stationed_duration(self):
        today = fields.Date.context_today(self)
        for emp in self:
            if not emp.gov_stationed_since:
                emp.gov_stationed_months = 0
                emp.gov_stationed_duration = False
                continue
            end = emp.gov_stationed_until if not emp.gov_is_stationed and emp.gov_stationed_until else today
            delta = relativedelta(end, emp.gov_stationed_since)
            emp.gov_stationed_months = max(delta.years * 12 + delta.months, 0)
            emp.gov_stationed_duration = self.env._("%(y)s years %(m)s months", y=delta.years, m=delta.months)

    @api.depends("gov_uniform_ids.date")
    def _compute_gov_uniform_due(self):
        for emp in self:
            last = max(emp.gov_uniform_ids.mapped("date"), default=False)
            emp.gov_uniform_due = last + relativedelta(years=2) if last else False

    @api.depends("gov_training_ids.hours")
    def _compute_gov_training_hours(self):
        for emp in self:
            emp.gov_training_hours = sum(emp.gov_training_ids.mapped("hours"))

    def _gov_stationed_years(self, day=None):
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        if not self.gov_stationed_since:
            return 0
        return relativedelta(day, self.gov_stationed_since).years

    def _gov_qr(self):
        from odoo.addons.gov_hall.tools.qr import qr_data_uri
        return qr_data_uri(f"{self.company_id.name} 工牌 {self.gov_badge_number or ''} {self.name} "
                           f"{self.department_id.name or ''}")

    def action_print_badge(self):
        return self.env.ref("gov_hall_staff.action_report_gov_badge").report_action(self)
