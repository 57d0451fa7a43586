import base64
import hashlib
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.qr import qr_data_uri
from .gov_numbered import reserve_numbers

DOC_TYPES = [
    ("acceptance", "Acceptance Notice"),
    ("correction", "One-time Correction Notice"),
    ("refusal", "Decision Not to Accept"),
    ("decision_approve", "Approval Decision"),
    ("decision_deny", "Denial Decision"),
]
# (case state, decision) each document may be issued in: no approval on a denied case
DOC_STATES = {
    "acceptance": {("review", False), ("decided", "approve")},
    "correction": {("correction", False)},
    "refusal": {("refused", False)},
    "decision_approve": {("decided", "approve")},
    "decision_deny": {("decided", "deny")},
}
DOC_TITLES = {
    "acceptance": "受理通知书",
    "correction": "一次性补正告知书",
    "refusal": "不予受理决定书",
    "decision_approve": "准予许可决定书",
    "decision_deny": "不予许可决定书",
}


class GovCaseDocument(models.Model):
    """A document issued on a case, with its unguessable verification token.

    The PDF is rendered once (on first print, or by the scheduled job) and
    stored as an attachment on the case; every reprint returns those bytes.
    """
    _name = "gov.case.document"
    _inherit = ["gov.guarded.mixin"]
    _description = "Case Document"
    _order = "case_id, id"
    _rec_name = "number"
    _gov_client_create = False
    _gov_client_unlink = False

    case_id = fields.Many2one("gov.case", required=True, readonly=True, ondelete="restrict", index=True)
    doc_type = fields.Selection(DOC_TYPES, "Document", required=True, readonly=True)
    number = fields.Char("Document Number", required=True, readonly=True, default="/", copy=False)
    token = fields.Char(required=True, readonly=True, copy=False, index=True,
                        default=lambda s: secrets.token_urlsafe(24), groups="base.group_user")
    issue_date = fields.Date("Issued On", required=True, default=fields.Date.context_today, readonly=True)
    user_id = fields.Many2one("res.users", "Issued By", default=lambda s: s.env.user, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", "PDF", readonly=True, copy=False)
    material_lines = fields.Text("Materials Listed", readonly=True,
                                 help="Snapshot of the materials listed in a correction notice.")
    state = fields.Selection([("valid", "Valid"), ("revoked", "Revoked")], default="valid",
                             required=True, readonly=True)
    verify_url = fields.Char(compute="_compute_verify_url", string="Verification URL")

    _token_uniq = models.Constraint("UNIQUE (token)", "Document tokens are unique.")
    _number_uniq = models.UniqueIndex("(number) WHERE number != '/'", "Document numbers are unique.")

    @api.depends("token")
    def _compute_verify_url(self):
        base = self.get_base_url()
        for doc in self:
            doc.verify_url = f"{base}/hall/verify/{doc.token}"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")
        sequence = self.env["ir.sequence"].sudo().search([("code", "=", "gov.case.document")], limit=1)
        cases = self.env["gov.case"].browse([v["case_id"] for v in vals_list])
        numbers = reserve_numbers(sequence, len(vals_list)) if sequence else ["/"] * len(vals_list)
        for vals, case, number in zip(vals_list, cases, numbers):
            expected = DOC_STATES.get(vals.get("doc_type"))
            if expected and (case.state, case.decision or False) not in expected:
                raise UserError(self.env._(
                    "A %(doc)s cannot be issued on case %(name)s in its present state.",
                    doc=dict(self._fields["doc_type"]._description_selection(self.env))[vals["doc_type"]],
                    name=case.name))
            vals["number"] = number
            if vals.get("doc_type") == "correction":
                lines = case.material_ids.filtered(lambda m, c=case: m.notice_count == c.correction_count)
                vals["material_lines"] = "\n".join(
                    f"{m.name}：{m.note or ('未提交' if not m.submitted else '不符合要求')}" for m in lines)
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - {"attachment_id", "state", "seal_log_id"}:
            raise UserError(self.env._("Issued documents cannot be changed."))
        return super().write(vals)

    def _content_hash(self):
        """SHA-256 of what the document says: the seal log covers it, so a stamped document that
        is changed afterwards no longer matches its stamp."""
        self.ensure_one()
        case = self.case_id
        parts = [self.number, self.doc_type, fields.Date.to_string(self.issue_date), case.name,
                 case.applicant_name, case.applicant_id_number or case.applicant_uscc, case.item_id.name,
                 case.item_id.version]
        # only what this document states, and what no longer changes once it is issued
        if self.doc_type in ("decision_approve", "decision_deny"):
            parts += [case.decision, case.decision_reason, case.decision_legal_basis]
        elif self.doc_type == "refusal":
            parts += [case.refuse_reason, case.refuse_legal_basis]
        elif self.doc_type == "correction":
            parts += [self.material_lines]
        return hashlib.sha256("|".join(str(p or "") for p in parts).encode()).hexdigest()

    def _title(self):
        return DOC_TITLES[self.doc_type]

    def _qr(self):
        return qr_data_uri(self.verify_url)

    def _render_pdf(self):
        """Render the PDFs not rendered yet and store them on their case."""
        report = self.env.ref("gov_hall.action_report_gov_case_document")
        for doc in self.filtered(lambda d: not d.attachment_id):
            pdf, _fmt = report.with_context(force_report_rendering=True)._render_qweb_pdf(
                report.report_name, doc.ids)
            attachment = self.env["ir.attachment"].sudo().create({
                "name": f"{doc._title()}-{doc.case_id.name}-{doc.number}.pdf",
                "datas": base64.b64encode(pdf), "mimetype": "application/pdf",
                "res_model": "gov.case", "res_id": doc.case_id.id,
            })
            doc.sudo().attachment_id = attachment

    def action_print(self):
        """Print or reprint: always the same stored PDF."""
        self.ensure_one()
        self.case_id.check_access("read")
        self._render_pdf()
        return {"type": "ir.actions.act_url", "target": "new",
                "url": f"/web/content/{self.attachment_id.id}?download=true"}

    def _renderable(self):
        """Documents whose PDF can be rendered now."""
        return self

    @api.model
    def _cron_render_pending(self, batch=50):
        skipped = []
        while True:
            docs = self.search([("attachment_id", "=", False), ("id", "not in", skipped)], limit=batch)
            if not docs:
                break
            ready = docs._renderable()
            skipped += (docs - ready).ids
            ready._render_pdf()
            remaining = self.search_count([("attachment_id", "=", False), ("id", "not in", skipped)])
            if not remaining or not self.env["ir.cron"]._gov_progress(len(ready), remaining):
                break
