"""印章: department approval seals and the Bureau seal, with a tamper-evident log."""
import hashlib

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class GovSeal(models.Model):
    _name = "gov.seal"
    _description = "Seal"
    _inherit = ["mail.thread"]
    _order = "seal_type, name"

    name = fields.Char(required=True, tracking=True)
    seal_type = fields.Selection([("department", "Department Approval Seal"), ("bureau", "Bureau Seal")],
                                 "Seal Type", required=True, default="department", tracking=True)
    department_id = fields.Many2one("hr.department", "Department", index=True, tracking=True)
    registration_number = fields.Char("Registration Number", tracking=True)
    custodian_id = fields.Many2one("res.users", "Custodian", required=True, tracking=True)
    authorized_user_ids = fields.Many2many("res.users", "gov_seal_authorized_rel", "seal_id", "user_id",
                                           "Also Authorized",
                                           help="Users the custodian's leader authorises to apply the seal.")
    image = fields.Image("Seal Image", max_width=512, max_height=512)
    state = fields.Selection([("active", "In Use"), ("retired", "Retired")], default="active", required=True,
                             tracking=True)
    log_ids = fields.One2many("gov.seal.log", "seal_id", "Uses")

    @api.constrains("seal_type", "department_id")
    def _check_department(self):
        for seal in self:
            if seal.seal_type == "department" and not seal.department_id:
                raise UserError(self.env._("A department approval seal belongs to a department."))

    @api.constrains("seal_type", "state", "department_id")
    def _check_one_active(self):
        for seal in self.filtered(lambda s: s.state == "active"):
            domain = [("state", "=", "active"), ("seal_type", "=", seal.seal_type), ("id", "!=", seal.id)]
            if seal.seal_type == "department":
                domain.append(("department_id", "=", seal.department_id.id))
            if self.search_count(domain):
                raise UserError(self.env._("Only one %(kind)s can be in use at a time: retire the old one first.",
                                           kind=dict(self._fields["seal_type"]._description_selection(self.env))[
                                               seal.seal_type]))

    def _check_can_use(self, user=None):
        user = user or self.env.user
        for seal in self:
            if seal.state != "active":
                raise UserError(self.env._("Seal %(name)s is retired.", name=seal.name))
            if user != seal.custodian_id and user not in seal.authorized_user_ids:
                raise AccessError(self.env._(
                    "Only the custodian of %(seal)s (%(custodian)s) or a user authorised by the leader "
                    "applies it.", seal=seal.name, custodian=seal.custodian_id.name))

    def _use(self, case, document, purpose):
        """Apply the seal: check who, then append to the log."""
        self.ensure_one()
        self._check_can_use()
        return self.env["gov.seal.log"]._append(self, case, document, purpose)


class GovSealLog(models.Model):
    """Every use of a seal; append-only, each row chained to the previous one by a hash."""
    _name = "gov.seal.log"
    _description = "Seal Use"
    _order = "id desc"

    seal_id = fields.Many2one("gov.seal", required=True, readonly=True, index=True, ondelete="restrict")
    case_id = fields.Many2one("gov.case", readonly=True, index=True, ondelete="restrict")
    document_id = fields.Many2one("gov.case.document", readonly=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", "Used By", required=True, readonly=True)
    used_at = fields.Datetime("Used At", required=True, readonly=True)
    purpose = fields.Char(required=True, readonly=True)
    prev_hash = fields.Char(readonly=True)
    hash = fields.Char(readonly=True, index=True)

    @staticmethod
    def _digest(prev, seal_id, case_id, document_id, user_id, used_at, purpose):
        payload = "|".join(str(x or "") for x in (prev, seal_id, case_id, document_id, user_id,
                                                  fields.Datetime.to_string(used_at), purpose))
        return hashlib.sha256(payload.encode()).hexdigest()

    @api.model
    def _append(self, seal, case, document, purpose):
        # serialise appends so the chain has one line
        self.env.cr.execute("LOCK TABLE gov_seal_log IN SHARE ROW EXCLUSIVE MODE")
        last = self.sudo().search([], order="id desc", limit=1)
        now = fields.Datetime.now()
        vals = {"seal_id": seal.id, "case_id": case.id or False, "document_id": document.id or False,
                "user_id": self.env.user.id, "used_at": now, "purpose": purpose, "prev_hash": last.hash or ""}
        vals["hash"] = self._digest(vals["prev_hash"], seal.id, case.id, document.id, self.env.user.id, now, purpose)
        # the log belongs to no user: appended as superuser, only through this method
        return self.sudo().with_context(gov_seal_append=True).create(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("gov_seal_append"):
            raise UserError(self.env._("Seal uses are logged by applying a seal, never entered by hand."))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(self.env._("The seal log cannot be edited."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The seal log cannot be deleted."))

    @api.model
    def action_check_chain(self):
        """Recompute the chain from the database rows; report the first row that does not match."""
        self.env.flush_all()
        self.env.cr.execute("""SELECT id, seal_id, case_id, document_id, user_id, used_at, purpose, prev_hash, hash
                                 FROM gov_seal_log ORDER BY id""")
        prev = ""
        count = 0
        for row_id, seal_id, case_id, doc_id, user_id, used_at, purpose, prev_hash, digest in self.env.cr.fetchall():
            count += 1
            expected = self._digest(prev, seal_id, case_id, doc_id, user_id, used_at, purpose)
            if (prev_hash or "") != prev or digest != expected:
                message = self.env._("Seal log entry %(id)s was altered or removed: the chain breaks there.",
                                     id=row_id)
                return {"ok": False, "broken_id": row_id, "message": message, "checked": count}
            prev = digest
        return {"ok": True, "broken_id": False, "checked": count,
                "message": self.env._("The seal log is intact (%(n)s entries).", n=count)}

    def action_check_chain_ui(self):
        res = self.action_check_chain()
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"title": self.env._("Seal log check"), "message": res["message"],
                           "type": "success" if res["ok"] else "danger", "sticky": not res["ok"]}}
