"""Demo city, fees: cases of items with fees, their notices paid at the stationed bank,
and what finance finds on a real statement."""

from odoo import api, fields, models
from odoo.addons.gov_hall.tools.paycode import make_code


class GovCase(models.Model):
    _inherit = "gov.case"

    def _gov_demo_settle(self, rng, clerk, pay=True):
        super()._gov_demo_settle(rng, clerk, pay=pay)
        if self.decision == "approve" and self.fee_state == "to_notify":
            self.with_user(clerk).action_issue_notice()
        if pay:
            self._gov_demo_pay(rng)

    @api.model
    def _gov_demo_after_cases(self, created):
        super()._gov_demo_after_cases(created)
        self._gov_demo_bank_oddities()

    @api.model
    def _gov_demo_fee_cases(self, count=60):
        """Cases of the items that charge fees, through payment to output."""
        return self._gov_demo_cases(count, setup=False, item_domain=[("fee_ids", "!=", False)], seed=2027)

    def _gov_demo_pay(self, rng):
        """The applicant pays at the stationed bank; the transaction lands on the demo statement."""
        notice = self.sudo().notice_ids.filtered(lambda n: n.state == "issued" and n.payment_state == "unpaid")[:1]
        if not notice:
            return
        Statement = self.env["gov.bank.statement"].sudo()
        journal = self.env["gov.payment.notice"]._fee_accounting()["fiscal_journal"]
        statement = Statement.search([("name", "=", "CZZH 演示对账单")], limit=1) or Statement.create(
            {"name": "CZZH 演示对账单", "journal_id": journal.id})
        serial = f"ICBC{fields.Date.today():%Y%m%d}{rng.randint(0, 99999999):08d}"
        statement._add_transactions([{
            "date": fields.Date.today(), "amount": notice.amount_total, "payer_name": notice.payer_name,
            "remark": f"非税缴款 缴款码{notice.payment_code}", "bank_ref": serial,
            "unique_key": f"{journal.id}-demo-{serial}"}])

    @api.model
    def _gov_demo_bank_oddities(self):
        """What finance finds on a real statement: interest, an unknown code, a partial payment; then book it."""
        statement = self.env["gov.bank.statement"].sudo().search([("name", "=", "CZZH 演示对账单")], limit=1)
        if not statement:
            return
        today = fields.Date.today()
        key = f"{statement.journal_id.id}-demo-odd"
        txns = [{"date": today, "amount": 3.21, "remark": "活期结息", "bank_ref": "ICBC-DEMO-INT",
                 "unique_key": f"{key}-1"},
                {"date": today, "amount": 20.0, "payer_name": "周敏", "bank_ref": "ICBC-DEMO-UNK",
                 "remark": f"非税缴款 缴款码{make_code('330400', today.year, 99999999)}", "unique_key": f"{key}-2"}]
        Notice = self.env["gov.payment.notice"].sudo()
        unpaid = Notice.search([("state", "=", "issued"), ("payment_state", "=", "unpaid"),
                                ("amount_total", ">=", 2)], limit=1)
        if not unpaid:  # a case in review whose applicant has been sent to the bank
            case = self.sudo().search([("state", "=", "review"), ("fee_state", "=", "to_notify")], limit=1)
            if case:
                case.with_user(case.clerk_id).action_issue_notice()
                unpaid = case.notice_ids[:1]
        if unpaid:
            txns.append({"date": today, "amount": round(unpaid.amount_total / 2, 2), "payer_name": unpaid.payer_name,
                         "remark": f"缴款码{unpaid.payment_code}", "bank_ref": "ICBC-DEMO-PART",
                         "unique_key": f"{key}-3"})
        statement._add_transactions(txns)
        statement._post_to_ledger()

