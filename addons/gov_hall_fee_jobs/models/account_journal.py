from odoo import models
from odoo.addons.gov_hall_fee.models.gov_fee_access import _check_finance


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _gov_job_import_statement(self, attachment_id, mapping_id, filename):
        """Queue job (one chunk of a ``statement`` run): the synchronous import of the stored file,
        as the finance user who started it. Lines imported before are skipped by their unique keys, so
        a run performed again imports nothing twice."""
        self.ensure_one()
        _check_finance(self.env)
        # the file the finance user uploaded, kept on the run (its owner has just been checked)
        attachment = self.env["ir.attachment"].sudo().browse(attachment_id)
        mapping = self.env["account.statement.import.sheet.mapping"].browse(mapping_id)
        statement = self.env["gov.bank.import"]._import(self, mapping, attachment.raw, filename)
        self.env.ref("gov_hall_fee.ir_cron_gov_bank_post")._trigger()
        return {"statement_id": statement.id}
