import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.qr import qr_data_uri
from .gov_access import check_group

ITEM_TYPES = [
    ("licensing", "Administrative Licensing"),
    ("confirmation", "Administrative Confirmation"),
    ("payment", "Administrative Payment"),
    ("adjudication", "Administrative Adjudication"),
    ("other_power", "Other Administrative Power"),
    ("public_service", "Public Service"),
    ("convenience", "Convenience Service"),
]
LEVELS = [("main", "Main Item"), ("sub", "Sub-item"), ("handling", "Handling Item")]
HANDLING_TYPES = [("new", "New"), ("change", "Change"), ("renew", "Renewal"), ("cancel", "Cancellation")]
CASE_TYPES = [("immediate", "Immediate"), ("promised", "Promised")]
ONLINE_LEVELS = [("offline", "Offline"), ("partial", "Partly Online"), ("full", "Fully Online")]
STEPS = [
    ("first_review", "Preliminary Review"),
    ("second_review", "Re-review"),
    ("inspection", "On-site Inspection"),
    ("approval", "Approval"),
    ("certificate", "Certificate Issuance"),
]
STEP_ORDER = {key: i for i, (key, _label) in enumerate(STEPS)}
MATERIAL_FORMS = [("original", "Original"), ("copy", "Copy"), ("electronic", "Electronic")]
BASIC_CODE_RE = re.compile(r"^[0-9A-Z]{12}$")
IMPL_CODE_RE = re.compile(r"^[0-9A-Z]{12,36}$")

# Elements fixed by publication: they change only through a new version.
LEGAL_FIELDS = {
    "basic_code", "implementation_code", "version", "department_id", "item_type",
    "legal_basis", "legal_limit", "promised_limit", "case_type", "max_visits",
    "material_ids", "fee_ids", "step_ids", "joint_department_ids", "level",
    "handling_type",
}


