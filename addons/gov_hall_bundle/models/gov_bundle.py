"""一件事: a life event bundling items of several departments, applied for once."""
import re

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.addons.gov_hall.tools.materials import material_key
from odoo.exceptions import UserError, ValidationError

JOINT_LIMIT = 45      # 行政许可法 art. 42: joint or centralised handling within 45 working days
JOINT_EXTENSION = 15  # ... extended by 15 with the approval of the government's head
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{2,32}$")
# fields fixed by publication: a published bundle goes back to draft (with no application open) to change
BUNDLE_LEGAL_FIELDS = {"member_ids", "field_ids", "own_limit", "limit_extension_approved", "limit_extension_ref",
                       "lead_department_id", "code"}
FIELD_TYPES = [("char", "Text"), ("text", "Long Text"), ("date", "Date"), ("number", "Number"),
               ("selection", "Choice")]


class GovBundle(models.Model):
    _name = "gov.bundle"
    _description = "Life-event Bundle"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "sequence, name"

    name = fields.Char("Life Event", required=True, tracking=True, help="e.g. 我要开餐馆, 新生儿出生一件事.")
    code = fields.Char("Code", required=True, tracking=True, help="Public address: /hall/bundle/<code>.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    subject = fields.Selection([("person", "Individuals"), ("company", "Enterprises")], "For",
                               required=True, default="person")
    description = fields.Html("Guide", help="Shown on the public page of the bundle.")
    lead_department_id = fields.Many2one("hr.department", "Lead Department", required=True, tracking=True,
                                         domain=[("is_stationed", "=", True)],
                                         help="Organises the joint handling (牵头部门).")
    member_ids = fields.One2many("gov.bundle.member", "bundle_id", "Member Items", copy=True)
    field_ids = fields.One2many("gov.bundle.field", "bundle_id", "Combined Form", copy=True)
    own_limit = fields.Integer("Bundle Time Limit (working days)", tracking=True,
                               help="0: the longest member's promised limit (stage by stage when members follow "
                                    "one another).")
    limit_extension_approved = fields.Boolean(
        "Extension Approved", tracking=True,
        help="The head of the government approved 15 more working days beyond 45 (行政许可法 art. 42).")
    limit_extension_ref = fields.Char("Approval Reference", tracking=True)
    combined_limit = fields.Integer("Combined Time Limit (working days)", compute="_compute_combined_limit",
                                    store=True)
    state = fields.Selection([("draft", "Draft"), ("published", "Published"), ("retired", "Retired")],
                             default="draft", required=True, readonly=True, tracking=True, index=True, copy=False)
    department_ids = fields.Many2many("hr.department", compute="_compute_department_ids", string="Departments")
    member_count = fields.Integer(compute="_compute_department_ids", string="Items")
    material_count = fields.Integer(compute="_compute_department_ids", string="Materials (combined)")
    material_total = fields.Integer(compute="_compute_department_ids", string="Materials (item by item)")
    application_ids = fields.One2many("gov.bundle.application", "bundle_id", "Applications")
    application_count = fields.Integer(compute="_compute_application_count", string="Application Count")

    _code_uniq = models.Constraint("UNIQUE (code, company_id)", "The bundle code must be unique.")

    # ------------------------------------------------------------ compute
    @api.depends("own_limit", "member_ids.stage", "member_ids.item_id.promised_limit")
    def _compute_combined_limit(self):
        for bundle in self:
            bundle.combined_limit = bundle.own_limit or bundle._default_limit(bundle.member_ids)

    @api.model
    def _default_limit(self, members):
        """The longest promised limit of each stage, stages one after the other."""
        by_stage = {}
        for member in members:
            by_stage[member.stage] = max(by_stage.get(member.stage, 0), member.item_id.promised_limit)
        return sum(by_stage.values())

    @api.depends("member_ids.item_id")
    def _compute_department_ids(self):
        for bundle in self:
            bundle.department_ids = bundle.member_ids.item_id.department_id
            bundle.member_count = len(bundle.member_ids)
            materials = bundle.member_ids.item_id.material_ids
            bundle.material_total = len(materials)
            bundle.material_count = len({material_key(m.name) for m in materials})

    def _compute_application_count(self):
        counts = dict(self.env["gov.bundle.application"]._read_group(
            [("bundle_id", "in", self.ids)], ["bundle_id"], ["__count"]))
        for bundle in self:
            bundle.application_count = counts.get(bundle, 0)

    # -------------------------------------------------------- constraints
    @api.constrains("code")
    def _check_code(self):
        for bundle in self:
            if not CODE_RE.match(bundle.code or ""):
                raise ValidationError(self.env._(
                    "Bundle code %(code)s: 2 to 32 letters, digits, dashes or underscores (it is the public "
                    "address).", code=bundle.code))

    @api.constrains("own_limit", "limit_extension_approved", "member_ids")
    def _check_limit(self):
        for bundle in self:
            if bundle.own_limit < 0:
                raise ValidationError(self.env._("The time limit of %(name)s cannot be negative.", name=bundle.name))
            bundle._check_limit_cap()

    def _check_limit_cap(self):
        self.ensure_one()
        cap = JOINT_LIMIT + (JOINT_EXTENSION if self.limit_extension_approved else 0)
        if self.combined_limit > cap:
            if self.limit_extension_approved or self.combined_limit > JOINT_LIMIT + JOINT_EXTENSION:
                raise ValidationError(self.env._(
                    "%(name)s: %(days)s working days exceed the cap of joint handling, %(cap)s working days "
                    "(45 + 15 with approval, 行政许可法 art. 42). Shorten the bundle's limit or split it.",
                    name=self.name, days=self.combined_limit, cap=JOINT_LIMIT + JOINT_EXTENSION))
            raise ValidationError(self.env._(
                "%(name)s: %(days)s working days exceed the 45 working days of joint handling (行政许可法 art. "
                "42); 15 more need the approval of the government's head — record it (extension approved and "
                "its reference) or shorten the limit.", name=self.name, days=self.combined_limit))

    @api.constrains("limit_extension_approved", "limit_extension_ref")
    def _check_extension_ref(self):
        for bundle in self:
            if bundle.limit_extension_approved and not (bundle.limit_extension_ref or "").strip():
                raise ValidationError(self.env._("Give the reference of the approval extending %(name)s.",
                                                 name=bundle.name))

    # --------------------------------------------------------------- CRUD
    def write(self, vals):
        self.check_access("write")
        locked = BUNDLE_LEGAL_FIELDS.intersection(vals)
        if locked and not self.env.su and self.filtered(lambda b: b.state != "draft"):
            raise UserError(self.env._(
                "%(name)s is published: its items, form, limit and lead department change only after it is "
                "set back to draft.", name=self.filtered(lambda b: b.state != "draft")[0].name))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.filtered(lambda b: b.state != "draft" or b.application_ids):
            raise UserError(self.env._("A published or used bundle stays on record: retire it instead."))

    # ------------------------------------------------------------ helpers
    def _check_manager(self):
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Only Bureau managers maintain life-event bundles."))

    def _combined_materials(self, members=None):
        """One line per distinct material of the members' items: [{key, name, form, copies, required,
        items, item_materials}] in the order the items list them."""
        self.ensure_one()
        members = self.member_ids if members is None else members
        lines = {}
        for member in members.sorted(lambda m: (m.stage, m.sequence, m.id)):
            item = member._item_in_force() or member.item_id
            for material in item.material_ids:
                key = material_key(material.name)
                line = lines.setdefault(key, {"key": key, "name": material.name, "form": material.form,
                                              "copies": 0, "required": False, "items": [],
                                              "item_materials": self.env["gov.item.material"]})
                line["copies"] = max(line["copies"], material.copies)
                line["required"] = line["required"] or material.required
                if item.name not in line["items"]:
                    line["items"].append(item.name)
                line["item_materials"] |= material
        return list(lines.values())

    def _joint_authorization_problems(self, day=None):
        """Departments lacking the signed authorization joint handling rests on (二(九)): the lead
        department's power to organise, every other department's power to take part."""
        self.ensure_one()
        Delegation = self.env["gov.delegation"].sudo()
        day = day or fields.Date.context_today(self)
        missing = []
        departments = self.member_ids.item_id.department_id | self.lead_department_id
        for dept in departments:
            power = "power_joint_organise" if dept == self.lead_department_id else "power_joint_participate"
            found = Delegation.search_count([("department_id", "=", dept.id), (power, "=", True),
                                             ("state", "=", "active"), ("date_from", "<=", day),
                                             ("date_to", ">=", day)], limit=1)
            if not found:
                missing.append(self.env._("%(dept)s (no active authorization to %(power)s)", dept=dept.name,
                                          power=self.env._("organise joint approval")
                                          if power == "power_joint_organise"
                                          else self.env._("take part in joint approval")))
        return missing

    def _check_publishable(self):
        for bundle in self:
            errors = []
            if len(bundle.member_ids) < 2:
                errors.append(self.env._("A bundle joins at least two items."))
            for member in bundle.member_ids:
                if not member._item_in_force():
                    errors.append(self.env._("%(item)s is not a published item.", item=member.item_id.name))
            if len(bundle.member_ids.item_id.department_id) > 1 or bundle.lead_department_id not in \
                    bundle.member_ids.item_id.department_id:
                errors += bundle._joint_authorization_problems()
            if errors:
                raise UserError(self.env._("%(name)s cannot be published:\n%(errors)s", name=bundle.name,
                                           errors="\n".join(errors)))
            bundle._check_limit_cap()

    # ------------------------------------------------------------ actions
    def action_publish(self):
        self._check_manager()
        if self.filtered(lambda b: b.state != "draft"):
            raise UserError(self.env._("Only a draft bundle is published."))
        self._check_publishable()
        self.sudo().write({"state": "published"})
        return True

    def action_retire(self):
        self._check_manager()
        if self.filtered(lambda b: b.state != "published"):
            raise UserError(self.env._("Only a published bundle is retired."))
        self.sudo().write({"state": "retired"})
        return True

    def action_reset_draft(self):
        self._check_manager()
        open_apps = self.application_ids.filtered(lambda a: a.state in ("draft", "received", "correction"))
        if open_apps:
            raise UserError(self.env._("Applications %(names)s are being received under this bundle: finish them "
                                       "before changing it.", names="、".join(open_apps.mapped("name"))))
        self.sudo().write({"state": "draft"})
        return True

    def action_view_applications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("gov_hall_bundle.gov_bundle_application_action")
        action["domain"] = [("bundle_id", "=", self.id)]
        action["context"] = {"default_bundle_id": self.id}
        return action

    def _public_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/hall/bundle/{self.code}"


