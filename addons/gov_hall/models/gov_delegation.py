"""授权书: the powers a department head grants to the leader in charge or a delegate."""
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .gov_access import check_group, notify_users

POWERS = {
    "power_accept": "Acceptance Decision",
    "power_approve": "On-site Approval",
    "power_certify": "Registration and Certification",
    "power_joint_organise": "Organise Joint Approval",
    "power_joint_participate": "Take Part in Joint Approval",
    "power_countersign": "Sign Countersign Opinions",
}


class GovDelegation(models.Model):
    _name = "gov.delegation"
    _description = "Authorization Letter"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _order = "date_to desc, id desc"
    _gov_sequence_code = "gov.delegation"
    _gov_client_unlink = False

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    department_id = fields.Many2one("hr.department", "Department", required=True, index=True, tracking=True,
                                    domain=[("is_stationed", "=", True)])
    grantor_id = fields.Many2one("hr.employee", "Grantor (Department Head)", required=True, tracking=True)
    grantee_user_id = fields.Many2one("res.users", "Grantee", required=True, index=True, tracking=True)
    grantee_kind = fields.Selection([("leader", "Leader in Charge"), ("delegate", "Named Delegate")],
                                    "Grantee Is", required=True, default="leader")
    power_accept = fields.Boolean(POWERS["power_accept"], tracking=True)
    power_approve = fields.Boolean(POWERS["power_approve"], tracking=True)
    power_certify = fields.Boolean(POWERS["power_certify"], tracking=True)
    power_joint_organise = fields.Boolean(POWERS["power_joint_organise"], tracking=True)
    power_joint_participate = fields.Boolean(POWERS["power_joint_participate"], tracking=True)
    power_countersign = fields.Boolean(POWERS["power_countersign"], tracking=True)
    date_from = fields.Date("Valid From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date("Valid To", required=True, tracking=True, index=True)
    scan = fields.Binary("Signed Scan", attachment=True)
    scan_filename = fields.Char()
    state = fields.Selection([("draft", "Draft"), ("active", "Active"), ("revoked", "Revoked"),
                              ("expired", "Expired")], default="draft", required=True, readonly=True, tracking=True,
                             index=True)
    reminded_30 = fields.Boolean(readonly=True, copy=False)
    reminded_7 = fields.Boolean(readonly=True, copy=False)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for rec in self:
            if rec.date_to < rec.date_from:
                raise ValidationError(self.env._("An authorization cannot end before it starts."))

    def write(self, vals):
        frozen = set(POWERS) | {"department_id", "grantor_id", "grantee_user_id", "grantee_kind", "date_from",
                                "date_to", "scan", "scan_filename"}
        if frozen & set(vals) and any(rec.state != "draft" for rec in self):
            raise UserError(self.env._("A signed authorization cannot change: revoke it and issue a new one."))
        return super().write(vals)

    def _check_manager(self):
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Authorization letters are registered by the Bureau."))

    def action_activate(self):
        self._check_manager()
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only a draft authorization is activated."))
            if not rec.scan:
                raise UserError(self.env._("Attach the signed scan of the authorization letter first."))
            if not any(rec[p] for p in POWERS):
                raise UserError(self.env._("The authorization grants no power."))
        self.sudo().write({"state": "active"})
        return True

    def action_revoke(self):
        self._check_manager()
        if self.filtered(lambda r: r.state != "active"):
            raise UserError(self.env._("Only an active authorization is revoked."))
        self.sudo().write({"state": "revoked"})
        return True

    def action_print(self):
        return self.env.ref("gov_hall.action_report_gov_delegation").report_action(self)

    def _powers_text(self):
        return "、".join(self.env._(label) for field, label in POWERS.items() if self[field])

    @api.model
    def _find(self, user, department, power, day=None):
        day = day or fields.Date.context_today(self)
        return self.sudo().search([
            ("grantee_user_id", "=", user.id), ("department_id", "=", department.id), (power, "=", True),
            ("state", "=", "active"), ("date_from", "<=", day), ("date_to", ">=", day)], limit=1)

    @api.model
    def _require(self, department, power, day=None, user=None):
        """The active authorization covering ``power`` for ``department``, or a clear error."""
        user = user or self.env.user
        delegation = self._find(user, department, power, day)
        if not delegation:
            label = self.env._(POWERS[power])
            raise AccessError(self.env._(
                "%(user)s holds no active authorization of %(dept)s with the power “%(power)s” on %(day)s: "
                "this action needs a signed authorization letter.",
                user=user.name, dept=department.name, power=label,
                day=day or fields.Date.context_today(self)))
        return delegation

    @api.model
    def _cron_expiry(self):
        """Expire what ended; remind the department and the Bureau 30 and 7 days ahead."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_to", "<", today)]).write({"state": "expired"})
        managers = self.env.ref("gov_hall.group_gov_bureau_manager").all_user_ids - self.env.ref("base.user_root")
        for days, flag in ((7, "reminded_7"), (30, "reminded_30")):
            due = self.search([("state", "=", "active"), ("date_to", "<=", today + timedelta(days=days)),
                               (flag, "=", False)])
            for rec in due:
                notify_users(rec, rec.grantor_id.user_id | rec.department_id.manager_id.user_id | managers,
                             self.env._("Authorization expires on %(date)s", date=rec.date_to),
                             date_deadline=rec.date_to)
            due.write({flag: True, "reminded_30": True})
