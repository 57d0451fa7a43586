"""Conduct of stationed staff (commendations and violations, which the employee may answer) and the hall's
activities (study visits, post-building, Party and league life, leaders' window visits)."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import notify_users
from odoo.exceptions import AccessError, UserError, ValidationError

CONDUCT_CATEGORIES = [
    ("dress", "Dress and Badge"), ("discipline", "Work Discipline"), ("manner", "Service Manner"),
    ("absence", "Absence from the Window"), ("side_post", "Side Post during the Stint"),
    ("home_meeting", "Home-Unit Meeting during the Stint"), ("service", "Good Service"), ("other", "Other"),
]


class GovConductRecord(models.Model):
    _name = "gov.conduct.record"
    _description = "Conduct Record"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "date desc, id desc"
    _gov_client_unlink = False

    employee_id = fields.Many2one("hr.employee", "Employee", required=True, index=True, tracking=True)
    department_id = fields.Many2one("hr.department", "Department", compute="_compute_department_id", store=True,
                                    index=True)
    window_id = fields.Many2one("gov.window", "Window")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    kind = fields.Selection([("commendation", "Commendation"), ("violation", "Violation")], required=True,
                            default="violation", tracking=True, index=True)
    category = fields.Selection(CONDUCT_CATEGORIES, required=True, default="discipline", tracking=True)
    rule = fields.Char("Rule Concerned", help="The rule broken, or the standard met for a commendation.")
    description = fields.Text("What Happened", required=True)
    points = fields.Float("Points", tracking=True,
                          help="Plus for a commendation, minus for a violation; the assessment adds them up.")
    evidence_ids = fields.Many2many("ir.attachment", string="Evidence")
    found_by_id = fields.Many2one("res.users", "Found By", readonly=True)
    state = fields.Selection([("draft", "Draft"), ("confirmed", "Confirmed"), ("answered", "Answered")],
                             default="draft", required=True, readonly=True, tracking=True, index=True)
    answer = fields.Text("Employee's Answer", readonly=True)
    answered_at = fields.Datetime(readonly=True)

    @api.depends("employee_id")
    def _compute_department_id(self):
        for rec in self:
            rec.department_id = rec.employee_id.sudo().department_id

    def _compute_display_name(self):
        labels = dict(self._fields["category"]._description_selection(self.env))
        for rec in self:
            rec.display_name = f"{rec.employee_id.name or ''} {labels.get(rec.category, '')} {rec.date or ''}"

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state != "draft" for rec in self):
            locked |= {"employee_id", "window_id", "date", "kind", "category", "rule", "description", "points",
                       "evidence_ids"}
        return locked

    def _gov_prepare_vals(self, vals_list):
        for vals in vals_list:
            vals["found_by_id"] = self.env.user.id

    @api.constrains("kind", "points")
    def _check_points(self):
        for rec in self:
            if (rec.kind == "violation" and rec.points > 0) or (rec.kind == "commendation" and rec.points < 0):
                raise ValidationError(self.env._("A violation deducts points and a commendation adds them."))

    def _check_recorder(self):
        user = self.env.user
        if not (user.has_group("gov_hall.group_gov_hr") or user.has_group("gov_hall.group_gov_supervision")):
            raise AccessError(self.env._("Conduct is recorded by supervision or HR."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_recorder()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_recorder()
        return super().write(vals)

    def action_confirm(self):
        """The record stands: the employee is told and may answer."""
        self._check_recorder()
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Only a draft record is confirmed."))
        self.sudo().write({"state": "confirmed"})
        for rec in self:
            notify_users(rec, rec.employee_id.sudo().user_id, self.env._("Conduct record: read it, answer if you wish"),
                         rec.description)
        return True

    def action_answer(self, answer):
        """The employee's own answer to a confirmed record (陈述申辩)."""
        if not (answer or "").strip():
            raise UserError(self.env._("Write your answer."))
        for rec in self:
            if rec.employee_id.sudo().user_id != self.env.user:
                raise UserError(self.env._("Only the employee concerned answers a conduct record."))
            if rec.state != "confirmed":
                raise UserError(self.env._("A conduct record is answered once, after it is confirmed."))
        self.sudo().write({"answer": answer, "answered_at": fields.Datetime.now(), "state": "answered"})
        return True

    def action_open_answer(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.conduct.answer.wizard", "view_mode": "form",
                "target": "new", "context": {"default_record_id": self.id}}


ACTIVITY_KINDS = [
    ("study_visit", "Study Visit"), ("sports", "Sports Event"), ("culture", "Cultural Event"),
    ("post_building", "Post-Building Campaign (岗位创建)"), ("party", "Party Organisation Life"),
    ("league", "League Organisation Life"), ("leader_visit", "Department Leader's Window Visit"),
]


class GovStaffActivity(models.Model):
    _name = "gov.staff.activity"
    _description = "Hall Activity"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char("Subject", required=True)
    kind = fields.Selection(ACTIVITY_KINDS, required=True, default="study_visit", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    hours = fields.Float(required=True, default=2.0)
    place = fields.Char()
    organizer = fields.Char()
    honour = fields.Char("Title Pursued", help="For a post-building campaign: 青年文明号, 巾帼文明岗…")
    attendee_ids = fields.Many2many("hr.employee", "gov_staff_activity_attendee_rel", "activity_id", "employee_id",
                                    "Attendees")
    attendee_count = fields.Integer(compute="_compute_attendee_count")
    # a department leader's visit to the department's windows (三(三))
    department_id = fields.Many2one("hr.department", "Department Visited", domain=[("is_stationed", "=", True)])
    visitor_id = fields.Many2one("hr.employee", "Visiting Leader")
    window_ids = fields.Many2many("gov.window", string="Windows Visited")
    problems_solved = fields.Text("Problems Solved")

    @api.depends("attendee_ids")
    def _compute_attendee_count(self):
        for rec in self:
            rec.attendee_count = len(rec.attendee_ids)

    @api.constrains("hours", "kind", "visitor_id", "department_id")
    def _check_activity(self):
        for rec in self:
            if rec.hours <= 0:
                raise ValidationError(self.env._("An activity lasts a positive number of hours."))
            if rec.kind == "leader_visit" and not (rec.visitor_id and rec.department_id):
                raise ValidationError(self.env._("A leader's window visit records the leader and the department."))


class HrEmployeeConduct(models.Model):
    _inherit = "hr.employee"

    gov_conduct_ids = fields.One2many("gov.conduct.record", "employee_id", "Conduct", groups="hr.group_hr_user")
    gov_activity_ids = fields.Many2many("gov.staff.activity", "gov_staff_activity_attendee_rel", "employee_id",
                                        "activity_id", "Hall Activities", groups="hr.group_hr_user")
    gov_activity_hours = fields.Float("Activity Hours", compute="_compute_gov_activity_hours",
                                      groups="hr.group_hr_user")

    @api.depends("gov_activity_ids.hours")
    def _compute_gov_activity_hours(self):
        for emp in self:
            emp.gov_activity_hours = sum(emp.gov_activity_ids.mapped("hours"))
