import io
from datetime import date
from pathlib import Path

import openpyxl
import psycopg2

from odoo import fields
from odoo.addons.gov_hall.tests.common import CaseFixture, pdf_text, public_method_inventory
from odoo.addons.gov_hall.tools.paycode import check_digit, is_valid, make_code, rmb_upper
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

BANK_DIR = Path(__file__).resolve().parents[3] / "data" / "bank"
# the payment codes printed in the sample statements of data/bank/
CODES = {k: make_code("330400", 2026, 90000000 + i) for i, k in enumerate("ABCDEFGH", start=1)}
# the first lines of an ICBC statement: its transactions begin on row 5
ICBC_HEAD = "中国工商银行对公账户明细\n账号：1\n起止日期：x\n" \
            "交易日期,交易时间,摘要,借方发生额(支出),贷方发生额(收入),余额,对方户名,对方账号,附言,交易流水号\n"


OPENER = "opener: returns a window or report action, writes nothing"
FEE_INVENTORY = {
    "gov.bank.import": {
        "action_import": "finance",
    },
    "gov.bank.line": {
        "action_resolve_notice": "finance; unmatched",
        "action_resolve_other": "finance; unmatched",
        "action_open_resolve": OPENER,
    },
    "gov.bank.line.resolve": {
        "action_confirm": "finance (through gov.bank.line actions)",
    },
    "gov.bank.statement": {
        "action_post": "finance; not posted",
        "action_view_lines": OPENER,
    },
    "gov.case": {
        "action_accept": "override: loads the item's fees after the core's checks",
        "action_compute_fees": "front office; received, no notice",
        "action_request_exemption": "front office; no notice",
        "action_decide_exemption": "leader of the department or Bureau; requested",
        "action_approve_exemption": "see action_decide_exemption",
        "action_reject_exemption": "see action_decide_exemption",
        "action_issue_notice": "front office (gov.payment.notice._issue_for_case)",
        "action_view_notices": OPENER,
    },
    "gov.fee.daily.report": {
        "action_export": "finance",
    },
    "gov.fee.exemption.wizard": {
        "action_confirm": "calls action_request_exemption",
    },
    "gov.fee.remittance": {
        "action_done": "finance; draft",
    },
    "gov.payment.notice": {
        "action_cancel": "front office; issued, unpaid",
        "action_print": OPENER,
        "action_print_receipt": OPENER,
        "action_view_case": OPENER,
    },
    "gov.payment.notice.cancel.wizard": {
        "action_confirm": "calls action_cancel",
    },
}


class FeeFixture(CaseFixture):
    """The case fixture with a fee on its item, and the applicant paying at the bank."""
    _fixture_fees = True

    def _pay(self, case, amount=None, bank_ref=None):
        """The applicant pays at the stationed bank; finance imports the transaction."""
        if case.fee_state == "to_notify":
            case.with_user(self.clerk).action_issue_notice()
        notice = case.notice_ids.filtered(lambda n: n.state == "issued")[:1]
        journal = self.env["gov.payment.notice"]._fee_accounting()["fiscal_journal"]
        return self.env["gov.bank.statement"].with_user(self.finance)._create_from_transactions(journal, [{
            "date": fields.Date.context_today(case), "amount": amount or notice.amount_residual,
            "remark": f"非税缴款 缴款码{notice.payment_code}", "payer_name": case.applicant_name,
            "bank_ref": bank_ref or f"TEST{notice.id}-{len(notice.sudo().bank_line_ids)}"}], "测试对账单")

    def _output(self, case):
        if case.decision == "approve" and case.fee_state not in ("none", "paid", "exempt"):
            self._pay(case)
        super()._output(case)


