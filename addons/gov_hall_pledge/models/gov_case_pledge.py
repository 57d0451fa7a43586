"""The applicant's signed pledge (承诺书): materials deferred (容缺受理) or proofs replaced (告知承诺制)."""
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group, notify_users
from odoo.exceptions import UserError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

PLEDGE_KINDS = [("defer", "Deferred Materials (容缺受理)"), ("commit", "Notify-and-Pledge (告知承诺制)")]
PLEDGE_STATES = [("open", "Open"), ("fulfilled", "Fulfilled"), ("broken", "Broken"), ("void", "No Longer Needed")]
REMINDER_DAYS = 2  # working days before the make-up deadline
DENY_LEGAL_BASIS = "《中华人民共和国行政许可法》第三十八条"


class GovCasePledge(models.Model):
    _name = "gov.case.pledge"
    _description = "Applicant Pledge"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "id desc"
    _rec_names_search = ["name", "case_id"]
    _mail_post_access = "read"
    _gov_client_create = False
    _gov_client_unlink = False

    name = fields.Char("Pledge Number", required=True, readonly=True, default="/", copy=False, index=True)
    case_id = fields.Many2one("gov.case", "Case", required=True, readonly=True, ondelete="restrict", index=True)
    department_id = fields.Many2one(related="case_id.department_id", store=True, string="Department", index=True)
    item_id = fields.Many2one(related="case_id.item_id", store=True, string="Item")
    applicant_name = fields.Char(related="case_id.applicant_name", string="Applicant")
    applicant_phone = fields.Char(related="case_id.applicant_phone", string="Contact Phone")
    identifier = fields.Char("ID Number / Credit Code", readonly=True)
    kind = fields.Selection(PLEDGE_KINDS, "Kind", required=True, readonly=True, index=True)
    material_ids = fields.Many2many("gov.case.material", string="Materials", readonly=True)
    material_names = fields.Text("Materials Pledged", readonly=True)
    date = fields.Date("Signed On", required=True, readonly=True, default=fields.Date.context_today)
    clerk_id = fields.Many2one("res.users", "Accepted By", readonly=True, default=lambda s: s.env.user)
    deadline = fields.Date("Make-up Deadline", readonly=True, tracking=True, index=True)
    reminder_date = fields.Date("Reminder On", readonly=True)
    reminder_sent = fields.Boolean("Reminder Sent", readonly=True)
    state = fields.Selection(PLEDGE_STATES, "Status", default="open", required=True, readonly=True,
                             tracking=True, index=True)
    fulfilled_date = fields.Date("Fulfilled On", readonly=True)
    broken_date = fields.Date("Broken On", readonly=True)
    broken_reason = fields.Text("Why Broken", readonly=True)
    check_ids = fields.One2many("gov.pledge.check", "pledge_id", "Checks", readonly=True)
    is_overdue = fields.Boolean("Overdue", compute="_compute_is_overdue", search="_search_is_overdue",
                                help="Deferred materials not made up by the deadline.")

    _open_deadline_idx = models.Index("(deadline) WHERE state = 'open' AND kind = 'defer'")

    @api.depends("deadline", "state", "kind")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for pledge in self:
            pledge.is_overdue = pledge._overdue(today)

    def _overdue(self, today):
        return self.state == "open" and self.kind == "defer" and bool(self.deadline) and self.deadline < today

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = Domain([("state", "=", "open"), ("kind", "=", "defer"),
                         ("deadline", "<", fields.Date.context_today(self))])
        return domain if True in value else ~domain

    def _gov_prepare_vals(self, vals_list):
        super()._gov_prepare_vals(vals_list)
        sequence = self.env["ir.sequence"].sudo().search([("code", "=", "gov.case.pledge")], limit=1)
        for vals in vals_list:
            if vals.get("name", "/") == "/" and sequence:
                vals["name"] = sequence._next(sequence_date=vals.get("date"))

    # ------------------------------------------------------------ helpers
    @api.model
    def _reminder_date_for(self, deadline):
        """The day two working days before ``deadline``: the latest day with two working days left."""
        Holiday = self.env["cn.holiday"]
        day = fields.Date.to_date(deadline)
        while Holiday.working_days_between(day, deadline) < REMINDER_DAYS:
            day -= timedelta(days=1)
        return day

    def _doc_env(self):
        """Texts the applicant reads (decisions, messages) are written in the documents' language."""
        return self.with_context(lang=self.case_id.item_id._gov_doc_lang()).env

    @api.model
    def _cn_date(self, day):
        """A date as printed on the 承诺书: 2026年10月14日."""
        day = fields.Date.to_date(day)
        return f"{day.year}年{day.month}月{day.day}日" if day else "____年__月__日"

    def _remaining(self):
        self.ensure_one()
        return self.material_ids.filtered(lambda m: not m.made_up)

    # ------------------------------------------------------------ actions
    def action_print(self):
        """The 承诺书 the applicant signs at the window."""
        self.check_access("read")
        return self.env.ref("gov_hall_pledge.action_report_gov_case_pledge").report_action(self)

    def action_makeup(self, material_ids=None):
        """The applicant brings deferred materials (all remaining ones unless ``material_ids`` are given)."""
        self.ensure_one()
        check_group(self.env, "gov_hall.group_gov_front_office",
                    self.env._("Only window clerks receive the deferred materials."))
        if self.kind != "defer":
            raise UserError(self.env._("Only deferred materials are made up; a notify-and-pledge statement is "
                                       "checked by the department instead."))
        self.case_id._lock()
        if self.state != "open":
            raise UserError(self.env._("Pledge %(name)s is no longer open.", name=self.name))
        remaining = self._remaining()
        lines = remaining if material_ids is None else remaining.filtered(lambda m: m.id in material_ids)
        if not lines:
            raise UserError(self.env._("Choose the deferred materials the applicant brought."))
        today = fields.Date.context_today(self)
        lines.sudo().write({"made_up": True, "made_up_date": today})
        done = not self._remaining()
        if done:
            self.sudo().write({"state": "fulfilled", "fulfilled_date": today})
            self.activity_ids.sudo().action_feedback(feedback=self.env._("Materials made up."))
            self.case_id.activity_ids.filtered(lambda a: a.summary == self._reminder_summary()).sudo().unlink()
        body = self.env._("Deferred materials made up: %(materials)s.", materials="、".join(lines.mapped("name")))
        if done:
            body += " " + self.env._("Pledge %(name)s fulfilled: the case may be decided.", name=self.name)
        self.message_post(body=body)
        self.case_id.message_post(body=body)
        return True

    def _reminder_summary(self):
        return self.env._("Deferred materials due")

    # --------------------------------------------------------------- crons
    @api.model
    def _cron_pledge_deadlines(self):
        """Daily: remind two working days before the make-up deadline (once), then end the cases whose
        deferred materials were not made up in time. Idempotent: each step moves the pledge on."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "open"), ("kind", "=", "defer"), ("reminder_sent", "=", False),
                           ("reminder_date", "<=", today), ("deadline", ">=", today)])
        for pledge in due:
            pledge._send_reminder()
        expired = self.search([("state", "=", "open"), ("kind", "=", "defer"), ("deadline", "<", today)])
        for pledge in expired:
            try:
                with self.env.cr.savepoint():
                    pledge._break_expired(today)
            except UserError:
                # a user is handling the case right now: next run
                _logger.info("Pledge %s: case locked, expiry postponed", pledge.name)
        return True

    def _send_reminder(self):
        self.ensure_one()
        env = self._doc_env()
        case = self.case_id
        names = "、".join(self._remaining().mapped("name"))
        notify_users(case.sudo(), case.clerk_id, self._reminder_summary(),
                     self.env._("Pledge %(name)s: %(materials)s are due on %(date)s.", name=self.name,
                                materials=names, date=self.deadline), date_deadline=self.deadline)
        case.sudo().message_post(body=env._(
            "[SMS to %(phone)s] Dear %(applicant)s, please bring %(materials)s for case %(case)s to the window "
            "by %(date)s as pledged; otherwise the application will be denied.",
            phone=case.applicant_phone, applicant=case.applicant_name, materials=names, case=case.name,
            date=self.deadline))
        self.sudo().write({"reminder_sent": True})

    def _break_expired(self, today):
        """Deadline passed: the case ends with a denial, the pledge is broken, the applicant flagged."""
        self.ensure_one()
        case = self.case_id
        case._lock()
        env = self._doc_env()
        names = "、".join(self._remaining().mapped("name"))
        reason = env._(
            "The applicant pledged (pledge %(pledge)s) to make up %(materials)s by %(date)s and did not: the "
            "deferred-acceptance pledge is broken and the application is denied.",
            pledge=self.name, materials=names, date=self.deadline)
        self.sudo().write({"state": "broken", "broken_date": today, "broken_reason": reason})
        if case.state == "review" or (case.state == "decided" and case.output_state == "none"):
            case.sudo().write({"state": "decided", "current_step": False, "decision": "deny",
                               "decision_reason": reason,
                               "decision_legal_basis": env._("%(law)s; deferred-acceptance pledge %(pledge)s",
                                                             law=DENY_LEGAL_BASIS, pledge=self.name),
                               "decision_date": today})
            case._make_documents("decision_deny")
            if hasattr(case, "_compute_time_used"):
                case._compute_time_used()
        self.activity_ids.sudo().unlink()
        self.env["gov.applicant.flag"]._flag(case, self, "defer_broken", reason)
        message = self.env._("Deferred-acceptance pledge %(name)s broken: case %(case)s denied.",
                             name=self.name, case=case.name)
        self.message_post(body=message)
        case.sudo().message_post(body=reason)
        notify_users(case.sudo(), case.clerk_id | case._supervision_users(),
                     self.env._("Deferred-acceptance pledge broken"), message)
