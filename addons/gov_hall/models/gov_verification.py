"""文书核验: whether an issued document is valid, as the public verification page shows it."""
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.idcheck import mask_name
from .gov_output import ACCEPTANCE_DOCS, DECISION_DOCS


class GovCaseDocument(models.Model):
    _inherit = "gov.case.document"

    seal_log_id = fields.Many2one("gov.seal.log", "Department Seal Use", readonly=True, copy=False,
                                  help="The approval seal on an acceptance-stage document (受理通知书, "
                                       "一次性补正告知书, 不予受理决定书).")

    def _verification(self):
        """(status, reason) shown on the public verification page."""
        self.ensure_one()
        case = self.case_id
        if self.state == "revoked" or (self.doc_type in DECISION_DOCS and case.output_revoked):
            return "invalid", "revoked"
        if self.doc_type in DECISION_DOCS and self.doc_type != f"decision_{case.decision}":
            return "invalid", "mismatch"
        if self.doc_type in DECISION_DOCS and case.output_state != "complete":
            return "invalid", "incomplete"
        if self.doc_type in ACCEPTANCE_DOCS and not self.seal_log_id:
            return "invalid", "unsealed"
        later = case.document_ids.filtered(lambda d: d.doc_type == self.doc_type and d.id > self.id)
        if later:
            return "invalid", "superseded"
        return "valid", ""

    @api.model
    def _gov_verification_values(self, token):
        doc = self.search([("token", "=", token)], limit=1) if token and len(token) >= 16 else self.browse()
        if not doc:
            return {"status": "unknown"}
        status, reason = doc._verification()
        case = doc.case_id
        lang = case.item_id._gov_doc_lang()
        return {
            "status": status, "reason": reason, "lang": lang,
            "title": doc._title(), "number": doc.number, "issue_date": doc.issue_date,
            "item": case.item_id.name if case.item_id.is_public else self.env._("(not disclosed)"),
            "department": case.department_id.name,
            "holder": mask_name(case.applicant_name),
        }

    def _renderable(self):
        return self.filtered(lambda d: d.doc_type not in DECISION_DOCS or d.case_id.output_state == "complete")

    def _render_pdf(self):
        return super(GovCaseDocument, self._renderable())._render_pdf()

    def action_print(self):
        self.ensure_one()
        if self.doc_type in DECISION_DOCS and self.case_id.output_state != "complete":
            raise UserError(self.env._("The decision is printed once its output is complete (leader signature, "
                                       "department seal, Bureau seal)."))
        return super().action_print()
