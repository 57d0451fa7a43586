from odoo import fields, models


class GovQueueTransferWizard(models.TransientModel):
    _name = "gov.queue.transfer.wizard"
    _description = "Transfer a Ticket"

    ticket_id = fields.Many2one("gov.queue.ticket", required=True, ondelete="cascade")
    queue_id = fields.Many2one("gov.queue", "To Queue", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id.action_transfer(self.queue_id.id)
        return {"type": "ir.actions.act_window_close"}