class GovItem(models.Model):
    _name = "gov.item"
    _description = "Service Item"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "department_id, implementation_code, version desc"
    _rec_names_search = ["name", "implementation_code", "basic_code"]
    _parent_store = False

    name = fields.Char("Item Name", required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    department_id = fields.Many2one(
        "hr.department", "Department", required=True, index=True, tracking=True,
        ondelete="restrict", domain=[("is_stationed", "=", True)])
    basic_code = fields.Char("Basic Code", size=12, required=True, index=True, tracking=True,
                             help="基本编码: 12 characters of the national item catalog.")
    implementation_code = fields.Char(
        "Implementation Code", size=36, required=True, index=True, tracking=True,
        help="实施编码: up to 36 characters, per implementing department.")
    version = fields.Integer(default=1, required=True, readonly=True, copy=False, tracking=True)
    previous_version_id = fields.Many2one("gov.item", "Previous Version", readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("retired", "Retired")],
        default="draft", required=True, readonly=True, tracking=True, copy=False, index=True)
    date_from = fields.Date("Effective From", tracking=True, copy=False)
    date_to = fields.Date("Effective To", tracking=True, copy=False)

    level = fields.Selection(LEVELS, "Level", required=True, default="main")
    parent_id = fields.Many2one("gov.item", "Parent Item", index=True, ondelete="restrict")
    child_ids = fields.One2many("gov.item", "parent_id", "Sub-items")
    handling_type = fields.Selection(HANDLING_TYPES, "Handling Type")
    item_type = fields.Selection(ITEM_TYPES, "Item Type", required=True, default="licensing",
                                 tracking=True, index=True)
    legal_basis = fields.Text("Legal Basis")
    conditions = fields.Text("Acceptance Conditions")
    description = fields.Html("Guide Notes")

    legal_limit = fields.Integer("Legal Time Limit (working days)", tracking=True)
    promised_limit = fields.Integer("Promised Time Limit (working days)", tracking=True)
    case_type = fields.Selection(CASE_TYPES, "Case Type", required=True, default="promised",
                                 tracking=True)
    max_visits = fields.Integer("Maximum Visits", default=1, tracking=True,
                                help="1 = at most one visit (最多跑一次); 0 = fully online.")
    online_level = fields.Selection(ONLINE_LEVELS, "Online Level", default="partial", required=True)
    is_public = fields.Boolean("Public", default=True, tracking=True,
                               help="Disclosed in the public catalog unless secret.")

    material_ids = fields.One2many("gov.item.material", "item_id", "Materials", copy=True)
    fee_ids = fields.One2many("gov.item.fee", "item_id", "Fees", copy=True)
    step_ids = fields.One2many("gov.item.step", "item_id", "Process Steps", copy=True)
    joint_department_ids = fields.Many2many(
        "hr.department", "gov_item_joint_department_rel", "item_id", "department_id",
        "Joint-approval Departments")
    window_ids = fields.Many2many("gov.window", "gov_item_window_rel", "item_id", "window_id",
                                  "Windows")
    comprehensive_exclude = fields.Boolean(
        "Department Windows Only", tracking=True,
        help="Kept out of 无差别受理: received only at the windows listed, even when the department's "
             "items are accepted at comprehensive windows.")

    material_count = fields.Integer(compute="_compute_material_count", string="Material Count")
    has_fees = fields.Boolean(compute="_compute_counts", store=True, string="Charged")
    is_joint = fields.Boolean(compute="_compute_counts", store=True, string="Joint Approval")
    public_url = fields.Char("Public Page", compute="_compute_public_url")


    # ------------------------------------------------------------------ compute
    def _compute_display_name(self):
        for item in self:
            suffix = f" (v{item.version})" if item.version > 1 else ""
            item.display_name = f"{item.name or ''}{suffix}"

    @api.depends("material_ids")
    def _compute_material_count(self):
        for item in self:
            item.material_count = len(item.material_ids)

    @api.depends("fee_ids", "joint_department_ids")
    def _compute_counts(self):
        for item in self:
            item.has_fees = bool(item.fee_ids)
            item.is_joint = bool(item.joint_department_ids)

    def _compute_public_url(self):
        base = self.get_base_url()
        for item in self:
            item.public_url = f"{base}/hall/item/{item.implementation_code or ''}"

    # ----------------------------------------------------------- constraints
    @api.constrains("basic_code", "implementation_code")
    def _check_codes(self):
        for item in self:
            if not BASIC_CODE_RE.match(item.basic_code or ""):
                raise ValidationError(self.env._(
                    "Basic code %(code)s of %(name)s must be exactly 12 digits or capital letters.",
                    code=item.basic_code, name=item.name))
            if not IMPL_CODE_RE.match(item.implementation_code or ""):
                raise ValidationError(self.env._(
                    "Implementation code %(code)s of %(name)s must be 12 to 36 digits or capital letters.",
                    code=item.implementation_code, name=item.name))
            if item.basic_code not in item.implementation_code:
                raise ValidationError(self.env._(
                    "Implementation code %(code)s must contain the basic code %(basic)s.",
                    code=item.implementation_code, basic=item.basic_code))

    _implementation_code_uniq = models.Constraint(
        "UNIQUE (implementation_code, department_id, version)",
        "An implementation code exists once per department and version.")

    @api.constrains("implementation_code", "department_id", "version")
    def _check_unique_code(self):
        groups = self.with_context(active_test=False)._read_group(
            [("implementation_code", "in", self.mapped("implementation_code"))],
            ["implementation_code", "department_id", "version"], ["__count"])
        for code, dept, version, count in groups:
            if count > 1:
                raise ValidationError(self.env._(
                    "Implementation code %(code)s version %(version)s already exists for %(dept)s.",
                    code=code, version=version, dept=dept.name))

    @api.constrains("legal_limit", "promised_limit", "case_type")
    def _check_limits(self):
        for item in self:
            if item.legal_limit < 0 or item.promised_limit < 0:
                raise ValidationError(self.env._("Time limits cannot be negative (%(name)s).",
                                                 name=item.name))
            if item.promised_limit > item.legal_limit:
                raise ValidationError(self.env._(
                    "The promised time limit (%(promised)s working days) of %(name)s cannot exceed "
                    "the legal time limit (%(legal)s working days).",
                    promised=item.promised_limit, legal=item.legal_limit, name=item.name))
            if item.case_type == "immediate" and item.promised_limit:
                raise ValidationError(self.env._(
                    "%(name)s is an immediate item: its promised time limit must be 0.",
                    name=item.name))
            if item.case_type == "promised" and not item.promised_limit:
                raise ValidationError(self.env._(
                    "%(name)s is a promised item: give its promised time limit in working days.",
                    name=item.name))

    @api.constrains("max_visits")
    def _check_max_visits(self):
        for item in self:
            if item.max_visits < 0:
                raise ValidationError(self.env._("Maximum visits cannot be negative."))

    @api.constrains("level", "parent_id", "handling_type")
    def _check_hierarchy(self):
        allowed = {"main": (), "sub": ("main",), "handling": ("main", "sub")}
        for item in self:
            if item.level == "main" and item.parent_id:
                raise ValidationError(self.env._("A main item has no parent (%(name)s).", name=item.name))
            if item.level != "main":
                if not item.parent_id:
                    raise ValidationError(self.env._(
                        "%(name)s needs a parent item.", name=item.name))
                if item.parent_id.level not in allowed[item.level]:
                    raise ValidationError(self.env._(
                        "%(name)s cannot sit under %(parent)s: main item → sub-item → handling item.",
                        name=item.name, parent=item.parent_id.name))
                if item.parent_id.department_id != item.department_id:
                    raise ValidationError(self.env._(
                        "%(name)s must belong to the department of its parent item.", name=item.name))
            if item.level == "handling" and not item.handling_type:
                raise ValidationError(self.env._(
                    "Handling item %(name)s needs its handling type (new, change, renewal or "
                    "cancellation).", name=item.name))
            if item.level != "handling" and item.handling_type:
                raise ValidationError(self.env._(
                    "Only handling items have a handling type (%(name)s).", name=item.name))

    @api.constrains("joint_department_ids", "department_id")
    def _check_joint(self):
        for item in self:
            if item.department_id in item.joint_department_ids:
                raise ValidationError(self.env._(
                    "The lead department of %(name)s cannot also be a joint-approval department.",
                    name=item.name))

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for item in self:
            if item.date_from and item.date_to and item.date_to < item.date_from:
                raise ValidationError(self.env._(
                    "%(name)s: the effective end date is before its start date.", name=item.name))

    # --------------------------------------------------------------- CRUD
    def write(self, vals):
        locked = LEGAL_FIELDS.intersection(vals)
        if locked and not self.env.su:
            frozen = self.filtered(lambda i: i.state != "draft")
            if frozen:
                labels = ", ".join(sorted(self._fields[f].get_description(self.env)["string"]
                                          for f in locked))
                raise UserError(self.env._(
                    "%(name)s is %(state)s: its legal elements (%(fields)s) change only by "
                    "publishing a new version.",
                    name=frozen[0].display_name,
                    state=dict(frozen[0]._fields["state"]._description_selection(self.env))[
                        frozen[0].state],
                    fields=labels))
        res = super().write(vals)
        if "window_ids" in vals or "active" in vals:
            self._check_served_by_window()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        if any(item.state != "draft" for item in self):
            raise UserError(self.env._(
                "Published or retired items stay in the catalog for the record; retire them "
                "instead of deleting."))

    # ------------------------------------------------------------ actions
    def _check_can_manage(self):
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Only Bureau managers maintain the item catalog."))

    def _check_publishable(self):
        errors = []
        for item in self:
            if not item.material_ids:
                errors.append(self.env._("%(name)s has no materials.", name=item.name))
            if not item.window_ids.filtered("active"):
                errors.append(self.env._("%(name)s is served by no window.", name=item.name))
            if not item.step_ids:
                errors.append(self.env._("%(name)s has no process steps.", name=item.name))
        if errors:
            raise UserError(self.env._("Cannot publish:\n%(errors)s", errors="\n".join(errors)))

    def action_publish(self):
        self._check_can_manage()
        if self.filtered(lambda i: i.state != "draft"):
            raise UserError(self.env._("Only draft items can be published."))
        self._check_publishable()
        today = fields.Date.context_today(self)
        for item in self:
            start = item.date_from or today
            previous = item.previous_version_id
            if previous and previous.state == "published":
                previous.sudo().write({"state": "retired",
                                "date_to": max(start - timedelta(days=1), previous.date_from or start)})
                previous.message_post(body=self.env._(
                    "Superseded by version %(version)s from %(date)s.",
                    version=item.version, date=start))
            item.sudo().write({"state": "published", "date_from": start})
        return True

    def action_retire(self):
        self._check_can_manage()
        if self.filtered(lambda i: i.state != "published"):
            raise UserError(self.env._("Only published items can be retired."))
        self.sudo().write({"state": "retired", "date_to": fields.Date.context_today(self)})
        return True

    def action_new_version(self):
        """Draft copy with the next version number; the published version stays in force."""
        self._check_can_manage()
        self.ensure_one()
        if self.state != "published":
            raise UserError(self.env._("A new version starts from the published version."))
        if self.search_count([("previous_version_id", "=", self.id)]):
            raise UserError(self.env._("A newer version of %(name)s already exists.",
                                       name=self.name))
        # the version number and the link to the version in force are the server's
        new = self.sudo().copy({
            "version": self.version + 1,
            "previous_version_id": self.id,
            "implementation_code": self.implementation_code,
            "window_ids": [fields.Command.set(self.window_ids.ids)],
            "joint_department_ids": [fields.Command.set(self.joint_department_ids.ids)],
            "parent_id": self.parent_id.id,
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": "gov.item",
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_reset_draft(self):
        self._check_can_manage()
        raise UserError(self.env._("A published item cannot go back to draft: start a new version."))

    def _check_served_by_window(self):
        orphans = self.filtered(lambda i: i.state == "published" and i.active
                                and not i.window_ids.filtered("active"))
        if orphans:
            raise ValidationError(self.env._(
                "Published items must stay served by at least one window: %(items)s",
                items=", ".join(orphans.mapped("name"))))

    def _gov_doc_lang(self):
        """Language of printed and public documents: Chinese when installed."""
        return "zh_CN" if self.env["res.lang"]._lang_get("zh_CN").active else self.env.lang

    def _gov_qr(self, text):
        return qr_data_uri(text)

    def action_print_guide(self):
        return self.env.ref("gov_hall.action_report_gov_item_guide").report_action(self)


class GovItemLine(models.AbstractModel):
    """Common behaviour of an item's legal lines: frozen once the item is published."""
    _name = "gov.item.line.mixin"
    _inherit = ["gov.guarded.mixin"]
    _description = "Item Line"

    def _check_item_draft(self, items):
        if self.env.su:  # a new version is copied, an import is validated, by the server
            return
        frozen = items.filtered(lambda i: i.state != "draft")
        if frozen:
            raise UserError(self.env._(
                "%(name)s is no longer a draft: its materials, fees and steps change only by "
                "publishing a new version.", name=frozen[0].display_name))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._check_item_draft(records.item_id)
        return records

    def write(self, vals):
        self._check_item_draft(self.item_id)
        res = super().write(vals)
        if "item_id" in vals:
            self._check_item_draft(self.item_id)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published_item(self):
        self._check_item_draft(self.item_id)


class GovItemMaterial(models.Model):
    _name = "gov.item.material"
    _description = "Item Material"
    _inherit = ["gov.item.line.mixin"]
    _order = "item_id, sequence, id"

    item_id = fields.Many2one("gov.item", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Material", required=True)
    form = fields.Selection(MATERIAL_FORMS, "Form", required=True, default="original")
    copies = fields.Integer("Copies", default=1, required=True)
    required = fields.Boolean("Required", default=True)
    template_file = fields.Binary("Template", attachment=True)
    template_filename = fields.Char("Template File Name")
    note = fields.Char("Note")

    @api.constrains("copies")
    def _check_copies(self):
        for line in self:
            if line.copies < 1:
                raise ValidationError(self.env._(
                    "Material %(name)s needs at least one copy.", name=line.name))


class GovItemFee(models.Model):
    _name = "gov.item.fee"
    _description = "Item Fee"
    _inherit = ["gov.item.line.mixin"]
    _order = "item_id, sequence, id"

    item_id = fields.Many2one("gov.item", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Fee", required=True)
    fee_mode = fields.Selection([("fixed", "Fixed Amount"), ("unit", "Unit Price")], "Charged As",
                                required=True, default="fixed")
    currency_id = fields.Many2one("res.currency", "Currency", required=True,
                                  default=lambda self: self.env.company.currency_id)
    amount = fields.Monetary("Amount / Unit Price", required=True)
    unit_name = fields.Char("Unit")
    revenue_code = fields.Char("Non-tax Revenue Code")
    legal_basis = fields.Char("Charging Basis")

    @api.constrains("amount", "fee_mode", "unit_name")
    def _check_amount(self):
        for fee in self:
            if fee.amount < 0:
                raise ValidationError(self.env._(
                    "Fee %(name)s cannot be negative.", name=fee.name))
            if fee.fee_mode == "unit" and not fee.unit_name:
                raise ValidationError(self.env._(
                    "Fee %(name)s is charged by unit price: name its unit.", name=fee.name))


class GovItemStep(models.Model):
    _name = "gov.item.step"
    _description = "Item Process Step"
    _inherit = ["gov.item.line.mixin"]
    _order = "item_id, sequence, id"

    item_id = fields.Many2one("gov.item", required=True, ondelete="cascade", index=True)
    step = fields.Selection(STEPS, "Step", required=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    office = fields.Selection([("front", "Front Office"), ("back", "Back Office")], "Office",
                              required=True, default="back")

    _step_uniq = models.Constraint("UNIQUE (item_id, step)", "Each step appears once per item.")

    @api.depends("step")
    def _compute_sequence(self):
        for line in self:
            line.sequence = STEP_ORDER.get(line.step, 0)


class GovItemPublic(models.Model):
    _inherit = "gov.item"

    @api.model
    def _gov_public_item(self, code):
        """The item in force under ``code`` if it may be disclosed, else an empty recordset."""
        return self.search([("implementation_code", "=", code), ("state", "=", "published"),
                            ("is_public", "=", True)], limit=1)
