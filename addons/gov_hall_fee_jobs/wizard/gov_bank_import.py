import base64
import hashlib

from odoo import models
from odoo.addons.gov_hall_fee.models.gov_fee_access import _check_finance
from odoo.exceptions import UserError


class GovBankImport(models.TransientModel):
    _inherit = "gov.bank.import"

    def action_import_background(self):
        """后台导入: the file kept as an attachment, imported and matched by a queue job as this finance
        user; the same file waiting or being imported is not enqueued twice."""
        self.ensure_one()
        _check_finance(self.env)
        if not self.data_file:
            raise UserError(self.env._("Choose the statement file to import."))
        data = base64.b64decode(self.data_file)
        digest = hashlib.sha256(f"{self.journal_id.id}:".encode() + data).hexdigest()
        Run = self.env["gov.job.run"]
        running = Run.sudo().search([("file_hash", "=", digest), ("state", "in", ("queued", "running"))], limit=1)
        if running:
            return running.with_env(self.env)._action_open()
        # the uploaded file, kept on the run below; read by the job after its finance check
        attachment = self.env["ir.attachment"].sudo().create({
            "name": self.filename or "statement", "raw": data, "res_model": "gov.job.run", "res_id": 0})
        run = Run._start(
            "statement", self.env._("Statement %(file)s of %(journal)s", file=self.filename or "",
                                    journal=self.journal_id.name),
            self.journal_id, 1, "_gov_job_import_statement",
            method_kwargs={"attachment_id": attachment.id, "mapping_id": self.mapping_id.id,
                           "filename": self.filename or False},
            identity_key=f"gov.bank.import:{digest}")
        attachment.res_id = run.id
        run.sudo().file_hash = digest  # the run's facts are written by the job code only
        return run._action_open()
