"""The fiscal special account (财政专户): bank statements of the stationed bank,
automatic matching of every collection with its payment notice by payment code,
what finance resolves by hand, remittance to the treasury, and the ledger.

Statement lines are kept in gov.bank.line — one light row per bank transaction,
created and matched in batches — and booked into Accounting per statement and
day (one entry in the fiscal journal, each notice's receivable reconciled with
its collection), so a day's statement of ten thousand lines imports in seconds.
"""
import hashlib
from collections import Counter

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

from .gov_fee_access import _check_finance


class GovBankStatement(models.Model):
    _name = "gov.bank.statement"
    _description = "Fiscal Account Statement"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _gov_client_create = False
    _gov_client_unlink = False
    _order = "date_to desc, id desc"

    name = fields.Char("Statement", required=True, readonly=True)
    journal_id = fields.Many2one("account.journal", "Fiscal Account", required=True, readonly=True,
                                 domain=[("gov_fiscal_account", "=", True)])
    company_id = fields.Many2one(related="journal_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    mapping_id = fields.Many2one("account.statement.import.sheet.mapping", "Bank Layout", readonly=True)
    filename = fields.Char("File", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", "Original File", readonly=True)
    imported_by = fields.Many2one("res.users", readonly=True, default=lambda s: s.env.user)
    date_from = fields.Date("From", readonly=True)
    date_to = fields.Date("To", readonly=True, index=True)
    line_ids = fields.One2many("gov.bank.line", "statement_id", "Transactions", readonly=True)
    line_count = fields.Integer("Number of Transactions", compute="_compute_totals", store=True)
    unmatched_count = fields.Integer("Unmatched", compute="_compute_totals", store=True)
    skipped_count = fields.Integer("Already Imported (Skipped)", readonly=True)
    total_in = fields.Monetary("Collected", compute="_compute_totals", store=True)
    total_out = fields.Monetary("Paid Out", compute="_compute_totals", store=True)
    move_ids = fields.One2many("account.move", "gov_bank_statement_id", "Journal Entries", readonly=True)
    posted = fields.Boolean("Booked in Accounting", readonly=True, copy=False, index=True)

    @api.depends("line_ids.amount", "line_ids.match_state")
    def _compute_totals(self):
        for st in self:
            amounts = st.line_ids.mapped("amount")
            st.line_count = len(amounts)
            st.unmatched_count = len(st.line_ids.filtered(lambda b: b.match_state == "unmatched"))
            st.total_in = round(sum(a for a in amounts if a > 0), 2)
            st.total_out = round(-sum(a for a in amounts if a < 0), 2)

    # ------------------------------------------------------------ import
    @api.model
    def _line_key(self, journal, txn, occurrence):
        if txn.get("bank_ref"):
            raw = f"{txn['bank_ref']}|{txn['date']}"
        else:
            raw = "|".join(str(txn.get(k) or "") for k in ("date", "amount", "payer_name", "payer_account",
                                                              "remark", "ref")) + f"#{occurrence}"
        return f"{journal.id}-" + hashlib.sha1(raw.encode()).hexdigest()[:24]

    @api.model
    def _create_from_transactions(self, journal, transactions, name, mapping=None, filename=None, data=None):
        """Create the statement and its lines from parsed transactions (dicts with date, amount,
        remark, ref, payer_name, payer_account, bank_ref), skip those imported before, match the
        rest. Returns the statement, or raises when every line was imported before."""
        _check_finance(self.env)
        seen = Counter()
        rows = {}
        for position, txn in enumerate(transactions, start=1):
            row = txn.pop("gov_row", None) or position  # the file's row, from the parser
            base = self._line_key(journal, dict(txn, bank_ref=None), 0)
            txn["unique_key"] = self._line_key(journal, txn, seen[base])
            seen[base] += 1
            if txn["unique_key"] in rows:  # a bank gives each transaction its own serial number
                raise UserError(self.env._(
                    "The bank serial number %(ref)s appears twice in this file (rows %(first)s and %(second)s). "
                    "Nothing was imported: ask the bank for a correct statement.",
                    ref=txn.get("bank_ref"), first=rows[txn["unique_key"]], second=row))
            rows[txn["unique_key"]] = row
        keys = [t["unique_key"] for t in transactions]
        Line = self.env["gov.bank.line"].sudo()
        existing = set()
        for i in range(0, len(keys), 5000):
            existing |= {r["unique_key"] for r in Line.search_fetch([("unique_key", "in", keys[i:i + 5000])],
                                                                    ["unique_key"])}
        fresh = [t for t in transactions if t["unique_key"] not in existing]
        if transactions and not fresh:
            raise UserError(self.env._("This statement was imported before: all %(count)s transactions are "
                                       "already in the fiscal account.", count=len(transactions)))
        dates = [t["date"] for t in fresh]
        statement = self.sudo().create({
            "name": name, "journal_id": journal.id, "mapping_id": mapping.id if mapping else False,
            "filename": filename, "date_from": min(dates) if dates else False,
            "date_to": max(dates) if dates else False, "skipped_count": len(transactions) - len(fresh)})
        if data:
            statement.attachment_id = self.env["ir.attachment"].sudo().create({
                "name": filename or name, "raw": data, "res_model": self._name, "res_id": statement.id})
        statement._add_transactions(fresh)
        if statement.skipped_count:
            statement.message_post(body=self.env._("%(count)s transactions were imported before and skipped.",
                                                   count=statement.skipped_count))
        return statement.with_env(self.env)

    def _add_transactions(self, transactions):
        """Match the transactions (dicts with unique_key) and create them as lines of this statement."""
        self.ensure_one()
        vals_list = self.env["gov.bank.line"].with_context(gov_statement_id=self.id)._match_values(
            self.journal_id, transactions)
        for vals in vals_list:
            vals["statement_id"] = self.id
        # thousands of notices change at once: their payments show on the notice, not as chatter lines
        try:
            with self.env.cr.savepoint():
                lines = self.env["gov.bank.line"].sudo().with_context(tracking_disable=True).create(vals_list)
        except psycopg2.errors.UniqueViolation as exc:  # another finance user imported the same lines meanwhile
            raise UserError(self.env._("These transactions were imported by someone else a moment ago: reload the "
                                       "statements before importing again.")) from exc
        paid = self.env["gov.payment.notice"].sudo().browse({v["notice_id"] for v in vals_list if v.get("notice_id")})
        paid._assign_receipts()
        return lines

    # ------------------------------------------------------------ ledger
    def action_post(self):
        _check_finance(self.env)
        self.sudo()._post_to_ledger()
        return True

    def _post_to_ledger(self):
        """One entry per statement and day in the fiscal journal; each notice's receivable reconciled.
        System entries: no chatter tracking (it would cost a message per reconciled notice)."""
        for st in self.with_context(tracking_disable=True).filtered(lambda s: not s.posted):
            for date, lines in st.line_ids.filtered(lambda x: not x.move_id).grouped("date").items():
                lines._post_lines(st.journal_id, date, st)
            st.posted = True

    @api.model
    def _cron_post(self, limit=20):
        self.search([("posted", "=", False)], limit=limit, order="id")._post_to_ledger()

    def action_view_lines(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.bank.line", "name": self.name,
                "view_mode": "list,form", "domain": [("statement_id", "=", self.id)]}