@tagged("post_install", "-at_install")
class TestFeeSecurity(FeeFixture):

    def test_every_public_method_is_classified(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_fee", FEE_INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")

    def test_remittance_state_only_through_its_action(self):
        journal = self.env["gov.payment.notice"]._fee_accounting()["fiscal_journal"]
        remittance = self.env["gov.fee.remittance"].with_user(self.finance).create(
            {"journal_id": journal.id, "date": "2026-11-26", "amount": 100.0, "treasury_ref": "SJ1"})
        for vals in ({"state": "done"}, {"bank_confirmed": True}):
            with self.assertRaises(AccessError):
                remittance.with_user(self.finance).write(vals)
        self.assertEqual(remittance.state, "draft")

    def test_reconciliation_workbook_writes_bank_text_as_text(self):
        journal = self.env["gov.payment.notice"]._fee_accounting()["fiscal_journal"]
        remark = '=HYPERLINK("http://evil.example/x","查看回单")'
        self.env["gov.bank.statement"].with_user(self.finance)._create_from_transactions(journal, [{
            "date": "2026-11-26", "amount": 88.0, "remark": remark, "payer_name": "=cmd|' /C calc'!A0",
            "bank_ref": "INJ-0001"}], "公式注入测试")
        wizard = self.env["gov.fee.daily.report"].with_user(self.finance).create(
            {"date": "2026-11-26", "journal_id": journal.id})
        content, _fmt = self.env["ir.actions.report"].with_user(self.finance)._render(
            "gov_hall_fee.fee_daily_xlsx", wizard.ids)
        book = openpyxl.load_workbook(io.BytesIO(content))
        cells = [c for ws in book for row in ws.iter_rows() for c in row
                 if c.value in (remark, "=cmd|' /C calc'!A0")]
        self.assertEqual({c.value for c in cells}, {remark, "=cmd|' /C calc'!A0"})
        for cell in cells:
            self.assertEqual(cell.data_type, "s", cell.value)

    def test_payer_partner_holds_no_personal_data(self):
        case = self._accepted()
        case.with_user(self.clerk).action_issue_notice()
        partner = case.sudo().notice_ids.partner_id
        self.assertEqual(partner.name, "张小三")
        self.assertNotIn(case.applicant_id_number, partner.ref or "")
        self.assertFalse(partner.phone)
        # the same applicant pays again: the same partner, found by the pseudonymous key
        again = self._accepted()
        again.with_user(self.clerk).action_issue_notice()
        self.assertEqual(again.sudo().notice_ids.partner_id, partner)

    def test_clerk_reloads_fees(self):
        case = self._accepted()
        self.assertTrue(case.fee_ids)
        case.with_user(self.clerk).action_compute_fees()  # the button shown to the clerk works for them
        self.assertEqual(len(case.fee_ids), 1)
        with self.assertRaises(AccessError):
            case.with_user(self.reviewer).action_compute_fees()
        with self.assertRaises(AccessError):
            case.fee_ids.with_user(self.clerk).write({"unit_price": 0.01})
        with self.assertRaises(AccessError):
            case.fee_ids.with_user(self.clerk).unlink()



