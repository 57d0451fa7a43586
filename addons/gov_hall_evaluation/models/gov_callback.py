"""回访: closed cases sampled each month per department (and every real-name bad rating) for supervision's calls."""
import random
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError

from .gov_evaluation import LEVELS

DEFAULT_SCRIPT = ("您好，这里是市政务服务中心回访专线。您于近期在中心办理了“{item}”（办件编号 {number}），"
                  "想了解一下：办理过程是否顺利？工作人员服务态度如何？有没有被要求额外提交材料或多跑路？"
                  "您对本次服务的总体评价是？谢谢您的支持。")


class HrDepartment(models.Model):
    _inherit = "hr.department"

    gov_callback_share = fields.Float("Callback Share", default=0.05, digits=(3, 2),
                                      help="Share of the department's closed cases called back each month "
                                           "(at least one per item).")


class GovCallback(models.Model):
    _name = "gov.callback"
    _description = "Callback"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _gov_client_create = False
    _gov_client_unlink = False
    _order = "state, id desc"

    kind = fields.Selection([("sample", "Monthly Sample"), ("verification", "Bad Rating Verification")],
                            required=True, readonly=True, default="sample", index=True)
    period = fields.Char("Month", readonly=True, index=True, help="YYYY-MM of the cases sampled.")
    case_id = fields.Many2one("gov.case", "Case", readonly=True, index="btree_not_null")
    ticket_id = fields.Many2one("gov.queue.ticket", "Ticket", readonly=True)
    evaluation_id = fields.Many2one("gov.evaluation", "Rating", readonly=True, index="btree_not_null")
    department_id = fields.Many2one("hr.department", "Department", readonly=True, index=True)
    item_id = fields.Many2one("gov.item", "Item", readonly=True)
    applicant_name = fields.Char(compute="_compute_contact")
    phone = fields.Char(compute="_compute_contact")
    channel = fields.Selection([("phone", "Phone"), ("sms", "SMS")], default="phone", readonly=True)
    script = fields.Text(compute="_compute_script")
    user_id = fields.Many2one("res.users", "Called By", readonly=True)
    called_at = fields.Datetime(readonly=True)
    state = fields.Selection([("todo", "To Call"), ("done", "Done"), ("unreachable", "Unreachable")],
                             default="todo", required=True, readonly=True, tracking=True, index=True)
    satisfaction = fields.Selection(LEVELS, readonly=True)
    outcome = fields.Text(readonly=True)
    problem_found = fields.Boolean(readonly=True)
    rectification_id = fields.Many2one("gov.rectification", readonly=True)

    @api.depends("case_id", "evaluation_id")
    def _compute_contact(self):
        for rec in self:
            case = rec.case_id.sudo()
            rec.applicant_name = case.applicant_name or rec.evaluation_id.sudo().applicant_name
            rec.phone = case.applicant_phone or rec.evaluation_id.sudo().applicant_phone or rec.ticket_id.sudo().phone

    @api.depends("case_id", "item_id")
    def _compute_script(self):
        for rec in self:
            rec.script = DEFAULT_SCRIPT.format(item=rec.item_id.name or "", number=rec.case_id.name or "")

    def _check_supervision(self):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center makes callbacks."))

    def action_record(self, satisfaction, outcome, problem_found=False, reached=True):
        """The call is made: satisfaction and what was said; a problem found opens a rectification."""
        self._check_supervision()
        for rec in self:
            if rec.state != "todo":
                raise UserError(self.env._("This callback has been recorded already."))
            if reached and satisfaction not in dict(LEVELS):
                raise UserError(self.env._("Record the applicant's satisfaction."))
            if problem_found and not (outcome or "").strip():
                raise UserError(self.env._("Describe the problem found."))
            rec.sudo().write({"state": "done" if reached else "unreachable", "user_id": self.env.uid,
                              "called_at": fields.Datetime.now(), "satisfaction": satisfaction if reached else False,
                              "outcome": outcome, "problem_found": bool(problem_found)})
            if problem_found:
                rec.sudo().rectification_id = self.env["gov.rectification"]._open_for(
                    callback=rec, problem=outcome)
        return True

    def action_send_sms(self):
        """A callback by SMS: the applicant gets a single-use link to rate the case."""
        self._check_supervision()
        for rec in self.filtered(lambda r: r.state == "todo"):
            if not rec.phone or not rec.case_id:
                raise UserError(self.env._("Callback %(id)s has no case and phone to text.", id=rec.id))
            link = self.env["gov.evaluation.token"]._issue("sms", case=rec.case_id.sudo())
            base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
            self.env["sms.sms"].sudo().create({"number": rec.phone, "body": self.env._(
                "[%(hall)s] Callback on case %(number)s: please rate our service at %(url)s",
                hall=self.env.company.name, number=rec.case_id.name, url=f"{base}/hall/evaluate/{link.token}")})
            rec.sudo().write({"channel": "sms", "state": "done", "user_id": self.env.uid,
                              "called_at": fields.Datetime.now(), "outcome": self.env._("Rating link sent by SMS.")})
        return True

    def action_open_record(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.callback.record.wizard", "view_mode": "form",
                "target": "new", "context": {"default_callback_id": self.id}}

    @api.model
    def _cron_sample(self, month=None):
        """Sample last month's closed cases: each department's share, at least one case per item; never twice."""
        today = fields.Date.context_today(self)
        first = (month or (today.replace(day=1) - relativedelta(months=1))).replace(day=1)
        last = first + relativedelta(months=1)
        period = f"{first:%Y-%m}"
        Case = self.env["gov.case"].sudo()
        cases = Case.search_fetch([("state", "=", "closed"), ("closed_date", ">=", first), ("closed_date", "<", last)],
                                  ["department_id", "item_id"], order="id")
        done = set(self.sudo().search([("case_id", "in", cases.ids)]).case_id.ids)
        rng = random.Random(f"{self.env.cr.dbname}-{period}")
        chosen = []
        for department, dept_cases in cases.grouped("department_id").items():
            pool = dept_cases.filtered(lambda c: c.id not in done)
            if not pool:
                continue
            called_items = {c.item_id.id for c in dept_cases if c.id in done}
            # at least one case per item not called back yet, then up to the department's share in all
            picked = {group[:1].id for item, group in pool.grouped("item_id").items() if item.id not in called_items}
            target = max(round(len(dept_cases) * (department.gov_callback_share or 0.0)), 1)
            already = len(dept_cases) - len(pool)
            rest = [c.id for c in pool if c.id not in picked]
            rng.shuffle(rest)
            picked |= set(rest[:max(target - already - len(picked), 0)])
            chosen += [(cid, department.id) for cid in sorted(picked)]
        by_id = {c.id: c for c in cases}
        created = self.sudo().create([{"kind": "sample", "period": period, "case_id": cid, "department_id": dept,
                                       "item_id": by_id[cid].item_id.id} for cid, dept in chosen])
        return created

    @api.model
    def _cron_sample_monthly(self):
        """Daily job: on the first working days of a month, sample the month before (once)."""
        today = fields.Date.context_today(self)
        first = (today.replace(day=1) - relativedelta(months=1))
        if not self.sudo().search_count([("period", "=", f"{first:%Y-%m}"), ("kind", "=", "sample")], limit=1):
            self._cron_sample(date(first.year, first.month, 1))
