"""好差评 (国办发〔2019〕51号, GB/T 39735-2020): one rating per service and channel, never entered by staff."""
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

LEVELS = [
    ("5", "Very Satisfied"),
    ("4", "Satisfied"),
    ("3", "Basically Satisfied"),
    ("2", "Dissatisfied"),
    ("1", "Very Dissatisfied"),
]
BAD_LEVELS = ("1", "2")
CHANNELS = [("pad", "Window Pad"), ("sms", "SMS Link"), ("web", "Web"), ("api", "Department Network")]
TOKEN_DAYS = 30


class GovEvaluation(models.Model):
    _name = "gov.evaluation"
    _description = "Service Evaluation"
    _inherit = ["mail.thread", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.evaluation"
    _gov_client_create = False
    _gov_client_unlink = False
    _order = "rated_at desc, id desc"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    level = fields.Selection(LEVELS, "Rating", required=True, readonly=True, index=True)
    score = fields.Integer(readonly=True, aggregator="avg")
    is_bad = fields.Boolean("Bad Rating", readonly=True, index=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    service_number = fields.Char("Case / Ticket Number", required=True, readonly=True, index=True,
                                 help="The case number, or the ticket's for a visit that brought no case.")
    case_id = fields.Many2one("gov.case", "Case", readonly=True, index="btree_not_null")
    ticket_id = fields.Many2one("gov.queue.ticket", "Ticket", readonly=True, index="btree_not_null")
    item_id = fields.Many2one("gov.item", "Item", readonly=True, index=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True, index=True)
    window_id = fields.Many2one("gov.window", "Window", readonly=True)
    user_id = fields.Many2one("res.users", "Staff Rated", readonly=True, index=True)
    comment = fields.Text(readonly=True)
    real_name = fields.Boolean("Real Name", readonly=True,
                               help="The rating comes from an identified applicant (case or phone known).")
    applicant_name = fields.Char(readonly=True, groups="gov_hall.group_gov_supervision")
    applicant_phone = fields.Char(readonly=True, groups="gov_hall.group_gov_supervision")
    rated_at = fields.Datetime(required=True, readonly=True)
    state = fields.Selection([("valid", "Counted"), ("appealed", "Under Appeal"), ("removed", "Removed on Appeal")],
                             default="valid", required=True, readonly=True, tracking=True, index=True)
    removed_reason = fields.Text("Reason for Removal", readonly=True)
    rectification_ids = fields.One2many("gov.rectification", "evaluation_id", "Rectifications")
    appeal_ids = fields.One2many("gov.evaluation.appeal", "evaluation_id", "Appeals")
    callback_ids = fields.One2many("gov.callback", "evaluation_id", "Return Visits")

    _case_channel_uniq = models.UniqueIndex("(case_id, channel) WHERE case_id IS NOT NULL",
                                            "A case is rated once per channel.")
    _ticket_channel_uniq = models.UniqueIndex("(ticket_id, channel) WHERE ticket_id IS NOT NULL AND case_id IS NULL",
                                              "A visit is rated once per channel.")

    @api.model
    def _service_values(self, case=None, ticket=None):
        """Who and what a rating concerns, from the case (or the ticket of a visit without a case)."""
        if case:
            return {"case_id": case.id, "ticket_id": case.ticket_id.id if "ticket_id" in case._fields else False,
                    "service_number": case.name, "item_id": case.item_id.id, "department_id": case.department_id.id,
                    "window_id": case.window_id.id, "user_id": case.clerk_id.id, "real_name": True,
                    "applicant_name": case.applicant_name, "applicant_phone": case.applicant_phone}
        return {"ticket_id": ticket.id, "service_number": ticket.name, "item_id": ticket.item_ids[:1].id,
                "department_id": ticket.window_id.department_id.id, "window_id": ticket.window_id.id,
                "user_id": ticket.user_id.id, "real_name": bool(ticket.phone), "applicant_phone": ticket.phone}

    @api.model
    def _record(self, level, channel, case=None, ticket=None, comment=None):
        """Store a rating from the applicant's pad, link, page or department network (all through sudo routes)."""
        if level not in dict(LEVELS):
            raise UserError(self.env._("Choose one of the five ratings."))
        if not case and not ticket:
            raise UserError(self.env._("A rating concerns a case or a visit."))
        vals = self._service_values(case=case, ticket=ticket)
        domain = [("channel", "=", channel)] + ([("case_id", "=", case.id)] if case else
                                                [("ticket_id", "=", ticket.id), ("case_id", "=", False)])
        if self.sudo().search_count(domain, limit=1):
            raise UserError(self.env._("This service has already been rated through this channel."))
        vals.update(level=level, score=int(level), is_bad=level in BAD_LEVELS, channel=channel,
                    comment=(comment or "").strip()[:2000] or False, rated_at=fields.Datetime.now())
        evaluation = self.sudo().create(vals)
        if evaluation.is_bad:
            evaluation._open_follow_up()
        return evaluation

    def _open_follow_up(self):
        """A bad rating opens a rectification; a real-name one is also revisited by supervision (回访核实)."""
        for evaluation in self:
            self.env["gov.rectification"].sudo()._open_for(evaluation)
            if evaluation.real_name:
                self.env["gov.callback"].sudo().create({
                    "kind": "verification", "evaluation_id": evaluation.id, "case_id": evaluation.case_id.id,
                    "ticket_id": evaluation.ticket_id.id, "department_id": evaluation.department_id.id,
                    "item_id": evaluation.item_id.id,
                })


class GovEvaluationToken(models.Model):
    """A single-use link (SMS or web) to rate one service."""
    _name = "gov.evaluation.token"
    _description = "Evaluation Link"
    _inherit = ["gov.guarded.mixin"]
    _gov_client_create = False
    _gov_client_unlink = False

    token = fields.Char(required=True, readonly=True, index=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    case_id = fields.Many2one("gov.case", readonly=True, ondelete="cascade")
    ticket_id = fields.Many2one("gov.queue.ticket", readonly=True, ondelete="cascade")
    expires_at = fields.Datetime(required=True, readonly=True)
    used_at = fields.Datetime(readonly=True)

    _token_uniq = models.Constraint("UNIQUE (token)", "An evaluation link is unique.")

    @api.model
    def _issue(self, channel, case=None, ticket=None):
        return self.sudo().create({
            "token": secrets.token_urlsafe(24), "channel": channel, "case_id": case.id if case else False,
            "ticket_id": ticket.id if ticket else False,
            "expires_at": fields.Datetime.now() + timedelta(days=TOKEN_DAYS)})

    @api.model
    def _lookup(self, token):
        """The unused, unexpired link for ``token``, or an empty recordset (same answer for any failure)."""
        if not token or len(token) < 20:
            return self.browse()
        link = self.sudo().search([("token", "=", token)], limit=1)
        if not link or link.used_at or link.expires_at < fields.Datetime.now():
            return self.browse()
        return link

    def _use(self, level, comment=None):
        """Rate through this link: taken in one statement, so a link used twice in parallel rates once."""
        self.ensure_one()
        self.env.cr.execute("UPDATE gov_evaluation_token SET used_at = now() at time zone 'UTC' "
                            "WHERE id = %s AND used_at IS NULL RETURNING id", [self.id])
        if not self.env.cr.fetchone():
            raise UserError(self.env._("This evaluation link has already been used."))
        self.invalidate_recordset(["used_at"])
        return self.env["gov.evaluation"]._record(level, self.channel, case=self.case_id or None,
                                                  ticket=None if self.case_id else self.ticket_id, comment=comment)
