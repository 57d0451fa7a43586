"""Tickets (号票): issued, called by a window in one locked statement, served, every change timed."""
from odoo import api, fields, models
from odoo.exceptions import UserError

from .gov_queue import hall_now

TICKET_STATES = [
    ("waiting", "Waiting"),
    ("called", "Called"),
    ("serving", "Serving"),
    ("on_hold", "On Hold"),
    ("done", "Done"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
]
EVENT_KINDS = [*TICKET_STATES, ("recalled", "Called Again"), ("transferred", "Transferred")]

# finish what the window has in hand, then take the first waiting ticket it serves: priority
# applicants, then checked-in appointments and transfers, then walk-ins, each in issuing order.
# FOR UPDATE SKIP LOCKED: a ticket another window is taking is skipped, never handed out twice.
CALL_NEXT_SQL = """
WITH finished AS (
    UPDATE gov_queue_ticket t
       SET state = 'done', finished_at = %(now)s, started_at = COALESCE(t.started_at, t.called_at),
           service_minutes = EXTRACT(EPOCH FROM (%(now)s - COALESCE(t.started_at, t.called_at))) / 60.0,
           write_uid = %(uid)s, write_date = %(now)s
     WHERE t.window_id = %(window)s AND t.state IN ('called', 'serving')
 RETURNING t.id
), next_one AS (
    SELECT id FROM gov_queue_ticket
     WHERE queue_id = ANY(%(queues)s) AND date = %(day)s AND state = 'waiting'
     ORDER BY rank, id
     LIMIT 1
       FOR UPDATE SKIP LOCKED
), called AS (
    UPDATE gov_queue_ticket t
       SET state = 'called', window_id = %(window)s, user_id = %(uid)s, call_count = 1, called_at = %(now)s,
           wait_minutes = EXTRACT(EPOCH FROM (%(now)s - t.issued_at)) / 60.0, called_hour = %(hour)s,
           write_uid = %(uid)s, write_date = %(now)s
      FROM next_one WHERE t.id = next_one.id
 RETURNING t.id, t.name
), events AS (
    INSERT INTO gov_queue_ticket_event (ticket_id, kind, at, window_id, user_id, create_uid, create_date,
                                        write_uid, write_date)
    SELECT id, 'done', %(now)s, %(window)s, %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s FROM finished
     UNION ALL
    SELECT id, 'called', %(now)s, %(window)s, %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s FROM called
)
SELECT id, name FROM called
"""


class GovQueueTicket(models.Model):
    _name = "gov.queue.ticket"
    _description = "Queue Ticket"
    _inherit = ["gov.guarded.mixin"]
    _order = "date desc, rank, id"
    _gov_client_create = False
    _gov_client_unlink = False
    _rec_names_search = ["name", "phone"]

    OPEN_STATES = ("waiting", "called", "serving", "on_hold")

    name = fields.Char("Ticket", required=True, readonly=True)
    queue_id = fields.Many2one("gov.queue", "Queue", required=True, readonly=True, index=True, ondelete="restrict")
    date = fields.Date(required=True, readonly=True, index=True)
    number = fields.Integer(readonly=True)
    state = fields.Selection(TICKET_STATES, required=True, default="waiting", readonly=True, index=True)
    rank = fields.Integer("Calling Rank", readonly=True, default=2,
                          help="0: priority applicant, 1: appointment or transfer, 2: walk-in.")
    priority_id = fields.Many2one("gov.queue.priority", "Priority Applicant", readonly=True)
    appointment_id = fields.Many2one("gov.queue.appointment", "Appointment", readonly=True)
    phone = fields.Char(readonly=True, groups="gov_hall.group_gov_user")
    resident_id_hash = fields.Char(readonly=True, index=True, groups="base.group_system")
    resident_id_masked = fields.Char("Resident ID", readonly=True)
    token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    item_ids = fields.Many2many("gov.item", "gov_queue_ticket_item_rel", "ticket_id", "item_id", "Items",
                                help="One visit may cover several items.")
    window_id = fields.Many2one("gov.window", "Window", readonly=True, index=True)
    user_id = fields.Many2one("res.users", "Clerk", readonly=True)
    call_count = fields.Integer("Calls", readonly=True)
    issued_at = fields.Datetime("Issued", readonly=True)
    called_at = fields.Datetime("Called", readonly=True, index=True)
    started_at = fields.Datetime("Service Started", readonly=True)
    finished_at = fields.Datetime("Finished", readonly=True)
    called_hour = fields.Integer("Hour Called", readonly=True, aggregator=False)
    wait_minutes = fields.Float("Wait (min)", readonly=True, digits=(10, 1), aggregator="avg")
    service_minutes = fields.Float("Service (min)", readonly=True, digits=(10, 1), aggregator="avg")
    sms_sent = fields.Boolean("Near-turn SMS Sent", readonly=True)
    transferred_from_id = fields.Many2one("gov.queue", "Transferred From", readonly=True)
    event_ids = fields.One2many("gov.queue.ticket.event", "ticket_id", "History", readonly=True)
    case_ids = fields.One2many("gov.case", "ticket_id", "Cases")
    inquiry_ids = fields.One2many("gov.inquiry", "ticket_id", "Inquiries")
    note = fields.Char()

    _token_uniq = models.Constraint("UNIQUE (token)", "A ticket's token is unique.")
    _one_open_per_person = models.UniqueIndex(
        "(queue_id, resident_id_hash) WHERE resident_id_hash IS NOT NULL "
        "AND state IN ('waiting', 'called', 'serving', 'on_hold')",
        "One open ticket per person and queue.")
    _call_idx = models.Index("(queue_id, date, rank, id) WHERE state = 'waiting'")

    @api.model
    def _create_issued(self, vals):
        ticket = self.sudo().create(vals)
        ticket._log("waiting")
        return ticket

    def _log(self, kind, window=None):
        now = fields.Datetime.now()
        self.env["gov.queue.ticket.event"].sudo().create([{
            "ticket_id": t.id, "kind": kind, "at": now, "window_id": (window or t.window_id).id,
            "user_id": self.env.uid} for t in self])

    # ------------------------------------------------------------- checks
    def _check_window(self, window=None):
        for ticket in self:
            target = window or ticket.window_id
            if not target:
                raise UserError(self.env._("Ticket %(t)s has not been called to a window.", t=ticket.name))
            target._check_on_duty()

    def _check_state(self, allowed, action):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for ticket in self:
            if ticket.state not in allowed:
                raise UserError(self.env._("Ticket %(t)s is %(state)s: it cannot be %(action)s.",
                                           t=ticket.name, state=labels[ticket.state], action=action))

    # ------------------------------------------------------------- actions
    def action_recall(self):
        """Call the ticket again at its window (up to the queue's number of calls)."""
        self._check_window()
        self._check_state(("called",), self.env._("called again"))
        for ticket in self:
            if ticket.call_count >= ticket.queue_id.max_calls:
                raise UserError(self.env._("Ticket %(t)s has been called %(n)s times: mark it as passed.",
                                           t=ticket.name, n=ticket.call_count))
            ticket.sudo().write({"call_count": ticket.call_count + 1, "called_at": fields.Datetime.now()})
        self._log("recalled")
        return True

    def action_skip(self):
        """过号: on hold until the applicant comes back, a no-show once called the queue's number of times."""
        self._check_window()
        self._check_state(("called",), self.env._("passed"))
        for ticket in self:
            state = "no_show" if ticket.call_count >= ticket.queue_id.max_calls else "on_hold"
            ticket.sudo().write({"state": state, "finished_at": fields.Datetime.now() if state == "no_show" else False})
            ticket._log(state)
        return True

    def action_resume(self, window_id=None):
        """An applicant on hold came back: called again at the clerk's window."""
        self._check_state(("on_hold",), self.env._("resumed"))
        window = self.env["gov.window"].browse(window_id) if window_id else self.window_id
        self._check_window(window)
        self.sudo().write({"state": "called", "window_id": window.id, "user_id": self.env.uid,
                           "call_count": 1, "called_at": fields.Datetime.now()})
        self._log("called", window)
        return True

    def action_start(self):
        self._check_window()
        self._check_state(("called",), self.env._("started"))
        self.sudo().write({"state": "serving", "started_at": fields.Datetime.now()})
        self._log("serving")
        return True

    def action_finish(self):
        self._check_window()
        self._check_state(("called", "serving"), self.env._("finished"))
        now = fields.Datetime.now()
        for ticket in self:
            start = ticket.started_at or ticket.called_at or now
            ticket.sudo().write({"state": "done", "finished_at": now, "started_at": start,
                                 "service_minutes": (now - start).total_seconds() / 60.0})
        self._log("done")
        return True

    def action_transfer(self, queue_id):
        """Send the applicant to another queue, ahead of its walk-ins, keeping the ticket and its history."""
        queue = self.env["gov.queue"].browse(queue_id).exists()
        if not queue:
            raise UserError(self.env._("Choose the queue to transfer to."))
        self._check_window()
        self._check_state(("called", "serving"), self.env._("transferred"))
        for ticket in self:
            if queue == ticket.queue_id:
                raise UserError(self.env._("Ticket %(t)s is already in %(queue)s.", t=ticket.name, queue=queue.name))
            ticket._log("transferred")
            ticket.sudo().write({"transferred_from_id": ticket.queue_id.id, "queue_id": queue.id, "state": "waiting",
                                 "rank": min(ticket.rank, 1), "window_id": False, "user_id": False,
                                 "call_count": 0})
            ticket._log("waiting")
        return True

    def action_open_transfer(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.queue.transfer.wizard", "view_mode": "form",
                "target": "new", "context": {"default_ticket_id": self.id}}

    def action_new_case(self):
        """Receive a case for this visit at the clerk's window (the case form, linked to the ticket)."""
        self.ensure_one()
        self._check_window()
        self._check_state(("called", "serving"), self.env._("received as a case"))
        if self.state == "called":
            self.action_start()
        return {"type": "ir.actions.act_window", "res_model": "gov.case", "view_mode": "form", "target": "current",
                "context": {"default_ticket_id": self.id, "default_window_id": self.window_id.id}}

    def action_new_inquiry(self):
        """Log a first inquiry (首问登记) for this visit, linked to the ticket."""
        self.ensure_one()
        self._check_window()
        self._check_state(("called", "serving"), self.env._("logged as an inquiry"))
        if self.state == "called":
            self.action_start()
        return {"type": "ir.actions.act_window", "res_model": "gov.inquiry", "view_mode": "form", "target": "current",
                "context": {"default_ticket_id": self.id, "default_window_id": self.window_id.id}}

    # ------------------------------------------------------------- calling
    @api.model
    def _call_next(self, window):
        """Finish the window's current ticket and call the next one it serves: (id, name) or None."""
        queues = self.env["gov.queue"].sudo().search([("window_ids", "in", window.ids)])
        if not queues:
            raise UserError(self.env._("Window %(w)s calls no queue: add it to a queue first.", w=window.name))
        now = fields.Datetime.now()
        params = {"now": now, "uid": self.env.uid, "window": window.id, "queues": queues.ids,
                  "day": hall_now(self.env).date(), "hour": hall_now(self.env).hour}

        def work(cr):
            cr.execute(CALL_NEXT_SQL, params)
            return cr.fetchone()
        row = queues[:1]._own_transaction(work)
        self.invalidate_model()
        self.env["gov.queue.ticket.event"].invalidate_model()
        if row:
            self.browse(row[0])._notify_near_turn(queues)
        return row

    def _notify_near_turn(self, queues):
        """Text the applicant who is now N-th in line (once per ticket)."""
        today = hall_now(self.env).date()
        for queue in queues.filtered("notify_position"):
            waiting = self.sudo().search([("queue_id", "=", queue.id), ("date", "=", today),
                                          ("state", "=", "waiting")], order="rank, id", limit=queue.notify_position)
            if len(waiting) < queue.notify_position:
                continue
            ticket = waiting[-1]
            if ticket.sms_sent or not ticket.phone:
                continue
            self.env["sms.sms"].sudo().create({
                "number": ticket.phone,
                "body": self.env._("[%(hall)s] Ticket %(t)s: %(n)s people ahead of you in %(queue)s. Please come "
                                   "to the waiting area.", hall=self.env.company.name, t=ticket.name,
                                   n=queue.notify_position - 1, queue=queue.name),
            })
            ticket.sudo().sms_sent = True

    def _public_values(self):
        """What the 'my place' page shows: number, queue, state, people ahead, estimated wait."""
        self.ensure_one()
        values = {"ticket": self.name, "queue": self.queue_id.name, "state": self.state,
                  "state_label": dict(self._fields["state"]._description_selection(self.env))[self.state],
                  "window": self.window_id.name if self.state in ("called", "serving") else False,
                  "ahead": 0, "minutes": 0}
        if self.state == "waiting":
            ahead, _windows, _mean, minutes = self.queue_id._wait_figures(self)
            values.update(ahead=ahead, minutes=minutes)
        return values

    @api.model
    def _display_feed(self):
        """Latest calls (ticket → window) and waiting counts per queue, for the hall display."""
        today = hall_now(self.env).date()
        Ticket = self.sudo()
        calls = Ticket.search_fetch([("date", "=", today), ("called_at", "!=", False),
                                     ("state", "in", ("called", "serving", "done"))],
                                    ["name", "window_id", "called_at", "call_count"], order="called_at desc, id desc",
                                    limit=8)
        queues = self.env["gov.queue"].sudo().search([])
        waiting = dict(Ticket._read_group([("date", "=", today), ("state", "=", "waiting")], ["queue_id"], ["__count"]))
        items = [{"key": f"{t.id}-{t.call_count}-{t.called_at.isoformat()}", "ticket": t.name,
                  "window": t.window_id.name or "",
                  "speech": self.env._("Ticket %(t)s, please come to window %(w)s.", t=" ".join(t.name),
                                       w=t.window_id.name or "")} for t in calls]
        return {"calls": items,
                "queues": [{"name": q.name, "prefix": q.prefix, "waiting": waiting.get(q, 0)} for q in queues]}

    @api.autovacuum
    def _gc_close_past_days(self):
        """Tickets of past days still open are closed as no-shows (the hall closed without serving them)."""
        today = hall_now(self.env).date()
        stale = self.sudo().search([("date", "<", today), ("state", "in", self.OPEN_STATES)])
        stale.write({"state": "no_show"})


class GovQueueTicketEvent(models.Model):
    """Each change of a ticket with its time: wait and service times are exact."""
    _name = "gov.queue.ticket.event"
    _description = "Ticket Event"
    _inherit = ["gov.guarded.mixin"]
    _order = "at, id"
    _gov_client_create = False
    _gov_client_unlink = False

    ticket_id = fields.Many2one("gov.queue.ticket", required=True, readonly=True, ondelete="cascade", index=True)
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    at = fields.Datetime("Time", required=True, readonly=True)
    window_id = fields.Many2one("gov.window", readonly=True)
    user_id = fields.Many2one("res.users", "By", readonly=True)
