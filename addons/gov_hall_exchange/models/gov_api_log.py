from odoo import api, fields, models


class GovApiLog(models.Model):
    _inherit = "gov.api.log"

    line_id = fields.Many2one("gov.dept.line", "Dedicated Line", readonly=True, index="btree_not_null",
                              help="The registered line of the API user that made the call.")

    @api.model_create_multi
    def create(self, vals_list):
        Line = self.env["gov.dept.line"]
        for vals in vals_list:
            if vals.get("user_id") and not vals.get("line_id"):
                vals["line_id"] = Line._line_of(self.env["res.users"].browse(vals["user_id"])).id or False
        return super().create(vals_list)
