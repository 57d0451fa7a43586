"""财政专户日对账: opening balance + collected − remitted (− other outflows) = closing
balance, the notices issued / paid / outstanding by department, and the lines
still unmatched — one Excel workbook through OCA report_xlsx."""
from odoo import api, fields, models

from ..models.gov_fee_access import _check_finance


class GovFeeDailyReport(models.TransientModel):
    _name = "gov.fee.daily.report"
    _description = "Daily Fiscal Account Reconciliation"

    date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one("account.journal", "Fiscal Account", required=True,
                                 domain=[("gov_fiscal_account", "=", True)],
                                 default=lambda s: s.env["account.journal"].search(
                                     [("gov_fiscal_account", "=", True)], limit=1))

    def _report_data(self):
        self.ensure_one()
        _check_finance(self.env)
        Line = self.env["gov.bank.line"].sudo()
        Notice = self.env["gov.payment.notice"].sudo()
        ledger = Line._fee_ledger(self.journal_id, self.date)
        issued = Notice._read_group([("issue_date", "=", self.date), ("state", "=", "issued")],
                                    ["department_id"], ["__count", "amount_total:sum"])
        paid = Notice._read_group([("paid_date", "=", self.date), ("state", "=", "issued")],
                                  ["department_id"], ["__count", "amount_paid:sum"])
        outstanding = Notice._read_group([("issue_date", "<=", self.date), ("state", "=", "issued"),
                                          ("payment_state", "in", ("unpaid", "partial"))],
                                         ["department_id"], ["__count", "amount_residual:sum"])
        depts = {}
        for rows, key in ((issued, "issued"), (paid, "paid"), (outstanding, "outstanding")):
            for dept, count, amount in rows:
                row = depts.setdefault(dept, {"issued": (0, 0.0), "paid": (0, 0.0), "outstanding": (0, 0.0)})
                row[key] = (count, round(amount or 0.0, 2))
        unmatched = Line.search([("journal_id", "=", self.journal_id.id), ("match_state", "=", "unmatched"),
                                 ("date", "<=", self.date)], order="date, id")
        day_lines = Line.search([("journal_id", "=", self.journal_id.id), ("date", "=", self.date)],
                                order="id")
        return {"ledger": ledger, "departments": depts, "unmatched": unmatched, "day_lines": day_lines}

    def action_export(self):
        self.ensure_one()
        _check_finance(self.env)
        return self.env.ref("gov_hall_fee.action_report_fee_daily_xlsx").report_action(self)


class GovFeeDailyXlsx(models.AbstractModel):
    _name = "report.gov_hall_fee.fee_daily_xlsx"
    _description = "Daily Fiscal Account Reconciliation (Excel)"
    _inherit = "report.report_xlsx.abstract"

    def get_workbook_options(self):
        # payers' names and remarks come from bank files: text, never a formula or a link
        return dict(super().get_workbook_options(), strings_to_formulas=False, strings_to_urls=False)

    @api.model
    def generate_xlsx_report(self, workbook, data, objs):
        _ = self.env._
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
        head = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        fields_ = self.env["gov.bank.line"]._fields
        states = dict(fields_["match_state"]._description_selection(self.env))
        reasons = dict(fields_["reason"]._description_selection(self.env))
        for report in objs:
            data = report._report_data()
            ledger = data["ledger"]
            ws = workbook.add_worksheet(_("Reconciliation"))
            ws.set_column(0, 0, 28)
            ws.set_column(1, 1, 18)
            ws.write(0, 0, _("Fiscal special account: daily reconciliation"), title)
            ws.write(1, 0, _("Account"))
            ws.write(1, 1, report.journal_id.name)
            ws.write(2, 0, _("Date"))
            ws.write(2, 1, str(report.date))
            rows = [(_("Opening balance"), ledger["opening"]), (_("Collected"), ledger["collected"]),
                    (_("Remitted to the treasury"), ledger["remitted"]), (_("Other outflows"), ledger["other_out"])]
            for i, (label, value) in enumerate(rows, start=4):
                ws.write(i, 0, label)
                ws.write_number(i, 1, value, money)
            ws.write(8, 0, _("Closing balance"), bold)
            ws.write_formula(8, 1, "=B5+B6-B7-B8", money_bold, ledger["closing"])
            ws.write(9, 0, _("Closing balance (ledger)"))
            ws.write_number(9, 1, ledger["closing"], money)

            ws2 = workbook.add_worksheet(_("By Department"))
            ws2.set_column(0, 0, 30)
            ws2.set_column(1, 6, 14)
            for col, label in enumerate([_("Department"), _("Issued"), _("Issued Amount"), _("Paid"),
                                         _("Paid Amount"), _("Outstanding"), _("Outstanding Amount")]):
                ws2.write(0, col, label, head)
            r = 0
            for r, (dept, row) in enumerate(sorted(data["departments"].items(),
                                                   key=lambda kv: kv[0].display_name or ""), start=1):
                ws2.write(r, 0, dept.display_name or "")
                for c, key in enumerate(("issued", "paid", "outstanding")):
                    ws2.write_number(r, 1 + 2 * c, row[key][0])
                    ws2.write_number(r, 2 + 2 * c, row[key][1], money)
            if r:
                ws2.write(r + 1, 0, _("Total"), bold)
                for c in range(1, 7):
                    letter = chr(ord("A") + c)
                    ws2.write_formula(r + 1, c, f"=SUM({letter}2:{letter}{r + 1})", money_bold if c % 2 == 0
                                      else bold)

            for sheet_name, lines in ((_("Transactions of the Day"), data["day_lines"]),
                                      (_("Unmatched"), data["unmatched"])):
                ws3 = workbook.add_worksheet(sheet_name)
                ws3.set_column(0, 9, 16)
                ws3.set_column(5, 5, 40)
                for col, label in enumerate([_("Date"), _("Bank Serial Number"), _("Amount"), _("Counterparty"),
                                             _("Payment Code"), _("Remark"), _("Match"), _("Why Unmatched"),
                                             _("Payment Notice"), _("Department")]):
                    ws3.write(0, col, label, head)
                for r, line in enumerate(lines, start=1):
                    ws3.write(r, 0, str(line.date))
                    ws3.write(r, 1, line.bank_ref or "")
                    ws3.write_number(r, 2, line.amount, money)
                    ws3.write(r, 3, line.payer_name or "")
                    ws3.write_string(r, 4, line.payment_code or "")
                    ws3.write(r, 5, line.remark or "")
                    ws3.write(r, 6, states.get(line.match_state, ""))
                    ws3.write(r, 7, " ".join(filter(None, [reasons.get(line.reason, ""), line.reason_detail or ""])))
                    ws3.write(r, 8, line.notice_id.name or "")
                    ws3.write(r, 9, line.department_id.name or "")
