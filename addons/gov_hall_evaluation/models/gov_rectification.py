"""整改: a bad rating or a problem found on a callback, with a handler, a deadline and a reply to the applicant."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group, notify_users
from odoo.exceptions import UserError

RECTIFICATION_DAYS = 15  # working days (国办发〔2019〕51号: 差评整改 within 15 working days)


class GovEvaluationRectification(models.Model):
    _name = "gov.evaluation.rectification"
    _description = "Rectification"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.evaluation.rectification"
    _gov_client_create = False
    _gov_client_unlink = False
    _order = "deadline, id"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    source = fields.Selection([("evaluation", "Bad Rating"), ("callback", "Callback")], required=True,
                              readonly=True, default="evaluation")
    evaluation_id = fields.Many2one("gov.evaluation", "Rating", readonly=True, index="btree_not_null")
    callback_id = fields.Many2one("gov.callback", "Callback", readonly=True, index="btree_not_null")
    service_number = fields.Char("Case / Ticket Number", readonly=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True, index=True)
    handler_id = fields.Many2one("res.users", "Handler", readonly=True, tracking=True)
    problem = fields.Text(readonly=True)
    deadline = fields.Date(required=True, readonly=True, tracking=True,
                           help="15 working days from the rating, from the working-day calendar.")
    measures = fields.Text("Measures Taken", readonly=True)
    reply = fields.Text("Reply to the Applicant", readonly=True)
    replied_at = fields.Datetime(readonly=True)
    state = fields.Selection([("open", "Open"), ("replied", "Replied"), ("closed", "Closed")], default="open",
                             required=True, readonly=True, tracking=True, index=True)
    is_overdue = fields.Boolean("Overdue", compute="_compute_overdue", search="_search_overdue")

    @api.depends("deadline", "state")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for rec in self:
            rec.is_overdue = rec.state == "open" and rec.deadline < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue."))
        domain = [("state", "=", "open"), ("deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _open_for(self, evaluation=None, callback=None, problem=None):
        source = evaluation or callback
        department = source.department_id
        handler = department.gov_leader_id.user_id or department.manager_id.user_id
        today = fields.Date.context_today(self)
        deadline = self.env["cn.holiday"].add_working_days(today, RECTIFICATION_DAYS)
        labels = dict(evaluation._fields["level"]._description_selection(self.env)) if evaluation else {}
        rec = self.sudo().create({
            "source": "evaluation" if evaluation else "callback",
            "evaluation_id": evaluation.id if evaluation else False,
            "callback_id": callback.id if callback else False,
            "service_number": evaluation.service_number if evaluation else (callback.case_id.name or False),
            "department_id": department.id, "handler_id": handler.id, "deadline": deadline,
            "problem": problem or (self.env._("Rated %(level)s: %(comment)s", level=labels.get(evaluation.level),
                                              comment=evaluation.comment or "-") if evaluation else False),
        })
        if handler:
            notify_users(rec, handler, self.env._("Rectify within 15 working days"), rec.problem,
                         date_deadline=deadline)
        return rec

    def _check_handler(self):
        user = self.env.user
        for rec in self:
            if user != rec.handler_id and not user.has_group("gov_hall.group_gov_supervision") and \
                    rec.department_id not in user.employee_ids.department_id:
                raise UserError(self.env._("Only the handler, the department concerned or supervision reply to "
                                           "rectification %(name)s.", name=rec.name))

    def action_reply(self, measures, reply):
        """The department states what it changed and answers the applicant (by SMS when a phone is known)."""
        self._check_handler()
        if not (measures or "").strip() or not (reply or "").strip():
            raise UserError(self.env._("Enter the measures taken and the reply to the applicant."))
        for rec in self:
            if rec.state != "open":
                raise UserError(self.env._("Rectification %(name)s has been replied to already.", name=rec.name))
            rec.sudo().write({"measures": measures, "reply": reply, "replied_at": fields.Datetime.now(),
                              "state": "replied"})
            phone = rec.evaluation_id.sudo().applicant_phone or rec.callback_id.sudo().phone
            if phone:
                self.env["sms.sms"].sudo().create({"number": phone, "body": self.env._(
                    "[%(hall)s] About your rating of %(number)s: %(reply)s", hall=self.env.company.name,
                    number=rec.service_number or "", reply=reply)})
            rec.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_close(self):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center closes rectifications."))
        if any(rec.state != "replied" for rec in self):
            raise UserError(self.env._("A rectification is closed after the department's reply."))
        self.sudo().write({"state": "closed"})
        return True

    def action_open_reply(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.rectification.reply.wizard", "view_mode": "form",
                "target": "new", "context": {"default_rectification_id": self.id}}
