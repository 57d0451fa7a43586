"""印章: department approval seals and the Bureau seal, with a tamper-evident log.

The log is one chain: each row carries an HMAC over its own id, the previous row's
HMAC, who stamped what and the stamped document's content hash. The key lives
outside the database (``GOV_SEAL_KEY`` in the environment, ``gov_seal_key`` in
odoo.conf, or a key file created once in Odoo's data directory), so someone who can
write to the database cannot forge a row. Appends are serialised on a single
chain-head row locked FOR UPDATE: two stamps at the same moment never fork the chain
(the later transaction gets a serialization failure, which Odoo retries), and a
unique index on the previous hash backs it. The head is exported daily so that
deleting the newest rows is detectable too.
"""
import hashlib
import hmac
import logging
import os
import secrets

from psycopg2.extras import execute_values

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from .gov_access import check_group

_logger = logging.getLogger(__name__)


def seal_key():
    """The HMAC key of the seal log, kept outside the database."""
    key = os.environ.get("GOV_SEAL_KEY") or tools.config.get("gov_seal_key")
    if key:
        return key.encode()
    path = os.path.join(tools.config["data_dir"], "gov_hall", "seal.key")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            fd = None  # another worker created it an instant ago: read theirs below
        if fd is not None:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
            _logger.warning("Created the seal-log key %s: back it up with the data directory, or set "
                            "GOV_SEAL_KEY / gov_seal_key.", path)
    with open(path) as f:
        return f.read().strip().encode()


class GovSeal(models.Model):
    _name = "gov.seal"
    _description = "Seal"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _gov_client_unlink = False
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
                             readonly=True, tracking=True)
    log_ids = fields.One2many("gov.seal.log", "seal_id", "Uses", readonly=True)

    _one_active_department = models.UniqueIndex(
        "(department_id) WHERE state = 'active' AND seal_type = 'department'",
        "Only one department approval seal of a department can be in use at a time.")
    _one_active_bureau = models.UniqueIndex(
        "(seal_type) WHERE state = 'active' AND seal_type = 'bureau'",
        "Only one Bureau seal can be in use at a time.")

    @api.model_create_multi
    def create(self, vals_list):
        # a seal just retired in this transaction frees its place before the new one is inserted
        self.flush_model(["state"])
        return super().create(vals_list)

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

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(seal.state != "active" or seal.log_ids for seal in self):
            # a seal that stamped documents keeps its identity (the log refers to it)
            locked |= {"seal_type", "department_id", "registration_number", "image"}
        return locked

    def action_retire(self):
        check_group(self.env, "gov_hall.group_gov_bureau_manager", self.env._("Seals are retired by the Bureau."))
        if self.filtered(lambda s: s.state != "active"):
            raise UserError(self.env._("Only a seal in use is retired."))
        self.sudo().write({"state": "retired"})
        return True

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
        return self._use_many([(case, document, purpose)])

    def _use_many(self, stamps):
        """Apply the seal to several documents at once: [(case, document, purpose)] → the log rows."""
        self.ensure_one()
        self._check_can_use()
        return self.env["gov.seal.log"]._append(self, stamps)


