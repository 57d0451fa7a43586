"""统一收费: a case's fees from its item version, exemptions (减免) approved by a
leader, and the gate that keeps a case with unpaid fees from output."""
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

FEE_STATES = [
    ("none", "No Fees"),
    ("to_notify", "Notice Not Issued"),
    ("unpaid", "Unpaid"),
    ("partial", "Partly Paid"),
    ("paid", "Paid"),
    ("exempt", "Exempt"),
]


class GovCaseFee(models.Model):
    _name = "gov.case.fee"
    _inherit = ["gov.guarded.mixin"]
    _description = "Case Fee"
    _order = "case_id, sequence, id"
    _gov_client_create = False
    _gov_client_unlink = False

    # the standard comes from the catalog; only the quantity is entered at the window
    case_id = fields.Many2one("gov.case", required=True, readonly=True, ondelete="cascade", index=True)
    item_fee_id = fields.Many2one("gov.item.fee", "Catalog Fee", readonly=True, ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char("Fee", required=True, readonly=True)
    fee_mode = fields.Selection([("fixed", "Fixed Amount"), ("unit", "Unit Price")], "Charged As",
                                required=True, readonly=True, default="fixed")
    currency_id = fields.Many2one(related="case_id.currency_id", store=True)
    unit_price = fields.Monetary("Amount / Unit Price", required=True, readonly=True)
    unit_name = fields.Char("Unit", readonly=True)
    quantity = fields.Float("Quantity", digits=(16, 2), default=1.0, required=True)
    amount = fields.Monetary("Amount", compute="_compute_amount", store=True)
    revenue_code = fields.Char("Non-tax Revenue Code", readonly=True)
    legal_basis = fields.Char("Charging Basis", readonly=True)

    @api.depends("fee_mode", "unit_price", "quantity")
    def _compute_amount(self):
        for fee in self:
            qty = fee.quantity if fee.fee_mode == "unit" else 1.0
            fee.amount = round(fee.unit_price * qty, 2)

    @api.constrains("quantity", "unit_price")
    def _check_quantity(self):
        for fee in self:
            if fee.quantity <= 0:
                raise ValidationError(self.env._("The quantity of fee %(name)s must be positive.", name=fee.name))
            if fee.unit_price < 0:
                raise ValidationError(self.env._("Fee %(name)s cannot be negative.", name=fee.name))

    def write(self, vals):
        if not self.env.su and set(vals) - {"quantity", "sequence"}:
            raise AccessError(self.env._("Fee standards come from the catalog: only the quantity of a unit-priced "
                                         "fee is entered at the window."))
        if "quantity" in vals and not self.env.su and self.filtered(lambda f: f.fee_mode != "unit"):
            raise AccessError(self.env._("Only the quantity of a unit-priced fee is entered at the window."))
        if set(vals) - {"sequence"} and any(f.case_id.notice_ids.filtered(lambda n: n.state != "cancelled")
                                            for f in self):
            raise UserError(self.env._("A payment notice has been issued for these fees: cancel it before "
                                       "changing them."))
        return super().write(vals)


class GovCase(models.Model):
    _inherit = "gov.case"

    fee_ids = fields.One2many("gov.case.fee", "case_id", "Fees", copy=False)
    currency_id = fields.Many2one("res.currency", "Currency", readonly=True, required=True,
                                  default=lambda self: self.env.company.currency_id)
    fee_total = fields.Monetary("Fees Due", compute="_compute_fee_total", store=True)
    exemption_state = fields.Selection(
        [("none", "None"), ("requested", "Requested"), ("approved", "Approved"), ("rejected", "Rejected")],
        "Exemption", default="none", required=True, readonly=True, copy=False, tracking=True)
    exemption_amount = fields.Monetary("Exempted Amount", readonly=True, copy=False, tracking=True)
    exemption_reason = fields.Text("Exemption Reason", readonly=True, copy=False)
    exemption_basis = fields.Char("Exemption Basis", readonly=True, copy=False)
    exemption_approver_id = fields.Many2one("res.users", "Exemption Decided By", readonly=True, copy=False)
    exemption_date = fields.Date("Exemption Decided On", readonly=True, copy=False)
    fee_payable = fields.Monetary("Payable", compute="_compute_fee_total", store=True)
    notice_ids = fields.One2many("gov.payment.notice", "case_id", "Payment Notices", copy=False)
    fee_paid = fields.Monetary("Paid", compute="_compute_fee_state", store=True)
    fee_state = fields.Selection(FEE_STATES, "Fee State", compute="_compute_fee_state", store=True, index=True,
                                 tracking=True)

    @api.depends("fee_ids.amount", "exemption_state", "exemption_amount")
    def _compute_fee_total(self):
        for case in self:
            case.fee_total = round(sum(case.fee_ids.mapped("amount")), 2)
            exempt = case.exemption_amount if case.exemption_state == "approved" else 0.0
            case.fee_payable = round(max(case.fee_total - exempt, 0.0), 2)

    @api.depends("fee_total", "fee_payable", "notice_ids.state", "notice_ids.amount_paid", "notice_ids.payment_state")
    def _compute_fee_state(self):
        for case in self:
            notices = case.notice_ids.filtered(lambda n: n.state != "cancelled")
            case.fee_paid = round(sum(notices.mapped("amount_paid")), 2)
            if not case.fee_total:
                case.fee_state = "none"
            elif not case.fee_payable:
                case.fee_state = "exempt"
            elif not notices:
                case.fee_state = "to_notify"
            elif all(n.payment_state in ("paid", "over") for n in notices):
                case.fee_state = "paid"
            elif case.fee_paid:
                case.fee_state = "partial"
            else:
                case.fee_state = "unpaid"

    # ------------------------------------------------------------ fees
    def _fee_line_vals(self):
        self.ensure_one()
        return [{
            "case_id": self.id, "item_fee_id": fee.id, "sequence": fee.sequence, "name": fee.name,
            "fee_mode": fee.fee_mode, "unit_price": fee.amount, "unit_name": fee.unit_name,
            "quantity": 1.0, "revenue_code": fee.revenue_code, "legal_basis": fee.legal_basis,
        } for fee in self.item_id.fee_ids]

    def action_compute_fees(self):
        """(Re)load the fee lines from the case's item version; quantities of unit fees stay editable."""
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks compute fees."))
        self.check_access("write")
        self._lock()
        vals_list = []
        for case in self:
            if case.notice_ids.filtered(lambda n: n.state != "cancelled"):
                raise UserError(self.env._("Case %(name)s already has a payment notice: cancel it before "
                                           "recomputing the fees.", name=case.name))
            if case.state in ("draft", "refused", "closed"):
                raise UserError(self.env._("Fees are computed once case %(name)s is received.", name=case.name))
            vals_list += case._fee_line_vals()
        # the lines are the catalog's: replaced as a whole after the checks above
        self.fee_ids.sudo().unlink()
        self.env["gov.case.fee"].sudo().create(vals_list)
        return True

    def action_accept(self):
        res = super().action_accept()
        self.filtered(lambda c: not c.fee_ids and c.item_id.fee_ids).sudo()._load_fees()
        return res

    def _load_fees(self):
        self.env["gov.case.fee"].create([vals for case in self for vals in case._fee_line_vals()])

    # ------------------------------------------------------ exemptions
    def action_request_exemption(self, amount, reason, basis=False):
        self.ensure_one()
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks request exemptions."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the fee exemption."))
        if amount <= 0 or round(amount, 2) > self.fee_total:
            raise UserError(self.env._("The exempted amount must be more than zero and at most the fees due "
                                       "(%(total).2f yuan).", total=self.fee_total))
        if self.exemption_state in ("requested", "approved"):
            raise UserError(self.env._("An exemption for case %(name)s is already %(state)s.", name=self.name,
                                       state=dict(self._fields["exemption_state"]._description_selection(
                                           self.env))[self.exemption_state]))
        if self.notice_ids.filtered(lambda n: n.state != "cancelled"):
            raise UserError(self.env._("Cancel the payment notice of case %(name)s before requesting an "
                                       "exemption.", name=self.name))
        self.sudo().write({"exemption_state": "requested", "exemption_amount": round(amount, 2),
                           "exemption_reason": reason.strip(), "exemption_basis": basis or False,
                           "exemption_approver_id": False, "exemption_date": False})
        leader = self.department_id.gov_leader_id.user_id
        if leader:
            self.sudo().activity_schedule("mail.mail_activity_data_todo", user_id=leader.id,
                                          summary=self.env._("Fee exemption to approve"), note=reason)
        return True

    def _check_exemption_approver(self):
        user = self.env.user
        if user.has_group("gov_hall.group_gov_bureau_manager"):
            return
        if not user.has_group("gov_hall.group_gov_leader") \
                or self.department_id not in user.employee_ids.department_id:
            raise AccessError(self.env._("Only a leader of %(dept)s approves fee exemptions for its cases.",
                                         dept=self.department_id.name))

    def action_decide_exemption(self, approve):
        self.ensure_one()
        self._check_exemption_approver()
        if self.exemption_state != "requested":
            raise UserError(self.env._("No exemption is waiting for approval on case %(name)s.", name=self.name))
        self.sudo().write({"exemption_state": "approved" if approve else "rejected",
                           "exemption_approver_id": self.env.user.id,
                           "exemption_date": fields.Date.context_today(self)})
        self.sudo().activity_ids.filtered(lambda a: a.summary == self.env._("Fee exemption to approve")).action_done()
        return True

    def action_approve_exemption(self):
        return self.action_decide_exemption(True)

    def action_reject_exemption(self):
        return self.action_decide_exemption(False)

    # ---------------------------------------------------------- notices
    def action_issue_notice(self):
        self.ensure_one()
        return self.env["gov.payment.notice"]._issue_for_case(self)

    def action_view_notices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "gov.payment.notice", "name": self.env._("Payment Notices"),
            "view_mode": "list,form", "domain": [("case_id", "=", self.id)], "context": {"create": False},
        }

    # ------------------------------------------------------------- gate
    def _check_fees_settled(self):
        for case in self:
            if case.fee_state not in ("none", "paid", "exempt"):
                labels = dict(self._fields["fee_state"]._description_selection(self.env))
                raise UserError(self.env._(
                    "Case %(name)s has fees of %(amount).2f yuan that are not paid (%(state)s): no output "
                    "before the bank confirms payment.", name=case.name, amount=case.fee_payable - case.fee_paid,
                    state=labels[case.fee_state]))

    def _check_ready_for_output(self):
        super()._check_ready_for_output()
        self.filtered(lambda c: c.decision == "approve")._check_fees_settled()
