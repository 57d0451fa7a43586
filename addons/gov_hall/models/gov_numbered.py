from odoo import api, models


class GovNumberedMixin(models.AbstractModel):
    """Records numbered from an ir.sequence at creation (name = "/" until then)."""
    _name = "gov.numbered.mixin"
    _description = "Numbered Record"
    _gov_sequence_code = None

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(self._gov_sequence_code) or "/"
        return super().create(vals_list)