@tagged("post_install", "-at_install")
class TestFee(FeeFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item_unit = cls._item(publish=True, name="普通话水平测试", basic_code="000172007001",
                                  implementation_code="11330400MB0000000X00017200700101", fee_ids=[
                                      Command.create({"name": "证书工本费", "fee_mode": "fixed", "amount": 10.0,
                                                      "revenue_code": "103040501"}),
                                      Command.create({"name": "测试费", "fee_mode": "unit", "amount": 50.0,
                                                      "unit_name": "人次", "revenue_code": "103041401"})])
        cls.acc = cls.env["gov.payment.notice"]._fee_accounting()
        # a fiscal account of its own, so the demo city's collections stay out of the figures
        cls.journal = cls.env["account.journal"].create({"name": "测试财政专户", "code": "TCZH", "type": "bank",
                                                         "gov_fiscal_account": True})
        cls.icbc = cls.env.ref("gov_hall_fee.bank_mapping_icbc")
        cls.ccb = cls.env.ref("gov_hall_fee.bank_mapping_ccb")
        cls.other_leader = cls.env["res.users"].create({
            "name": "他局领导", "login": "t_leader2",
            "group_ids": [Command.link(cls.env.ref("gov_hall.group_gov_leader").id)]})
        cls.env["hr.employee"].create({"name": "他局领导", "user_id": cls.other_leader.id,
                                       "department_id": cls.dept2.id})

    def _decided_case(self, **kw):
        case = self._accepted(**kw)
        case.action_step_done("初审")
        case.with_user(self.reviewer).action_step_done("同意", findings="一致")
        case.with_user(self.leader).action_step_done("同意")
        return case

    def _notice(self, code=None, item=None, qty=None, amount=None):
        case = self._accepted(item_id=(item or self.item).id)
        if amount:
            case.fee_ids.sudo().write({"unit_price": amount})
        if qty:
            case.fee_ids.filtered(lambda f: f.fee_mode == "unit").quantity = qty
        case.with_user(self.clerk).action_issue_notice()
        notice = case.notice_ids
        if code:
            notice.sudo().payment_code = code
        return notice

    def _import(self, filename, mapping):
        data = (BANK_DIR / filename).read_bytes()
        return self.env["gov.bank.import"].with_user(self.finance)._import(self.journal, mapping, data, filename)

    # ------------------------------------------------------------- fees
    def test_fee_computation_and_exemption(self):
        case = self._accepted(item_id=self.item_unit.id)
        self.assertEqual(case.fee_ids.mapped("amount"), [10.0, 50.0])
        case.fee_ids.filtered(lambda f: f.fee_mode == "unit").quantity = 3
        self.assertEqual(case.fee_total, 160.0)
        with self.assertRaises(AccessError):
            case.fee_ids[0].write({"unit_price": 1.0})  # the standard is the catalog's
        self.assertEqual(case.fee_state, "to_notify")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_request_exemption(50.0, "  ")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_request_exemption(200.0, "低保对象")
        case.with_user(self.clerk).action_request_exemption(160.0, "最低生活保障对象", "嘉价费〔2020〕5号")
        self.assertEqual(case.exemption_state, "requested")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_issue_notice()  # waiting for the leader
        for user in (self.clerk, self.other_leader):
            with self.assertRaises(AccessError):
                case.with_user(user).action_approve_exemption()
        case.with_user(self.leader).action_approve_exemption()
        self.assertEqual((case.exemption_state, case.exemption_approver_id), ("approved", self.leader))
        self.assertEqual((case.fee_payable, case.fee_state), (0.0, "exempt"))
        # fully exempt: output goes ahead without any payment
        case.action_step_done("初审")
        case.with_user(self.reviewer).action_step_done("同意", findings="一致")
        case.with_user(self.leader).action_step_done("同意")
        case.with_user(self.leader).action_output_sign()
        self.assertEqual(case.output_state, "signed")

    def test_partial_exemption_and_rejection(self):
        case = self._accepted(item_id=self.item_unit.id)
        case.with_user(self.clerk).action_request_exemption(20.0, "残疾人减半")
        case.with_user(self.leader).action_reject_exemption()
        self.assertEqual((case.exemption_state, case.fee_payable), ("rejected", 60.0))
        case.with_user(self.clerk).action_request_exemption(30.0, "残疾人减半，补交证明")
        case.with_user(self.manager).action_approve_exemption()
        case.with_user(self.clerk).action_issue_notice()
        notice = case.notice_ids
        self.assertEqual(notice.amount_total, 30.0)
        self.assertEqual(notice.line_ids.mapped("amount"), [10.0, 50.0, -30.0])

    # ---------------------------------------------------------- notices
    def test_payment_code_and_capitals(self):
        self.assertEqual(check_digit("3304002600090000001"), "4")
        self.assertTrue(is_valid(CODES["A"]))
        wrong = CODES["A"][:-1] + str((int(CODES["A"][-1]) + 1) % 10)
        self.assertFalse(is_valid(wrong))
        swapped = CODES["A"][:10] + CODES["A"][11] + CODES["A"][10] + CODES["A"][12:]
        self.assertFalse(is_valid(swapped) and swapped != CODES["A"])
        self.assertEqual(rmb_upper(1234.5), "壹仟贰佰叁拾肆元伍角整")
        self.assertEqual(rmb_upper(100.05), "壹佰元零伍分")
        self.assertEqual(rmb_upper(20), "贰拾元整")
        a, b = self._notice(), self._notice(item=self.item_unit, qty=2)
        self.assertNotEqual(a.payment_code, b.payment_code)
        for notice in a | b:
            self.assertEqual(len(notice.payment_code), 20)
            self.assertTrue(is_valid(notice.payment_code))
            self.assertTrue(notice.payment_code.startswith("330400"))
        self.assertEqual(b.amount_total, 110.0)
        self.assertEqual(b.amount_upper, "壹佰壹拾元整")
        with self.assertRaises(UserError):
            b.case_id.with_user(self.clerk).action_issue_notice()  # one notice at a time
        # booked in its own journal against the amount owed to the treasury
        move = b.sudo().move_id
        self.assertEqual((move.state, move.journal_id.code, move.amount_total), ("posted", "JKTZ", 110.0))
        self.assertEqual(move.invoice_line_ids.account_id, self.acc["liability"])
        self.assertEqual(move.partner_id.name, "张小三")
        # the PDF a clerk prints
        pdf, _ = self.env["ir.actions.report"].with_user(self.clerk).with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "gov_hall_fee.action_report_payment_notice", b.ids)
        text = "".join(pdf_text(pdf).split())
        for expected in ("非税收入缴款通知书", b.payment_code, "壹佰壹拾元整", "103041401", "测试费", "110.00",
                         "张小三", b.name):
            self.assertIn(expected, text)

    def test_cancel_notice(self):
        notice = self._notice()
        with self.assertRaises(UserError):
            notice.with_user(self.clerk).action_cancel("")
        notice.with_user(self.clerk).action_cancel("收费项目开错，重新开具")
        self.assertEqual((notice.state, notice.move_id.state), ("cancelled", "cancel"))
        self.assertEqual(notice.case_id.fee_state, "to_notify")
        notice.case_id.with_user(self.clerk).action_issue_notice()
        self.assertEqual(len(notice.case_id.notice_ids), 2)

    def test_output_blocked_until_paid(self):
        case = self._decided_case()
        with self.assertRaises(UserError) as err:
            case.with_user(self.leader).action_output_sign()
        self.assertIn("10.00", str(err.exception))
        case.with_user(self.clerk).action_issue_notice()
        self.assertEqual(case.fee_state, "unpaid")
        self._pay(case, amount=4.0)  # partial: stays unmatched, output still blocked
        self.assertEqual(case.fee_state, "unpaid")
        line = case.notice_ids.bank_line_ids
        self.assertEqual((line.match_state, line.reason), ("unmatched", "partial"))
        with self.assertRaises(UserError):
            case.with_user(self.leader).action_output_sign()
        self._pay(case, amount=10.0)
        self.assertEqual(case.fee_state, "paid")
        self.assertTrue(case.notice_ids.receipt_number.startswith("PJ"))
        case.with_user(self.leader).action_output_sign()
        self.assertEqual(case.output_state, "signed")

    def test_output_error_in_chinese(self):
        case = self._decided_case()
        with self.assertRaises(UserError) as err:
            case.with_user(self.leader).with_context(lang="zh_CN").action_output_sign()
        self.assertIn("缴", str(err.exception))

    # ----------------------------------------------------------- access
    def test_clerk_cannot_touch_payments(self):
        notice = self._notice()
        clerk_env = self.env(user=self.clerk)
        with self.assertRaises(AccessError):
            clerk_env["gov.bank.statement"]._create_from_transactions(self.journal, [{
                "date": date(2026, 11, 26), "amount": 10.0, "remark": notice.payment_code}], "x")
        with self.assertRaises(AccessError):
            clerk_env["gov.bank.line"].create({"journal_id": self.journal.id, "date": date(2026, 11, 26),
                                               "amount": 10.0, "unique_key": "x"})
        with self.assertRaises(AccessError):
            clerk_env["account.payment"].create({"amount": 10.0, "payment_type": "inbound",
                                                 "partner_id": notice.partner_id.id,
                                                 "journal_id": self.journal.id})
        with self.assertRaises(AccessError):
            clerk_env["account.bank.statement.line"].create({"journal_id": self.journal.id, "amount": 10.0,
                                                             "payment_ref": notice.payment_code,
                                                             "date": date(2026, 11, 26)})
        with self.assertRaises(AccessError):
            notice.with_user(self.clerk).write({"amount_total": 1.0})
        with self.assertRaises(AccessError):
            self.env["gov.fee.remittance"].with_user(self.clerk).create({"journal_id": self.journal.id,
                                                                          "amount": 5.0})
        # what a clerk may do: read and print the notice
        notice.with_user(self.clerk).action_print()
        self.assertEqual(notice.with_user(self.clerk).payment_state, "unpaid")
        # the other department's clerk does not even see it
        other = self.env["res.users"].create({"name": "他局窗口", "login": "t_clerk2", "group_ids": [
            Command.link(self.env.ref("gov_hall.group_gov_front_office").id)]})
        self.env["hr.employee"].create({"name": "他局窗口", "user_id": other.id, "department_id": self.dept2.id})
        self.assertFalse(self.env["gov.payment.notice"].with_user(other).search([("id", "=", notice.id)]))

    # ----------------------------------------------------------- import
    def _sample_notices(self):
        notices = {}
        amounts = {"A": 50.0, "B": 1250.0, "C": 300.0, "D": 20.0, "F": 20.0, "G": 70.0, "H": 10.0}
        for key, amount in amounts.items():
            notice = self._notice(code=CODES[key], amount=amount)
            notices[key] = notice
        notices["F"].with_user(self.clerk).action_cancel("开错")
        return notices

    def test_import_samples_and_matching(self):
        n = self._sample_notices()
        remittance = self.env["gov.fee.remittance"].with_user(self.finance).create({
            "journal_id": self.journal.id, "date": date(2026, 11, 26), "amount": 10000.0,
            "treasury_ref": "SJ202600001"})
        remittance.with_user(self.finance).action_done()
        self.assertEqual(remittance.bank_line_id.amount, -10000.0)
        st = self._import("icbc_fiscal_20261126.csv", self.icbc)
        # 10 transactions, the summary line skipped; the remittance registered before is the same money:
        # its line is confirmed by the statement, not doubled
        self.assertEqual(len(st.line_ids), 10)
        self.assertEqual(len(self.env["gov.bank.line"].search([("journal_id", "=", self.journal.id)])), 10)
        self.assertTrue(remittance.bank_confirmed)
        self.assertEqual(remittance.bank_line_id.bank_ref, "ICBC2026112600010")
        self.assertEqual(remittance.bank_line_id.statement_id, st)  # on the statement, booked once (below)
        by_ref = {line.bank_ref: line for line in st.line_ids}
        expect = {
            "ICBC2026112600001": ("matched", False, n["A"]),
            "ICBC2026112600002": ("matched", False, n["B"]),
            "ICBC2026112600003": ("unmatched", "partial", n["C"]),
            "ICBC2026112600004": ("unmatched", "over", n["D"]),
            "ICBC2026112600005": ("unmatched", "unknown", self.env["gov.payment.notice"]),
            "ICBC2026112600006": ("unmatched", "bad_code", self.env["gov.payment.notice"]),
            "ICBC2026112600007": ("unmatched", "no_code", self.env["gov.payment.notice"]),
            "ICBC2026112600008": ("unmatched", "cancelled", n["F"]),
            "ICBC2026112600009": ("unmatched", "already_paid", n["A"]),
        }
        for ref, (state, reason, notice) in expect.items():
            line = by_ref[ref]
            self.assertEqual((line.match_state, line.reason, line.notice_id), (state, reason, notice), ref)
        self.assertEqual(by_ref["ICBC2026112600002"].amount, 1250.0)
        self.assertEqual(by_ref["ICBC2026112600002"].date, date(2026, 11, 26))
        self.assertEqual(by_ref["ICBC2026112600002"].payer_name, "嘉禾市恒达建设有限公司")
        self.assertIn("300.00", by_ref["ICBC2026112600003"].reason_detail)
        self.assertEqual((n["A"].payment_state, n["B"].payment_state, n["C"].payment_state),
                         ("paid", "paid", "unpaid"))
        self.assertTrue(n["A"].receipt_number and n["B"].receipt_number)
        self.assertNotEqual(n["A"].receipt_number, n["B"].receipt_number)
        self.assertFalse(n["C"].receipt_number)
        self.assertEqual(n["A"].case_id.fee_state, "paid")
        self.assertEqual(st.unmatched_count, 7)
        # the same file again: nothing imported, nothing matched twice
        with self.assertRaises(UserError) as err:
            self._import("icbc_fiscal_20261126.csv", self.icbc)
        self.assertIn("10", str(err.exception))
        self.assertEqual(n["A"].amount_paid, 50.0)
        # wrong layout for the file
        with self.assertRaises(UserError) as err:
            self._import("icbc_fiscal_20261126.csv", self.ccb)
        self.assertIn("交易日期", str(err.exception))
        self.assertIn("中国建设银行", str(err.exception))
        # the other bank: XLSX with yyyymmdd dates and signed amounts; its CSV twin is the same statement
        st2 = self._import("ccb_fiscal_20261127.xlsx", self.ccb)
        self.assertEqual(len(st2.line_ids), 3)
        self.assertEqual((n["G"].payment_state, n["H"].payment_state), ("paid", "paid"))
        out = st2.line_ids.filtered(lambda x: x.amount < 0)
        self.assertEqual((out.amount, out.reason, out.date), (-500.0, "outflow", date(2026, 11, 27)))
        with self.assertRaises(UserError):
            self._import("ccb_fiscal_20261127.csv", self.ccb)

        # finance resolves: the partial payment is accepted, the overpayment settled and flagged to refund
        line_c, line_d = by_ref["ICBC2026112600003"], by_ref["ICBC2026112600004"]
        with self.assertRaises(AccessError):
            line_c.with_user(self.clerk).action_resolve_notice(n["C"], "部分缴款")
        with self.assertRaises(UserError):
            line_c.with_user(self.finance).action_resolve_notice(n["C"], "")
        line_c.with_user(self.finance).action_resolve_notice(n["C"], "申请人确认先缴200元，余款另缴")
        self.assertEqual((n["C"].payment_state, n["C"].amount_residual), ("partial", 100.0))
        with self.assertRaises(UserError):
            line_c.with_user(self.finance).action_resolve_notice(n["C"], "again")
        line_d.with_user(self.finance).action_resolve_notice(n["D"], "多缴180元，办理退付")
        self.assertEqual((n["D"].payment_state, n["D"].amount_paid), ("over", 200.0))
        self.assertTrue(n["D"].receipt_number)
        by_ref["ICBC2026112600007"].with_user(self.finance).action_resolve_other("ignored", "银行结息")
        self.assertEqual(by_ref["ICBC2026112600007"].match_state, "ignored")

        # booked: one entry per statement and day, every paid notice reconciled
        (st | st2).with_user(self.finance).action_post()
        self.assertTrue(st.posted and st.move_ids)
        self.assertEqual(n["A"].move_id.payment_state, "paid")
        self.assertEqual(n["B"].move_id.payment_state, "paid")
        self.assertEqual(n["C"].move_id.payment_state, "partial")
        self.assertEqual(n["G"].move_id.payment_state, "paid")
        bank_acc = self.journal.default_account_id
        ledger = sum(self.env["account.move.line"].search([("account_id", "=", bank_acc.id),
                                                          ("parent_state", "=", "posted")]).mapped("balance"))
        lines = sum(self.env["gov.bank.line"].search([("journal_id", "=", self.journal.id)]).mapped("amount"))
        self.assertAlmostEqual(ledger, lines, places=2)
        liability = sum(self.env["account.move.line"].search([
            ("account_id", "=", self.acc["liability"].id), ("journal_id", "=", self.journal.id),
            ("parent_state", "=", "posted")]).mapped("balance"))
        self.assertAlmostEqual(liability, 10000.0, places=2)  # the remittance, debited once

    def test_import_wizard_defaults_to_the_stationed_bank(self):
        wizard = self.env["gov.bank.import"].with_user(self.finance).new({})
        self.assertTrue(wizard.journal_id.gov_fiscal_account)
        self.assertEqual(wizard.mapping_id, self.icbc)

    def test_bad_rows(self):
        head = "中国工商银行对公账户明细\n账号：1\n起止日期：x\n" \
               "交易日期,交易时间,摘要,借方发生额(支出),贷方发生额(收入),余额,对方户名,对方账号,附言,交易流水号\n"
        Import = self.env["gov.bank.import"].with_user(self.finance)
        bad_amount = head + "2026-11-26,09:00:00,非税缴款,,\"12,3a.00\",1,张三,1,缴款码1,X1\n"
        with self.assertRaises(UserError) as err:
            Import._import(self.journal, self.icbc, bad_amount.encode("gb18030"), "bad.csv")
        self.assertIn("5", str(err.exception))
        self.assertIn("12,3a.00", str(err.exception))
        bad_date = head + "26.11.2026,09:00:00,非税缴款,,12.00,1,张三,1,缴款码1,X1\n"
        with self.assertRaises(UserError) as err:
            Import._import(self.journal, self.icbc, bad_date.encode("utf-8-sig"), "bad.csv")
        self.assertIn("26.11.2026", str(err.exception))
        three_dates = head + "".join(f"{d},09:00:00,非税缴款,,1.00,1,张三,1,无,Y{i}\n" for i, d in
                                     enumerate(["2026-11-26", "2026/11/26", "20261126"]))
        st = Import._import(self.journal, self.icbc, three_dates.encode("utf-8"), "dates.csv")
        self.assertEqual(set(st.line_ids.mapped("date")), {date(2026, 11, 26)})
        self.assertFalse(self.env["gov.bank.line"].search([("bank_ref", "=", "X1")]))

    def test_summary_rows_told_by_their_column(self):
        """合计 in the date column is the bank's summary line; a remark beginning with 合计 is a payment."""
        Import = self.env["gov.bank.import"].with_user(self.finance)
        for skip_column in ("交易日期", False):  # as shipped, and the default (the date column)
            self.icbc.gov_skip_column = skip_column
            notice = self._notice()
            ref = f"S{notice.id}"
            data = ICBC_HEAD + (
                f"2026-11-26,09:00:00,合计缴费,,10.00,1,张三,1,缴款码{notice.payment_code},{ref}A\n"
                f"2026-11-26,09:05:00,非税缴款,,5.00,1,李四,1,合计两项 本页小计,{ref}B\n"
                "合计,,笔数：2,,15.00,,,,,\n"
                "本页小计,,,,15.00,,,,,\n")
            st = Import._import(self.journal, self.icbc, data.encode("gb18030"), "remarks.csv")
            self.assertEqual(sorted(st.line_ids.mapped("bank_ref")), [f"{ref}A", f"{ref}B"])
            self.assertEqual(st.line_ids.filtered(lambda x, r=f"{ref}A": x.bank_ref == r).notice_id, notice)
            self.assertEqual(notice.payment_state, "paid")
        self.assertEqual(self.ccb.gov_skip_column, "交易日期")

    def test_same_serial_number_twice_in_a_file(self):
        Import = self.env["gov.bank.import"].with_user(self.finance)
        data = ICBC_HEAD + (
            "2026-11-26,09:00:00,非税缴款,,10.00,1,张三,1,无,DUP202611260001\n"
            "2026-11-26,09:01:00,非税缴款,,20.00,1,李四,1,无,DUP202611260002\n"
            "2026-11-26,09:02:00,非税缴款,,30.00,1,王五,1,无,DUP202611260001\n")
        with self.assertRaises(UserError) as err, mute_logger("odoo.sql_db"):
            Import._import(self.journal, self.icbc, data.encode("gb18030"), "dup.csv")
        message = str(err.exception)
        self.assertIn("DUP202611260001", message)
        self.assertIn("rows 5 and 7", message)
        self.assertNotIn("someone else", message)
        self.assertFalse(self.env["gov.bank.line"].search([("bank_ref", "like", "DUP2026112600")]))
        # the same serial number on another day is another transaction (serials may restart daily)
        st = Import._import(self.journal, self.icbc, data.replace("2026-11-26,09:02:00", "2026-11-27,09:02:00")
                            .encode("gb18030"), "two-days.csv")
        self.assertEqual(len(st.line_ids), 3)

    def test_receipt_numbers_without_gaps(self):
        receipts = self.env.ref("gov_hall_fee.seq_gov_fee_receipt")
        self.assertEqual(receipts.implementation, "no_gap")
        self.assertEqual(self.env.ref("gov_hall.seq_gov_case_document").implementation, "no_gap")
        first, lost, second = self._notice(), self._notice(), self._notice()
        self._pay(first.case_id)
        # an import that numbers a receipt, then fails: its transaction (here a savepoint) is rolled back
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self._pay(lost.case_id)
            self.assertTrue(lost.receipt_number)
            raise RuntimeError("the import fails after the receipts were numbered")
        self.assertFalse(lost.receipt_number)
        self._pay(second.case_id)
        self.assertEqual(second.receipt_number[:-8], first.receipt_number[:-8])
        self.assertEqual(int(second.receipt_number[-8:]), int(first.receipt_number[-8:]) + 1)
        # the notices one statement pays get the next numbers, in one go
        third, fourth = self._notice(), self._notice()
        self.env["gov.bank.statement"].with_user(self.finance)._create_from_transactions(self.journal, [{
            "date": date(2026, 11, 26), "amount": n.amount_total, "remark": f"缴款码{n.payment_code}",
            "bank_ref": f"BULK{n.id}"} for n in (third, fourth)], "批量")
        numbers = sorted(int(n.receipt_number[-8:]) for n in (third, fourth))
        self.assertEqual(numbers, [int(second.receipt_number[-8:]) + 1, int(second.receipt_number[-8:]) + 2])
        # receipt numbers and document numbers are unique in the database
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.env.cr.execute("UPDATE gov_payment_notice SET receipt_number = %s WHERE id = %s",
                                [first.receipt_number, lost.id])
        docs = (first | second).case_id.document_ids
        self.assertEqual(len(set(docs.mapped("number"))), len(docs))
        self.assertGreaterEqual(len(docs), 2)
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.env.cr.execute("UPDATE gov_case_document SET number = %s WHERE id = %s",
                                [docs[0].number, docs[1].id])
        # a database created before: its PostgreSQL sequence becomes "no gap" on update, at the same number
        receipts.write({"implementation": "standard"})
        receipts.invalidate_recordset()
        next_number = receipts.number_next_actual
        self.env["gov.payment.notice"]._gov_gapless_sequences()
        receipts.invalidate_recordset()
        self.assertEqual((receipts.implementation, receipts.number_next_actual), ("no_gap", next_number))
        self.assertEqual(next_number, max(numbers) + 1)

    # ----------------------------------------------------------- report
    def test_daily_report_ties_out(self):
        self.journal.gov_opening_balance = 250000.0
        Report = self.env["gov.fee.daily.report"].with_user(self.finance)
        # what the fiscal account held before the 26th (the demo city's own collections, if any)
        before = Report.create({"journal_id": self.journal.id, "date": date(2026, 11, 26)})._report_data()["ledger"]
        self._sample_notices()
        self.env["gov.fee.remittance"].with_user(self.finance).create({
            "journal_id": self.journal.id, "date": date(2026, 11, 26), "amount": 10000.0}).action_done()
        self._import("icbc_fiscal_20261126.csv", self.icbc)
        self._import("ccb_fiscal_20261127.xlsx", self.ccb)
        wizard = Report.create({"journal_id": self.journal.id, "date": date(2026, 11, 27)})
        ledger = wizard._report_data()["ledger"]
        collected_26 = 50 + 1250 + 200 + 200 + 20 + 50 + 3.21 + 20 + 50
        self.assertAlmostEqual(ledger["opening"], before["closing"] + collected_26 - 10000, places=2)
        self.assertAlmostEqual(ledger["collected"], 80.0, places=2)
        self.assertAlmostEqual(ledger["other_out"], 500.0, places=2)
        self.assertAlmostEqual(ledger["closing"], ledger["opening"] + 80 - 500, places=2)
        day26 = Report.create({"journal_id": self.journal.id, "date": date(2026, 11, 26)})._report_data()["ledger"]
        self.assertAlmostEqual(day26["remitted"], before["remitted"] + 10000.0, places=2)
        self.assertAlmostEqual(day26["collected"], before["collected"] + collected_26, places=2)
        self.assertAlmostEqual(day26["opening"] + day26["collected"] - day26["remitted"] - day26["other_out"],
                               day26["closing"], places=2)
        self.assertAlmostEqual(day26["closing"], ledger["opening"], places=2)
        # the workbook finance downloads
        content, kind = self.env["ir.actions.report"].with_user(self.finance)._render_xlsx(
            "gov_hall_fee.action_report_fee_daily_xlsx", wizard.ids, {})
        self.assertEqual(kind, "xlsx")
        wb = openpyxl.load_workbook(io.BytesIO(content))
        ws = wb.worksheets[0]
        values = [ws.cell(row=r, column=2).value for r in range(5, 9)]
        self.assertEqual(values, [ledger["opening"], 80.0, 0.0, 500.0])
        self.assertEqual(ws["B9"].value, "=B5+B6-B7-B8")
        self.assertAlmostEqual(ws["B10"].value, ledger["closing"], places=2)
        unmatched = wb.worksheets[3]
        refs = {unmatched.cell(row=r, column=2).value for r in range(2, unmatched.max_row + 1)}
        self.assertIn("ICBC2026112600005", refs)
        self.assertIn("CCB20261127000103", refs)
        with self.assertRaises(AccessError):
            self.env["gov.fee.daily.report"].with_user(self.clerk).create({"journal_id": self.journal.id})

    def test_today_import_matches(self):
        notice = self._notice()
        st = self._pay(notice.case_id)
        self.assertEqual(st.line_ids.match_state, "matched")
        self.assertEqual(st.line_ids.date, fields.Date.context_today(st))
        self.assertFalse(st.posted)
        self.env["gov.bank.statement"]._cron_post()  # the hourly job books it
        self.assertTrue(st.posted)
        self.assertEqual(notice.sudo().move_id.payment_state, "paid")
        self.env["gov.bank.statement"]._cron_post()  # and only once
        self.assertEqual(len(st.move_ids), 1)
        # the same transaction reaching the database a second time (two imports at once): a clear error
        with self.assertRaises(UserError) as err, mute_logger("odoo.sql_db"):
            st.with_user(self.finance)._add_transactions([{
                "date": st.line_ids.date, "amount": 10.0, "remark": notice.payment_code,
                "unique_key": st.line_ids.unique_key}])
        self.assertIn("someone else", str(err.exception))
        self.assertEqual(notice.amount_paid, 10.0)


