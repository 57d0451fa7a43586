"""整改 of a bad rating or of a problem found on a callback: the core's rectification, with the rating or the call
it comes from and a reply to the applicant."""
from odoo import api, fields, models
from odoo.exceptions import UserError

RECTIFICATION_DAYS = 15  # working days (国办发〔2019〕51号: 差评整改 within 15 working days)


class GovRectification(models.Model):
    _inherit = "gov.rectification"

    source = fields.Selection(selection_add=[("evaluation", "Bad Rating"), ("callback", "Callback")],
                              ondelete={"evaluation": "cascade", "callback": "cascade"})
    evaluation_id = fields.Many2one("gov.evaluation", "Rating", readonly=True, index="btree_not_null")
    callback_id = fields.Many2one("gov.callback", "Callback", readonly=True, index="btree_not_null")
    service_number = fields.Char("Case / Ticket Number", readonly=True)
    reply = fields.Text("Reply to the Applicant", readonly=True)
    replied_at = fields.Datetime(readonly=True)

    @api.model
    def _open_for(self, evaluation=None, callback=None, problem=None):
        source = evaluation or callback
        labels = dict(evaluation._fields["level"]._description_selection(self.env)) if evaluation else {}
        return self._open({
            "source": "evaluation" if evaluation else "callback",
            "evaluation_id": evaluation.id if evaluation else False,
            "callback_id": callback.id if callback else False,
            "service_number": evaluation.service_number if evaluation else (callback.case_id.name or False),
            "department_id": source.department_id.id,
            "problem": problem or (self.env._("Rated %(level)s: %(comment)s", level=labels.get(evaluation.level),
                                              comment=evaluation.comment or "-") if evaluation else False),
        }, RECTIFICATION_DAYS)

    def action_reply(self, measures, reply):
        """The department states what it changed and answers the applicant (by SMS when a phone is known)."""
        self._check_handler()
        if not (reply or "").strip():
            raise UserError(self.env._("Enter the measures taken and the reply to the applicant."))
        self.action_report(measures)
        for rec in self:
            rec.sudo().write({"reply": reply, "replied_at": fields.Datetime.now()})
            phone = rec.evaluation_id.sudo().applicant_phone or rec.callback_id.sudo().phone
            if phone:
                self.env["sms.sms"].sudo().create({"number": phone, "body": self.env._(
                    "[%(hall)s] About your rating of %(number)s: %(reply)s", hall=self.env.company.name,
                    number=rec.service_number or "", reply=reply)})
        return True

    def action_open_report(self):
        # a rating or a callback is answered to the applicant as well
        if self.source in ("evaluation", "callback"):
            return self.action_open_reply()
        return super().action_open_report()

    def action_open_reply(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.rectification.reply.wizard", "view_mode": "form",
                "target": "new", "context": {"default_rectification_id": self.id}}
