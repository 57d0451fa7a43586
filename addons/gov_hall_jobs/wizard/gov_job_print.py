from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.addons.gov_hall.models.gov_case_document import DOC_TYPES
from odoo.exceptions import UserError

CHUNK_SIZE = 20


class GovJobPrintWizard(models.TransientModel):
    _name = "gov.job.print.wizard"
    _description = "Print Documents in the Background"

    doc_type = fields.Selection(DOC_TYPES, "Document", required=True, default="acceptance")
    case_ids = fields.Many2many("gov.case", string="Cases", required=True)
    case_count = fields.Integer(compute="_compute_case_count", string="Number of Cases")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "gov.case" and "case_ids" in fields_list:
            values["case_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    @api.depends("case_ids")
    def _compute_case_count(self):
        for wizard in self:
            wizard.case_count = len(wizard.case_ids)

    def action_start(self):
        """Check that the user may read every chosen case, then print in the background as that user."""
        self.ensure_one()
        check_group(self.env, "gov_hall.group_gov_user", self.env._("Only hall staff print case documents."))
        cases = self.case_ids
        cases.check_access("read")
        if not cases._job_documents(self.doc_type):
            label = dict(self._fields["doc_type"]._description_selection(self.env))[self.doc_type]
            raise UserError(self.env._("None of the %(count)s cases has a valid %(doc)s.", count=len(cases),
                                       doc=label))
        label = dict(self._fields["doc_type"]._description_selection(self.env))[self.doc_type]
        run = self.env["gov.job.run"]._start(
            "pdf", self.env._("%(doc)s of %(count)s cases", doc=label, count=len(cases)), cases, CHUNK_SIZE,
            "_job_render_documents", finish_method="_job_zip_documents", method_kwargs={"doc_type": self.doc_type})
        return run._action_open()
