import io
import zipfile

from odoo import api, models


class GovCase(models.Model):
    _inherit = "gov.case"

    # ------------------------------------------------------ warning job
    @api.model
    def _cron_update_warnings_jobs(self, chunk_size=500):
        """The city-wide warning job as queue jobs of ``chunk_size`` cases each, calling the core's
        ``_update_warning_levels``: no transaction held for minutes, a failed chunk retried alone."""
        cases = self.search([("state", "=", "review"), ("due_date", "!=", False)], order="id")
        if not cases:
            return self.env["gov.job.run"]
        return self.env["gov.job.run"]._start(
            "warning", self.env._("Time limit warnings of %(count)s cases", count=len(cases)), cases,
            chunk_size, "_update_warning_levels")

    # ---------------------------------------------------- bulk printing
    def _job_documents(self, doc_type):
        return self.env["gov.case.document"].search(
            [("case_id", "in", self.ids), ("doc_type", "=", doc_type), ("state", "=", "valid")],
            order="case_id, id")

    def _job_render_documents(self, doc_type):
        """Chunk of a bulk print: the PDFs of these cases not rendered yet (kept on the case, so a
        chunk done again renders nothing)."""
        self.check_access("read")
        self._job_documents(doc_type)._render_pdf()

    @api.model
    def _job_zip_documents(self, run, doc_type):
        """Last step of a bulk print: one ZIP of the stored PDFs, on the run."""
        cases = self.browse(id_ for chunk in run.sudo().chunk_ids for id_ in chunk.res_ids or []).exists()
        cases.check_access("read")
        docs = cases._job_documents(doc_type).filtered("attachment_id")
        buffer = io.BytesIO()
        names = set()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for doc in docs:
                name = doc.attachment_id.name
                if name in names:
                    name = f"{doc.id}-{name}"
                names.add(name)
                # the user may read these cases (checked above): their stored PDFs
                archive.writestr(name, doc.attachment_id.sudo().raw)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"{run.sudo().name}.zip", "raw": buffer.getvalue(), "mimetype": "application/zip",
            "res_model": "gov.job.run", "res_id": run.id})
        run.sudo().attachment_id = attachment
