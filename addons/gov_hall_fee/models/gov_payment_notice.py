"""缴款通知书: the payment notice addressed to the applicant, booked in Accounting
against the amount owed to the treasury (应缴财政款), paid only at the stationed
bank into the fiscal special account; a numbered receipt (票据) once paid."""
import hashlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_numbered import reserve_numbers
from odoo.addons.gov_hall.tools.paycode import make_code, rmb_upper
from odoo.addons.gov_hall.tools.qr import qr_data_uri
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import float_compare, float_is_zero

NOTICE_DUE_DAYS = 15


class GovPaymentNotice(models.Model):
    _name = "gov.payment.notice"
    _description = "Payment Notice"
    _inherit = ["gov.numbered.mixin", "mail.thread"]
    _gov_client_create = False
    _gov_client_unlink = False
    _order = "issue_date desc, id desc"
    _gov_sequence_code = "gov.payment.notice"

    name = fields.Char("Notice Number", required=True, copy=False, default="/", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    case_id = fields.Many2one("gov.case", "Case", required=True, readonly=True, ondelete="restrict", index=True)
    department_id = fields.Many2one("hr.department", "Collecting Department", required=True, readonly=True,
                                    index=True)
    item_id = fields.Many2one(related="case_id.item_id", string="Item")
    partner_id = fields.Many2one("res.partner", "Payer", required=True, readonly=True)
    payer_name = fields.Char("Payer Name", required=True, readonly=True)
    payment_code = fields.Char("Payment Code", required=True, readonly=True, copy=False, index=True)
    issue_date = fields.Date("Issued On", required=True, readonly=True, default=fields.Date.context_today,
                             index=True)
    due_date = fields.Date("Pay By", required=True, readonly=True)
    issued_by = fields.Many2one("res.users", "Issued By", readonly=True, default=lambda s: s.env.user)
    line_ids = fields.One2many("gov.payment.notice.line", "notice_id", "Revenue Items", readonly=True)
    amount_total = fields.Monetary("Amount", readonly=True, tracking=True)
    amount_upper = fields.Char("Amount in Capitals", compute="_compute_amount_upper")
    state = fields.Selection([("issued", "Issued"), ("cancelled", "Cancelled")], default="issued", required=True,
                             readonly=True, tracking=True, index=True)
    cancel_reason = fields.Text("Reason for Cancelling", readonly=True)
    bank_line_ids = fields.One2many("gov.bank.line", "notice_id", "Bank Payments", readonly=True)
    amount_paid = fields.Monetary("Paid", compute="_compute_payment", store=True)
    amount_residual = fields.Monetary("Outstanding", compute="_compute_payment", store=True)
    payment_state = fields.Selection(
        [("unpaid", "Unpaid"), ("partial", "Partly Paid"), ("paid", "Paid"), ("over", "Overpaid")],
        "Payment", compute="_compute_payment", store=True, index=True)
    paid_date = fields.Date("Paid On", compute="_compute_payment", store=True, index=True)
    receipt_number = fields.Char("Receipt Number", readonly=True, copy=False)
    move_id = fields.Many2one("account.move", "Journal Entry", readonly=True, copy=False, index="btree_not_null")
    move_payment_state = fields.Selection(related="move_id.payment_state", string="Reconciled in Accounting")
    qr_uri = fields.Char(compute="_compute_qr_uri")

    _payment_code_uniq = models.Constraint("UNIQUE (payment_code)", "Payment codes are unique.")
    _receipt_number_uniq = models.UniqueIndex("(receipt_number) WHERE receipt_number IS NOT NULL",
                                              "Receipt numbers are unique.")

    @api.depends("amount_total")
    def _compute_amount_upper(self):
        for notice in self:
            notice.amount_upper = rmb_upper(notice.amount_total)

    @api.model
    def _upper(self, amount):
        return rmb_upper(amount)

    @api.depends("payment_code", "amount_total")
    def _compute_qr_uri(self):
        for notice in self:
            notice.qr_uri = qr_data_uri(f"JKM:{notice.payment_code};AMT:{notice.amount_total:.2f}")

    @api.depends("amount_total", "state", "bank_line_ids.amount", "bank_line_ids.match_state",
                 "bank_line_ids.date")
    def _compute_payment(self):
        for notice in self:
            lines = notice.bank_line_ids.filtered(lambda b: b.match_state in ("matched", "resolved"))
            paid = round(sum(lines.mapped("amount")), 2)
            notice.amount_paid = paid
            notice.amount_residual = round(max(notice.amount_total - paid, 0.0), 2)
            cmp = float_compare(paid, notice.amount_total, precision_digits=2)
            if float_is_zero(paid, precision_digits=2):
                notice.payment_state = "unpaid"
            elif cmp < 0:
                notice.payment_state = "partial"
            else:
                notice.payment_state = "paid" if cmp == 0 else "over"
            notice.paid_date = max(lines.mapped("date")) if cmp >= 0 and lines else False

    # ----------------------------------------------------------- setup
    @api.model
    def _fee_accounting(self, company=None):
        """The accounts and journals of unified fees, created on first use for the company."""
        company = company or self.env.company
        Account = self.env["account.account"].sudo().with_company(company)
        Journal = self.env["account.journal"].sudo().with_company(company)
        sample = Account.search([("company_ids", "in", company.id), ("code", "=like", "1%")], limit=1).code or "1000"
        code = "2103".ljust(len(sample), "0")  # 2103 应缴财政款, as long as the chart's codes
        liability = Account.search([("code", "in", ("2103", code)), ("company_ids", "in", company.id)], limit=1) \
            or Account.create({"code": code, "name": "应缴财政款",
                               "account_type": "liability_current", "company_ids": [Command.link(company.id)]})
        journal = Journal.search([("code", "=", "JKTZ"), ("company_id", "=", company.id)], limit=1) \
            or Journal.create({"name": "缴款通知书", "code": "JKTZ", "type": "sale",
                               "company_id": company.id, "default_account_id": liability.id})
        fiscal = Journal.search([("gov_fiscal_account", "=", True), ("company_id", "=", company.id)], limit=1) \
            or Journal.create({"name": "财政专户（驻厅银行代收）", "code": "CZZH", "type": "bank",
                               "company_id": company.id, "gov_fiscal_account": True})
        return {"liability": liability, "notice_journal": journal, "fiscal_journal": fiscal}

    @api.model
    def _gov_setup_fee_accounting(self):
        """At install: accounts and journals for every company, the stationed bank's layout on the fiscal
        account."""
        mapping = self.env.ref("gov_hall_fee.bank_mapping_icbc", raise_if_not_found=False)
        for company in self.env.ref("base.main_company"):
            self._ensure_chinese_chart(company)
            fiscal = self._fee_accounting(company)["fiscal_journal"]
            if mapping and not fiscal.default_sheet_mapping_id:
                fiscal.default_sheet_mapping_id = mapping

    @api.model
    def _ensure_chinese_chart(self, company):
        """A Chinese bureau keeps its books in CNY on the Chinese chart. Odoo's accounting demo data puts the
        main company on the generic chart in USD; switch it while nothing but demo data is booked (never on
        a database with real entries)."""
        Chart = self.env["account.chart.template"]
        if company.country_id.code != "CN" or company.chart_template == "cn" \
                or "cn" not in Chart._get_chart_template_mapping():
            return
        account_demo = self.env["ir.module.module"].search([("name", "=", "account")]).demo
        if company.chart_template and company._existing_accounting() and not account_demo:
            return
        Chart.try_loading("cn", company, install_demo=account_demo)

    # ----------------------------------------------------------- issue
    @api.model
    def _payer_partner(self, case):
        """The payer as an accounting partner: every internal user reads partners, so a natural
        person's resident ID and phone stay on the case; the partner carries a pseudonymous key."""
        if case.applicant_type == "company":
            ref = case.applicant_uscc  # public register data
        else:
            digest = hashlib.sha256(f"gov-payer|{case.applicant_id_number or ''}".encode()).hexdigest()
            ref = f"GOVP-{digest[:20]}" if case.applicant_id_number else False
        Partner = self.env["res.partner"].sudo()
        partner = Partner.search([("name", "=", case.applicant_name), ("ref", "=", ref)], limit=1) if ref else None
        return partner or Partner.create({"name": case.applicant_name, "ref": ref,
                                          "is_company": case.applicant_type == "company"})

    @api.model
    def _next_payment_code(self, company):
        serial = int(self.env["ir.sequence"].sudo().next_by_code("gov.payment.code"))
        region = self.env["ir.config_parameter"].sudo().get_param("gov_hall.region_code", "330400")
        return make_code(region, fields.Date.context_today(self).year, serial)

    @api.model
    def _issue_for_case(self, case):
        user = self.env.user
        if not (user.has_group("gov_hall.group_gov_front_office") or user.has_group("gov_hall.group_gov_finance")):
            raise AccessError(self.env._("Only window clerks and finance issue payment notices."))
        case.check_access("read")
        case._lock()
        if case.state not in ("review", "decided"):
            raise UserError(self.env._("A payment notice is issued once case %(name)s is accepted and before "
                                       "delivery.", name=case.name))
        if case.exemption_state == "requested":
            raise UserError(self.env._("The fee exemption of case %(name)s is waiting for the leader's "
                                       "decision.", name=case.name))
        if case.fee_state != "to_notify":
            labels = dict(case._fields["fee_state"]._description_selection(self.env))
            raise UserError(self.env._("Case %(name)s needs no new payment notice (fees: %(state)s).",
                                       name=case.name, state=labels[case.fee_state]))
        lines = [Command.create({"name": fee.name, "revenue_code": fee.revenue_code, "quantity": fee.quantity
                                 if fee.fee_mode == "unit" else 1.0, "unit_name": fee.unit_name,
                                 "unit_price": fee.unit_price, "amount": fee.amount,
                                 "legal_basis": fee.legal_basis}) for fee in case.fee_ids]
        if case.exemption_state == "approved" and case.exemption_amount:
            lines.append(Command.create({"name": self.env._("Exemption"), "quantity": 1.0,
                                         "unit_price": -case.exemption_amount, "amount": -case.exemption_amount,
                                         "legal_basis": case.exemption_basis or False}))
        today = fields.Date.context_today(self)
        notice = self.sudo().create({
            "case_id": case.id, "department_id": case.department_id.id, "company_id": case.company_id.id,
            "partner_id": self._payer_partner(case).id, "payer_name": case.applicant_name,
            "payment_code": self._next_payment_code(case.company_id), "issue_date": today,
            "due_date": today + timedelta(days=NOTICE_DUE_DAYS), "amount_total": case.fee_payable,
            "issued_by": user.id, "line_ids": lines,
        })
        notice._create_move()
        case.sudo().message_post(body=self.env._("Payment notice %(name)s issued: %(amount).2f yuan, payment code "
                                                 "%(code)s.", name=notice.name, amount=notice.amount_total,
                                                 code=notice.payment_code))
        return notice.with_env(self.env)._open()

    def _create_move(self):
        acc = self._fee_accounting(self.company_id)
        moves = self.env["account.move"].sudo().with_context(tracking_disable=True).create([{
            "move_type": "out_invoice", "journal_id": acc["notice_journal"].id, "partner_id": notice.partner_id.id,
            "invoice_date": notice.issue_date, "invoice_date_due": notice.due_date, "ref": notice.payment_code,
            "payment_reference": notice.payment_code, "invoice_origin": f"{notice.name} {notice.case_id.name}",
            "invoice_line_ids": [Command.create({
                "name": " ".join(filter(None, [line.revenue_code, line.name])), "quantity": 1.0,
                "price_unit": line.amount, "account_id": acc["liability"].id, "tax_ids": [Command.clear()],
            }) for line in notice.line_ids],
        } for notice in self])
        moves.action_post()
        for notice, move in zip(self, moves):
            notice.move_id = move

    def _open(self):
        return {"type": "ir.actions.act_window", "res_model": "gov.payment.notice", "res_id": self.id,
                "view_mode": "form", "target": "current"}

    # ---------------------------------------------------------- cancel
    def action_cancel(self, reason=None):
        user = self.env.user
        if not (user.has_group("gov_hall.group_gov_front_office") or user.has_group("gov_hall.group_gov_finance")):
            raise AccessError(self.env._("Only window clerks and finance cancel payment notices."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the payment notice."))
        for notice in self:
            if notice.state == "cancelled":
                raise UserError(self.env._("Payment notice %(name)s is already cancelled.", name=notice.name))
            if notice.sudo().bank_line_ids:
                raise UserError(self.env._("Payment notice %(name)s has bank payments: finance must resolve them "
                                           "before it can be cancelled.", name=notice.name))
        self.sudo().write({"state": "cancelled", "cancel_reason": reason.strip()})
        moves = self.sudo().move_id
        moves.button_draft()
        moves.button_cancel()
        return True

    # -------------------------------------------------------- receipts
    def _assign_receipts(self):
        """Number a receipt for every notice that is now fully paid.

        Receipts (票据) are accountable forms: numbered without gaps, so the sequence is "no gap"
        (its counter is a row, rolled back with a failed import, and locked until the import
        commits), never a PostgreSQL sequence, whose numbers a rolled-back import would burn."""
        todo = self.filtered(lambda n: n.payment_state in ("paid", "over") and not n.receipt_number)
        if not todo:
            return
        seq = self.env["ir.sequence"].sudo().search([("code", "=", "gov.fee.receipt")], limit=1)
        if not seq:
            raise UserError(self.env._("The receipt numbering (sequence gov.fee.receipt) is missing."))
        if seq.implementation != "no_gap":
            raise UserError(self.env._("Receipt numbers must have no gaps: set the implementation of the sequence "
                                       "%(name)s (gov.fee.receipt) to “No gap”.", name=seq.name))
        # a statement pays thousands of notices at once: their numbers in one round trip
        numbers = reserve_numbers(seq, len(todo))
        self.env.cr.execute(
            "UPDATE gov_payment_notice n SET receipt_number = v.num, write_date = now() AT TIME ZONE 'UTC' "
            "FROM unnest(%s::int[], %s::varchar[]) AS v(id, num) WHERE n.id = v.id", [todo.ids, numbers])
        todo.invalidate_recordset(["receipt_number"])

    @api.model
    def _gov_gapless_sequences(self):
        """On install and update: receipts and issued documents are numbered without gaps, also in a
        database whose sequences (noupdate data) were created as PostgreSQL sequences."""
        seqs = self.env["ir.sequence"].sudo().search([("code", "in", ("gov.fee.receipt", "gov.case.document")),
                                                      ("implementation", "!=", "no_gap")])
        seqs.invalidate_recordset(["number_next_actual"])
        for seq in seqs:
            seq.write({"implementation": "no_gap", "number_next": seq.number_next_actual})

    def action_print(self):
        return self.env.ref("gov_hall_fee.action_report_payment_notice").report_action(self)

    def action_print_receipt(self):
        unpaid = self.filtered(lambda n: not n.receipt_number)
        if unpaid:
            raise UserError(self.env._("Payment notice %(name)s is not paid: no receipt yet.", name=unpaid[0].name))
        return self.env.ref("gov_hall_fee.action_report_fee_receipt").report_action(self)

    def action_view_case(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.case", "res_id": self.case_id.id,
                "view_mode": "form"}


class GovPaymentNoticeLine(models.Model):
    _name = "gov.payment.notice.line"
    _inherit = ["gov.guarded.mixin"]
    _gov_client_create = False
    _gov_client_unlink = False
    _description = "Payment Notice Revenue Item"
    _order = "notice_id, id"

    notice_id = fields.Many2one("gov.payment.notice", required=True, ondelete="cascade", index=True)
    name = fields.Char("Revenue Item", required=True)
    revenue_code = fields.Char("Non-tax Revenue Code")
    quantity = fields.Float(digits=(16, 2), default=1.0)
    unit_name = fields.Char("Unit")
    currency_id = fields.Many2one(related="notice_id.currency_id")
    unit_price = fields.Monetary("Standard")
    amount = fields.Monetary()
    legal_basis = fields.Char("Charging Basis")
