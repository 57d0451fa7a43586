"""The year's assessment plan: indicators with weights for departments and for staff, grade levels, rewards."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError, ValidationError

# kind: (target, label, direction, best, worst) — the defaults a new indicator of that kind gets
KINDS = {
    "on_time_rate": ("department", "On-time Rate", "higher", 1.0, 0.9),
    "time_compression": ("department", "Time Used against the Legal Limit", "lower", 0.3, 1.0),
    "time_vs_promised": ("department", "Time Used against the Promised Limit", "lower", 0.5, 1.0),
    "satisfaction": ("department", "Rating Satisfaction (好差评)", "higher", 1.0, 0.9),
    "bad_rectified": ("department", "Bad Ratings Rectified", "higher", 1.0, 0.5),
    "complaints_per_1000": ("department", "Substantiated Complaints per 1,000 Cases", "lower", 0.0, 5.0),
    "callback_satisfaction": ("department", "Callback Satisfaction", "higher", 1.0, 0.9),
    "correction_discipline": ("department", "Cases with More than One Correction Notice", "lower", 0.0, 0.1),
    "over_visits": ("department", "Cases over the Visit Limit", "lower", 0.0, 0.05),
    "accountability": ("department", "Accountability Records", "lower", 0.0, 5.0),
    "inspection_findings": ("department", "Inspection Findings", "lower", 0.0, 10.0),
    "overdue_rectifications": ("department", "Overdue Rectifications", "lower", 0.0, 3.0),
    "dept_attendance": ("department", "Staff Absences without Leave", "lower", 0.0, 5.0),
    "late": ("staff", "Late Arrivals and Early Leaves", "lower", 0.0, 10.0),
    "absent": ("staff", "Absences without Leave", "lower", 0.0, 2.0),
    "leave": ("staff", "Shifts on Leave", "lower", 0.0, 40.0),
    "training_hours": ("staff", "Training and Activity Hours", "higher", 40.0, 0.0),
    "conduct_points": ("staff", "Conduct Points", "higher", 2.0, -5.0),
    "staff_on_time": ("staff", "On-time Rate of the Cases Received", "higher", 1.0, 0.9),
    "staff_satisfaction": ("staff", "Personal Rating Satisfaction", "higher", 1.0, 0.9),
    "person_findings": ("staff", "Inspection Findings on the Person", "lower", 0.0, 3.0),
    "manual": ("both", "Scored by the Bureau", "higher", 100.0, 0.0),
    "adjust": ("both", "Bonus or Deduction", "higher", 0.0, 0.0),
}
KIND_SELECTION = [(k, v[1]) for k, v in KINDS.items()]
TARGETS = [("department", "Department"), ("staff", "Staff")]
GRADES = [("excellent", "Excellent"), ("pass", "Competent"), ("basic", "Basically Competent"),
          ("fail", "Incompetent")]
CATEGORIES = [("window", "Window Staff"), ("back_office", "Back Office"), ("leader", "Leaders in Charge")]


class GovAssessmentPlan(models.Model):
    _name = "gov.assessment.plan"
    _description = "Assessment Plan"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _order = "year desc"

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    state = fields.Selection([("draft", "Draft"), ("confirmed", "Confirmed")], default="draft", required=True,
                             readonly=True, tracking=True)
    indicator_ids = fields.One2many("gov.assessment.indicator", "plan_id", "Indicators", copy=True)
    level_ids = fields.One2many("gov.assessment.level", "plan_id", "Department Levels", copy=True)
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id")
    pass_score = fields.Float("Competent from", default=70.0, help="Total from which a person is competent.")
    basic_score = fields.Float("Basically Competent from", default=60.0)
    reward_excellent = fields.Monetary("Reward: Excellent", default=5000.0)
    reward_pass = fields.Monetary("Reward: Competent", default=2000.0)
    reward_basic = fields.Monetary("Reward: Basically Competent", default=500.0)
    topup_excellent = fields.Monetary("Performance Pay Top-up: Excellent", default=3000.0)
    topup_pass = fields.Monetary("Performance Pay Top-up: Competent", default=1500.0)
    topup_basic = fields.Monetary("Performance Pay Top-up: Basically Competent", default=0.0)
    dept_weight_total = fields.Float("Department Weights", compute="_compute_weight_totals")
    staff_weight_total = fields.Float("Staff Weights", compute="_compute_weight_totals")

    _year_uniq = models.Constraint("UNIQUE (company_id, year)", "One assessment plan per year.")

    @api.depends("indicator_ids.weight", "indicator_ids.target")
    def _compute_weight_totals(self):
        for plan in self:
            plan.dept_weight_total = sum(plan.indicator_ids.filtered(lambda i: i.target == "department").mapped(
                "weight"))
            plan.staff_weight_total = sum(plan.indicator_ids.filtered(lambda i: i.target == "staff").mapped("weight"))

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(plan.state == "confirmed" for plan in self):
            locked |= {"year", "pass_score", "basic_score", "indicator_ids", "level_ids"}
        return locked

    @api.model_create_multi
    def create(self, vals_list):
        check_group(self.env, "gov_assessment.group_assessment_manager",
                    self.env._("Assessment plans are drawn up by the Bureau's assessment managers."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            check_group(self.env, "gov_assessment.group_assessment_manager",
                        self.env._("Assessment plans are drawn up by the Bureau's assessment managers."))
        return super().write(vals)

    def _check_weights(self):
        for plan in self:
            for target, _label in TARGETS:
                indicators = plan.indicator_ids.filtered(lambda i, t=target: i.target == t and i.kind != "adjust")
                total = sum(indicators.mapped("weight"))
                if indicators and abs(total - 100) > 0.001:
                    labels = dict(self.env["gov.assessment.indicator"]._fields["target"]._description_selection(
                        self.env))
                    raise ValidationError(self.env._(
                        "The weights of the %(target)s indicators add up to %(total)s, not 100.",
                        target=labels[target], total=round(total, 2)))
            if not plan.indicator_ids.filtered(lambda i: i.target == "staff") or \
                    not plan.indicator_ids.filtered(lambda i: i.target == "department"):
                raise ValidationError(self.env._("A plan scores both departments and staff."))
            if plan.basic_score > plan.pass_score:
                raise ValidationError(self.env._(
                    "The competent threshold must not be below the basically competent one."))

    def action_confirm(self):
        check_group(self.env, "gov_assessment.group_assessment_manager",
                    self.env._("Assessment plans are drawn up by the Bureau's assessment managers."))
        self._check_weights()
        self.sudo().write({"state": "confirmed"})
        return True

    def action_reset_draft(self):
        check_group(self.env, "gov_assessment.group_assessment_manager",
                    self.env._("Assessment plans are drawn up by the Bureau's assessment managers."))
        if self.env["gov.assessment"].search_count([("plan_id", "in", self.ids), ("state", "!=", "draft")]):
            raise UserError(self.env._("An assessment was computed under this plan: copy it for changes."))
        self.sudo().write({"state": "draft"})
        return True

    def _reward_for(self, grade):
        self.ensure_one()
        return ({"excellent": self.reward_excellent, "pass": self.reward_pass, "basic": self.reward_basic}.get(
            grade, 0.0), {"excellent": self.topup_excellent, "pass": self.topup_pass,
                          "basic": self.topup_basic}.get(grade, 0.0))

    @api.model
    def _default_indicators(self):
        """The Bureau's usual plan: department and staff indicators whose weights add up to 100 each."""
        weights = {"on_time_rate": 20, "time_compression": 10, "time_vs_promised": 5, "satisfaction": 15,
                   "bad_rectified": 5, "complaints_per_1000": 10, "callback_satisfaction": 5,
                   "correction_discipline": 5, "over_visits": 5, "accountability": 5, "inspection_findings": 5,
                   "overdue_rectifications": 5, "dept_attendance": 5,
                   "late": 10, "absent": 15, "leave": 5, "training_hours": 10, "conduct_points": 15,
                   "staff_on_time": 10, "staff_satisfaction": 15, "person_findings": 5}
        labels = dict(self.env["gov.assessment.indicator"]._fields["kind"]._description_selection(self.env))
        vals = []
        for seq, (kind, weight) in enumerate(weights.items()):
            target, _label, direction, best, worst = KINDS[kind]
            vals.append({"sequence": seq, "kind": kind, "target": target, "name": labels[kind],
                         "weight": weight, "direction": direction, "best": best, "worst": worst})
        vals += [
            {"sequence": 90, "kind": "manual", "target": "staff", "weight": 15, "min_value": 0, "max_value": 100,
             "name": self.env._("Service Standard Inspection (四功四到位)")},
            {"sequence": 91, "kind": "adjust", "target": "staff", "weight": 0, "min_value": -10, "max_value": 10,
             "name": self.env._("Bonus and Deduction Items")},
            {"sequence": 92, "kind": "adjust", "target": "department", "weight": 0, "min_value": -10,
             "max_value": 10, "name": self.env._("Bonus and Deduction Items")},
        ]
        return vals

    def action_load_defaults(self):
        check_group(self.env, "gov_assessment.group_assessment_manager",
                    self.env._("Assessment plans are drawn up by the Bureau's assessment managers."))
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("A confirmed plan is not changed."))
            plan.write({"indicator_ids": [fields.Command.clear()] + [
                fields.Command.create(v) for v in self._default_indicators()],
                "level_ids": [fields.Command.clear()] + [fields.Command.create(v) for v in (
                    {"name": self.env._("Excellent"), "min_total": 90, "sequence": 1, "reward": 50000},
                    {"name": self.env._("Good"), "min_total": 80, "sequence": 2, "reward": 30000},
                    {"name": self.env._("Competent"), "min_total": 60, "sequence": 3, "reward": 10000},
                    {"name": self.env._("Incompetent"), "min_total": 0, "sequence": 4, "reward": 0})]})
        return True


