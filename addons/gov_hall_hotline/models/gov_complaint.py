from odoo import fields, models


class GovComplaint(models.Model):
    """A 投诉 work order of the 12345 hotline is a complaint (channel 12345) linked to its order."""
    _inherit = "gov.complaint"

    hotline_order_id = fields.Many2one("gov.hotline.order", "12345 Work Order", readonly=True,
                                       index="btree_not_null")
