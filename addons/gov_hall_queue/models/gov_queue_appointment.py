"""预约: a time slot of a queue on a working day, within its capacity; check-in gives a ticket ahead of walk-ins."""
import secrets

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError

from .gov_queue import hall_now


class GovQueueAppointment(models.Model):
    _name = "gov.queue.appointment"
    _description = "Appointment"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _order = "date desc, slot_start, id"
    _gov_client_create = False
    _gov_client_unlink = False

    name = fields.Char("Booking Code", required=True, readonly=True, copy=False)
    queue_id = fields.Many2one("gov.queue", "Queue", required=True, readonly=True, index=True, ondelete="restrict")
    date = fields.Date(required=True, readonly=True, index=True)
    slot_start = fields.Float("Slot", required=True, readonly=True)
    slot_label = fields.Char("Time Slot", readonly=True)
    applicant_name = fields.Char("Applicant", required=True, readonly=True)
    phone = fields.Char(required=True, readonly=True)
    resident_id_masked = fields.Char("Resident ID", readonly=True)
    state = fields.Selection([("booked", "Booked"), ("checked_in", "Checked In"), ("cancelled", "Cancelled"),
                              ("missed", "Missed")], default="booked", required=True, readonly=True,
                             tracking=True, index=True)
    ticket_id = fields.Many2one("gov.queue.ticket", "Ticket", readonly=True)

    _name_uniq = models.Constraint("UNIQUE (name)", "A booking code is unique.")

    @api.model
    def _book(self, queue, day, slot_start, applicant_name, phone, resident_id=None):
        """Book a slot (front desk, 12345 line, API): refused on a day off, in the past or over capacity."""
        day = fields.Date.to_date(day)
        if not applicant_name or not phone:
            raise UserError(self.env._("An appointment needs the applicant's name and mobile number."))
        phone = queue._normalize_phone(phone)
        _hash, masked = queue._id_fingerprint(resident_id)
        if day < hall_now(self.env).date():
            raise UserError(self.env._("Appointments are for today or a later day."))
        if not self.env["cn.holiday"].is_workday(day):
            raise UserError(self.env._("%(day)s is not a working day of the hall.", day=day))
        # the queue row is the lock: two bookings of the last place never both pass
        self.env.cr.execute("SELECT id FROM gov_queue WHERE id = %s FOR UPDATE", [queue.id])
        slots = {start: (label, booked, cap) for start, label, booked, cap in queue._slots(day)}
        slot_start = round(float(slot_start), 4)
        if slot_start not in slots:
            raise UserError(self.env._("%(queue)s has no appointment slot at that time.", queue=queue.name))
        label, booked, cap = slots[slot_start]
        if booked >= cap:
            raise UserError(self.env._("The slot %(slot)s on %(day)s is full (%(cap)s appointments): choose another.",
                                       slot=label, day=day, cap=cap))
        return self.sudo().create({
            "name": f"{queue.prefix}{day:%m%d}-{secrets.randbelow(10 ** 6):06d}", "queue_id": queue.id,
            "date": day, "slot_start": slot_start, "slot_label": label, "applicant_name": applicant_name,
            "phone": phone, "resident_id_masked": masked,
        })

    @api.model
    def book(self, queue_id, day, slot_start, applicant_name, phone, resident_id=False):
        check_group(self.env, "gov_hall.group_gov_front_office",
                    self.env._("Only front-office staff book appointments."))
        queue = self.env["gov.queue"].browse(queue_id).exists()
        if not queue:
            raise UserError(self.env._("Choose a queue."))
        booking = self._book(queue, day, slot_start, applicant_name, phone, resident_id)
        return {"id": booking.id, "name": booking.name, "slot": booking.slot_label}

    def _check_in(self):
        """The applicant arrived: a ticket ranked ahead of walk-ins (only on the booked day)."""
        self.ensure_one()
        if self.state != "booked":
            raise UserError(self.env._("Appointment %(code)s is not waiting for check-in.", code=self.name))
        if self.date != hall_now(self.env).date():
            raise UserError(self.env._("Appointment %(code)s is for %(day)s, not today.",
                                       code=self.name, day=self.date))
        ticket = self.queue_id._issue(appointment=self, phone=self.phone)
        self.sudo().write({"state": "checked_in", "ticket_id": ticket.id})
        return ticket

    def action_check_in(self):
        check_group(self.env, "gov_hall.group_gov_front_office",
                    self.env._("Only front-office staff check applicants in."))
        for booking in self:
            booking._check_in()
        return True

    def action_cancel(self):
        check_group(self.env, "gov_hall.group_gov_front_office",
                    self.env._("Only front-office staff cancel appointments."))
        if any(b.state != "booked" for b in self):
            raise UserError(self.env._("Only a booked appointment can be cancelled."))
        self.sudo().write({"state": "cancelled"})
        return True

    @api.autovacuum
    def _gc_missed(self):
        """Bookings of past days never checked in are missed."""
        self.sudo().search([("state", "=", "booked"), ("date", "<", hall_now(self.env).date())]).write(
            {"state": "missed"})