class GovAssessmentIndicator(models.Model):
    _name = "gov.assessment.indicator"
    _description = "Assessment Indicator"
    _order = "plan_id, target, sequence, id"

    plan_id = fields.Many2one("gov.assessment.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    target = fields.Selection(TARGETS, required=True, default="department")
    kind = fields.Selection(KIND_SELECTION, required=True, default="manual")
    weight = fields.Float(default=10.0, help="Share of the total, in points; the weights of a target add up to 100. "
                                             "A bonus or deduction item has no weight: its value is added.")
    direction = fields.Selection([("higher", "Higher Is Better"), ("lower", "Lower Is Better")], default="higher",
                                 required=True)
    best = fields.Float("Full Score At", help="The figure that earns the full score (100).")
    worst = fields.Float("Zero Score At", help="The figure that earns nothing; scores are linear in between.")
    min_value = fields.Float("Lowest Entry", help="Manual indicators: the lowest score the Bureau may enter.")
    max_value = fields.Float("Highest Entry", default=100.0)
    is_manual = fields.Boolean(compute="_compute_is_manual")

    @api.depends("kind")
    def _compute_is_manual(self):
        for ind in self:
            ind.is_manual = ind.kind in ("manual", "adjust")

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind in KINDS:
            target, _label, direction, best, worst = KINDS[self.kind]
            labels = dict(self._fields["kind"]._description_selection(self.env))
            if target != "both":
                self.target = target
            self.name = self.name or labels[self.kind]
            self.direction, self.best, self.worst = direction, best, worst

    @api.constrains("kind", "target", "weight", "min_value", "max_value", "best", "worst")
    def _check_indicator(self):
        for ind in self:
            target = KINDS[ind.kind][0]
            if target not in ("both", ind.target):
                raise ValidationError(self.env._("%(name)s scores %(target)s only.", name=ind.name,
                                                 target=dict(TARGETS)[target]))
            if ind.weight < 0:
                raise ValidationError(self.env._("A weight cannot be negative."))
            if ind.kind == "adjust" and ind.weight:
                raise ValidationError(self.env._("A bonus or deduction item carries no weight: its value is added."))
            if ind.is_manual and ind.min_value >= ind.max_value:
                raise ValidationError(self.env._("The lowest entry of %(name)s must be below its highest.",
                                                 name=ind.name))
            if not ind.is_manual and ind.best == ind.worst:
                raise ValidationError(self.env._("%(name)s needs different figures for the full and the zero score.",
                                                 name=ind.name))

    def _score(self, value):
        """0–100 for a figure, linear between the zero-score and the full-score figures."""
        self.ensure_one()
        if self.kind == "adjust":
            return value
        lo, hi = (self.min_value, self.max_value) if self.kind == "manual" else (self.worst, self.best)
        share = (value - lo) / (hi - lo) if hi != lo else 1.0
        return round(100.0 * min(max(share, 0.0), 1.0), 2)


class GovAssessmentLevel(models.Model):
    _name = "gov.assessment.level"
    _description = "Department Assessment Level"
    _order = "plan_id, min_total desc"

    plan_id = fields.Many2one("gov.assessment.plan", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    min_total = fields.Float("From Total", required=True)
    currency_id = fields.Many2one("res.currency", related="plan_id.currency_id")
    reward = fields.Monetary("Department Reward Fund")
