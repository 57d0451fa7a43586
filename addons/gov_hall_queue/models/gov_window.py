from odoo import fields, models
from odoo.exceptions import UserError


class GovWindow(models.Model):
    _inherit = "gov.window"

    queue_ids = fields.Many2many("gov.queue", "gov_queue_window_rel", "window_id", "queue_id", "Queues Called")
    current_ticket_id = fields.Many2one("gov.queue.ticket", "Current Ticket", compute="_compute_current_ticket")
    waiting_count = fields.Integer("Waiting for This Window", compute="_compute_current_ticket")

    def _compute_current_ticket(self):
        Ticket = self.env["gov.queue.ticket"].sudo()
        current = {t.window_id: t for t in Ticket.search([("window_id", "in", self.ids),
                                                         ("state", "in", ("called", "serving"))])}
        for window in self:
            window.current_ticket_id = current.get(window, Ticket)
            window.waiting_count = sum(window.queue_ids.mapped("waiting_count"))

    def action_call_next(self):
        """One button: the current ticket is finished and the next ticket this window serves is called."""
        self.ensure_one()
        self._check_on_duty()
        row = self.env["gov.queue.ticket"]._call_next(self)
        if not row:
            raise UserError(self.env._("Nobody is waiting for window %(w)s.", w=self.name))
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"title": self.env._("Called"), "type": "success",
                           "message": self.env._("Ticket %(t)s, please come to window %(w)s.", t=row[1], w=self.name),
                           "next": {"type": "ir.actions.client", "tag": "soft_reload"}}}

    def action_open_current(self):
        self.ensure_one()
        if not self.current_ticket_id:
            raise UserError(self.env._("Window %(w)s has no ticket in hand.", w=self.name))
        return {"type": "ir.actions.act_window", "res_model": "gov.queue.ticket", "view_mode": "form",
                "res_id": self.current_ticket_id.id}