class GovSealLog(models.Model):
    """Every use of a seal; append-only, each row chained to the previous one by an HMAC."""
    _name = "gov.seal.log"
    _inherit = ["gov.guarded.mixin"]
    _description = "Seal Use"
    _order = "id desc"
    _gov_client_create = False
    _gov_client_unlink = False

    seal_id = fields.Many2one("gov.seal", required=True, readonly=True, index=True, ondelete="restrict")
    case_id = fields.Many2one("gov.case", readonly=True, index=True, ondelete="restrict")
    document_id = fields.Many2one("gov.case.document", readonly=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", "Used By", required=True, readonly=True)
    used_at = fields.Datetime("Used At", required=True, readonly=True)
    purpose = fields.Char(required=True, readonly=True)
    content_hash = fields.Char("Document Hash", readonly=True,
                               help="SHA-256 of the stamped document's content at the time of stamping.")
    prev_hash = fields.Char(readonly=True)
    hash = fields.Char(readonly=True, index=True)

    _prev_hash_uniq = models.UniqueIndex("(prev_hash)", "The seal log cannot fork: one entry follows each entry.")

    @staticmethod
    def _digest(row_id, prev, seal_id, case_id, document_id, user_id, used_at, purpose, content_hash):
        payload = "|".join(str(x or "") for x in (row_id, prev, seal_id, case_id, document_id, user_id,
                                                  fields.Datetime.to_string(used_at), purpose, content_hash))
        return hmac.new(seal_key(), payload.encode(), hashlib.sha256).hexdigest()

    @api.model
    def _chain_head(self):
        """Lock the chain head for this transaction and return (last id, last hash)."""
        cr = self.env.cr
        cr.execute("SELECT last_id, last_hash FROM gov_seal_chain_head WHERE id = 1 FOR UPDATE")
        row = cr.fetchone()
        if not row:
            cr.execute("INSERT INTO gov_seal_chain_head (id, last_id, last_hash) VALUES (1, NULL, '') "
                       "ON CONFLICT (id) DO NOTHING")
            cr.execute("SELECT last_id, last_hash FROM gov_seal_chain_head WHERE id = 1 FOR UPDATE")
            row = cr.fetchone()
        return row[0], row[1] or ""

    @api.model
    def _append(self, seal, stamps):
        """Append stamps [(case, document, purpose)] to the chain, in order, under one lock of the
        chain head (called by gov.seal._use_many after its checks)."""
        _last_id, prev = self._chain_head()
        now = fields.Datetime.now()
        uid = self.env.user.id
        # the log belongs to no user: written in superuser mode, only through this method; the
        # chain links (prev_hash, hash) need the rows' ids and are set right below
        logs = self.sudo().create([{
            "seal_id": seal.id, "case_id": case.id or False, "document_id": document.id or False,
            "user_id": uid, "used_at": now, "purpose": purpose,
            "content_hash": document._content_hash() if document else ""} for case, document, purpose in stamps])
        links = []
        for log, (case, document, purpose) in zip(logs, stamps):
            digest = self._digest(log.id, prev, seal.id, case.id, document.id, uid, now, purpose, log.content_hash)
            links.append((log.id, prev, digest))
            prev = digest
        self.env.flush_all()
        execute_values(self.env.cr._obj, """UPDATE gov_seal_log AS l SET prev_hash = v.prev, hash = v.hash
                                              FROM (VALUES %s) AS v(id, prev, hash) WHERE l.id = v.id""", links)
        self.env.cr.execute("UPDATE gov_seal_chain_head SET last_id = %s, last_hash = %s WHERE id = 1",
                            [links[-1][0], links[-1][2]])
        logs.invalidate_recordset(["prev_hash", "hash"])
        return logs.with_env(self.env)

    def write(self, vals):
        if self:
            raise UserError(self.env._("The seal log cannot be edited."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The seal log cannot be deleted."))

    @api.model
    def _check_chain(self):
        """Recompute the whole chain from the database rows and report every break."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("""SELECT l.id, l.seal_id, l.case_id, l.document_id, l.user_id, l.used_at, l.purpose,
                             l.content_hash, l.prev_hash, l.hash
                        FROM gov_seal_log l ORDER BY l.id""")
        rows = cr.fetchall()
        docs = {d.id: d for d in self.env["gov.case.document"].sudo().browse(
            {r[3] for r in rows if r[3]}).exists()}
        prev = ""
        broken = []
        for row_id, seal_id, case_id, doc_id, user_id, used_at, purpose, content_hash, prev_hash, digest in rows:
            expected = self._digest(row_id, prev_hash, seal_id, case_id, doc_id, user_id, used_at, purpose,
                                    content_hash)
            doc = docs.get(doc_id)
            if (prev_hash or "") != prev or digest != expected \
                    or (doc_id and (not doc or doc._content_hash() != (content_hash or ""))):
                broken.append(row_id)
            prev = digest or ""
        cr.execute("SELECT last_id, last_hash FROM gov_seal_chain_head WHERE id = 1")
        head = cr.fetchone()
        head_ok = not rows if not head or not head[0] else (head[0] == rows[-1][0] and head[1] == prev)
        return {"checked": len(rows), "broken_ids": broken, "head_ok": head_ok}

    @api.model
    def action_check_chain(self):
        """The integrity check shown to the Bureau and supervision."""
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("The seal log is checked by the Bureau and the supervision center."))
        res = self._check_chain()
        if res["broken_ids"] or not res["head_ok"]:
            message = self.env._(
                "The seal log was altered: %(n)s of %(total)s entries do not match (%(ids)s)%(head)s.",
                n=len(res["broken_ids"]), total=res["checked"],
                ids=", ".join(map(str, res["broken_ids"][:50])) or "-",
                head="" if res["head_ok"] else self.env._("; the newest entries were removed or added "
                                                          "behind the chain head"))
            return dict(res, ok=False, broken_id=(res["broken_ids"] or [False])[0], message=message)
        return dict(res, ok=True, broken_id=False,
                    message=self.env._("The seal log is intact (%(n)s entries).", n=res["checked"]))

    def action_check_chain_ui(self):
        res = self.action_check_chain()
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"title": self.env._("Seal log check"), "message": res["message"],
                           "type": "success" if res["ok"] else "danger", "sticky": not res["ok"]}}

    @api.model
    def _signed_head(self, day=None):
        """A line the Bureau keeps: date, last entry, count and chain head, signed with the key."""
        cr = self.env.cr
        cr.execute("SELECT last_id, last_hash FROM gov_seal_chain_head WHERE id = 1")
        last_id, last_hash = cr.fetchone() or (None, "")
        cr.execute("SELECT count(*) FROM gov_seal_log")
        count = cr.fetchone()[0]
        day = day or fields.Date.context_today(self)
        body = f"{self.env.cr.dbname}|{day}|{last_id or 0}|{count}|{last_hash or ''}"
        signature = hmac.new(seal_key(), body.encode(), hashlib.sha256).hexdigest()
        return f"{body}|{signature}"

    @api.model
    def _cron_export_head(self):
        """Daily: append the signed chain head to a file outside the database."""
        line = self._signed_head()
        path = os.path.join(tools.config["data_dir"], "gov_hall", f"seal_chain_{self.env.cr.dbname}.log")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "a") as f:
            f.write(line + "\n")
        return line


class GovSealChainHead(models.Model):
    """The single row every stamp locks: the chain's last entry and hash."""
    _name = "gov.seal.chain.head"
    _description = "Seal Log Chain Head"
    _log_access = False

    last_id = fields.Integer("Last Entry", readonly=True)
    last_hash = fields.Char("Last Hash", readonly=True)
