from odoo import models


class GovNumberedMixin(models.AbstractModel):
    """Records numbered from an ir.sequence at creation (name = "/" until then).

    The number is a guarded field: the client sends "/" (or nothing), the server
    numbers the row once the guard has checked the client's values."""
    _name = "gov.numbered.mixin"
    _inherit = ["gov.guarded.mixin"]
    _description = "Numbered Record"
    _gov_sequence_code = None

    def _gov_prepare_vals(self, vals_list):
        super()._gov_prepare_vals(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(self._gov_sequence_code) or "/"
