from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError


class GovExchangeExport(models.TransientModel):
    """The Bureau exports a chosen day; a day already exported gets a new version, with a reason."""
    _name = "gov.exchange.export.wizard"
    _description = "Export a Day of Case Data"

    day = fields.Date("Day", required=True,
                      default=lambda s: s.env["gov.exchange.batch"]._exchange_today() - timedelta(days=1))
    already_exported = fields.Boolean("Already Exported", compute="_compute_already_exported")
    reason = fields.Text("Reason for Exporting Again")

    @api.depends("day")
    def _compute_already_exported(self):
        Batch = self.env["gov.exchange.batch"].sudo()
        done = set(Batch.search([("day", "in", [w.day for w in self if w.day]), ("state", "=", "done")]).mapped("day"))
        for wizard in self:
            wizard.already_exported = wizard.day in done

    def action_export(self):
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Only the Bureau exports case data to the province."))
        self.ensure_one()
        Batch = self.env["gov.exchange.batch"]
        Batch._check_day_over(self.day)
        if self.already_exported and not (self.reason or "").strip():
            raise UserError(self.env._("%(day)s was already exported: give the reason for exporting a new version.",
                                       day=self.day))
        batch = Batch._export_day(self.day, "manual", self.reason)
        return {"type": "ir.actions.act_window", "res_model": "gov.exchange.batch", "res_id": batch.id,
                "view_mode": "form", "target": "current"}
