from odoo import api, fields, models
from odoo.exceptions import UserError


class GovCase(models.Model):
    _inherit = "gov.case"

    ticket_id = fields.Many2one("gov.queue.ticket", "Ticket", index="btree_not_null", copy=False,
                                help="The queue ticket of the visit that brought the case.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("ticket_id"):
                self._check_ticket(vals["ticket_id"], vals.get("window_id"))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("ticket_id"):
            for case in self:
                self._check_ticket(vals["ticket_id"], case.window_id.id)
        return super().write(vals)

    @api.model
    def _check_ticket(self, ticket_id, window_id):
        """A case is linked only to a ticket being served at its own window."""
        ticket = self.env["gov.queue.ticket"].sudo().browse(ticket_id).exists()
        if not ticket or ticket.state not in ("called", "serving") or ticket.window_id.id != window_id:
            raise UserError(self.env._("A case is linked only to the ticket being served at its window."))


class GovInquiry(models.Model):
    _inherit = "gov.inquiry"

    ticket_id = fields.Many2one("gov.queue.ticket", "Ticket", index="btree_not_null", copy=False)
