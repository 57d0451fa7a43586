"""效能考核: the year's run over every stationed department and person, from computed figures and the Bureau's
manual scores to grades within the excellent quota, committee approval, publication and rewards."""
from collections import defaultdict
from datetime import date

from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.quota import excellent_bounds
from .gov_assessment_plan import CATEGORIES, GRADES, TARGETS

STATES = [("draft", "Draft"), ("computed", "Computed"), ("review", "Bureau Review"),
          ("submitted", "Submitted to the Committee"), ("approved", "Approved"), ("published", "Published")]
LOCKED = ("submitted", "approved", "published")
BANDS = [("0", "Below 60"), ("60", "60–69"), ("70", "70–79"), ("80", "80–89"), ("90", "90 and above")]


class GovAssessment(models.Model):
    _name = "gov.assessment"
    _description = "Annual Assessment"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "year desc, id desc"
    _gov_client_unlink = False

    name = fields.Char(required=True, tracking=True)
    plan_id = fields.Many2one("gov.assessment.plan", "Plan", required=True, domain=[("state", "=", "confirmed")],
                              tracking=True)
    year = fields.Integer(related="plan_id.year", store=True, index=True)
    company_id = fields.Many2one("res.company", related="plan_id.company_id", store=True)
    date_from = fields.Date("Period From", readonly=True, help="The period the figures were queried over.")
    date_to = fields.Date("Period To", readonly=True)
    state = fields.Selection(STATES, default="draft", required=True, readonly=True, tracking=True, index=True)
    line_ids = fields.One2many("gov.assessment.line", "assessment_id", "Results")
    department_line_ids = fields.One2many("gov.assessment.line", "assessment_id", "Departments",
                                          domain=[("target", "=", "department")])
    staff_line_ids = fields.One2many("gov.assessment.line", "assessment_id", "Staff",
                                     domain=[("target", "=", "staff")])
    computed_at = fields.Datetime(readonly=True)
    computed_by_id = fields.Many2one("res.users", readonly=True)
    approved_at = fields.Datetime(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    quota_summary = fields.Text("Excellent Quota", compute="_compute_quota_summary")
    payment_ids = fields.One2many("gov.assessment.payment", "assessment_id", "Payment Batches")

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state != "draft" for rec in self):
            locked |= {"plan_id"}
        return locked

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_manager()
        return super().write(vals)

    def _check_manager(self):
        check_group(self.env, "gov_assessment.group_assessment_manager",
                    self.env._("The assessment is run by the Bureau's assessment managers."))

    def _check_state(self, states, message):
        if any(rec.state not in states for rec in self):
            raise UserError(message)

    @api.depends("staff_line_ids.grade", "staff_line_ids.category")
    def _compute_quota_summary(self):
        labels = dict(self.env["gov.assessment.line"]._fields["category"]._description_selection(self.env))
        for rec in self:
            parts = []
            for category, n, excellent, lower, upper in rec._quota_table():
                parts.append(self.env._(
                    "%(category)s: %(n)s assessed, %(count)s excellent (allowed %(lower)s–%(upper)s)",
                    category=labels[category], n=n, count=excellent, lower=lower, upper=upper))
            rec.quota_summary = "\n".join(parts)

    def _quota_table(self):
        """(category, people assessed, graded excellent, lower bound, upper bound) per staff category."""
        self.ensure_one()
        people, excellent = defaultdict(int), defaultdict(int)
        for line in self.staff_line_ids:
            people[line.category] += 1
            excellent[line.category] += line.grade == "excellent"
        return [(cat, people[cat], excellent[cat], *excellent_bounds(people[cat]))
                for cat, _label in CATEGORIES if people[cat]]

    def _check_quota(self):
        labels = dict(self.env["gov.assessment.line"]._fields["category"]._description_selection(self.env))
        for rec in self:
            for category, n, count, lower, upper in rec._quota_table():
                if not lower <= count <= upper:
                    raise ValidationError(self.env._(
                        "%(category)s: %(count)s of %(n)s people are graded excellent; the quota allows "
                        "%(lower)s to %(upper)s (at least 15 %%, at most 20 %%; below three people nobody, at least "
                        "one from three).", category=labels[category], count=count, n=n, lower=lower,
                        upper=upper))

    # ------------------------------------------------------------------ compute
    def action_compute(self):
        """Every indicator for every department and person in one pass; manual scores are kept."""
        self._check_manager()
        self._check_state(("draft", "computed", "review"),
                          self.env._("The figures are frozen once the assessment is submitted."))
        for rec in self:
            rec._compute_all()
        return True

    def _compute_all(self):
        self.ensure_one()
        if not self.env["cn.calendar.year"].sudo().search_count([("name", "=", self.year)]):
            raise UserError(self.env._(
                "The working-day calendar has no year %(year)s: load it (Configuration › Working-day Calendar) "
                "before computing the assessment.", year=self.year))
        plan = self.plan_id
        date_from, date_to = date(self.year, 1, 1), date(self.year, 12, 31)
        lines = self._ensure_lines()
        Score = self.env["gov.assessment.score"].sudo()
        manual = {(s.line_id.id, s.indicator_id.id): s for s in lines.score_ids.filtered("is_manual")}
        lines.score_ids.filtered(lambda s: not s.is_manual).sudo().unlink()
        Source = self.env["gov.assessment.source"]
        by_key = {"department": {ln.department_id.id: ln for ln in lines if ln.target == "department"},
                  "staff": {ln.employee_id.id: ln for ln in lines if ln.target == "staff"}}
        vals_list = []
        for ind in plan.indicator_ids:
            targets = by_key[ind.target]
            if ind.is_manual:
                vals_list += [{"line_id": line.id, "indicator_id": ind.id, "value": ind.min_value if
                               ind.kind == "manual" else 0.0, "has_data": False, "period_from": date_from,
                               "period_to": date_to} for line in targets.values() if (line.id, ind.id) not in manual]
                continue
            figures = Source._figures(ind.kind, date_from, date_to)
            for key, line in targets.items():
                value, has_data = figures.get(key, (0.0, ind.direction == "lower"))
                vals_list.append({"line_id": line.id, "indicator_id": ind.id, "value": value, "has_data": has_data,
                                  "period_from": date_from, "period_to": date_to})
        Score.create(vals_list)
        lines._compute_totals()
        self._rank_and_grade(propose=self.state in ("draft", "computed"))
        self.sudo().write({"state": "computed" if self.state == "draft" else self.state, "date_from": date_from,
                           "date_to": date_to, "computed_at": fields.Datetime.now(),
                           "computed_by_id": self.env.user.id})
        self.message_post(body=self.env._("Computed over %(start)s – %(end)s: %(depts)s departments, %(people)s "
                                          "people.", start=date_from, end=date_to,
                                          depts=len(by_key["department"]), people=len(by_key["staff"])))

    def _ensure_lines(self):
        """A line for each stationed department and each stationed person (their category from the hall)."""
        self.ensure_one()
        Line = self.env["gov.assessment.line"].sudo()
        departments = self.env["hr.department"].sudo().search([("is_stationed", "=", True),
                                                                ("company_id", "in", [self.company_id.id, False])])
        people = self.env["hr.employee"].sudo().search([("gov_is_stationed", "=", True),
                                                        ("company_id", "=", self.company_id.id)])
        leaders = departments.gov_leader_id
        have_dept = set(self.department_line_ids.department_id.ids)
        have_staff = set(self.staff_line_ids.employee_id.ids)
        vals = [{"assessment_id": self.id, "target": "department", "department_id": d.id}
                for d in departments if d.id not in have_dept]
        for emp in people:
            if emp.id in have_staff:
                continue
            category = "leader" if emp in leaders else ("window" if emp.gov_window_id else "back_office")
            vals.append({"assessment_id": self.id, "target": "staff", "employee_id": emp.id,
                         "department_id": emp.department_id.id, "category": category})
        Line.create(vals)
        return self.line_ids

    def _rank_and_grade(self, propose=True):
        """Rank departments, and staff within their category; propose grades within the quota; rewards.

        Thousands of lines get their own rank: written in one UPDATE rather than a write per line."""
        self.ensure_one()
        plan = self.plan_id
        levels = plan.level_ids.sorted("min_total", reverse=True)
        rows = []
        depts = self.department_line_ids.sorted(lambda ln: (-ln.total, ln.department_id.name or ""))
        for rank, line in enumerate(depts, start=1):
            level = next((lv for lv in levels if line.total >= lv.min_total), levels[-1:])
            rows.append((line.id, rank, None, level.id or None, level.reward or 0.0, 0.0))
        for category, _label in CATEGORIES:
            people = self.staff_line_ids.filtered(lambda ln, c=category: ln.category == c).sorted(
                lambda ln: (-ln.total, ln.employee_id.name or ""))
            _lower, upper = excellent_bounds(len(people))
            for rank, line in enumerate(people, start=1):
                grade = line.grade
                if propose:
                    if rank <= upper and line.total >= plan.pass_score:
                        grade = "excellent"
                    elif line.total >= plan.pass_score:
                        grade = "pass"
                    elif line.total >= plan.basic_score:
                        grade = "basic"
                    else:
                        grade = "fail"
                reward, topup = plan._reward_for(grade)
                rows.append((line.id, rank, grade or None, None, reward, topup))
        self.line_ids._bulk_update(rows)

    # ------------------------------------------------------------------ workflow
    def action_review(self):
        self._check_manager()
        self._check_state(("computed",), self.env._("Compute the assessment before the Bureau reviews it."))
        self.sudo().write({"state": "review"})
        return True

    def action_submit(self):
        """To the city's assessment committee, only within the excellent quota."""
        self._check_manager()
        self._check_state(("review",), self.env._("The Bureau reviews the assessment before submitting it."))
        self._check_quota()
        self.sudo().write({"state": "submitted"})
        return True

    def action_approve(self):
        check_group(self.env, "gov_assessment.group_assessment_committee",
                    self.env._("The city's assessment committee approves the assessment."))
        self._check_state(("submitted",), self.env._("The committee approves a submitted assessment."))
        self._check_quota()
        self.sudo().write({"state": "approved", "approved_at": fields.Datetime.now(),
                           "approved_by_id": self.env.user.id})
        return True

    def action_return(self, reason):
        check_group(self.env, "gov_assessment.group_assessment_committee",
                    self.env._("The city's assessment committee approves the assessment."))
        self._check_state(("submitted",), self.env._("The committee returns a submitted assessment."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the assessment goes back to the Bureau."))
        self.sudo().write({"state": "review"})
        for rec in self:
            rec.message_post(body=self.env._("Returned by the committee: %(reason)s", reason=reason))
        return True

    def action_publish(self):
        """Each department head sees the department and its people; each person their own result."""
        self._check_manager()
        self._check_state(("approved",), self.env._("Only an approved assessment is published."))
        self.sudo().write({"state": "published"})
        return True

    def action_reopen(self, reason):
        """A correction after submission: the Bureau manager reopens it for review, on the record."""
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Only the Bureau manager reopens an assessment."))
        self._check_state(LOCKED, self.env._("Only a submitted, approved or published assessment is reopened."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the assessment is reopened."))
        if self.payment_ids.filtered(lambda p: p.state == "posted"):
            raise UserError(self.env._("Rewards were paid from this assessment: reverse the payment first."))
        for rec in self:
            rec.message_post(body=self.env._("Reopened by %(user)s from %(state)s: %(reason)s",
                                             user=self.env.user.name, state=dict(STATES)[rec.state],
                                             reason=reason))
        self.sudo().write({"state": "review", "approved_at": False, "approved_by_id": False})
        return True

    def action_open_wizard(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.assessment.reason.wizard", "view_mode": "form",
                "target": "new", "context": {"default_assessment_id": self.id,
                                             "default_action": self.env.context.get("reason_action", "reopen")}}


class GovAssessmentLine(models.Model):
    _name = "gov.assessment.line"
    _description = "Assessment Result"
    _inherit = ["gov.guarded.mixin"]
    _order = "assessment_id, target, category, rank, id"
    _gov_client_create = False
    _gov_client_unlink = False

    assessment_id = fields.Many2one("gov.assessment", required=True, readonly=True, ondelete="cascade", index=True)
    assessment_state = fields.Selection(related="assessment_id.state", store=True, string="Assessment Status")
    year = fields.Integer(related="assessment_id.year", store=True)
    target = fields.Selection(TARGETS, required=True, readonly=True, index=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True, index=True)
    employee_id = fields.Many2one("hr.employee", "Person", readonly=True, index=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True, string="User")
    category = fields.Selection(CATEGORIES, readonly=True)
    score_ids = fields.One2many("gov.assessment.score", "line_id", "Scores")
    total = fields.Float(readonly=True, digits=(6, 2), aggregator="avg")
    total_band = fields.Selection(BANDS, "Score Band", readonly=True)
    rank = fields.Integer(readonly=True)
    grade = fields.Selection(GRADES)
    level_id = fields.Many2one("gov.assessment.level", "Level")
    currency_id = fields.Many2one("res.currency", related="assessment_id.plan_id.currency_id")
    reward = fields.Monetary("Reward", readonly=True)
    topup = fields.Monetary("Performance Pay Top-up", readonly=True)
    note = fields.Text("Bureau's Remarks")

    def _compute_display_name(self):
        for line in self:
            line.display_name = line.employee_id.name if line.target == "staff" else line.department_id.name

    def write(self, vals):
        if not self.env.su:
            check_group(self.env, "gov_assessment.group_assessment_manager",
                        self.env._("The assessment is run by the Bureau's assessment managers."))
            if any(line.assessment_id.state not in ("computed", "review") for line in self):
                raise UserError(self.env._("Grades and remarks change only while the Bureau reviews the "
                                           "assessment; after submission a correction needs a reopening."))
        res = super().write(vals)
        if {"grade", "level_id"} & set(vals):
            self._compute_rewards()
        return res

    @api.constrains("grade", "target")
    def _check_grade(self):
        for line in self:
            if line.target == "department" and line.grade:
                raise ValidationError(self.env._("Departments get levels, people get grades."))

    def _compute_totals(self):
        """Totals of the lines from their scores, in one statement for all of them."""
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute("""
            UPDATE gov_assessment_line l
               SET total = s.total,
                   total_band = CASE WHEN s.total >= 90 THEN '90' WHEN s.total >= 80 THEN '80'
                                     WHEN s.total >= 70 THEN '70' WHEN s.total >= 60 THEN '60' ELSE '0' END
              FROM (SELECT ln.id, round(coalesce(sum(sc.weighted), 0)::numeric, 2) AS total
                      FROM gov_assessment_line ln LEFT JOIN gov_assessment_score sc ON sc.line_id = ln.id
                     WHERE ln.id = ANY(%s) GROUP BY ln.id) s
             WHERE l.id = s.id""", [self.ids])
        self.invalidate_recordset(["total", "total_band"])

    def _bulk_update(self, rows):
        """rows: (id, rank, grade, level_id, reward, topup) — one UPDATE for every line."""
        if not rows:
            return
        self.env.flush_all()
        execute_values(self.env.cr._obj, """
            UPDATE gov_assessment_line l
               SET rank = v.rank, grade = coalesce(v.grade, l.grade), level_id = coalesce(v.level_id, l.level_id),
                   reward = v.reward, topup = v.topup
              FROM (VALUES %s) AS v(id, rank, grade, level_id, reward, topup)
             WHERE l.id = v.id""", rows, template="(%s::int, %s::int, %s::varchar, %s::int, %s::numeric, %s::numeric)",
                       page_size=1000)
        self.invalidate_recordset(["rank", "grade", "level_id", "reward", "topup"])

    def _compute_rewards(self):
        for line in self:
            plan = line.assessment_id.plan_id
            if line.target == "staff":
                reward, topup = plan._reward_for(line.grade)
            else:
                reward, topup = line.level_id.reward, 0.0
            if (line.reward, line.topup) != (reward, topup):
                line.sudo().write({"reward": reward, "topup": topup})

    def action_print(self):
        return self.env.ref("gov_assessment.action_report_assessment_line").report_action(self)

    def _monthly_curve(self):
        """The department's on-time rate month by month over the assessed year."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT extract(month FROM decision_date)::int, count(*), count(*) FILTER (WHERE decision_date <= due_date)
              FROM gov_case WHERE department_id = %s AND decision_date BETWEEN %s AND %s AND due_date IS NOT NULL
             GROUP BY 1""", [self.department_id.id, date(self.year, 1, 1), date(self.year, 12, 31)])
        rows = {month: (decided, on_time) for month, decided, on_time in self.env.cr.fetchall()}
        curve = []
        for month in range(1, 13):
            decided, on_time = rows.get(month, (0, 0))
            rate = on_time / decided if decided else 0.0
            curve.append({"month": month, "decided": decided, "rate": rate, "label": f"{rate * 100:.1f}%",
                          "bar_style": f"background: #b71c1c; height: 10px; width: {rate * 80:.0f}%; "
                                       "display: inline-block;"})
        return curve


class GovAssessmentScore(models.Model):
    _name = "gov.assessment.score"
    _description = "Assessment Score"
    _inherit = ["gov.guarded.mixin"]
    _order = "line_id, indicator_id"
    _gov_client_create = False
    _gov_client_unlink = False

    line_id = fields.Many2one("gov.assessment.line", required=True, readonly=True, ondelete="cascade", index=True)
    assessment_id = fields.Many2one(related="line_id.assessment_id", store=True, index=True)
    target = fields.Selection(related="line_id.target", store=True)
    department_id = fields.Many2one(related="line_id.department_id", store=True)
    employee_id = fields.Many2one(related="line_id.employee_id", store=True)
    indicator_id = fields.Many2one("gov.assessment.indicator", required=True, readonly=True, ondelete="restrict")
    kind = fields.Selection(related="indicator_id.kind")
    is_manual = fields.Boolean(compute="_compute_is_manual", store=True)
    weight = fields.Float(related="indicator_id.weight")
    value = fields.Float("Figure", digits=(12, 4),
                         help="Computed from the hall's data over the period, or entered by the Bureau.")
    has_data = fields.Boolean("Data", readonly=True)
    score = fields.Float(compute="_compute_score", store=True, digits=(6, 2))
    weighted = fields.Float("Points", compute="_compute_score", store=True, digits=(6, 2))
    period_from = fields.Date(readonly=True)
    period_to = fields.Date(readonly=True)
    note = fields.Char("Reason")

    @api.depends("indicator_id.kind")
    def _compute_is_manual(self):
        for rec in self:
            rec.is_manual = rec.indicator_id.kind in ("manual", "adjust")

    @api.depends("value", "has_data", "indicator_id.weight", "indicator_id.best", "indicator_id.worst")
    def _compute_score(self):
        for rec in self:
            ind = rec.indicator_id
            if not ind.is_manual and not rec.has_data:
                rec.score = 100.0  # nothing to count: no fault found
            else:
                rec.score = ind._score(rec.value)
            rec.weighted = rec.score if ind.kind == "adjust" else rec.score * ind.weight / 100.0

    def write(self, vals):
        if not self.env.su:
            check_group(self.env, "gov_assessment.group_assessment_manager",
                        self.env._("The assessment is run by the Bureau's assessment managers."))
            if set(vals) - {"value", "note"}:
                raise AccessError(self.env._("Only the Bureau's manual scores and their reasons are entered."))
            for rec in self:
                if not rec.is_manual:
                    raise UserError(self.env._("%(name)s is computed from the hall's data, not entered.",
                                               name=rec.indicator_id.name))
                if rec.assessment_id.state not in ("computed", "review"):
                    raise UserError(self.env._("Manual scores are entered while the Bureau reviews the assessment."))
        res = super().write(vals)
        if "value" in vals:
            for rec in self:
                ind = rec.indicator_id
                if rec.is_manual and not ind.min_value <= rec.value <= ind.max_value:
                    raise ValidationError(self.env._(
                        "%(name)s is scored from %(min)s to %(max)s; %(value)s is outside.", name=ind.name,
                        min=ind.min_value, max=ind.max_value, value=rec.value))
                if ind.kind == "adjust" and rec.value and not (rec.note or vals.get("note")):
                    raise ValidationError(self.env._("A bonus or a deduction states its reason."))
            self.sudo().write({"has_data": True})
            self.line_id._compute_totals()
            for assessment in self.assessment_id:
                assessment._rank_and_grade(propose=False)
        return res
