from odoo import fields, models


class GovWindow(models.Model):
    _inherit = "gov.window"

    window_type = fields.Selection(selection_add=[("online", "Online Acceptance")],
                                   ondelete={"online": "set default"})

    def _accepts_without_listing(self, item):
        """网上受理: the online window receives every published item that is open online."""
        if self.window_type == "online":
            return item.state == "published" and item.online_level in ("partial", "full")
        return super()._accepts_without_listing(item)

    def _not_served_message(self, item):
        if self.window_type == "online" and item.online_level == "offline":
            return self.env._("%(item)s is not open for online applications: apply at a window of the hall.",
                              item=item.name)
        return super()._not_served_message(item)
