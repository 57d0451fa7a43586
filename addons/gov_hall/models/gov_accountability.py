"""问责 and 投诉: accountability records and applicants' complaints."""
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .gov_access import check_group
from .gov_case import notify_users_batch

OUTCOMES = [
    ("no_fault", "No Fault"),
    ("reminder", "Reminder Talk"),
    ("criticism", "Criticism"),
    ("warning", "Admonition"),
    ("sanction", "Disciplinary Sanction"),
]
FACT_FIELDS = {"case_id", "department_id", "responsible_user_id", "days_overdue", "source", "facts",
               "complaint_id"}


class GovAccountability(models.Model):
    _name = "gov.accountability"
    _description = "Accountability Record"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.accountability"
    _gov_client_unlink = False
    _order = "id desc"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    source = fields.Selection([("overdue", "Overdue Case"), ("procedure", "Procedure Violation"),
                               ("complaint", "Substantiated Complaint")], required=True, default="procedure",
                              tracking=True, index=True)
    case_id = fields.Many2one("gov.case", "Case", index=True, tracking=True)
    complaint_id = fields.Many2one("gov.complaint", "Complaint", index="btree_not_null", readonly=True)
    department_id = fields.Many2one("hr.department", "Responsible Department", required=True, index=True,
                                    tracking=True)
    responsible_user_id = fields.Many2one("res.users", "Responsible Person", tracking=True)
    days_overdue = fields.Integer("Working Days Overdue", readonly=True)
    facts = fields.Text("Facts", required=True)
    state = fields.Selection([("open", "Open"), ("investigating", "Investigating"), ("concluded", "Concluded")],
                             default="open", required=True, readonly=True, tracking=True, index=True)
    outcome = fields.Selection(OUTCOMES, tracking=True)
    conclusion = fields.Text()
    reported_discipline = fields.Boolean("Reported to the Discipline Commission", tracking=True,
                                         help="纪委监委: severe cases are reported.")
    concluded_by = fields.Many2one("res.users", readonly=True)
    concluded_date = fields.Date(readonly=True)

    _overdue_once = models.UniqueIndex("(case_id) WHERE source = 'overdue'",
                                       "An overdue case has one accountability record.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_supervision()
            if any(vals.get("source") == "overdue" for vals in vals_list):
                raise AccessError(self.env._("Overdue cases open their accountability record on their own."))
        return super().create(vals_list)

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.source == "overdue" for rec in self):
            locked |= {"source", "case_id", "department_id", "responsible_user_id"}
        if any(rec.state == "concluded" for rec in self):
            locked |= FACT_FIELDS | {"outcome", "conclusion"}
        return locked

    def write(self, vals):
        if FACT_FIELDS & set(vals) and any(rec.state == "concluded" for rec in self):
            raise UserError(self.env._("The facts of a concluded accountability record cannot change."))
        if not self.env.su:
            self._check_supervision()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Accountability records are never deleted."))

    @api.model
    def _create_for_overdue(self, cases):
        """Exactly once per overdue case, whoever runs the job and however often."""
        existing = set(self.sudo().search([("source", "=", "overdue"), ("case_id", "in", cases.ids)]).case_id.ids)
        new = cases.filtered(lambda c: c.id not in existing)
        if not new:
            return self.browse()
        # the job runs as whoever triggers it: the record is the system's, not theirs
        records = self.sudo().create([{
            "source": "overdue", "case_id": case.id, "department_id": case.department_id.id,
            "responsible_user_id": case._handler_users().id, "days_overdue": case.days_overdue,
            "facts": self.env._("Case %(name)s (%(item)s) passed its due date %(due)s.",
                                name=case.name, item=case.item_id.name, due=case.due_date),
        } for case in new])
        records._notify_supervision()
        return records

    def _notify_supervision(self):
        """One to-do per record for each supervision user, and one message per user for the whole batch."""
        supervision = self.env["gov.case"]._supervision_users()
        summary = self.env._("Accountability to investigate")
        notify_users_batch(self.env, [(rec, supervision, summary, "", f"{rec.name}：{rec.facts}") for rec in self])

    def _check_supervision(self):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center handles accountability."))

    def action_investigate(self):
        self._check_supervision()
        if self.filtered(lambda r: r.state != "open"):
            raise UserError(self.env._("Only open records go to investigation."))
        self.sudo().write({"state": "investigating"})
        return True

    def action_conclude(self):
        self._check_supervision()
        for rec in self:
            if rec.state == "concluded":
                raise UserError(self.env._("%(name)s is already concluded.", name=rec.name))
            if not rec.outcome or not (rec.conclusion or "").strip():
                raise UserError(self.env._("Give the outcome and the conclusion before concluding."))
        self.sudo().write({"state": "concluded", "concluded_by": self.env.user.id,
                           "concluded_date": fields.Date.context_today(self)})
        self.activity_ids.action_feedback()
        return True


