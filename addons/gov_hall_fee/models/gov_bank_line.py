"""A transaction on the fiscal special account, matched to its payment notice by payment code."""
from odoo import api, fields, models
from odoo.addons.gov_hall.tools.paycode import find_codes, is_valid
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_compare, float_is_zero

from .gov_fee_access import _check_finance

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
