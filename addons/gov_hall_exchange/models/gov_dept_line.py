"""专网/专线: the register of the departments' dedicated networks and lines, and what came through them."""
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group, notify_users
from odoo.exceptions import UserError, ValidationError

LINE_KINDS = [("private_network", "Private Network"), ("leased_line", "Leased Line"),
              ("internet_vpn", "Internet + VPN")]
REMINDER_DAYS = 30  # the contract's end is announced this many days ahead


class GovDeptLine(models.Model):
    _name = "gov.dept.line"
    _description = "Department Dedicated Line"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "department_id, name"
    _rec_names_search = ["name", "contract_no", "department_id.name"]

    name = fields.Char("System Name", required=True, tracking=True,
                       help="The department's business system that uses the line, e.g. 公安人口信息系统.")
    department_id = fields.Many2one("hr.department", "Department", required=True, index=True, tracking=True,
                                    ondelete="restrict", domain=[("is_stationed", "=", True)])
    line_kind = fields.Selection(LINE_KINDS, "Line Kind", required=True, default="leased_line", tracking=True)
    carrier = fields.Char("Carrier", tracking=True, help="e.g. 中国电信, 中国联通, 中国移动, 电子政务外网.")
    bandwidth = fields.Char("Bandwidth", help="e.g. 20M.")
    contract_no = fields.Char("Contract Number", tracking=True)
    contract_start = fields.Date("Contract Start", tracking=True)
    contract_end = fields.Date("Contract End", tracking=True, index=True)
    contract_days_left = fields.Integer("Days to Contract End", compute="_compute_contract_days_left")
    contact_name = fields.Char("Contact Person", tracking=True)
    contact_phone = fields.Char("Contact Phone", tracking=True)
    api_user_id = fields.Many2one(
        "res.users", "API User", tracking=True, ondelete="restrict", index="btree_not_null",
        help="The technical user whose API key the department's system uses on this line: its calls to the "
             "department API are logged against the line, and it may report results only through an active line.")
    state = fields.Selection([("draft", "Registering"), ("active", "In Use"), ("terminated", "Terminated")],
                             default="draft", required=True, readonly=True, tracking=True, index=True)
    reminder_sent = fields.Boolean("End Reminder Sent", readonly=True, copy=False)
    note = fields.Text("Notes")
    result_count = fields.Integer("Results Reported", compute="_compute_counts")
    api_call_count = fields.Integer("API Calls", compute="_compute_counts")

    _api_user_uniq = models.UniqueIndex("(api_user_id) WHERE api_user_id IS NOT NULL",
                                        "An API user is registered on one line only.")

    # ------------------------------------------------------------ compute
    def _compute_contract_days_left(self):
        today = fields.Date.context_today(self)
        for line in self:
            line.contract_days_left = (line.contract_end - today).days if line.contract_end else 0

    def _compute_counts(self):
        # counts of facts the user may not read one by one (another department's cases): only numbers
        results = dict(self.env["gov.case"].sudo()._read_group(
            [("result_line_id", "in", self.ids)], ["result_line_id"], ["__count"]))
        calls = dict(self.env["gov.api.log"].sudo()._read_group(
            [("line_id", "in", self.ids)], ["line_id"], ["__count"]))
        for line in self:
            line.result_count = results.get(line, 0)
            line.api_call_count = calls.get(line, 0)

    # -------------------------------------------------------- constraints
    @api.constrains("contract_start", "contract_end")
    def _check_contract_dates(self):
        for line in self:
            if line.contract_start and line.contract_end and line.contract_end < line.contract_start:
                raise ValidationError(self.env._("The contract of %(line)s ends before it starts.", line=line.name))

    @api.constrains("api_user_id", "department_id")
    def _check_api_user(self):
        for line in self.filtered("api_user_id"):
            if line.department_id not in line.api_user_id.sudo().employee_ids.department_id:
                raise ValidationError(self.env._(
                    "The API user %(user)s of line %(line)s must be an employee of %(dept)s.",
                    user=line.api_user_id.name, line=line.name, dept=line.department_id.name))

    # --------------------------------------------------------------- CRUD
    def write(self, vals):
        res = super().write(vals)
        if "contract_end" in vals:
            # a renewed contract is announced again before its new end
            self.sudo().write({"reminder_sent": False})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if any(line.state != "draft" for line in self):
            raise UserError(self.env._("A line that was in use stays in the register; terminate it instead."))

    # ------------------------------------------------------------ actions
    def _check_bureau(self):
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("The register of dedicated lines is kept by the Bureau."))

    def action_activate(self):
        self._check_bureau()
        if self.filtered(lambda line: line.state != "draft"):
            raise UserError(self.env._("Only a line being registered can be put in use."))
        for line in self:
            if not (line.contract_no and line.contract_end and line.contact_name and line.contact_phone):
                raise UserError(self.env._(
                    "Line %(line)s needs its contract number, contract end and a contact person with a phone "
                    "before it is put in use.", line=line.name))
        self.sudo().write({"state": "active"})
        return True

    def action_terminate(self):
        self._check_bureau()
        if self.filtered(lambda line: line.state != "active"):
            raise UserError(self.env._("Only a line in use can be terminated."))
        self.sudo().write({"state": "terminated"})
        return True

    def action_view_results(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.case", "name": self.env._("Results Reported"),
                "view_mode": "list,form", "domain": [("result_line_id", "=", self.id)]}

    def action_view_api_calls(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.api.log", "name": self.env._("API Calls"),
                "view_mode": "list", "domain": [("line_id", "=", self.id)]}

    # ------------------------------------------------------------ helpers
    @api.model
    def _line_of(self, user):
        """The active line registered for an API user (empty if none)."""
        if not user:
            return self.browse()
        return self.sudo().search([("api_user_id", "=", user.id), ("state", "=", "active")], limit=1)

    @api.model
    def _cron_contract_reminder(self):
        """Contracts ending within 30 days: a to-do for the Bureau managers, once per contract end."""
        limit = fields.Date.context_today(self) + timedelta(days=REMINDER_DAYS)
        lines = self.sudo().search([("state", "=", "active"), ("contract_end", "!=", False),
                                    ("contract_end", "<=", limit), ("reminder_sent", "=", False)])
        managers = self.env.ref("gov_hall.group_gov_bureau_manager").all_user_ids - self.env.ref("base.user_root")
        for line in lines:
            notify_users(line, managers, self.env._("Line contract ending"),
                         self.env._("The contract %(no)s of %(line)s (%(dept)s, %(carrier)s) ends on %(date)s: "
                                    "renew it or plan the change.", no=line.contract_no or "", line=line.name,
                                    dept=line.department_id.name, carrier=line.carrier or "",
                                    date=line.contract_end),
                         date_deadline=line.contract_end)
        lines.write({"reminder_sent": True})
        return True
