"""叫号 queues: which windows call them, ticketing hours, the daily cap, appointment slots."""
import hashlib
import hmac
import secrets
from datetime import datetime, time, timedelta

import pytz
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

import odoo.modules.module
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.addons.gov_hall.tools.idcheck import valid_resident_id
from odoo.exceptions import UserError, ValidationError

from ..tools.estimate import estimate_wait_minutes

HALL_TZ = "Asia/Shanghai"
MOBILE_DIGITS = 11


def hall_now(env):
    """The hall's local time (naive), whatever the user's or server's time zone."""
    return datetime.now(pytz.timezone(env.company.partner_id.tz or HALL_TZ)).replace(tzinfo=None)


def float_to_time(value):
    hours = int(value)
    return time(hours, round((value - hours) * 60) % 60)


class GovQueue(models.Model):
    _name = "gov.queue"
    _description = "Queue"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char("Queue", required=True, tracking=True)
    prefix = fields.Char("Ticket Prefix", required=True, size=2, tracking=True,
                         help="Tickets are numbered per day: A001, A002 …")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Char("Shown on the Kiosk", help="e.g. 不动产登记、交易、缴税")
    window_ids = fields.Many2many("gov.window", "gov_queue_window_rel", "queue_id", "window_id", "Calling Windows",
                                 help="The windows that call this queue's tickets.")
    department_ids = fields.Many2many("hr.department", "gov_queue_department_rel", "queue_id", "department_id",
                                      "Departments Served", domain=[("is_stationed", "=", True)])
    open_time = fields.Float("Ticketing From", default=8.5, required=True, tracking=True)
    close_time = fields.Float("Ticketing Until", default=17.0, required=True, tracking=True)
    daily_cap = fields.Integer("Daily Cap", default=300, required=True, tracking=True,
                               help="Tickets issued per day at most (appointments included).")
    warn_share = fields.Float("Warn at Share of Cap", default=0.9, digits=(3, 2),
                              help="The kiosk warns that few numbers are left from this share of the cap on.")
    max_calls = fields.Integer("Calls Before No-show", default=3, required=True,
                               help="A ticket called this many times without showing up is a no-show.")
    notify_position = fields.Integer("SMS When N-th in Line", default=3,
                                     help="Text the applicant when this many people are left ahead (0: never).")
    default_service_minutes = fields.Float("Default Service Time (min)", default=8.0,
                                           help="Used for the wait estimate until the day has finished services.")
    slot_minutes = fields.Integer("Appointment Slot (min)", default=30, required=True)
    slot_capacity = fields.Integer("Appointments per Slot", default=4, required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)

    issued_today = fields.Integer("Issued Today", compute="_compute_today")
    waiting_count = fields.Integer("Waiting", compute="_compute_today")
    cap_state = fields.Selection([("normal", "Numbers Available"), ("near", "Few Numbers Left"),
                                  ("full", "No Numbers Left")], "Numbers", compute="_compute_today")

    _prefix_uniq = models.Constraint("UNIQUE (prefix, company_id)", "Each queue has its own ticket prefix.")

    @api.constrains("open_time", "close_time", "daily_cap", "warn_share", "max_calls", "slot_minutes",
                    "slot_capacity", "prefix")
    def _check_settings(self):
        for queue in self:
            if not 0 <= queue.open_time < queue.close_time <= 24:
                raise ValidationError(self.env._("Ticketing hours must lie within the day, opening before closing."))
            if queue.daily_cap < 1 or queue.max_calls < 1 or queue.slot_minutes < 5 or queue.slot_capacity < 0:
                raise ValidationError(self.env._(
                    "The daily cap and calls before no-show are at least 1, a slot at least 5 minutes."))
            if not 0 < queue.warn_share <= 1:
                raise ValidationError(self.env._("The warning share of the cap is between 0 and 1."))
            if not (queue.prefix or "").isalpha() or not queue.prefix.isupper():
                raise ValidationError(self.env._("The ticket prefix is one or two capital letters, e.g. A."))

    def _compute_today(self):
        today = hall_now(self.env).date()
        counts = dict(self.env["gov.queue.counter"].sudo()._read_group(
            [("queue_id", "in", self.ids), ("date", "=", today)], ["queue_id"], ["last_number:max"]))
        waiting = dict(self.env["gov.queue.ticket"].sudo()._read_group(
            [("queue_id", "in", self.ids), ("date", "=", today), ("state", "=", "waiting")],
            ["queue_id"], ["__count"]))
        for queue in self:
            issued = counts.get(queue, 0)
            queue.issued_today = min(issued, queue.daily_cap)
            queue.waiting_count = waiting.get(queue, 0)
            queue.cap_state = ("full" if issued >= queue.daily_cap
                               else "near" if issued >= queue.daily_cap * queue.warn_share else "normal")

    # ------------------------------------------------------------- issuing
    def _check_open(self, when=None):
        """Refuse a ticket outside ticketing hours, on a day off, or for an archived queue."""
        self.ensure_one()
        when = when or hall_now(self.env)
        if not self.active:
            raise UserError(self.env._("The queue %(queue)s is closed.", queue=self.name))
        if not self.env["cn.holiday"].is_workday(when.date()):
            raise UserError(self.env._("The hall is closed today (a day off): please come on a working day."))
        if not float_to_time(self.open_time) <= when.time() < float_to_time(self.close_time):
            raise UserError(self.env._(
                "Tickets for %(queue)s are issued from %(open)s to %(close)s.", queue=self.name,
                open=float_to_time(self.open_time).strftime("%H:%M"),
                close=float_to_time(self.close_time).strftime("%H:%M")))

    @api.model
    def _normalize_phone(self, phone):
        digits = "".join(c for c in (phone or "") if c.isdigit())
        if not digits:
            return False
        if digits.startswith("86") and len(digits) == MOBILE_DIGITS + 2:
            digits = digits[2:]
        if len(digits) != MOBILE_DIGITS or not digits.startswith("1"):
            raise UserError(self.env._("%(phone)s is not a mobile number (11 digits starting with 1).", phone=phone))
        return digits

    @api.model
    def _id_fingerprint(self, resident_id):
        """(hash, masked) of a resident ID: the ticket keeps no readable ID number."""
        if not resident_id:
            return False, False
        number = valid_resident_id(resident_id)
        if not number:
            raise UserError(self.env._("%(id)s is not a valid resident ID number.", id=resident_id))
        key = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        digest = hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()
        return digest, number[:4] + "*" * 10 + number[-4:]

    def _next_number(self, day):
        """The queue's next number of the day, in its own short transaction (never read-then-write).

        A refused ticket leaves a gap rather than holding a lock on the counter for the rest of the
        request: numbers are never reused."""
        self.ensure_one()
        sql = """INSERT INTO gov_queue_counter (queue_id, date, last_number, create_date, write_date)
                 VALUES (%s, %s, 1, now() at time zone 'UTC', now() at time zone 'UTC')
                 ON CONFLICT (queue_id, date) DO UPDATE SET last_number = gov_queue_counter.last_number + 1,
                                                            write_date = EXCLUDED.write_date
                 RETURNING last_number"""
        return self._own_transaction(lambda cr: (cr.execute(sql, [self.id, day]), cr.fetchone()[0])[1])

    def _own_transaction(self, work):
        """Run ``work(cr)`` in a short READ COMMITTED transaction committed at once.

        The request's own transaction is REPEATABLE READ: a ticket another window took after it began
        would be a serialization failure there, not a skipped row. Odoo's tests run in one transaction,
        which ``work`` then shares."""
        if odoo.modules.module.current_test:
            self.env.flush_all()
            return work(self.env.cr)
        with self.env.registry.cursor() as cr:
            cr._cnx.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)  # before its first statement
            return work(cr)

    def _issue(self, priority=None, phone=None, resident_id=None, appointment=None, item_ids=None):
        """A ticket for this queue (kiosk, card reader, front desk, API), after every check."""
        self.ensure_one()
        now = hall_now(self.env)
        self._check_open(now)
        phone = self._normalize_phone(phone)
        id_hash, id_masked = self._id_fingerprint(resident_id)
        Ticket = self.env["gov.queue.ticket"].sudo()
        if id_hash and Ticket.search_count([("queue_id", "=", self.id), ("resident_id_hash", "=", id_hash),
                                            ("state", "in", Ticket.OPEN_STATES)], limit=1):
            raise UserError(self.env._(
                "This ID number already holds a ticket in %(queue)s that is not finished: one open ticket per "
                "person and queue.", queue=self.name))
        number = self._next_number(now.date())
        if number > self.daily_cap:
            raise UserError(self.env._("No numbers are left for %(queue)s today (%(cap)s issued). Please book an "
                                       "appointment for another day.", queue=self.name, cap=self.daily_cap))
        rank = 0 if priority else 1 if appointment else 2
        return Ticket._create_issued({
            "queue_id": self.id, "date": now.date(), "number": number,
            "name": f"{self.prefix}{number:03d}", "rank": rank,
            "priority_id": priority.id if priority else False,
            "appointment_id": appointment.id if appointment else False,
            "phone": phone, "resident_id_hash": id_hash, "resident_id_masked": id_masked,
            "token": secrets.token_urlsafe(24), "issued_at": fields.Datetime.now(),
            "item_ids": [fields.Command.set(item_ids or [])],
        })

    def issue_ticket(self, priority_id=False, phone=False, resident_id=False):
        """Front desk: a ticket for someone at the information desk (the kiosk's public route calls ``_issue``)."""
        self.ensure_one()
        check_group(self.env, "gov_hall.group_gov_front_office",
                    self.env._("Only front-office staff issue tickets at the desk."))
        priority = self.env["gov.queue.priority"].browse(priority_id).exists() if priority_id else None
        ticket = self._issue(priority=priority, phone=phone, resident_id=resident_id)
        return {"id": ticket.id, "name": ticket.name, "token": ticket.token}

    # ------------------------------------------------------------ estimate
    def _wait_figures(self, ticket=None):
        """(people ahead, windows open, mean service minutes, estimated minutes) for a ticket or a newcomer."""
        self.ensure_one()
        today = hall_now(self.env).date()
        Ticket = self.env["gov.queue.ticket"].sudo()
        waiting = Ticket.search_fetch([("queue_id", "=", self.id), ("date", "=", today), ("state", "=", "waiting")],
                                      ["rank"], order="rank, id")
        if ticket:
            ahead = 0
            for other in waiting:
                if other == ticket:
                    break
                ahead += 1
        else:
            ahead = len(waiting)
        since = fields.Datetime.now() - timedelta(hours=1)
        windows = len(Ticket._read_group([("queue_id", "=", self.id), ("called_at", ">=", since)], ["window_id"]))
        done = Ticket.search_fetch([("queue_id", "=", self.id), ("date", "=", today), ("state", "=", "done"),
                                    ("service_minutes", ">", 0)], ["service_minutes"], order="finished_at desc",
                                   limit=20)
        mean = (sum(done.mapped("service_minutes")) / len(done)) if done else self.default_service_minutes
        windows = windows or len(self.window_ids) or 1
        return ahead, windows, mean, estimate_wait_minutes(ahead, mean, windows)

    # ------------------------------------------------------------ appointments
    def _slots(self, day):
        """[(start hour as float, label, booked, capacity)] of a day for this queue."""
        self.ensure_one()
        booked = dict(self.env["gov.queue.appointment"].sudo()._read_group(
            [("queue_id", "=", self.id), ("date", "=", day), ("state", "in", ("booked", "checked_in"))],
            ["slot_start"], ["__count"]))
        slots, start = [], self.open_time
        while start + self.slot_minutes / 60 <= self.close_time + 1e-9:
            label = f"{float_to_time(start):%H:%M}-{float_to_time(start + self.slot_minutes / 60):%H:%M}"
            slots.append((round(start, 4), label, booked.get(round(start, 4), 0), self.slot_capacity))
            start += self.slot_minutes / 60
        return slots

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("gov_hall_queue.gov_queue_ticket_action")
        action["domain"] = [("queue_id", "=", self.id)]
        action["context"] = {"search_default_today": 1}
        return action


class GovQueueCounter(models.Model):
    """The last number issued per queue and day (one row, moved in one statement)."""
    _name = "gov.queue.counter"
    _description = "Queue Number Counter"
    _log_access = True

    queue_id = fields.Many2one("gov.queue", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True)
    last_number = fields.Integer(required=True, default=0)

    _queue_date_uniq = models.Constraint("UNIQUE (queue_id, date)", "One counter per queue and day.")


class GovQueuePriority(models.Model):
    """Applicants served first (老年人, 残疾人, 军人, 孕妇 …): a list the Bureau maintains."""
    _name = "gov.queue.priority"
    _description = "Priority Applicant Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    note = fields.Char("Proof Shown", help="e.g. 身份证（65周岁以上）、残疾人证、军官证/退役军人优待证")