@tagged("post_install", "-at_install")
class TestFeeTour(HttpCase):

    def test_clerk_issues_notice_tour(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        clerk = env["res.users"].create({
            "name": "收费窗口", "login": "fee_clerk", "password": "fee_clerk_pw", "lang": "zh_CN",
            "group_ids": [Command.link(env.ref("gov_hall.group_gov_front_office").id)]})
        dept = env["hr.department"].create({"name": "测试语委办", "gov_code": "TYWB", "is_stationed": True})
        employee = env["hr.employee"].create({"name": "收费窗口", "user_id": clerk.id, "department_id": dept.id})
        window = env["gov.window"].create({"name": "TF1", "label": "测试收费窗口", "window_type": "department",
                                           "department_id": dept.id, "employee_ids": [Command.set(employee.ids)]})
        item = env["gov.item"].create({
            "name": "普通话水平测试报名", "department_id": dept.id, "basic_code": "000999000002",
            "implementation_code": "000999000002", "item_type": "public_service", "case_type": "promised",
            "legal_limit": 20, "promised_limit": 5,
            "material_ids": [Command.create({"name": "报名表"})],
            "fee_ids": [Command.create({"name": "证书工本费", "fee_mode": "fixed", "amount": 10.0,
                                        "revenue_code": "103040501"}),
                        Command.create({"name": "测试费", "fee_mode": "unit", "amount": 50.0, "unit_name": "人次",
                                        "revenue_code": "103041401"})],
            "step_ids": [Command.create({"step": "approval", "office": "back"})],
            "window_ids": [Command.set(window.ids)]})
        item.action_publish()
        env["gov.delegation"].create({
            "department_id": dept.id, "grantor_id": employee.id, "grantee_user_id": clerk.id,
            "grantee_kind": "delegate", "power_accept": True, "date_from": "2020-01-01", "date_to": "2035-12-31",
            "scan": "aGVsbG8=", "scan_filename": "s.pdf"}).action_activate()
        env["gov.seal"].create({"name": "测试语委办审批专用章", "seal_type": "department", "department_id": dept.id,
                                "custodian_id": clerk.id})  # the clerk stamps the acceptance notice
        case = env["gov.case"].with_user(clerk).create({
            "item_id": item.id, "window_id": window.id, "applicant_name": "钱七",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13900000001"})
        case.action_receive()
        case.material_ids.write({"submitted": True, "compliant": True})
        case.action_accept()
        self.start_tour(f"/odoo/action-gov_hall.gov_case_action/{case.id}", "gov_fee_tour", login="fee_clerk")
        notice = case.sudo().notice_ids
        self.assertEqual((len(notice), notice.amount_total, case.fee_state), (1, 160.0, "unpaid"))
        self.assertTrue(is_valid(notice.payment_code))
