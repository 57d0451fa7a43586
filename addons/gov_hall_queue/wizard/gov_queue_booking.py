from odoo import api, fields, models


class GovQueueBookingWizard(models.TransientModel):
    """The front desk (or the 12345 line) books a slot for an applicant."""
    _name = "gov.queue.booking.wizard"
    _description = "Book an Appointment"

    queue_id = fields.Many2one("gov.queue", "Queue", required=True)
    date = fields.Date(required=True)
    slot = fields.Selection(selection="_slot_selection", string="Time Slot", required=True)
    applicant_name = fields.Char("Applicant", required=True)
    phone = fields.Char("Mobile", required=True)
    resident_id = fields.Char("Resident ID")

    @api.model
    def _slot_selection(self):
        # every half-hour of a day; the queue's own slots are checked when booking
        return [(f"{h / 2:.4f}", f"{int(h // 2):02d}:{30 * (h % 2):02d}") for h in range(12, 40)]

    def action_confirm(self):
        self.ensure_one()
        result = self.env["gov.queue.appointment"].book(self.queue_id.id, self.date, float(self.slot),
                                                        self.applicant_name, self.phone, self.resident_id)
        return {"type": "ir.actions.act_window", "res_model": "gov.queue.appointment", "view_mode": "form",
                "res_id": result["id"]}
