"""一次提交、多次复用: the applicant's material library."""
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.addons.gov_hall.tools.materials import material_key
from odoo.exceptions import UserError

LIBRARY_DAYS = 365      # a verified material stays usable a year unless it says otherwise
LICENCE_DAYS = 5 * 365  # a licence issued by the hall: five years


class GovMaterialLibrary(models.Model):
    _name = "gov.material.library"
    _description = "Applicant Material Library"
    _inherit = ["gov.guarded.mixin"]
    _order = "partner_id, name, valid_until desc, id desc"
    _gov_client_create = False
    _gov_client_unlink = False

    partner_id = fields.Many2one("res.partner", "Applicant", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    name = fields.Char("Material", required=True, readonly=True)
    key = fields.Char(required=True, readonly=True, index=True)
    kind = fields.Selection([("verified", "Verified in a Case"), ("licence", "Issued by the Hall")], "Source",
                            required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", "File", required=True, readonly=True, ondelete="restrict")
    sha256 = fields.Char("SHA-256", readonly=True)
    source_case_id = fields.Many2one("gov.case", "Source Case", readonly=True, index=True, ondelete="set null")
    verified_date = fields.Date("Verified On", readonly=True)
    valid_until = fields.Date("Valid Until", readonly=True, index=True)
    active = fields.Boolean(default=True, readonly=True)
    use_count = fields.Integer(compute="_compute_use_count", string="Reused")
    is_valid = fields.Boolean(compute="_compute_is_valid", string="Valid")

    def _compute_use_count(self):
        counts = dict(self.env["gov.case.material"].sudo()._read_group(
            [("library_id", "in", self.ids)], ["library_id"], ["__count"]))
        for entry in self:
            entry.use_count = counts.get(entry, 0)

    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for entry in self:
            entry.is_valid = entry.active and (not entry.valid_until or entry.valid_until >= today)

    @api.model
    def _add_from_cases(self, cases, kind="verified"):
        """Keep the materials verified in ``cases`` (or, kind licence, their approval decisions)."""
        today = fields.Date.context_today(self)
        vals = []
        for case in cases.filtered("online_partner_id"):
            if kind == "licence":
                doc = case._decision_document()
                if not doc:
                    continue
                doc._render_pdf()
                name = self.env._("Licence: %(item)s", item=case.item_id.name)
                vals.append({"partner_id": case.online_partner_id.id, "name": name, "key": material_key(name),
                             "kind": "licence", "attachment_id": doc.attachment_id.id,
                             "sha256": doc.attachment_id.checksum, "source_case_id": case.id,
                             "verified_date": today, "valid_until": today + timedelta(days=LICENCE_DAYS)})
                continue
            for line in case.material_ids.filtered(lambda m: m.compliant and m.attachment_id and not m.library_id):
                vals.append({"partner_id": case.online_partner_id.id, "name": line.name,
                             "key": material_key(line.name), "kind": "verified",
                             "attachment_id": line.attachment_id.id, "sha256": line.file_sha256,
                             "source_case_id": case.id, "verified_date": today,
                             "valid_until": today + timedelta(days=LIBRARY_DAYS)})
        return self.sudo().create(vals)

    def _check_usable(self, partner):
        for entry in self:
            if entry.partner_id != partner:
                raise UserError(self.env._("This material is not in your library."))
            if not entry.is_valid:
                raise UserError(self.env._(
                    "%(name)s in your material library expired on %(date)s: upload it again.",
                    name=entry.name, date=entry.valid_until))

    def action_withdraw(self):
        """The back office withdraws an entry found wrong (a revoked licence, a forged copy)."""
        check_group(self.env, "gov_hall.group_gov_back_office",
                    self.env._("Only the back office withdraws a material from a library."))
        self.sudo().write({"active": False})
        return True
