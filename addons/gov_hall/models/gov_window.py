from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .gov_access import check_group

WINDOW_TYPES = [
    ("comprehensive", "Comprehensive"),
    ("department", "Department Window"),
    ("consultation", "Consultation"),
    ("output", "Output"),
    ("bank", "Bank / Fees"),
]


class GovWindow(models.Model):
    _name = "gov.window"
    _description = "Service Window"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _rec_names_search = ["name", "label"]

    name = fields.Char("Window Number", required=True, tracking=True)
    label = fields.Char("Window Name", translate=False)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    window_type = fields.Selection(WINDOW_TYPES, "Window Type", required=True,
                                   default="department", tracking=True, index=True)
    department_id = fields.Many2one(
        "hr.department", "Department", tracking=True, index=True,
        domain=[("is_stationed", "=", True)],
        help="Owning department of a department window; empty for hall-wide windows.")
    area = fields.Char("Hall Area")
    item_ids = fields.Many2many("gov.item", "gov_item_window_rel", "window_id", "item_id",
                                "Items Served", domain=[("state", "!=", "retired")])
    item_count = fields.Integer("Item Count", compute="_compute_item_count")
    employee_ids = fields.Many2many("hr.employee", "gov_window_employee_rel", "window_id",
                                    "employee_id", "Staff on Duty")
    user_ids = fields.Many2many("res.users", compute="_compute_user_ids",
                                string="Users on Duty")
    comprehensive_department_ids = fields.Many2many(
        "hr.department", compute="_compute_comprehensive_department_ids",
        string="Departments Accepted Here", help="Departments whose items this comprehensive window accepts.")
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)

    _name_uniq = models.Constraint("UNIQUE (name, company_id)", "The window number must be unique.")

    def _compute_display_name(self):
        for window in self:
            window.display_name = (f"{window.name} {window.label}" if window.label
                                   else window.name or "")

    @api.depends("item_ids")
    def _compute_item_count(self):
        for window in self:
            window.item_count = len(window.item_ids)

    def _compute_comprehensive_department_ids(self):
        depts = self.env["hr.department"].search([("is_stationed", "=", True), ("gov_comprehensive_accept", "=", True)])
        for window in self:
            window.comprehensive_department_ids = depts if window.window_type == "comprehensive" else False

    @api.depends("employee_ids.user_id")
    def _compute_user_ids(self):
        for window in self:
            window.user_ids = window.employee_ids.user_id

    @api.constrains("window_type", "department_id")
    def _check_department(self):
        for window in self:
            if window.window_type == "department" and not window.department_id:
                raise ValidationError(self.env._(
                    "Department window %(name)s needs its department.", name=window.name))

    def write(self, vals):
        before = {}
        if "item_ids" in vals or "active" in vals:
            before = {w: w.item_ids.filtered(lambda i: i.state == "published") for w in self}
        res = super().write(vals)
        if before:
            dropped = self.env["gov.item"].union(*before.values())
            dropped._check_served_by_window()
        return res

    def _serves(self, item):
        """Whether a case of ``item`` may be received here: an item the window lists, or — at a
        comprehensive window (无差别受理) — any published item of a department that allows it."""
        self.ensure_one()
        return item in self.item_ids or self._accepts_without_listing(item)

    def _accepts_without_listing(self, item):
        self.ensure_one()
        return (self.window_type == "comprehensive" and item.state == "published"
                and item.department_id.gov_comprehensive_accept and not item.comprehensive_exclude)

    def _not_served_message(self, item):
        self.ensure_one()
        if self.window_type == "comprehensive" and not item.department_id.gov_comprehensive_accept:
            return self.env._(
                "Comprehensive window %(window)s cannot receive %(item)s: %(dept)s does not accept its items at "
                "comprehensive windows (无差别受理); receive it at a window listed for the item.",
                window=self.display_name, item=item.name, dept=item.department_id.name)
        if self.window_type == "comprehensive" and item.comprehensive_exclude:
            return self.env._(
                "Comprehensive window %(window)s cannot receive %(item)s: the item is received only at the "
                "department's own windows.", window=self.display_name, item=item.name)
        return self.env._(
            "Window %(window)s does not serve %(item)s: a case can only be received at a "
            "window that serves its item.", window=self.display_name, item=item.name)

    def _check_on_duty(self, role_message=None, duty_message=None):
        """Refuse unless the user is a window clerk serving at this window (Bureau managers may act anywhere).

        The one check behind every action taken at a window: receiving a case, calling a ticket."""
        self.ensure_one()
        user = self.env.user
        if user.has_group("gov_hall.group_gov_bureau_manager"):
            return
        check_group(self.env, "gov_hall.group_gov_front_office",
                    role_message or self.env._("Only window clerks act at a window."))
        problem = self._gov_duty_problem(user, duty_message)
        if problem:
            raise UserError(problem)

    def _gov_duty_problem(self, user, duty_message=None):
        """Why ``user`` is not on duty at this window now, or ``""``.

        The core knows the window's static list of clerks (``duty_message`` words that refusal for
        the action at hand); the staff addon adds the roster, the check-in and approved leave."""
        self.ensure_one()
        if user not in self.employee_ids.user_id:
            return duty_message or self.env._(
                "You are not on duty at window %(window)s: only its clerks act there.", window=self.display_name)
        return ""

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_window(self):
        items = self.item_ids.filtered(lambda i: i.state == "published")
        orphans = items.filtered(lambda i: not (i.window_ids - self))
        if orphans:
            raise ValidationError(self.env._(
                "Published items must stay served by at least one window: %(items)s",
                items=", ".join(orphans.mapped("name"))))
