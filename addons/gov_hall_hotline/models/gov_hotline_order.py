"""12345 工单: work orders of the city's 12345 hotline handed to the hall.

The platform sends an order (file import or API); supervision assigns it to a stationed department
with instructions; the department's back office or leader replies; supervision calls the caller back
(回访): satisfied → revisited, then closed; unsatisfied → back to the department once, the second
answer is final. Orders of the category 投诉 open a linked ``gov.complaint`` (channel 12345) so that
complaints are counted where supervision counts them; the complaint keeps its own flow (supervision
takes it up and says whether it was substantiated), the department's reply is posted on it.
"""
from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group, notify_users
from odoo.addons.gov_hall.models.gov_warning import LEVEL_ORDER
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

CATEGORIES = [("consult", "Consultation"), ("help", "Request for Help"), ("complaint", "Complaint"),
              ("suggestion", "Suggestion"), ("report", "Report of Wrongdoing"), ("praise", "Praise")]
STATES = [("received", "Received"), ("assigned", "Assigned"), ("replied", "Replied"), ("revisited", "Revisited"),
          ("closed", "Closed")]
OPEN_STATES = ("received", "assigned")
LEVELS = [("normal", "Normal"), ("yellow", "Yellow"), ("orange", "Orange"), ("red", "Red (Overdue)")]
# what the platform sent: corrected by supervision while the order waits for assignment, frozen after
CONTENT_FIELDS = {"received_at", "category", "title", "content", "caller_name", "caller_phone", "department_hint",
                  "item_hint", "deadline"}
SUPERVISION = "gov_hall.group_gov_supervision"


