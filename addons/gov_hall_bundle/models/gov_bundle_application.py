"""联办件: one application for a bundle — received once, accepted once, delivered once."""
from datetime import datetime

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.addons.gov_hall.tools.idcheck import valid_resident_id, valid_uscc
from odoo.addons.gov_hall.tools.materials import material_key
from odoo.addons.gov_hall.tools.paycode import rmb_upper
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

APPLICATION_STATES = [
    ("draft", "Registering"),
    ("received", "Materials Received"),
    ("correction", "Awaiting Correction"),
    ("accepted", "Accepted"),
    ("delivered", "Delivered"),
    ("refused", "Not Accepted"),
]
DONE_CASE_STATES = ("decided", "delivered", "closed")


class GovBundleApplication(models.Model):
    _name = "gov.bundle.application"
    _description = "Bundle Application"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _order = "id desc"
    _gov_sequence_code = "gov.bundle.application"
    _gov_client_unlink = False
    _rec_names_search = ["name", "applicant_name"]

    name = fields.Char("Application Number", required=True, readonly=True, default="/", copy=False, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    bundle_id = fields.Many2one("gov.bundle", "Life Event", required=True, tracking=True, ondelete="restrict",
                                domain=[("state", "=", "published")], index=True)
    window_id = fields.Many2one("gov.window", "Receiving Window", required=True, tracking=True,
                                ondelete="restrict", index=True)
    clerk_id = fields.Many2one("res.users", "Receiving Clerk", readonly=True, default=lambda s: s.env.user,
                               index=True)
    member_ids = fields.Many2many("gov.bundle.member", string="Items Applied For",
                                  help="Every item of the bundle unless the applicant leaves an optional one out.")
    state = fields.Selection(APPLICATION_STATES, default="draft", required=True, readonly=True, tracking=True,
                             index=True, group_expand=True)

    applicant_type = fields.Selection([("person", "Natural Person"), ("company", "Legal Person")],
                                      "Applicant Type", required=True, default="person")
    applicant_name = fields.Char("Applicant", required=True, tracking=True)
    applicant_id_number = fields.Char("Resident ID Number")
    applicant_uscc = fields.Char("Unified Social Credit Code")
    applicant_phone = fields.Char("Contact Phone", required=True)
    contact_name = fields.Char("Contact Person")

    value_ids = fields.One2many("gov.bundle.application.value", "application_id", "Combined Form")
    material_ids = fields.One2many("gov.bundle.application.material", "application_id", "Combined Materials")
    case_ids = fields.One2many("gov.case", "bundle_application_id", "Member Cases", readonly=True)
    case_count = fields.Integer(compute="_compute_case_count", string="Member Case Count")
    decided_count = fields.Integer(compute="_compute_progress", string="Decided", store=True)
    all_decided = fields.Boolean("All Decided", compute="_compute_progress", store=True, index=True)
    progress = fields.Float("Progress (%)", compute="_compute_progress", store=True, aggregator="avg")

    received_date = fields.Date("Materials Received", readonly=True, copy=False, tracking=True)
    accepted_date = fields.Date("Accepted On", readonly=True, copy=False, tracking=True, index=True)
    limit_days = fields.Integer("Combined Limit (working days)", readonly=True, copy=False)
    due_date = fields.Date("Combined Due Date", readonly=True, copy=False, tracking=True, index=True)
    due_provisional = fields.Boolean("Provisional Due Date", readonly=True, copy=False)
    delivered_date = fields.Date("Delivered On", readonly=True, copy=False)
    delivery_method = fields.Selection([("window", "At the Window"), ("mail", "By Post"),
                                        ("electronic", "Electronic Delivery")], "Delivery", readonly=True, copy=False)
    correction_count = fields.Integer("Correction Notices", readonly=True, copy=False)
    correction_lines = fields.Text("Materials Asked For", readonly=True, copy=False)
    refuse_reason = fields.Text("Reasons for Not Accepting", readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    fee_total = fields.Monetary("Fees Payable", compute="_compute_fees")
    fee_paid = fields.Monetary("Fees Paid", compute="_compute_fees")
    notice_ids = fields.Many2many("gov.payment.notice", compute="_compute_fees", string="Payment Notices")

    # ------------------------------------------------------------ compute
    @api.depends("case_ids.state")
    def _compute_progress(self):
        for app in self:
            cases = app.case_ids
            done = cases.filtered(lambda c: c.state in DONE_CASE_STATES)
            app.decided_count = len(done)
            app.all_decided = bool(cases) and len(done) == len(cases)
            app.progress = 100.0 * len(done) / len(cases) if cases else 0.0

    @api.depends("case_ids")
    def _compute_case_count(self):
        for app in self:
            app.case_count = len(app.case_ids)

    @api.depends("case_ids.fee_payable", "case_ids.notice_ids.state", "case_ids.notice_ids.amount_paid")
    def _compute_fees(self):
        for app in self:
            notices = app.case_ids.notice_ids.filtered(lambda n: n.state != "cancelled")
            app.notice_ids = notices
            app.fee_total = round(sum(app.case_ids.mapped("fee_payable")), 2)
            app.fee_paid = round(sum(notices.mapped("amount_paid")), 2)

    @api.onchange("bundle_id")
    def _onchange_bundle_id(self):
        self.member_ids = self.bundle_id.member_ids
        self.value_ids = [Command.clear()] + [Command.create({"field_id": f.id}) for f in self.bundle_id.field_ids]
        if self.bundle_id.subject == "company":
            self.applicant_type = "company"

    # -------------------------------------------------------- constraints
    @api.constrains("applicant_type", "applicant_id_number", "applicant_uscc")
    def _check_applicant(self):
        for app in self:
            if app.applicant_type == "person" and not valid_resident_id(app.applicant_id_number):
                raise ValidationError(self.env._(
                    "%(number)s is not a valid resident ID number (check the 18 characters and the last check "
                    "character).", number=app.applicant_id_number or ""))
            if app.applicant_type == "company" and not valid_uscc(app.applicant_uscc):
                raise ValidationError(self.env._("%(code)s is not a valid unified social credit code.",
                                                 code=app.applicant_uscc or ""))

    @api.constrains("member_ids", "bundle_id")
    def _check_members(self):
        for app in self:
            if app.member_ids - app.bundle_id.member_ids:
                raise ValidationError(self.env._("The items applied for must belong to %(bundle)s.",
                                                 bundle=app.bundle_id.name))

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if set(self.mapped("state")) - {"draft"}:
            locked |= {"bundle_id", "window_id", "member_ids", "applicant_type", "applicant_name",
                       "applicant_id_number", "applicant_uscc"}
        return locked

    @api.model_create_multi
    def create(self, vals_list):
        apps = super().create(vals_list)
        for app in apps:
            if not app.member_ids:
                app.member_ids = app.bundle_id.member_ids
            missing = app.bundle_id.field_ids - app.value_ids.field_id
            if missing:
                self.env["gov.bundle.application.value"].create(
                    [{"application_id": app.id, "field_id": f.id} for f in missing])
        return apps

    # ------------------------------------------------------------ helpers
    def _check_front(self, message):
        check_group(self.env, "gov_hall.group_gov_front_office", message)

    def _check_state(self, *states):
        bad = self.filtered(lambda a: a.state not in states)
        if bad:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._("Application %(name)s is %(state)s: this action is not possible now.",
                                       name=bad[0].name, state=labels[bad[0].state]))

    def _lock(self):
        if self.try_lock_for_update() != self:
            raise UserError(self.env._("Application %(name)s is being handled by another user right now; reload "
                                       "it and try again.", name=", ".join(self.mapped("name"))))
        self.invalidate_recordset()

    def _members(self):
        self.ensure_one()
        return (self.member_ids or self.bundle_id.member_ids).sorted(lambda m: (m.stage, m.sequence, m.id))

    def _case_vals(self, member, item):
        return {"item_id": item.id, "window_id": self.window_id.id, "applicant_type": self.applicant_type,
                "applicant_name": self.applicant_name, "applicant_id_number": self.applicant_id_number,
                "applicant_uscc": self.applicant_uscc, "applicant_phone": self.applicant_phone,
                "contact_name": self.contact_name, "bundle_application_id": self.id, "bundle_stage": member.stage}

    def _check_form(self):
        self.ensure_one()
        empty = self.value_ids.filtered(lambda v: v.field_id.required and not (v.value or "").strip())
        missing = (self.bundle_id.field_ids.filtered("required") - self.value_ids.field_id) | empty.field_id
        if missing:
            raise UserError(self.env._("Fill in the combined form first: %(fields)s.",
                                       fields="、".join(missing.mapped("name"))))

    def _missing_materials(self):
        self.ensure_one()
        return self.material_ids.filtered(lambda m: m.required and not (m.submitted and m.compliant))

    # ------------------------------------------------------------ actions
    def action_receive(self):
        """The applicant hands the combined materials over once: a case per item, in each department."""
        self._check_front(self.env._("Only window clerks receive applications."))
        self.ensure_one()
        self._lock()
        self._check_state("draft")
        bundle = self.bundle_id
        if bundle.state != "published":
            raise UserError(self.env._("%(bundle)s is not published.", bundle=bundle.name))
        members = self._members()
        if not members:
            raise UserError(self.env._("Choose the items applied for."))
        missing = (bundle.member_ids - members).filtered(lambda m: not m.optional)
        if missing:
            raise UserError(self.env._("%(items)s cannot be left out of %(bundle)s.", bundle=bundle.name,
                                       items="、".join(missing.item_id.mapped("name"))))
        self._check_form()
        Case = self.env["gov.case"]
        Case._check_on_duty(self.window_id)
        vals_list = []
        for member in members:
            item = member._item_in_force()
            if not item:
                raise UserError(self.env._("%(item)s is no longer published: the bundle needs updating.",
                                           item=member.item_id.name))
            if not self.window_id._serves(item):
                raise UserError(self.window_id._not_served_message(item))
            vals_list.append(self._case_vals(member, item))
        # the cases are the application's: created by the server once the clerk's duty is checked
        cases = Case.sudo().create(vals_list).with_env(self.env)
        values = []
        for case in cases:
            for value in self.value_ids:
                if not value.field_id.item_ids or case.item_id in value.field_id.item_ids \
                        or case.item_id.previous_version_id in value.field_id.item_ids:
                    values.append({"case_id": case.id, "name": value.field_id.name, "value": value.value or "",
                                   "sequence": value.field_id.sequence})
        self.env["gov.case.form.value"].sudo().create(values)
        cases.action_receive()
        lines = bundle._combined_materials(members)
        by_key = {}
        for case in cases:
            for material in case.material_ids:
                by_key.setdefault(material_key(material.name), self.env["gov.case.material"])
                by_key[material_key(material.name)] |= material
        self.env["gov.bundle.application.material"].sudo().create([{
            "application_id": self.id, "sequence": n, "name": line["name"], "form": line["form"],
            "copies": line["copies"], "required": line["required"], "item_names": "、".join(line["items"]),
            "case_material_ids": [Command.set(by_key.get(line["key"], self.env["gov.case.material"]).ids)],
        } for n, line in enumerate(lines, start=1)])
        self.sudo().write({"state": "received", "received_date": fields.Date.context_today(self),
                           "clerk_id": self.env.user.id})
        self.message_post(body=self.env._("Received once for %(n)s items: %(cases)s", n=len(cases),
                                          cases="、".join(f"{c.name}（{c.department_id.name}）" for c in cases)))
        return True

    def action_mark_all_compliant(self):
        """The clerk checked every material brought: all submitted and compliant."""
        self._check_front(self.env._("Only window clerks check materials."))
        self._check_state("received")
        self.material_ids.write({"submitted": True, "compliant": True})
        return True

    def action_correction_notice(self):
        """One one-time correction notice for the whole bundle (each department's case gets its own)."""
        self._check_front(self.env._("Only window clerks issue correction notices."))
        self.ensure_one()
        self._lock()
        self._check_state("received")
        missing = self._missing_materials()
        if not missing:
            raise UserError(self.env._("Every required material is submitted and compliant: accept the "
                                       "application instead of asking for corrections."))
        cases = self.case_ids.filtered(lambda c: c.state == "received" and c._missing_materials())
        for case in cases:
            case.action_correction_notice()
        default_note = self.env._("missing or not compliant")
        text = "\n".join(f"{m.name}：{m.note or default_note}" for m in missing)
        self.sudo().write({"state": "correction", "correction_count": self.correction_count + 1,
                           "correction_lines": text})
        self.message_post(body=self.env._("One-time correction notice: %(materials)s",
                                          materials="、".join(missing.mapped("name"))))
        return self.env.ref("gov_hall_bundle.action_report_bundle_correction").report_action(self)

    def action_resubmit(self):
        self._check_front(self.env._("Only window clerks receive materials."))
        self.ensure_one()
        self._lock()
        self._check_state("correction")
        cases = self.case_ids.filtered(lambda c: c.state == "correction")
        cases.action_resubmit()
        self.material_ids.filtered(lambda m: m.required and not (m.submitted and m.compliant)).sudo().write(
            {"submitted": True, "compliant": False})
        self.sudo().write({"state": "received"})
        return True

    def action_accept(self):
        """One acceptance: every department's case is accepted together and runs in parallel."""
        self._check_front(self.env._("Only window clerks accept applications."))
        self.ensure_one()
        self._lock()
        self._check_state("received")
        missing = self._missing_materials()
        if missing:
            raise UserError(self.env._(
                "Application %(name)s cannot be accepted: required materials missing or not compliant: "
                "%(materials)s. Issue the one-time correction notice instead.", name=self.name,
                materials="、".join(missing.mapped("name"))))
        problems = self.bundle_id._joint_authorization_problems() \
            if len(self.case_ids.department_id) > 1 else []
        if problems:
            raise UserError(self.env._("Joint handling of %(bundle)s has no valid authorization: %(problems)s.",
                                       bundle=self.bundle_id.name, problems="；".join(problems)))
        cases = self.case_ids.filtered(lambda c: c.state == "received")
        cases.action_accept()
        self._accepted_on(fields.Date.context_today(self))
        return True

    def _accepted_on(self, day, deemed=False):
        """The application is accepted on ``day``: the combined limit runs from there."""
        self.ensure_one()
        Holiday = self.env["cn.holiday"]
        limit = self.bundle_id.own_limit or self.bundle_id._default_limit(self._members())
        due = Holiday.add_working_days(day, limit)
        self.sudo().write({"state": "accepted", "accepted_date": day, "limit_days": limit, "due_date": due,
                           "due_provisional": Holiday.is_provisional(due)})
        if deemed:
            self.message_post(body=self.env._(
                "No correction notice within five working days: every item counts as accepted from receipt "
                "(%(day)s); due on %(date)s (%(days)s working days).", day=day, date=due, days=limit))
        else:
            self.message_post(body=self.env._(
                "Accepted: %(n)s departments handle it in parallel; due on %(date)s (%(days)s working days).",
                n=len(self.case_ids.department_id), date=due, days=limit))

    def action_refuse(self, reason, legal_basis):
        self._check_front(self.env._("Only window clerks refuse applications."))
        self.ensure_one()
        if not (reason or "").strip() or not (legal_basis or "").strip():
            raise UserError(self.env._("A decision not to accept must state its reasons and its legal basis."))
        self._lock()
        self._check_state("received", "correction")
        self.case_ids.filtered(lambda c: c.state in ("received", "correction")).action_refuse(reason, legal_basis)
        self.sudo().write({"state": "refused", "refuse_reason": reason})
        return True

    def action_issue_fee_notice(self):
        """One fee notice for the bundle: each department's payment notice issued at once, printed together."""
        self._check_front(self.env._("Only window clerks issue fee notices."))
        self.ensure_one()
        self._check_state("accepted")
        cases = self.case_ids.filtered(lambda c: c.fee_state == "to_notify" and c.state in ("review", "decided"))
        if not cases and not self.notice_ids:
            raise UserError(self.env._("No item of application %(name)s charges a fee.", name=self.name))
        for case in cases:
            case.action_issue_notice()
        self.invalidate_recordset(["notice_ids", "fee_total", "fee_paid"])
        self.message_post(body=self.env._("Combined fee notice: %(amount).2f yuan in %(n)s payment notices.",
                                          amount=self.fee_total, n=len(self.notice_ids)))
        return self.env.ref("gov_hall_bundle.action_report_bundle_fee").report_action(self)

    def action_deliver(self, method="window"):
        """One delivery when every member is done: all certificates and decisions handed over together."""
        self._check_front(self.env._("Only window clerks deliver certificates and decisions."))
        self.ensure_one()
        self._lock()
        self._check_state("accepted")
        pending = self.case_ids.filtered(lambda c: c.state not in DONE_CASE_STATES)
        if pending:
            raise UserError(self.env._(
                "Application %(name)s is delivered once every item is decided; still in progress: %(cases)s.",
                name=self.name, cases="、".join(f"{c.name}（{c.item_id.name}）" for c in pending)))
        self.case_ids.filtered(lambda c: c.state == "decided").action_deliver(method)
        self.sudo().write({"state": "delivered", "delivered_date": fields.Date.context_today(self),
                           "delivery_method": method})
        return True

    # wizard openers and prints
    def action_open_refuse(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.bundle.action.wizard", "view_mode": "form",
                "target": "new", "context": {"default_application_id": self.id, "default_mode": "refuse"}}

    def action_open_deliver(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.bundle.action.wizard", "view_mode": "form",
                "target": "new", "context": {"default_application_id": self.id, "default_mode": "deliver"}}

    def action_print_acceptance(self):
        self._check_state("accepted", "delivered")
        return self.env.ref("gov_hall_bundle.action_report_bundle_acceptance").report_action(self)

    def action_view_cases(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.case", "name": self.env._("Member Cases"),
                "view_mode": "list,form", "domain": [("bundle_application_id", "=", self.id)],
                "context": {"create": False}}

    def _amount_upper(self, amount):
        return rmb_upper(amount)

    def _print_time(self):
        return fields.Datetime.context_timestamp(self, datetime.now()).strftime("%Y-%m-%d %H:%M")


class GovBundleApplicationValue(models.Model):
    _name = "gov.bundle.application.value"
    _description = "Combined Form Value"
    _inherit = ["gov.guarded.mixin"]
    _order = "application_id, sequence, id"

    application_id = fields.Many2one("gov.bundle.application", required=True, ondelete="cascade", index=True)
    field_id = fields.Many2one("gov.bundle.field", "Field", required=True, ondelete="restrict")
    sequence = fields.Integer(related="field_id.sequence", store=True)
    field_type = fields.Selection(related="field_id.field_type")
    required = fields.Boolean(related="field_id.required")
    choices = fields.Char(related="field_id.options")
    note = fields.Char(related="field_id.note")
    value = fields.Char("Value")

    @api.constrains("value", "field_id")
    def _check_value(self):
        for line in self.filtered("value"):
            kind, value = line.field_id.field_type, line.value.strip()
            if kind == "date":
                try:
                    fields.Date.from_string(value)
                except ValueError:
                    raise ValidationError(self.env._("%(field)s: write the date as 2026-12-04.",
                                                     field=line.field_id.name)) from None
            elif kind == "number":
                try:
                    float(value)
                except ValueError:
                    raise ValidationError(self.env._("%(field)s must be a number.", field=line.field_id.name)) \
                        from None
            elif kind == "selection" and value not in line.field_id._choices():
                raise ValidationError(self.env._("%(field)s: choose one of %(choices)s.", field=line.field_id.name,
                                                 choices="、".join(line.field_id._choices())))

    def write(self, vals):
        if set(vals) - {"value"} and not self.env.su:
            raise UserError(self.env._("Only the values of the combined form are entered."))
        if "value" in vals and self.application_id.filtered(lambda a: a.state != "draft"):
            raise UserError(self.env._("The combined form was handed over with the materials: it no longer "
                                       "changes."))
        return super().write(vals)


class GovBundleApplicationMaterial(models.Model):
    _name = "gov.bundle.application.material"
    _description = "Combined Material"
    _inherit = ["gov.guarded.mixin"]
    _order = "application_id, sequence, id"
    _gov_client_create = False
    _gov_client_unlink = False

    application_id = fields.Many2one("gov.bundle.application", required=True, readonly=True, ondelete="cascade",
                                     index=True)
    sequence = fields.Integer(readonly=True)
    name = fields.Char("Material", required=True, readonly=True)
    form = fields.Selection([("original", "Original"), ("copy", "Copy"), ("electronic", "Electronic")], "Form",
                            readonly=True)
    copies = fields.Integer(readonly=True)
    required = fields.Boolean(readonly=True)
    item_names = fields.Char("Required By", readonly=True)
    case_material_ids = fields.Many2many("gov.case.material", string="Case Materials", readonly=True)
    submitted = fields.Boolean("Submitted")
    compliant = fields.Boolean("Compliant")
    note = fields.Char("Defect / Note")

    def write(self, vals):
        checked = {k: vals[k] for k in ("submitted", "compliant", "note") if k in vals}
        if checked and not self.env.su and self.application_id.filtered(lambda a: a.state != "received"):
            raise UserError(self.env._("Materials are checked only while the application is being received."))
        res = super().write(vals)
        if checked:
            # asked once, recorded in every department's case
            self.case_material_ids.write(checked)
        return res