class GovComplaint(models.Model):
    _name = "gov.complaint"
    _description = "Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.numbered.mixin"]
    _gov_sequence_code = "gov.complaint"
    _gov_client_unlink = False
    _order = "id desc"

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    channel = fields.Selection([("window", "Complaint Window"), ("phone", "Phone"), ("hotline", "12345 Hotline"),
                                ("web", "Website"), ("letter", "Letter")], required=True, default="window")
    date = fields.Date(required=True, default=fields.Date.context_today)
    case_id = fields.Many2one("gov.case", "Case", index=True)
    department_id = fields.Many2one("hr.department", "Department", index=True, tracking=True)
    complainant = fields.Char("Complainant", required=True)
    phone = fields.Char("Phone")
    content = fields.Text(required=True)
    handler_id = fields.Many2one("res.users", "Handler", readonly=True, tracking=True)
    deadline = fields.Date(readonly=True, tracking=True, help="Fifth working day after the complaint.")
    reply = fields.Text(tracking=True)
    substantiated = fields.Selection([("yes", "Substantiated"), ("no", "Not Substantiated")], tracking=True)
    state = fields.Selection([("new", "New"), ("handling", "Handling"), ("replied", "Replied")],
                             default="new", required=True, readonly=True, tracking=True, index=True)
    accountability_id = fields.Many2one("gov.accountability", readonly=True)

    def _gov_prepare_vals(self, vals_list):
        super()._gov_prepare_vals(vals_list)
        Holiday = self.env["cn.holiday"]
        for vals in vals_list:
            if not vals.get("deadline"):
                vals["deadline"] = Holiday.add_working_days(fields.Date.context_today(self), 5)

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.state != "new" for rec in self):
            locked |= {"channel", "date", "case_id", "department_id", "complainant", "content"}
        if any(rec.state == "replied" for rec in self):
            locked |= {"reply", "substantiated"}
        return locked

    @api.onchange("case_id")
    def _onchange_case_id(self):
        if self.case_id:
            self.department_id = self.case_id.department_id
            self.complainant = self.complainant or self.case_id.applicant_name
            self.phone = self.phone or self.case_id.applicant_phone

    def _check_supervision(self):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Complaints are handled by the supervision center."))

    def action_handle(self):
        self._check_supervision()
        if self.filtered(lambda r: r.state != "new"):
            raise UserError(self.env._("Only a new complaint is taken up."))
        self.sudo().write({"state": "handling", "handler_id": self.env.user.id})
        return True

    def action_reply(self):
        self._check_supervision()
        if self.filtered(lambda r: r.state != "handling"):
            raise UserError(self.env._("Take the complaint up before replying."))
        for rec in self:
            if not (rec.reply or "").strip() or not rec.substantiated:
                raise UserError(self.env._("Write the reply and say whether the complaint is substantiated."))
        self.sudo().write({"state": "replied"})
        return True

    def action_open_accountability(self):
        self.ensure_one()
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center opens accountability."))
        if self.substantiated != "yes":
            raise UserError(self.env._("Only a substantiated complaint opens an accountability record."))
        if self.accountability_id:
            raise UserError(self.env._("This complaint already has its accountability record."))
        if not self.department_id:
            raise UserError(self.env._("Name the department the complaint is about."))
        rec = self.env["gov.accountability"].sudo().create({
            "source": "complaint", "complaint_id": self.id, "case_id": self.case_id.id,
            "department_id": self.department_id.id, "facts": self.content})
        self.sudo().accountability_id = rec
        return {"type": "ir.actions.act_window", "res_model": "gov.accountability", "res_id": rec.id,
                "view_mode": "form"}


class GovCase(models.Model):
    _inherit = "gov.case"

    accountability_ids = fields.One2many("gov.accountability", "case_id", "Accountability")
