"""The fiscal special account is a bank journal."""
from odoo import fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    gov_fiscal_account = fields.Boolean("Fiscal Special Account", help="The bank account into which the stationed "
                                        "bank collects every fee (财政专户).")
    gov_opening_balance = fields.Monetary("Opening Balance (Fee Ledger)",
                                          help="Balance of the fiscal special account before its first "
                                               "imported statement.")
