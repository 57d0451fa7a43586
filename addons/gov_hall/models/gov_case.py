import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain

from ..tools.idcheck import valid_resident_id, valid_uscc
from .gov_access import check_group, notify_users
from .gov_item import STEPS

_logger = logging.getLogger(__name__)

CASE_STATES = [
    ("draft", "Registering"),
    ("received", "Materials Received"),
    ("correction", "Awaiting Correction"),
    ("refused", "Not Accepted"),
    ("review", "In Review"),
    ("decided", "Decided"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
]
REVIEW_STEPS = ("first_review", "second_review", "inspection", "approval")
CORRECTION_DAYS = 5  # 行政许可法 art. 32: one-time notice within five (working) days


def notify_users_batch(env, notices):
    """``notify_users`` for many records at once (the hall's jobs). ``notices``: ``(record, users, summary,
    note)`` tuples, optionally with a fifth item: the record's line in the summary (default: its number and
    the note). Each record gets its to-do for each of its active internal users, all created in one
    go; each user is then told once, by one message listing their new to-dos, rather than by one e-mail
    per to-do."""
    todo = env.ref("mail.mail_activity_data_todo")
    today = fields.Date.context_today(env["mail.activity"])
    vals_list, per_user = [], defaultdict(lambda: defaultdict(list))
    for record, users, summary, note, *given in notices:
        name = getattr(record, "name", False) or record.display_name
        line = given[0] if given else note if note and name in note else f"{name}：{note}" if note else name
        for user in users.filtered(lambda u: u.active and not u.share):
            vals_list.append({"activity_type_id": todo.id, "summary": summary or todo.summary,
                              "note": note or todo.default_note, "date_deadline": today,
                              "res_model_id": env["ir.model"]._get_id(record._name), "res_id": record.id,
                              "user_id": user.id, "automated": True})
            per_user[user][summary].append(line)
    if not vals_list:
        return
    env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
    for user, by_summary in per_user.items():
        body = Markup().join(Markup("<p><b>%s</b></p><ul>%s</ul>") % (
            summary, Markup().join(Markup("<li>%s</li>") % entry for entry in lines))
            for summary, lines in by_summary.items())
        env["mail.thread"].message_notify(partner_ids=user.partner_id.ids, subject="、".join(by_summary),
                                          body=body)


class GovCase(models.Model):
    _name = "gov.case"
    _description = "Service Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "id desc"
    _rec_names_search = ["name", "applicant_name"]
    _check_company_auto = True

    name = fields.Char("Case Number", required=True, copy=False, default="/", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    state = fields.Selection(CASE_STATES, default="draft", required=True, readonly=True, tracking=True,
                             copy=False, index=True, group_expand=True)
    item_id = fields.Many2one("gov.item", "Item", required=True, ondelete="restrict", index=True,
                              tracking=True, domain=[("state", "=", "published")],
                              help="The item version the case is received under; it never changes.")
    item_version = fields.Integer(related="item_id.version", store=True, string="Item Version")
    department_id = fields.Many2one(related="item_id.department_id", store=True, index=True,
                                    string="Department")
    joint_department_ids = fields.Many2many(related="item_id.joint_department_ids",
                                            string="Joint-approval Departments")
    case_type = fields.Selection(related="item_id.case_type", store=True)
    window_id = fields.Many2one("gov.window", "Receiving Window", required=True, index=True,
                                tracking=True, ondelete="restrict")
    window_type = fields.Selection(related="window_id.window_type", store=True, string="Receiving Window Type")
    clerk_id = fields.Many2one("res.users", "Receiving Clerk", default=lambda s: s.env.user, readonly=True,
                               index=True, tracking=True)
    inquiry_id = fields.Many2one("gov.inquiry", "First Inquiry", readonly=True, index="btree_not_null")

    # applicant
    applicant_type = fields.Selection([("person", "Natural Person"), ("company", "Legal Person")],
                                      "Applicant Type", required=True, default="person")
    applicant_name = fields.Char("Applicant", required=True, tracking=True)
    applicant_id_number = fields.Char("Resident ID Number")
    applicant_uscc = fields.Char("Unified Social Credit Code")
    applicant_phone = fields.Char("Contact Phone", required=True)
    contact_name = fields.Char("Contact Person")

    # dates and the five-day rule
    received_date = fields.Date("Materials Received", readonly=True, copy=False, tracking=True)
    correction_deadline = fields.Date("Correction Notice Due", readonly=True, copy=False,
                                      help="Fifth working day after receipt (行政许可法 art. 32).")
    correction_days_left = fields.Integer("Days Left to Notify", compute="_compute_correction_days_left")
    accepted_date = fields.Date("Accepted On", readonly=True, copy=False, tracking=True, index=True)
    deemed_accepted = fields.Boolean("Deemed Accepted", readonly=True, copy=False, tracking=True,
                                     help="No correction notice within five working days: accepted "
                                          "from the day of receipt.")
    decision_date = fields.Date("Decided On", readonly=True, copy=False)
    delivered_date = fields.Date("Delivered On", readonly=True, copy=False)
    closed_date = fields.Date("Closed On", readonly=True, copy=False)

    # materials and correction
    material_ids = fields.One2many("gov.case.material", "case_id", "Materials", copy=False)
    correction_count = fields.Integer("Correction Notices", readonly=True, copy=False)
    refuse_reason = fields.Text("Reasons for Not Accepting", readonly=True, copy=False)
    refuse_legal_basis = fields.Text("Legal Basis (Not Accepting)", readonly=True, copy=False)

    # process
    step_ids = fields.One2many("gov.case.step", "case_id", "Steps", copy=False)
    current_step = fields.Selection(STEPS, "Current Step", readonly=True, copy=False, tracking=True,
                                    index=True)
    current_office = fields.Selection([("front", "Front Office"), ("back", "Back Office")],
                                      compute="_compute_current_office", string="Current Office")
    countersign_ids = fields.One2many("gov.case.countersign", "case_id", "Countersigns", copy=False)
    countersign_pending = fields.Integer(compute="_compute_countersign_pending", string="Countersigns Pending")
    decision = fields.Selection([("approve", "Approved"), ("deny", "Denied")], readonly=True, copy=False,
                                tracking=True)
    decision_reason = fields.Text("Decision Reasons", readonly=True, copy=False)
    decision_legal_basis = fields.Text("Decision Legal Basis", readonly=True, copy=False)
    delivery_method = fields.Selection([("window", "At the Window"), ("mail", "By Post"),
                                        ("electronic", "Electronic Delivery")], "Delivery", copy=False,
                                       readonly=True)

    # visits
    visit_count = fields.Integer("Visits", readonly=True, copy=False, tracking=True)
    max_visits = fields.Integer(related="item_id.max_visits", string="Maximum Visits")
    over_visits = fields.Boolean("Over the Visit Limit", compute="_compute_over_visits", store=True,
                                 index=True)

    document_ids = fields.One2many("gov.case.document", "case_id", "Documents", copy=False)
    document_count = fields.Integer(compute="_compute_document_count", string="Document Count")

    _name_uniq = models.Constraint("UNIQUE (name, company_id)", "The case number must be unique.")
    _open_state_idx = models.Index("(state, received_date) WHERE state IN ('received', 'correction')")

    # ----------------------------------------------------------- compute
    @api.depends("name", "applicant_name")
    @api.depends_context("uid")
    def _compute_display_name(self):
        # a case named through another record (a seal use, a complaint) is computed in superuser
        # mode: the applicant's name shows only to who may see the case itself
        visible = self.with_env(self.env(su=False))._filtered_access("read") if self.env.su else self
        for case in self:
            shown = case.applicant_name if case in visible else False
            case.display_name = f"{case.name} {shown or ''}".strip()

    @api.depends("correction_deadline", "state")
    def _compute_correction_days_left(self):
        Holiday = self.env["cn.holiday"]
        today = fields.Date.context_today(self)
        for case in self:
            if case.state == "received" and case.correction_deadline and not case.correction_count:
                case.correction_days_left = Holiday.working_days_between(today, case.correction_deadline)
            else:
                case.correction_days_left = 0

    @api.depends("current_step", "item_id")
    def _compute_current_office(self):
        for case in self:
            line = case.item_id.step_ids.filtered(lambda s, c=case: s.step == c.current_step)[:1]
            case.current_office = line.office or False

    @api.depends("countersign_ids.state")
    def _compute_countersign_pending(self):
        for case in self:
            case.countersign_pending = len(case.countersign_ids.filtered(lambda c: c.state == "pending"))

    @api.depends("visit_count", "item_id.max_visits")
    def _compute_over_visits(self):
        for case in self:
            case.over_visits = (case.visit_count > case.item_id.max_visits and case.item_id.max_visits > 0) \
                or (case.item_id.max_visits == 0 and case.visit_count > 0)

    def _compute_document_count(self):
        for case in self:
            case.document_count = len(case.document_ids)

    # ------------------------------------------------------- constraints
    @api.constrains("applicant_type", "applicant_id_number", "applicant_uscc")
    def _check_applicant(self):
        for case in self:
            if case.applicant_type == "person":
                if not valid_resident_id(case.applicant_id_number):
                    raise ValidationError(self.env._(
                        "%(number)s is not a valid resident ID number (check the 18 characters and "
                        "the last check character).", number=case.applicant_id_number or ""))
            elif not valid_uscc(case.applicant_uscc):
                raise ValidationError(self.env._(
                    "%(code)s is not a valid unified social credit code.", code=case.applicant_uscc or ""))

    @api.constrains("window_id", "item_id")
    def _check_window_serves_item(self):
        for case in self:
            if not case.window_id._serves(case.item_id):
                raise ValidationError(case.window_id._not_served_message(case.item_id))

    # ---------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        Item = self.env["gov.item"]
        Window = self.env["gov.window"]
        for vals in vals_list:
            item = Item.browse(vals.get("item_id"))
            if item and item.state != "published":
                raise UserError(self.env._("%(item)s is not a published item: cases are received only "
                                           "under the version in force.", item=item.display_name))
            window = Window.browse(vals.get("window_id"))
            if item and window and not window._serves(item):
                raise ValidationError(window._not_served_message(item))
            if window and not self.env.su:
                self._check_on_duty(window)
        # the receipt logs the first message; no separate "created" note per case
        cases = super(GovCase, self.with_context(mail_create_nolog=True)).create(vals_list)
        # the material list is the item version's, never the client's
        self.env["gov.case.material"].sudo().create([{
            "case_id": case.id, "item_material_id": m.id, "name": m.name, "copies": m.copies,
            "required": m.required, "sequence": m.sequence} for case in cases for m in case.item_id.material_ids])
        return cases

    def _gov_prepare_vals(self, vals_list):
        super()._gov_prepare_vals(vals_list)
        sequence = self.env["ir.sequence"].sudo().search([("code", "=", "gov.case")], limit=1)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence._next(sequence_date=today) if sequence else "/"

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if set(self.mapped("state")) - {"draft"}:
            # received under this item at this window from this applicant: the receipt, the
            # sealed notices and the decision all name them
            locked |= {"item_id", "window_id", "applicant_type", "applicant_name", "applicant_id_number",
                       "applicant_uscc"}
        return locked

    def write(self, vals):
        if "item_id" in vals and any(case.state != "draft" for case in self):
            raise UserError(self.env._("The item of a received case cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_received(self):
        if any(case.state != "draft" for case in self):
            raise UserError(self.env._("Received cases stay on record; only registrations in progress "
                                       "can be deleted."))

    # ------------------------------------------------------------ helpers
    def _check_on_duty(self, window):
        window._check_on_duty(
            role_message=self.env._("Only window clerks receive cases."),
            duty_message=self.env._("You are not on duty at window %(window)s: cases are received only at the "
                                    "window where you serve.", window=window.display_name))

    def _lock(self):
        """Row-lock the cases for this transaction; a clear error if another user holds them."""
        locked = self.try_lock_for_update()
        if locked != self:
            raise UserError(self.env._(
                "Case %(name)s is being handled by another user right now; reload it and try again.",
                name=", ".join((self - locked).mapped("name"))))
        self.invalidate_recordset()

    def _check_state(self, *states):
        bad = self.filtered(lambda c: c.state not in states)
        if bad:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._(
                "Case %(name)s is %(state)s: this action is not possible now.",
                name=bad[0].name, state=labels[bad[0].state]))

    def _check_group(self, group, message):
        check_group(self.env, group, message)

    def _check_office(self, office):
        if office == "front":
            self._check_group("gov_hall.group_gov_front_office", self.env._(
                "This step belongs to the front office (window clerks)."))
        else:
            self._check_group("gov_hall.group_gov_back_office", self.env._(
                "This step belongs to the back office (reviewers and leaders)."))

    def _review_steps(self):
        self.ensure_one()
        return self.item_id.step_ids.filtered(lambda s: s.step in REVIEW_STEPS).sorted("sequence")

    def _next_step_after(self, step):
        steps = self._review_steps().mapped("step")
        if step not in steps:
            return steps[0] if steps else False
        index = steps.index(step)
        return steps[index + 1] if index + 1 < len(steps) else False

    def _notify_up(self, summary, note, users):
        notify_users(self, users, summary, note)

    def _log_batch(self, bodies):
        """One chatter note per case, in one batch (``bodies``: {case id: text}), carrying the changes of
        the tracked fields that the ORM would otherwise post at commit as one more message per case."""
        self.flush_recordset()  # stored computed fields (due dates) are tracked when computed
        messages = self._message_log_batch(bodies)
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}") or {}
        initial = {id_: pending.pop(id_) for id_ in self.ids if pending.get(id_)}
        if initial:
            tracked = self.fields_get(list(self._track_get_fields()),
                                      attributes=("string", "type", "selection", "currency_field"))
            lines = []
            for case, message in zip(self, messages):
                if case.id in initial:
                    lines += [dict(vals, mail_message_id=message.id)
                              for _cmd, _id, vals in case._mail_track(tracked, initial[case.id])[1]]
            self.env["mail.tracking.value"].sudo().create(lines)
        return messages

    def _report_over_visits(self, before):
        """Report cases that just went over their item's maximum visits to supervision."""
        newly = self.filtered(lambda c: c.over_visits and c not in before)
        if newly:
            for case in newly:
                case.message_post(body=self.env._(
                    "Visit %(n)s exceeds the item's maximum of %(max)s visits (最多跑一次): reported to "
                    "the supervision center.", n=case.visit_count, max=case.item_id.max_visits))
            newly._notify_up(self.env._("Over the visit limit"),
                             self.env._("The applicant had to come more often than the item allows."),
                             newly._supervision_users())

    def _leader_users(self):
        return self.department_id.gov_leader_id.user_id

    def _supervision_users(self):
        root = self.env.ref("base.user_root")
        return self.env.ref("gov_hall.group_gov_supervision").all_user_ids - root

    # ------------------------------------------------------------ actions
    def action_receive(self):
        """Materials handed over at the window: the five-day clock starts."""
        self._lock()
        self._check_state("draft")
        for case in self:
            case._check_on_duty(case.window_id)
        today = fields.Date.context_today(self)
        deadline = self.env["cn.holiday"].add_working_days(today, CORRECTION_DAYS)
        common = {"state": "received", "received_date": today, "correction_deadline": deadline,
                  "clerk_id": self.env.user.id}
        for visits, cases in self.grouped("visit_count").items():
            cases.sudo().write(dict(common, visit_count=visits + 1))
        return True

    def _missing_materials(self):
        self.ensure_one()
        return self.material_ids.filtered(lambda m: m.required and not (m.submitted and m.compliant))

    def action_accept(self):
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks accept cases."))
        self._lock()
        self._check_state("received")
        for case in self:
            missing = case._missing_materials()
            if missing:
                raise UserError(self.env._(
                    "Case %(name)s cannot be accepted: required materials missing or not compliant: "
                    "%(materials)s. Issue a one-time correction notice instead.",
                    name=case.name, materials="、".join(missing.mapped("name"))))
        self._do_accept(fields.Date.context_today(self))
        self._make_documents("acceptance")
        return True

    def _do_accept(self, accepted_date, deemed=False):
        countersigns = [{"case_id": case.id, "department_id": dept.id}
                        for case in self for dept in case.item_id.joint_department_ids]
        for step, cases in self.grouped(lambda c: c._next_step_after(False)).items():
            cases.sudo().write({"state": "review", "accepted_date": accepted_date, "deemed_accepted": deemed,
                                "current_step": step})
        if countersigns:
            self.env["gov.case.countersign"].sudo().create(countersigns)
        no_steps = self.filtered(lambda c: not c.current_step)
        if no_steps:
            no_steps.sudo().write({"state": "decided", "decision": "approve",
                            "decision_date": fields.Date.context_today(self)})

    def action_correction_notice(self):
        """One-time correction notice listing every missing or defective material at once."""
        self.ensure_one()
        self._check_group("gov_hall.group_gov_front_office",
                          self.env._("Only window clerks issue correction notices."))
        self._lock()
        self._check_state("received")
        today = fields.Date.context_today(self)
        if self.correction_count == 0 and self.correction_deadline and today > self.correction_deadline:
            raise UserError(self.env._(
                "The five working days to notify corrections ended on %(date)s: the application counts "
                "as accepted from the day of receipt.", date=self.correction_deadline))
        defects = self._missing_materials()
        if not defects:
            raise UserError(self.env._("Every required material is submitted and compliant: accept the "
                                       "case instead of asking for corrections."))
        if self.correction_count:
            new_defects = defects.filtered("resubmitted")
            if not new_defects or defects - new_defects:
                raise UserError(self.env._(
                    "A correction notice was already issued for case %(name)s: one-time notification "
                    "allows another only for newly submitted material that is itself defective.",
                    name=self.name))
        defects.sudo().write({"in_notice": True, "notice_count": self.correction_count + 1})
        self.sudo().write({"state": "correction", "correction_count": self.correction_count + 1})
        self._make_documents("correction")
        return True

    def action_resubmit(self):
        """The applicant brings the corrected materials (one more visit)."""
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks receive materials."))
        self._lock()
        self._check_state("correction")
        before = self.filtered("over_visits")
        for case in self:
            lines = case.material_ids.filtered(lambda m, c=case: m.notice_count == c.correction_count)
            case.sudo().write({"state": "received", "visit_count": case.visit_count + 1})
            lines.sudo().write({"resubmitted": True, "submitted": True, "compliant": False})
        self._report_over_visits(before)
        return True

    def action_refuse(self, reason, legal_basis):
        """不予受理: the decision states its reasons and legal basis."""
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks refuse cases."))
        if not (reason or "").strip() or not (legal_basis or "").strip():
            raise UserError(self.env._("A decision not to accept must state its reasons and its legal basis."))
        self._lock()
        self._check_state("received", "correction")
        self.sudo().write({"state": "refused", "refuse_reason": reason, "refuse_legal_basis": legal_basis,
                    "decision_date": fields.Date.context_today(self)})
        self._make_documents("refusal")
        return True

    def action_step_done(self, opinion, findings=False, attachment_ids=None, decision=None,
                         reason=False, legal_basis=False):
        """Complete the current review step (初审/复审/勘查/审批) with its opinion."""
        self.ensure_one()
        self._lock()
        self._check_state("review")
        step = self.current_step
        office = self.current_office or "back"
        self._check_office(office)
        if not (opinion or "").strip():
            raise UserError(self.env._("Record the opinion of this step."))
        if step == "inspection" and not (findings or "").strip():
            raise UserError(self.env._("Record the findings of the on-site inspection."))
        vals = {"case_id": self.id, "step": step, "office": office, "user_id": self.env.user.id,
                "opinion": opinion, "findings": findings or False,
                "attachment_ids": [Command.set(attachment_ids or [])]}
        next_step = self._next_step_after(step)
        if step == "approval" or not next_step:
            decision = decision or "approve"
            if self.countersign_pending:
                raise UserError(self.env._(
                    "Case %(name)s cannot be decided: %(n)s joint-approval countersign(s) pending.",
                    name=self.name, n=self.countersign_pending))
            if decision == "deny" and (not (reason or "").strip() or not (legal_basis or "").strip()):
                raise UserError(self.env._("A denial must state its reasons and its legal basis."))
            vals["decision"] = decision
            self._create_step(vals)
            self.sudo().write({"state": "decided", "current_step": False, "decision": decision,
                        "decision_reason": reason or False, "decision_legal_basis": legal_basis or False,
                        "decision_date": fields.Date.context_today(self)})
            self._make_documents("decision_approve" if decision == "approve" else "decision_deny")
        else:
            self._create_step(vals)
            self.sudo().write({"current_step": next_step})
        return True

    def action_deliver(self, method="window"):
        """发证/送达: the certificate or decision is handed over."""
        self._check_group("gov_hall.group_gov_front_office",
                          self.env._("Only window clerks deliver certificates and decisions."))
        self._lock()
        self._check_state("decided")
        today = fields.Date.context_today(self)
        before = self.filtered("over_visits")
        for case in self:
            if case.decision == "approve" and case.item_id.step_ids.filtered(lambda s: s.step == "certificate"):
                self.env["gov.case.step"].sudo().create({
                    "case_id": case.id, "step": "certificate", "office": "front",
                    "user_id": self.env.user.id, "opinion": self.env._("Certificate issued")})
            case.sudo().write({"state": "delivered", "delivered_date": today, "delivery_method": method,
                        "visit_count": case.visit_count + (1 if method == "window" else 0)})
        self._report_over_visits(before)
        return True

    def action_close(self):
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks close cases."))
        self._lock()
        self._check_state("delivered", "refused")
        self.sudo().write({"state": "closed", "closed_date": fields.Date.context_today(self)})
        return True

    def action_add_visit(self):
        """Count an in-person visit that is not a receipt, correction or delivery."""
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks record visits."))
        self._lock()
        self._check_state("draft", "received", "correction", "review", "decided", "delivered")
        before = self.filtered("over_visits")
        for case in self:
            case.sudo().visit_count += 1
        self._report_over_visits(before)
        return True

    # wizard openers (buttons)
    def _open_wizard(self, mode):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "gov.case.action.wizard", "view_mode": "form",
            "target": "new", "context": {"default_case_id": self.id, "default_mode": mode},
        }

    def action_open_refuse(self):
        return self._open_wizard("refuse")

    def action_open_step(self):
        return self._open_wizard("step")

    def action_open_deliver(self):
        return self._open_wizard("deliver")

    def action_view_documents(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "gov.case.document", "name": self.env._("Documents"),
            "view_mode": "list,form", "domain": [("case_id", "=", self.id)],
        }

    def _create_step(self, vals):
        """Record a step done by the current user; called by the actions after their checks."""
        vals.update(user_id=self.env.user.id, date=fields.Datetime.now())
        return self.env["gov.case.step"].sudo().create(vals)

    # ---------------------------------------------------------- documents
    def _make_documents(self, doc_type):
        return self.env["gov.case.document"].sudo().create(
            [{"case_id": case.id, "doc_type": doc_type} for case in self]).with_env(self.env)

    # --------------------------------------------------------------- crons
    @api.model
    def _cron_deemed_acceptance(self, batch=2000):
        """Five-day rule: no correction notice by the fifth working day → accepted from receipt."""
        today = fields.Date.context_today(self)
        domain = Domain([("state", "=", "received"), ("correction_count", "=", 0),
                         ("correction_deadline", "<", today)])
        cases = self.search(domain, limit=batch)
        while cases:
            cases = cases.try_lock_for_update()
            if not cases:  # all taken by users right now: next run
                break
            cases._deem_accepted()
            if not self.env["ir.cron"]._gov_progress(len(cases), self.search_count(domain)):
                break
            cases = self.search(domain, limit=batch)
        return True

    def _deem_accepted(self):
        """Accept these received cases from their day of receipt, in batches: one acceptance per day of
        receipt, the notes logged together, the leader in charge and supervision told in one go."""
        for received, cases in self.grouped("received_date").items():
            cases._do_accept(received, deemed=True)
        self._log_batch({case.id: self.env._(
            "No correction notice was issued within five working days of receipt (%(date)s): "
            "the application counts as accepted from that day.", date=case.received_date) for case in self})
        supervision = self._supervision_users()
        summary = self.env._("Deemed accepted (five-day rule)")
        note = self.env._("The correction notice was not issued in time; the case runs from receipt.")
        notify_users_batch(self.env, [(case, case._leader_users() | supervision, summary, note) for case in self])


class GovCaseMaterial(models.Model):
    _name = "gov.case.material"
    _inherit = ["gov.guarded.mixin"]
    _description = "Case Material"
    _gov_client_create = False
    _gov_client_unlink = False
    _order = "case_id, sequence, id"

    case_id = fields.Many2one("gov.case", required=True, readonly=True, ondelete="cascade", index=True)
    item_material_id = fields.Many2one("gov.item.material", "Catalog Material", readonly=True,
                                       ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char("Material", required=True, readonly=True)
    form = fields.Selection(related="item_material_id.form", string="Form")
    copies = fields.Integer(default=1, readonly=True)
    required = fields.Boolean(default=True, readonly=True)
    submitted = fields.Boolean("Submitted")
    compliant = fields.Boolean("Compliant")
    note = fields.Char("Defect / Note")
    in_notice = fields.Boolean("Listed in a Correction Notice", readonly=True)
    notice_count = fields.Integer("Notice Number", readonly=True)
    resubmitted = fields.Boolean("Newly Submitted", readonly=True,
                                 help="Brought after a correction notice.")

    def write(self, vals):
        if {"submitted", "compliant", "note"} & set(vals):
            states = set(self.mapped("case_id.state"))
            if states - {"draft", "received"}:
                raise UserError(self.env._("Materials are checked only while the case is being received."))
        return super().write(vals)


class GovCaseStep(models.Model):
    _name = "gov.case.step"
    _inherit = ["gov.guarded.mixin"]
    _description = "Case Step"
    _order = "case_id, date, id"
    _gov_client_create = False
    _gov_client_unlink = False

    case_id = fields.Many2one("gov.case", required=True, readonly=True, ondelete="cascade", index=True)
    step = fields.Selection(STEPS, required=True, readonly=True)
    office = fields.Selection([("front", "Front Office"), ("back", "Back Office")], required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Done By", required=True, readonly=True, default=lambda s: s.env.user)
    date = fields.Datetime("Done On", required=True, readonly=True, default=fields.Datetime.now)
    opinion = fields.Text("Opinion", required=True, readonly=True)
    findings = fields.Text("Inspection Findings", readonly=True)
    decision = fields.Selection([("approve", "Approved"), ("deny", "Denied")], readonly=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments", readonly=True)

    def write(self, vals):
        if self:
            raise UserError(self.env._("Recorded steps cannot be changed."))
        return super().write(vals)


class GovCaseCountersign(models.Model):
    _name = "gov.case.countersign"
    _inherit = ["gov.guarded.mixin"]
    _description = "Joint-approval Countersign"
    _order = "case_id, id"
    _gov_client_create = False
    _gov_client_unlink = False

    case_id = fields.Many2one("gov.case", required=True, readonly=True, ondelete="cascade", index=True)
    department_id = fields.Many2one("hr.department", required=True, readonly=True, index=True)
    state = fields.Selection([("pending", "Pending"), ("signed", "Signed")], default="pending", required=True,
                             readonly=True)
    opinion = fields.Text("Countersign Opinion", readonly=True)
    user_id = fields.Many2one("res.users", "Signed By", readonly=True)
    date = fields.Datetime("Signed On", readonly=True)

    def action_open_sign(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "gov.case.action.wizard", "view_mode": "form",
            "target": "new", "context": {"default_case_id": self.case_id.id, "default_mode": "countersign",
                                         "default_countersign_id": self.id},
        }

    def action_sign(self, opinion):
        """Sign the countersign opinion (会签意见) for one's own department."""
        self.ensure_one()
        user = self.env.user
        check_group(self.env, "gov_hall.group_gov_back_office",
                    self.env._("Countersigns are signed by the back office of the joint department."))
        if self.department_id not in user.employee_ids.department_id:
            raise AccessError(self.env._("Only staff of %(dept)s sign its countersign.",
                                         dept=self.department_id.name))
        if self.state != "pending":
            raise UserError(self.env._("This countersign is already signed."))
        if not (opinion or "").strip():
            raise UserError(self.env._("Write the countersign opinion."))
        self.case_id._lock()
        if self.case_id.state != "review":
            raise UserError(self.env._("The case is no longer in review."))
        self.sudo().write({"state": "signed", "opinion": opinion, "user_id": user.id,
                           "date": fields.Datetime.now()})
        self.case_id.message_post(body=self.env._("Countersign of %(dept)s: %(opinion)s",
                                                  dept=self.department_id.name, opinion=opinion))
        return True

