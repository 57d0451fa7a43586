from odoo import api, fields, models


class GovJobRun(models.Model):
    _inherit = "gov.job.run"

    kind = fields.Selection(selection_add=[("statement", "Bank Statement Import")],
                            ondelete={"statement": "cascade"})
    statement_id = fields.Many2one("gov.bank.statement", "Statement", readonly=True, ondelete="set null")
    file_hash = fields.Char("File Fingerprint", readonly=True, index=True, copy=False,
                            help="SHA-256 of the fiscal account and the imported file: the same file is "
                                 "imported by one background job at a time.")

    @api.model
    def _job_result_fields(self):
        return super()._job_result_fields() | {"statement_id"}

    def action_view_statement(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.bank.statement", "res_id": self.statement_id.id,
                "view_mode": "form", "target": "current"}
