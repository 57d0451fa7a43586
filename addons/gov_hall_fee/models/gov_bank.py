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
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import float_compare, float_is_zero

from odoo.addons.gov_hall.tools.paycode import find_codes, is_valid

MATCH_STATES = [
    ("matched", "Matched"),
    ("unmatched", "Unmatched"),
    ("resolved", "Resolved by Finance"),
    ("remittance", "Remittance to Treasury"),
    ("refund", "To Refund"),
    ("ignored", "Other (explained)"),
]
REASONS = [
    ("no_code", "No payment code in the remark"),
    ("bad_code", "Payment code fails its check digit"),
    ("unknown", "Unknown payment code"),
    ("cancelled", "Notice cancelled"),
    ("already_paid", "Notice already paid"),
    ("partial", "Partial payment"),
    ("over", "Overpayment"),
    ("outflow", "Outgoing transfer not registered"),
]


def _check_finance(env):
    if not env.su and not env.user.has_group("gov_hall.group_gov_finance"):
        raise AccessError(env._("Only finance handles the fiscal special account."))


class AccountJournal(models.Model):
    _inherit = "account.journal"

    gov_fiscal_account = fields.Boolean("Fiscal Special Account", help="The bank account into which the stationed "
                                        "bank collects every fee (财政专户).")
    gov_opening_balance = fields.Monetary("Opening Balance (Fee Ledger)",
                                          help="Balance of the fiscal special account before its first "
                                               "imported statement.")


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