class GovBundleLineMixin(models.AbstractModel):
    """Lines of a bundle: frozen with it once published."""
    _name = "gov.bundle.line.mixin"
    _description = "Bundle Line"

    def _check_bundle_draft(self, bundles):
        if not self.env.su and bundles.filtered(lambda b: b.state != "draft"):
            raise UserError(self.env._("The bundle is published: set it back to draft to change its items or "
                                       "its form."))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._check_bundle_draft(records.bundle_id)
        return records

    def write(self, vals):
        self._check_bundle_draft(self.bundle_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        self._check_bundle_draft(self.bundle_id)


class GovBundleMember(models.Model):
    _name = "gov.bundle.member"
    _description = "Bundle Member Item"
    _inherit = ["gov.bundle.line.mixin"]
    _order = "bundle_id, stage, sequence, id"

    bundle_id = fields.Many2one("gov.bundle", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    item_id = fields.Many2one("gov.item", "Item", required=True, ondelete="restrict",
                              domain=[("state", "=", "published")])
    department_id = fields.Many2one(related="item_id.department_id", string="Department")
    promised_limit = fields.Integer(related="item_id.promised_limit", string="Promised Limit")
    stage = fields.Integer("Stage", default=1, required=True,
                           help="Items of the same stage are approved in parallel; a later stage's items are "
                                "decided once the earlier stages are.")
    optional = fields.Boolean("Optional", help="The applicant may leave this item out.")

    _item_uniq = models.Constraint("UNIQUE (bundle_id, item_id)", "An item appears once in a bundle.")

    def _compute_display_name(self):
        for member in self:
            member.display_name = member.item_id.name or ""

    @api.constrains("stage")
    def _check_stage(self):
        for member in self:
            if member.stage < 1:
                raise ValidationError(self.env._("Stages start at 1 (%(item)s).", item=member.item_id.name))

    def _item_in_force(self):
        """The published version of the member's item (a new version replaces the one listed)."""
        self.ensure_one()
        if self.item_id.state == "published":
            return self.item_id
        return self.env["gov.item"].sudo().search([
            ("implementation_code", "=", self.item_id.implementation_code),
            ("department_id", "=", self.item_id.department_id.id), ("state", "=", "published")],
            limit=1).with_env(self.env)


class GovBundleField(models.Model):
    _name = "gov.bundle.field"
    _description = "Combined Form Field"
    _inherit = ["gov.bundle.line.mixin"]
    _order = "bundle_id, sequence, id"

    bundle_id = fields.Many2one("gov.bundle", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Field", required=True)
    field_type = fields.Selection(FIELD_TYPES, "Type", required=True, default="char")
    options = fields.Char("Choices", help="Separated by commas (choice fields).")
    required = fields.Boolean("Required", default=True)
    item_ids = fields.Many2many("gov.item", string="Feeds Items",
                                help="The member cases that receive this field; empty: every member.")
    note = fields.Char("Help")

    @api.constrains("field_type", "options")
    def _check_options(self):
        for field in self:
            if field.field_type == "selection" and len(field._choices()) < 2:
                raise ValidationError(self.env._("Choice field %(name)s needs at least two choices.",
                                                 name=field.name))

    def _choices(self):
        self.ensure_one()
        return [c.strip() for c in re.split(r"[,，、]", self.options or "") if c.strip()]


class GovBundlePublic(models.Model):
    _inherit = "gov.bundle"

    @api.model
    def _gov_public_bundles(self, code=None):
        """Published bundles whose every item is disclosed (a secret item keeps its bundle off the web)."""
        domain = [("state", "=", "published")] + ([("code", "=", code)] if code else [])
        bundles = self.search(domain)
        return bundles.filtered(lambda b: all(m._item_in_force().is_public for m in b.member_ids))

    def _public_windows(self):
        """Windows where the whole bundle can be received at once."""
        self.ensure_one()
        items = [m._item_in_force() for m in self.member_ids]
        windows = self.env["gov.window"].search([("window_type", "in", ("comprehensive", "department"))])
        return windows.filtered(lambda w: all(w._serves(i) for i in items))
