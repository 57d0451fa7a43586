from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _gov_localize_all_users(self):
        """Demo city: Simplified Chinese and Asia/Shanghai for every user (when zh_CN is active)."""
        lang = "zh_CN" if self.env["res.lang"]._lang_get("zh_CN").active else False
        users = self.with_context(active_test=False).search([])
        vals = {"tz": "Asia/Shanghai"}
        if lang:
            vals["lang"] = lang
        users.write(vals)
        self.env.company.partner_id.write({"tz": "Asia/Shanghai"})