class GovBankLine(models.Model):
    _name = "gov.bank.line"
    _inherit = ["gov.guarded.mixin"]
    _gov_client_create = False
    _gov_client_unlink = False
    _description = "Fiscal Account Transaction"
    _order = "date desc, id desc"
    _rec_name = "display_ref"

    statement_id = fields.Many2one("gov.bank.statement", "Statement", ondelete="cascade", index=True)
    journal_id = fields.Many2one("account.journal", "Fiscal Account", required=True, index=True)
    company_id = fields.Many2one(related="journal_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, index=True)
    amount = fields.Monetary(required=True, help="Positive when collected, negative when paid out.")
    bank_ref = fields.Char("Bank Serial Number")
    payer_name = fields.Char("Counterparty")
    payer_account = fields.Char("Counterparty Account")
    remark = fields.Char("Remark")
    ref = fields.Char("Reference")
    unique_key = fields.Char(required=True, readonly=True, copy=False)
    payment_code = fields.Char("Payment Code", index="btree_not_null")
    match_state = fields.Selection(MATCH_STATES, "Match", required=True, default="unmatched", index=True)
    reason = fields.Selection(REASONS, "Why Unmatched")
    reason_detail = fields.Char("Detail")
    notice_id = fields.Many2one("gov.payment.notice", "Payment Notice", index="btree_not_null")
    department_id = fields.Many2one(related="notice_id.department_id", store=True, string="Department")
    remittance_id = fields.Many2one("gov.fee.remittance", "Remittance", index="btree_not_null")
    resolved_by = fields.Many2one("res.users", readonly=True)
    resolution_note = fields.Text("Resolution")
    move_id = fields.Many2one("account.move", "Booked In", readonly=True, index="btree_not_null")
    display_ref = fields.Char(compute="_compute_display_ref")

    _unique_key_uniq = models.Constraint("UNIQUE (unique_key)", "A bank transaction is imported only once.")

    @api.depends("date", "amount", "bank_ref")
    def _compute_display_ref(self):
        for line in self:
            line.display_ref = f"{line.date} {line.bank_ref or ''} {line.amount:,.2f}".replace("  ", " ")

    # ------------------------------------------------------------ matching
    @api.model
    def _match_values(self, journal, transactions):
        """Values of the lines to create, each matched with its notice or given the reason why not."""
        codes = {}
        for txn in transactions:
            found = find_codes(txn.get("remark"), txn.get("ref"))
            valid = [c for c in found if is_valid(c)]
            codes[id(txn)] = (valid[:1] or found[:1] or [None])[0]
        Notice = self.env["gov.payment.notice"].sudo()
        wanted = [c for c in codes.values() if c]
        notices = {}
        for i in range(0, len(wanted), 5000):
            for n in Notice.search_fetch([("payment_code", "in", wanted[i:i + 5000])],
                                         ["payment_code", "state", "amount_total", "amount_residual"]):
                notices[n.payment_code] = n
        remittances = self.env["gov.fee.remittance"].sudo().search_fetch(
            [("state", "=", "done"), ("bank_confirmed", "=", False), ("journal_id", "=", journal.id)],
            ["date", "amount", "bank_line_id"])
        residual = {code: n.amount_residual for code, n in notices.items()}
        vals_list = []
        for txn in transactions:
            amount = round(float(txn["amount"]), 2)
            vals = {"journal_id": journal.id, "statement_id": self.env.context.get("gov_statement_id"),
                    "date": txn["date"], "amount": amount, "unique_key": txn["unique_key"],
                    "bank_ref": txn.get("bank_ref"), "payer_name": txn.get("payer_name"),
                    "payer_account": txn.get("payer_account"), "remark": txn.get("remark"), "ref": txn.get("ref"),
                    "match_state": "unmatched"}
            code = codes[id(txn)]
            vals["payment_code"] = code
            if amount < 0:
                remit = next((r for r in remittances if not r.bank_confirmed and r.date == vals["date"]
                              and float_compare(r.amount, -amount, precision_digits=2) == 0), None)
                if remit:
                    remit.bank_confirmed = True
                    vals.update(match_state="remittance", remittance_id=remit.id)
                else:
                    vals.update(reason="outflow")
                vals_list.append(vals)
                continue
            notice = notices.get(code) if code else None
            if not code:
                vals["reason"] = "no_code"
            elif not is_valid(code):
                vals["reason"] = "bad_code"
            elif not notice:
                vals["reason"] = "unknown"
            elif notice.state == "cancelled":
                vals.update(reason="cancelled", notice_id=notice.id)
            elif float_is_zero(residual[code], precision_digits=2):
                vals.update(reason="already_paid", notice_id=notice.id)
            else:
                cmp = float_compare(amount, residual[code], precision_digits=2)
                if cmp == 0:
                    vals.update(match_state="matched", notice_id=notice.id)
                    residual[code] = 0.0
                else:
                    vals.update(reason="partial" if cmp < 0 else "over", notice_id=notice.id,
                                reason_detail=self.env._("due %(due).2f, paid %(paid).2f",
                                                         due=residual[code], paid=amount))
            vals_list.append(vals)
        # an outflow registered beforehand as a remittance is the same money: keep one line
        return [v for v in vals_list if not (v.get("remittance_id") and self._adopt_remittance_line(v))]

    @api.model
    def _adopt_remittance_line(self, vals):
        remit = self.env["gov.fee.remittance"].sudo().browse(vals["remittance_id"])
        if remit.bank_line_id:
            remit.bank_line_id.write({k: vals[k] for k in ("unique_key", "bank_ref", "remark", "ref", "payer_name",
                                                           "payer_account", "statement_id") if k in vals})
            return True
        return False

    # ----------------------------------------------------------- resolving
    def _check_resolvable(self):
        _check_finance(self.env)
        for line in self:
            if line.match_state not in ("unmatched",):
                labels = dict(self._fields["match_state"]._description_selection(self.env))
                raise UserError(self.env._("Transaction %(ref)s is already %(state)s.", ref=line.display_ref,
                                           state=labels[line.match_state]))

    def action_resolve_notice(self, notice, note):
        """Finance accepts this collection for the notice (a partial payment, an overpayment to refund)."""
        self.ensure_one()
        self._check_resolvable()
        if self.amount <= 0:
            raise UserError(self.env._("Only a collection (incoming amount) pays a payment notice."))
        if notice.state == "cancelled":
            raise UserError(self.env._("Payment notice %(name)s is cancelled.", name=notice.name))
        if notice.payment_state in ("paid", "over"):
            raise UserError(self.env._("Payment notice %(name)s is already paid; register the refund instead.",
                                       name=notice.name))
        if not (note or "").strip():
            raise UserError(self.env._("Write down how this transaction was resolved."))
        self.sudo().write({"match_state": "resolved", "notice_id": notice.id, "resolved_by": self.env.user.id,
                           "resolution_note": note.strip()})
        notice.sudo()._assign_receipts()
        self._post_late()
        return True

    def action_resolve_other(self, kind, note):
        self.ensure_one()
        self._check_resolvable()
        if kind not in ("refund", "ignored"):
            raise UserError(self.env._("Unknown resolution."))
        if not (note or "").strip():
            raise UserError(self.env._("Write down how this transaction was resolved."))
        self.sudo().write({"match_state": kind, "resolved_by": self.env.user.id, "resolution_note": note.strip()})
        return True

    def action_open_resolve(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.bank.line.resolve", "view_mode": "form",
                "target": "new", "context": {"default_line_id": self.id, "default_notice_id": self.notice_id.id}}

    # ------------------------------------------------------------- ledger
    def _post_lines(self, journal, date, statement=None):
        """Book these lines of one day into one entry of the fiscal journal (a statement's, or a
        remittance registered before its statement)."""
        acc = self.env["gov.payment.notice"]._fee_accounting(journal.company_id)
        bank_acc = journal.default_account_id
        suspense = journal.suspense_account_id or journal.company_id.account_journal_suspense_account_id
        amls, pairs = [], []
        total_in = round(sum(a for a in self.mapped("amount") if a > 0), 2)
        total_out = round(-sum(a for a in self.mapped("amount") if a < 0), 2)
        if total_in:
            amls.append({"account_id": bank_acc.id, "debit": total_in, "name": self.env._("Collected")})
        if total_out:
            amls.append({"account_id": bank_acc.id, "credit": total_out, "name": self.env._("Paid out")})
        to_suspense_in = to_suspense_out = remitted = 0.0
        notice_lines = []
        for line in self:
            if line.amount > 0 and line.match_state in ("matched", "resolved") and line.notice_id.move_id:
                notice_lines.append(line)
            elif line.amount > 0:
                to_suspense_in += line.amount
            elif line.match_state == "remittance":
                remitted += -line.amount
            else:
                to_suspense_out += -line.amount
        by_notice = {}
        for line in notice_lines:
            by_notice[line.notice_id] = round(by_notice.get(line.notice_id, 0.0) + line.amount, 2)
        for notice, amount in by_notice.items():
            amls.append({"account_id": notice.move_id.line_ids.filtered(
                lambda m: m.account_id.account_type == "asset_receivable")[:1].account_id.id,
                "partner_id": notice.partner_id.id, "credit": amount,
                "name": f"{notice.name} {notice.payment_code}"})
        if to_suspense_in:
            amls.append({"account_id": suspense.id, "credit": round(to_suspense_in, 2),
                         "name": self.env._("Unmatched collections")})
        if to_suspense_out:
            amls.append({"account_id": suspense.id, "debit": round(to_suspense_out, 2),
                         "name": self.env._("Unexplained outgoing transfers")})
        if remitted:
            amls.append({"account_id": acc["liability"].id, "debit": round(remitted, 2),
                         "name": self.env._("Remitted to the treasury")})
        if not amls:
            return
        move = self.env["account.move"].sudo().create({
            "move_type": "entry", "journal_id": journal.id, "date": date,
            "ref": statement.name if statement else ", ".join(self.remittance_id.mapped("name")),
            "gov_bank_statement_id": statement.id if statement else False,
            "line_ids": [Command.create(v) for v in amls]})
        move.action_post()
        self.sudo().write({"move_id": move.id})
        credit_by_name = {m.name: m for m in move.line_ids if m.partner_id and m.credit}
        for notice in by_notice:
            aml = credit_by_name[f"{notice.name} {notice.payment_code}"]
            receivable = notice.move_id.line_ids.filtered(
                lambda m, acc=aml.account_id: m.account_id == acc and not m.reconciled)
            if receivable:
                pairs.append(aml + receivable)
        if pairs:
            self.env["account.move.line"].sudo()._reconcile_plan(pairs)

    def _post_late(self):
        """A line resolved after its day was booked: move it out of suspense onto the notice / treasury."""
        for line in self.filtered("move_id"):
            acc = self.env["gov.payment.notice"]._fee_accounting(line.company_id)
            suspense = line.journal_id.suspense_account_id or line.company_id.account_journal_suspense_account_id
            if line.notice_id.move_id:
                receivable = line.notice_id.move_id.line_ids.filtered(
                    lambda m: m.account_id.account_type == "asset_receivable")[:1]
                counterpart = {"account_id": receivable.account_id.id, "partner_id": line.notice_id.partner_id.id,
                               "credit": line.amount, "name": line.notice_id.name}
                first = {"account_id": suspense.id, "debit": line.amount, "name": line.display_ref}
            elif line.remittance_id:
                counterpart = {"account_id": acc["liability"].id, "debit": -line.amount,
                               "name": line.remittance_id.name}
                first = {"account_id": suspense.id, "credit": -line.amount, "name": line.display_ref}
            else:
                continue
            move = self.env["account.move"].sudo().create({
                "move_type": "entry", "journal_id": line.journal_id.id, "date": fields.Date.context_today(self),
                "ref": line.display_ref, "gov_bank_statement_id": line.statement_id.id,
                "line_ids": [Command.create(first), Command.create(counterpart)]})
            move.action_post()
            if line.notice_id.move_id:
                aml = move.line_ids.filtered(lambda m: m.partner_id and m.credit)
                rec = line.notice_id.move_id.line_ids.filtered(
                    lambda m, acc=aml.account_id: m.account_id == acc and not m.reconciled)
                if rec:
                    (aml + rec).reconcile()

    @api.model
    def _fee_ledger(self, journal, date):
        """Opening balance, collected, remitted, other outflows and closing balance of a day."""
        Line = self.sudo()
        [(before,)] = Line._read_group([("journal_id", "=", journal.id), ("date", "<", date)], [], ["amount:sum"])
        day = Line.search_fetch([("journal_id", "=", journal.id), ("date", "=", date)],
                                ["amount", "match_state"])
        collected = round(sum(x.amount for x in day if x.amount > 0), 2)
        remitted = round(-sum(x.amount for x in day if x.amount < 0 and x.match_state == "remittance"), 2)
        other = round(-sum(x.amount for x in day if x.amount < 0 and x.match_state != "remittance"), 2)
        opening = round(journal.gov_opening_balance + (before or 0.0), 2)
        return {"opening": opening, "collected": collected, "remitted": remitted, "other_out": other,
                "closing": round(opening + collected - remitted - other, 2)}


class AccountMove(models.Model):
    _inherit = "account.move"

    gov_bank_statement_id = fields.Many2one("gov.bank.statement", "Fiscal Account Statement", readonly=True,
                                            index="btree_not_null", copy=False)


class GovFeeRemittance(models.Model):
    _name = "gov.fee.remittance"
    _description = "Remittance to the Treasury"
    _inherit = ["gov.numbered.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _gov_sequence_code = "gov.fee.remittance"
    _gov_client_unlink = False

    name = fields.Char("Number", required=True, copy=False, default="/", readonly=True)
    journal_id = fields.Many2one("account.journal", "Fiscal Account", required=True,
                                 domain=[("gov_fiscal_account", "=", True)],
                                 default=lambda s: s.env["account.journal"].search(
                                     [("gov_fiscal_account", "=", True)], limit=1))
    company_id = fields.Many2one(related="journal_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    treasury_ref = fields.Char("Treasury Voucher Number", tracking=True)
    note = fields.Text()
    state = fields.Selection([("draft", "Draft"), ("done", "Transferred")], default="draft", required=True,
                             readonly=True, tracking=True)
    bank_line_id = fields.Many2one("gov.bank.line", "Transaction", readonly=True)
    bank_confirmed = fields.Boolean("On a Bank Statement", readonly=True)

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state != "draft" for rec in self):
            locked |= {"journal_id", "date", "amount", "treasury_ref"}
        return locked

    @api.constrains("amount")
    def _check_amount(self):
        for rec in self:
            if rec.amount <= 0:
                raise ValidationError(self.env._("The remitted amount must be positive."))

    def action_done(self, bank_line=None):
        """Record the transfer out of the fiscal account; from an imported outgoing line, or as a line of its own
        that the next statement confirms."""
        _check_finance(self.env)
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Remittance %(name)s is already recorded.", name=rec.name))
            if bank_line:
                if bank_line.match_state != "unmatched" or float_compare(-bank_line.amount, rec.amount, 2) != 0:
                    raise UserError(self.env._("The transaction does not match the remitted amount."))
                bank_line.sudo().write({"match_state": "remittance", "remittance_id": rec.id,
                                        "resolved_by": self.env.user.id})
                rec.sudo().write({"state": "done", "bank_line_id": bank_line.id, "bank_confirmed": True})
                bank_line._post_late()
                continue
            line = self.env["gov.bank.line"].sudo().create({
                "journal_id": rec.journal_id.id, "date": rec.date, "amount": -rec.amount,
                "unique_key": f"remittance-{rec.id}", "remark": self.env._("Remittance %(name)s", name=rec.name),
                "ref": rec.treasury_ref, "match_state": "remittance", "remittance_id": rec.id})
            rec.sudo().write({"state": "done", "bank_line_id": line.id})
            line._post_lines(rec.journal_id, rec.date)
        return True
