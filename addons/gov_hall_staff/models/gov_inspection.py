"""督查: inspection campaigns by supervision, alone or joint with the discipline commission, the staffing office
and the legal office, of windows, departments or items; each finding goes to the responsible department as a
rectification (the core's ``gov.rectification``) with a deadline in working days."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError, ValidationError

FINDING_DAYS = 10  # working days to rectify, unless the inspection sets another limit


class GovInspectionUnit(models.Model):
    _name = "gov.inspection.unit"
    _description = "Inspecting Unit"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class GovInspection(models.Model):
    _name = "gov.inspection"
    _description = "Inspection Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.inspection"
    _gov_client_unlink = False
    _order = "date_start desc, id desc"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    title = fields.Char(required=True, tracking=True)
    date_start = fields.Date("From", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date("To", tracking=True)
    unit_ids = fields.Many2many("gov.inspection.unit", string="Joint Units",
                                help="Empty: supervision alone. Otherwise a joint inspection (联合督查).")
    is_joint = fields.Boolean("Joint Inspection", compute="_compute_is_joint", store=True)
    member_ids = fields.One2many("gov.inspection.member", "inspection_id", "Members")
    window_ids = fields.Many2many("gov.window", string="Windows Inspected")
    department_ids = fields.Many2many("hr.department", string="Departments Inspected",
                                      domain=[("is_stationed", "=", True)])
    item_ids = fields.Many2many("gov.item", string="Items Inspected")
    focus = fields.Text("What Is Inspected")
    finding_ids = fields.One2many("gov.inspection.finding", "inspection_id", "Findings")
    finding_count = fields.Integer(compute="_compute_counts")
    open_count = fields.Integer("Open Rectifications", compute="_compute_counts")
    state = fields.Selection([("draft", "Planned"), ("ongoing", "Under Way"), ("done", "Concluded")],
                             default="draft", required=True, readonly=True, tracking=True, index=True)

    @api.depends("unit_ids")
    def _compute_is_joint(self):
        for rec in self:
            rec.is_joint = bool(rec.unit_ids)

    @api.depends("finding_ids.rectification_id.state")
    def _compute_counts(self):
        for rec in self:
            rec.finding_count = len(rec.finding_ids)
            rec.open_count = len(rec.finding_ids.rectification_id.filtered(lambda r: r.state != "closed"))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for rec in self:
            if rec.date_end and rec.date_end < rec.date_start:
                raise ValidationError(self.env._("An inspection ends after it starts."))

    def _check_supervision(self):
        check_group(self.env, "gov_hall.group_gov_supervision", self.env._("Inspections are run by supervision."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_supervision()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_supervision()
        return super().write(vals)

    def action_start(self):
        self._check_supervision()
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Only a planned inspection starts."))
        if self.filtered(lambda r: not r.member_ids):
            raise UserError(self.env._("Record the inspection team's members first."))
        self.sudo().write({"state": "ongoing"})
        return True

    def action_conclude(self):
        self._check_supervision()
        for rec in self:
            if rec.state != "ongoing":
                raise UserError(self.env._("Only an inspection under way is concluded."))
            pending = rec.finding_ids.filtered(lambda f: not f.rectification_id and f.needs_rectification)
            if pending:
                raise UserError(self.env._("%(count)s findings still have no rectification issued.",
                                           count=len(pending)))
        self.sudo().write({"state": "done", "date_end": fields.Date.context_today(self)})
        return True


class GovInspectionMember(models.Model):
    _name = "gov.inspection.member"
    _description = "Inspection Team Member"
    _order = "id"

    inspection_id = fields.Many2one("gov.inspection", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True)
    unit_id = fields.Many2one("gov.inspection.unit", "Unit")
    user_id = fields.Many2one("res.users", "User")
    role = fields.Selection([("leader", "Team Leader"), ("member", "Member")], default="member", required=True)

    @api.model_create_multi
    def create(self, vals_list):
        check_group(self.env, "gov_hall.group_gov_supervision", self.env._("Inspections are run by supervision."))
        return super().create(vals_list)


class GovInspectionFinding(models.Model):
    _name = "gov.inspection.finding"
    _description = "Inspection Finding"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _order = "inspection_id desc, id"
    _gov_client_unlink = False

    inspection_id = fields.Many2one("gov.inspection", required=True, ondelete="restrict", index=True)
    description = fields.Text("Finding", required=True)
    department_id = fields.Many2one("hr.department", "Responsible Department", required=True, index=True,
                                    domain=[("is_stationed", "=", True)])
    window_id = fields.Many2one("gov.window", "Window")
    employee_id = fields.Many2one("hr.employee", "Person Concerned")
    rule = fields.Char("Rule Concerned")
    severity = fields.Selection([("minor", "Minor"), ("serious", "Serious")], default="minor", required=True)
    needs_rectification = fields.Boolean("Rectification Required", default=True)
    limit_days = fields.Integer("Working Days to Rectify", default=FINDING_DAYS)
    rectification_id = fields.Many2one("gov.rectification", "Rectification", readonly=True)
    rectification_state = fields.Selection(related="rectification_id.state", string="Rectification Status")
    deadline = fields.Date(related="rectification_id.deadline")
    is_overdue = fields.Boolean(related="rectification_id.is_overdue")

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.rectification_id for rec in self):
            locked |= {"inspection_id", "description", "department_id", "limit_days", "needs_rectification"}
        return locked

    @api.constrains("limit_days")
    def _check_limit(self):
        for rec in self:
            if rec.limit_days <= 0:
                raise ValidationError(self.env._("A rectification needs a positive number of working days."))

    @api.model_create_multi
    def create(self, vals_list):
        check_group(self.env, "gov_hall.group_gov_supervision", self.env._("Inspections are run by supervision."))
        findings = super().create(vals_list)
        if findings.inspection_id.filtered(lambda i: i.state == "done"):
            raise UserError(self.env._("A concluded inspection takes no new findings."))
        return findings

    def write(self, vals):
        if not self.env.su:
            check_group(self.env, "gov_hall.group_gov_supervision",
                        self.env._("Inspections are run by supervision."))
        return super().write(vals)

    def action_issue(self):
        """The finding goes to the responsible department as a rectification with its deadline."""
        check_group(self.env, "gov_hall.group_gov_supervision", self.env._("Inspections are run by supervision."))
        Rect = self.env["gov.rectification"]
        for rec in self:
            if rec.inspection_id.state != "ongoing":
                raise UserError(self.env._("Findings are issued while the inspection is under way."))
            if rec.rectification_id:
                raise UserError(self.env._("A rectification was issued for this finding already."))
            if not rec.needs_rectification:
                raise UserError(self.env._("This finding requires no rectification."))
            rect = Rect._open({"source": "inspection", "finding_id": rec.id, "department_id": rec.department_id.id,
                               "problem": f"{rec.inspection_id.title}：{rec.description}"}, rec.limit_days)
            rec.sudo().rectification_id = rect
        return True


class GovRectification(models.Model):
    _inherit = "gov.rectification"

    source = fields.Selection(selection_add=[("inspection", "Inspection Finding")],
                              ondelete={"inspection": "cascade"})
    finding_id = fields.Many2one("gov.inspection.finding", "Finding", readonly=True, index="btree_not_null")
    inspection_id = fields.Many2one("gov.inspection", related="finding_id.inspection_id", string="Inspection")
