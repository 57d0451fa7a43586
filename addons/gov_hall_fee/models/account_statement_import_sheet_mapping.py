"""A bank's statement layout (OCA sheet import), with what Chinese banks need."""
from odoo import fields, models


class AccountStatementImportSheetMapping(models.Model):
    _inherit = "account.statement.import.sheet.mapping"

    gov_bank_name = fields.Char("Bank")
    gov_skip_pattern = fields.Char(
        "Skip Rows Matching", help="Regular expression: table rows whose skip column matches it (summary "
                                   "lines such as 合计 or 本页小计) are not transactions.")
    gov_skip_column = fields.Char(
        "Skip Column", help="Header of the column checked against the skip pattern; empty: the date column. "
                            "Only this column is checked, so that a remark beginning with 合计 is still a "
                            "transaction.")