class GovHotlineOrder(models.Model):
    _name = "gov.hotline.order"
    _description = "12345 Hotline Work Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "deadline, id desc"
    _gov_client_unlink = False

    name = fields.Char("Work Order Number", required=True, copy=False, index=True, tracking=True,
                       help="The 12345 platform's number (工单编号): the key of imports and of the return file.")
    source = fields.Selection([("manual", "Entered by Hand"), ("import", "File Import"), ("api", "Platform API")],
                              default="manual", required=True, readonly=True)
    received_at = fields.Datetime("Received At", required=True, default=fields.Datetime.now,
                                  help="When the 12345 platform took the call.")
    category = fields.Selection(CATEGORIES, required=True, index=True, tracking=True)
    title = fields.Char(required=True)
    content = fields.Text("Request", required=True)
    caller_name = fields.Char("Caller", help="Personal data: supervision and the assigned department only.")
    caller_phone = fields.Char("Caller Phone", help="Personal data: supervision and the assigned department only.")
    department_hint = fields.Char("Department Mentioned", help="The department the platform named (涉及部门).")
    item_hint = fields.Char("Item Mentioned", help="The service item the caller mentioned (涉及事项).")
    deadline = fields.Date(required=True, index=True, tracking=True,
                           help="The day the reply is due (办理时限), set by the 12345 platform.")
    state = fields.Selection(STATES, default="received", required=True, readonly=True, index=True, tracking=True,
                             copy=False, group_expand=True)
    department_id = fields.Many2one("hr.department", "Handling Department", readonly=True, index=True,
                                    tracking=True, copy=False)
    item_id = fields.Many2one("gov.item", "Item", readonly=True, copy=False)
    instructions = fields.Text("Instructions", readonly=True, copy=False)
    assigned_by_id = fields.Many2one("res.users", "Assigned By", readonly=True, copy=False)
    assigned_at = fields.Datetime(readonly=True, copy=False)
    reply = fields.Text(readonly=True, tracking=True, copy=False)
    replied_by_id = fields.Many2one("res.users", "Replied By", readonly=True, copy=False)
    replied_at = fields.Datetime(readonly=True, copy=False)
    revisit_result = fields.Selection([("satisfied", "Satisfied"), ("unsatisfied", "Unsatisfied")],
                                      "Return Visit", readonly=True, tracking=True, copy=False)
    revisit_note = fields.Text("Return Visit Note", readonly=True, copy=False)
    revisited_by_id = fields.Many2one("res.users", "Revisited By", readonly=True, copy=False)
    revisited_at = fields.Datetime(readonly=True, copy=False)
    return_count = fields.Integer("Times Returned", readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", "Closed By", readonly=True, copy=False)
    closed_at = fields.Datetime(readonly=True, copy=False)
    complaint_id = fields.Many2one("gov.complaint", "Complaint", readonly=True, copy=False, index="btree_not_null")
    warning_level = fields.Selection(LEVELS, "Warning Level", default="normal", readonly=True, index=True,
                                     tracking=True, copy=False)
    is_overdue = fields.Boolean("Overdue", readonly=True, index=True, copy=False,
                                help="Open (not yet replied) after its deadline; updated every hour.")
    days_left = fields.Integer("Working Days Left", readonly=True, copy=False,
                               help="Negative: working days overdue. Updated every hour.")
    is_my_department = fields.Boolean("My Department", compute="_compute_is_my_department",
                                      search="_search_is_my_department")

    _name_uniq = models.Constraint("UNIQUE (name)", "A 12345 work order number is registered once.")

    # ------------------------------------------------------------------ compute
    @api.depends("department_id")
    @api.depends_context("uid")
    def _compute_is_my_department(self):
        mine = self.env.user.employee_ids.department_id
        for order in self:
            order.is_my_department = order.department_id in mine if order.department_id else False

    def _search_is_my_department(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on my department."))
        domain = Domain("department_id", "in", self.env.user.employee_ids.department_id.ids)
        return domain if (operator == "=") == value else ~domain

    @api.constrains("deadline", "received_at")
    def _check_deadline(self):
        for order in self:
            if order.deadline and order.received_at and order.deadline < self._local(order.received_at).date():
                raise ValidationError(self.env._("The deadline of work order %(number)s is before the time it was "
                                                 "received.", number=order.name))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("deadline"):
                raise ValidationError(self.env._(
                    "Work order %(number)s has no deadline: a work order without deadline is not registered.",
                    number=vals.get("name") or "?"))
        orders = super().create(vals_list)
        orders._link_complaint()
        orders._update_warning_levels()
        return orders

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields() | {"name"}
        if any(order.state != "received" for order in self):
            locked |= CONTENT_FIELDS
        return locked

    # ------------------------------------------------------------------ helpers
    def _tz(self):
        return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai")

    def _local(self, value):
        """A stored (UTC) datetime as a naive local one."""
        return pytz.utc.localize(value).astimezone(self._tz()).replace(tzinfo=None) if value else None

    def _utc(self, value):
        """A naive local datetime as the naive UTC one the ORM stores."""
        return self._tz().localize(value).astimezone(pytz.utc).replace(tzinfo=None) if value else None

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_state(self, *states):
        for order in self:
            if order.state not in states:
                raise UserError(self.env._("Work order %(number)s is %(state)s: this step is not possible now.",
                                           number=order.name, state=order._state_label()))

    def _check_supervision(self):
        check_group(self.env, SUPERVISION,
                    self.env._("Only the supervision center assigns, revisits and closes 12345 work orders."))

    def _department_users(self):
        """Who answers for the department: its leader in charge (else its head)."""
        users = self.env["res.users"]
        for dept in self.sudo().department_id:
            users |= dept.gov_leader_id.user_id or dept.manager_id.user_id
        return users

    def _supervision_users(self):
        return self.env.ref(SUPERVISION).all_user_ids - self.env.ref("base.user_root")

    @api.model
    def _suggest_department(self, hint):
        """The stationed department a hint (name or code) names, when exactly one matches."""
        hint = (hint or "").strip()
        if not hint:
            return self.env["hr.department"]
        Dept = self.env["hr.department"].sudo()
        found = Dept.search([("is_stationed", "=", True), "|", ("gov_code", "=ilike", hint), ("name", "=", hint)])
        if not found:
            found = Dept.search([("is_stationed", "=", True), ("name", "ilike", hint)])
        return found if len(found) == 1 else Dept.browse()

    def _link_complaint(self):
        """投诉 orders are complaints: one gov.complaint each, counted where supervision counts them."""
        orders = self.filtered(lambda o: o.category == "complaint" and not o.complaint_id)
        if not orders:
            return
        # a complaint received through 12345 is registered by the hall itself, whoever brought the order in
        complaints = self.env["gov.complaint"].sudo().create([{
            "channel": "hotline", "date": self._local(order.received_at).date(),
            "complainant": order.caller_name or self.env._("Anonymous caller"), "phone": order.caller_phone,
            "content": f"{order.name} {order.title}\n{order.content}", "hotline_order_id": order.id,
            "department_id": order.department_id.id,
        } for order in orders])
        for order, complaint in zip(orders, complaints):
            order.sudo().complaint_id = complaint

    # ------------------------------------------------------------------ actions
    def action_assign(self, department, instructions, item=None):
        """Supervision hands a received order to a stationed department, with instructions."""
        self._check_supervision()
        self._check_state("received")
        department = self.env["hr.department"].browse(department.id if isinstance(department, models.BaseModel)
                                                        else int(department or 0)).sudo()
        if not department.exists() or not department.is_stationed:
            raise UserError(self.env._("Assign the work order to a stationed department."))
        if not (instructions or "").strip():
            raise UserError(self.env._("Give the department instructions (交办意见)."))
        item = self.env["gov.item"].browse(item.id if isinstance(item, models.BaseModel) else int(item or 0))
        self.sudo().write({"state": "assigned", "department_id": department.id, "item_id": item.id or False,
                           "instructions": instructions, "assigned_by_id": self.env.user.id,
                           "assigned_at": fields.Datetime.now()})
        # the complaint follows the department while supervision has not taken it up
        self.complaint_id.sudo().filtered(lambda c: c.state == "new").write({"department_id": department.id})
        for order in self:
            order.sudo().message_post(body=self.env._("Assigned to %(dept)s: %(text)s", dept=department.name,
                                                      text=instructions))
            notify_users(order.sudo(), order._department_users(),
                         self.env._("12345 work order to reply by %(date)s", date=order.deadline),
                         instructions, date_deadline=order.deadline)
        self._update_warning_levels()
        return True

    def action_reply(self, reply):
        """The department's back office or leader answers an order assigned to the department."""
        check_group(self.env, "gov_hall.group_gov_back_office",
                    self.env._("The department's back office or leader replies to 12345 work orders."))
        self._check_state("assigned")
        mine = self.env.user.employee_ids.department_id
        for order in self:
            if order.department_id not in mine:
                raise AccessError(self.env._("Work order %(number)s is not assigned to your department.",
                                             number=order.name))
        if not (reply or "").strip():
            raise UserError(self.env._("Write the reply to the caller."))
        self.sudo().write({"state": "replied", "reply": reply, "replied_by_id": self.env.user.id,
                           "replied_at": fields.Datetime.now(), "is_overdue": False})
        for order in self:
            order.sudo().activity_ids.action_feedback(feedback=self.env._("Replied"))
            if order.complaint_id:
                order.complaint_id.sudo().message_post(body=self.env._(
                    "Reply of %(dept)s to 12345 work order %(number)s: %(reply)s",
                    dept=order.department_id.name, number=order.name, reply=reply))
            notify_users(order.sudo(), order.assigned_by_id or self._supervision_users(),
                         self.env._("12345 work order replied: call the caller back"), reply)
        return True

    def action_revisit(self, result, note=""):
        """Supervision's return visit (回访): satisfied, or unsatisfied — back to the department once."""
        self._check_supervision()
        self._check_state("replied")
        if result not in ("satisfied", "unsatisfied"):
            raise UserError(self.env._("Say whether the caller was satisfied."))
        if result == "unsatisfied" and not (note or "").strip():
            raise UserError(self.env._("Note what the caller was not satisfied with."))
        now = fields.Datetime.now()
        for order in self:
            vals = {"revisit_result": result, "revisit_note": note or False, "revisited_by_id": self.env.user.id,
                    "revisited_at": now, "state": "revisited"}
            if result == "unsatisfied" and not order.return_count:
                vals.update(state="assigned", return_count=order.return_count + 1)
            order.sudo().write(vals)
            order.sudo().activity_ids.action_feedback(feedback=self.env._("Caller called back"))
            if order.state == "assigned":
                order.sudo().message_post(body=self.env._(
                    "The caller is not satisfied: returned to %(dept)s to answer again. %(note)s",
                    dept=order.department_id.name, note=note))
                notify_users(order.sudo(), order._department_users() | order.replied_by_id,
                             self.env._("12345 work order returned: answer again"), note,
                             date_deadline=order.deadline)
        self._update_warning_levels()
        return True

    def action_close(self):
        """Supervision closes the order after the return visit; it goes back to the platform in the return file."""
        self._check_supervision()
        self._check_state("revisited")
        self.sudo().write({"state": "closed", "closed_by_id": self.env.user.id, "closed_at": fields.Datetime.now(),
                           "is_overdue": False})
        return True

    def action_open_assign(self):
        return self._open_step("assign")

    def action_open_reply(self):
        return self._open_step("reply")

    def action_open_revisit(self):
        return self._open_step("revisit")

    def _open_step(self, step):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.hotline.step.wizard", "view_mode": "form",
                "target": "new", "context": {"default_order_id": self.id, "default_step": step}}

    # ------------------------------------------------------------------ warnings
    def _update_warning_levels(self):
        """Open orders (received, assigned) get the hall's warning levels from their deadline, counted in
        working days from the day received; each level raised is notified once (department leader, and
        supervision at red or while nobody is assigned)."""
        Holiday = self.env["cn.holiday"]
        Level = self.env["gov.warning.level"]
        levels = Level._levels()
        today = fields.Date.context_today(self)
        pending = defaultdict(list)
        raised = defaultdict(self.browse)
        for order in self:
            if order.state not in OPEN_STATES or not order.deadline:
                continue
            if order.deadline >= today:
                left = Holiday.working_days_between(today, order.deadline)
                limit = Holiday.working_days_between(self._local(order.received_at).date(), order.deadline)
                new, overdue = Level._level_for(levels, left, max(limit, 1)), False
            else:
                left, new, overdue = -max(Holiday.working_days_between(order.deadline, today), 1), "red", True
            vals = {}
            if order.days_left != left:
                vals["days_left"] = left
            if order.is_overdue != overdue:
                vals["is_overdue"] = overdue
            if order.warning_level != new:
                vals["warning_level"] = new
                if LEVEL_ORDER[new] > LEVEL_ORDER[order.warning_level]:
                    raised[new] |= order
            if vals:
                pending[tuple(sorted(vals.items()))].append(order.id)
        for vals, ids in pending.items():
            # figures of the warning job, not anyone's edit
            self.browse(ids).sudo().write(dict(vals))
        labels = dict(self._fields["warning_level"]._description_selection(self.env))
        for code, orders in raised.items():
            level = levels.get(code)
            target = level.notify if level else ("supervision" if code == "red" else "leader")
            for order in orders:
                users = order._department_users()
                if target == "supervision" or not order.department_id:
                    users |= order.assigned_by_id | self._supervision_users()
                note = self.env._("12345 work order %(number)s is due on %(date)s (%(left)s working days left).",
                                  number=order.name, date=order.deadline, left=order.days_left)
                order.sudo().message_post(body=note)
                notify_users(order.sudo(), users, self.env._("12345 time limit warning: %(level)s",
                                                             level=labels[code]), note,
                             date_deadline=order.deadline)

    @api.model
    def _cron_update_warnings(self, batch=1000):
        """Hourly: every open order, in batches committed between them when run by the scheduler."""
        domain = [("state", "in", OPEN_STATES)]
        total = self.search_count(domain)
        last_id, done = 0, 0
        while True:
            orders = self.search([*domain, ("id", ">", last_id)], order="id", limit=batch)
            if not orders:
                break
            orders._update_warning_levels()
            last_id, done = orders[-1].id, done + len(orders)
            if not self.env["ir.cron"]._gov_progress(len(orders), max(total - done, 0)):
                break
        return True
