"""Journal entries booked from a fiscal account statement."""
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    gov_bank_statement_id = fields.Many2one("gov.bank.statement", "Fiscal Account Statement", readonly=True,
                                            index="btree_not_null", copy=False)
