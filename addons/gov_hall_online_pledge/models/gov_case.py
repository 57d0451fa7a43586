from odoo import api, models
from odoo.exceptions import UserError


class GovCase(models.Model):
    _inherit = "gov.case"

    @api.model
    def _online_exempt_materials(self, item, marks, applicant):
        """Materials the applicant signs a pledge for: only those the catalog allows, never for an applicant
        on the credit list."""
        exempt = super()._online_exempt_materials(item, marks, applicant)
        if not marks:
            return exempt
        kind = applicant.get("applicant_type")
        identifier = (applicant.get("applicant_uscc") if kind == "company" else applicant.get("applicant_id_number"))
        flags = self.env["gov.applicant.flag"]._active_for((identifier or "").strip().upper())
        if flags:
            raise UserError(self.env._(
                "You are on the credit list (失信/违诺) since %(date)s: deferred materials (容缺) and pledges "
                "(告知承诺) are not available; upload every material.", date=flags[0].date))
        materials = item.material_ids.filtered(lambda m: m.id in marks)
        for material in materials:
            allowed = material.may_defer if marks[material.id] == "defer" else material.may_pledge
            if not allowed:
                raise UserError(self.env._("%(name)s cannot be replaced by a pledge: upload it.",
                                           name=material.name))
        return exempt | set(materials.ids)

    def _online_apply_marks(self, marks):
        super()._online_apply_marks(marks)
        if not marks:
            return
        lines = self.material_ids.filtered(lambda m: m.item_material_id.id in marks)
        deferred = lines.filtered(lambda m: marks[m.item_material_id.id] == "defer")
        pledged = lines - deferred
        deferred.sudo().write({"deferred": True, "submitted": False})
        pledged.sudo().write({"by_pledge": True, "submitted": False})
        parts = []
        if deferred:
            parts.append(self.env._("to make up later (容缺): %(names)s", names="、".join(deferred.mapped("name"))))
        if pledged:
            parts.append(self.env._("replaced by the pledge (告知承诺): %(names)s",
                                    names="、".join(pledged.mapped("name"))))
        self.message_post(body=self.env._("The applicant signed the pledge letter online — %(parts)s. Accept "
                                          "under the pledge once the other materials are checked.",
                                          parts="；".join(parts)))
