"""Cases received online: submitted on the portal, received at the online window, followed there."""
import base64
import re

from odoo import api, fields, models
from odoo.addons.gov_hall.tools.materials import material_key
from odoo.exceptions import UserError

from ..tools import files

CORRECTION_DAYS = 5


class GovCaseMaterial(models.Model):
    _inherit = "gov.case.material"

    attachment_id = fields.Many2one("ir.attachment", "File", readonly=True, copy=False)
    file_sha256 = fields.Char("File SHA-256", readonly=True, copy=False)
    library_id = fields.Many2one("gov.material.library", "From the Library", readonly=True, copy=False,
                                 index="btree_not_null")
    library_case_id = fields.Many2one(related="library_id.source_case_id", string="Verified in Case")


class GovCase(models.Model):
    _inherit = "gov.case"

    online_user_id = fields.Many2one("res.users", "Online Applicant", readonly=True, copy=False,
                                     index="btree_not_null")
    online_partner_id = fields.Many2one(related="online_user_id.partner_id", string="Online Applicant Contact")
    is_online = fields.Boolean("Applied Online", readonly=True, copy=False, index=True)
    online_submitted_at = fields.Datetime("Submitted Online", readonly=True, copy=False)
    online_token = fields.Char("Submission Token", readonly=True, copy=False)
    delivery_choice = fields.Selection([("electronic", "Electronic Delivery"), ("mail", "By Post"),
                                        ("window", "Collect at the Hall")], "Delivery Chosen", readonly=True,
                                       copy=False)

    _online_token_uniq = models.UniqueIndex("(online_token) WHERE online_token IS NOT NULL",
                                            "This application was already submitted.")

    # ------------------------------------------------------------ submission
    @api.model
    def _online_window(self):
        window = self.env["gov.window"].sudo().search([("window_type", "=", "online"), ("active", "=", True)],
                                                      limit=1)
        if not window:
            raise UserError(self.env._("The hall has no online window open."))
        return window

    @api.model
    def _gov_online_submit(self, user, item, applicant, uploads, library_choice, delivery, marks=None, token=None):
        """The portal's submission: checked, then written by the server in one go.

        ``applicant``: applicant_type, applicant_name, applicant_id_number / applicant_uscc, contact_name;
        ``uploads``: {catalog material id: (file name, bytes)}; ``library_choice``: {material id: library id};
        ``marks``: {material id: "defer" | "pledge"}, the materials the applicant signs a pledge for (with the
        pledge addon; ignored without it)."""
        if not user._is_portal():
            raise UserError(self.env._("Online applications are made by applicants signed in on the portal."))
        if token:
            done = self.sudo().search([("online_token", "=", token)], limit=1)
            if done:
                raise UserError(self.env._("This application was already submitted: case %(name)s.",
                                           name=done.name if done.online_user_id == user else "—"))
        if not item or item.state != "published" or not item.is_public:
            raise UserError(self.env._("This item is not available."))
        window = self._online_window()
        if not window._serves(item):
            raise UserError(window._not_served_message(item))
        if delivery not in dict(self._fields["delivery_choice"].selection):
            raise UserError(self.env._("Choose how the decision is delivered."))
        library = self.env["gov.material.library"].sudo().browse(list(library_choice.values())).exists()
        library._check_usable(user.partner_id)
        for material in item.material_ids.filtered(lambda m: m.id in library_choice):
            entry = library.filtered(lambda e, m=material: e.id == library_choice[m.id])
            if not entry or (entry.kind != "licence" and entry.key != material_key(material.name)):
                raise UserError(self.env._("Choose %(name)s from your library, or upload it.", name=material.name))
        exempt = self._online_exempt_materials(item, marks or {}, applicant)
        files_by_material = {}
        for material in item.material_ids:
            if material.id in library_choice or material.id in exempt:
                continue
            upload = uploads.get(material.id)
            if not upload or not upload[1]:
                if material.required:
                    raise UserError(self.env._("Upload %(name)s (or choose it from your material library).",
                                               name=material.name))
                continue
            filename, data = upload
            if len(data) > files.MAX_BYTES:
                raise UserError(self.env._("%(name)s is %(size).1f MB: files are limited to %(max)s MB.",
                                           name=material.name, size=len(data) / 1048576,
                                           max=files.MAX_BYTES // 1048576))
            kind = files.sniff(data)
            if not kind:
                raise UserError(self.env._("%(name)s: %(file)s is not a %(types)s file.", name=material.name,
                                           file=filename, types=files.ALLOWED_LABEL))
            files_by_material[material.id] = (filename, data, kind)
        vals = dict(applicant, item_id=item.id, window_id=window.id, applicant_phone=user.login,
                    online_user_id=user.id, is_online=True, online_submitted_at=fields.Datetime.now(),
                    online_token=token or False,
                    delivery_choice=delivery, clerk_id=False)
        case = self.sudo().create(vals)
        today = fields.Date.context_today(self)
        case.write({"state": "received", "received_date": today,
                    "correction_deadline": self.env["cn.holiday"].add_working_days(today, CORRECTION_DAYS)})
        case._online_attach(files_by_material, library_choice)
        case._online_apply_marks({m: k for m, k in (marks or {}).items() if m in exempt})
        case.message_post(body=self.env._("Submitted online by %(name)s (%(phone)s).", name=user.name,
                                          phone=user.login))
        return case

    @api.model
    def _online_exempt_materials(self, item, marks, applicant):
        """Catalog material ids the applicant need not upload because they sign a pledge for them
        (hook: the pledge addon's bridge answers; without it nothing is exempt)."""
        return set()

    def _online_apply_marks(self, marks):
        """Record the pledges signed online on the case's material lines (hook, see above)."""

    def _online_attach(self, files_by_material, library_choice):
        """Store each upload as an attachment of its material line, with its hash; link library entries."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        library = self.env["gov.material.library"].sudo()
        for line in self.material_ids:
            material_id = line.item_material_id.id
            if material_id in files_by_material:
                filename, data, (_kind, ext, mimetype) = files_by_material[material_id]
                safe = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", filename.rsplit(".", 1)[0])[:80] or "file"
                attachment = Attachment.create({
                    "name": f"{safe}.{ext}", "raw": data, "mimetype": mimetype,
                    "res_model": "gov.case.material", "res_id": line.id})
                line.sudo().write({"attachment_id": attachment.id, "file_sha256": files.sha256(data),
                                   "submitted": True, "compliant": False})
            elif material_id in library_choice:
                entry = library.browse(library_choice[material_id])
                line.sudo().write({"attachment_id": entry.attachment_id.id, "file_sha256": entry.sha256,
                                   "library_id": entry.id, "submitted": True, "compliant": False})

    def _gov_online_resubmit(self, user, uploads):
        """The applicant answers the correction notice on the portal (no visit to the hall)."""
        self.ensure_one()
        if self.online_user_id != user:
            raise UserError(self.env._("This case is not yours."))
        self._lock()
        self._check_state("correction")
        lines = self.material_ids.filtered(lambda m: m.notice_count == self.correction_count)
        files_by_material = {}
        for line in lines:
            upload = uploads.get(line.id)
            if not upload or not upload[1]:
                raise UserError(self.env._("Upload %(name)s asked for in the correction notice.", name=line.name))
            filename, data = upload
            kind = files.sniff(data)
            if len(data) > files.MAX_BYTES or not kind:
                raise UserError(self.env._("%(name)s: upload a %(types)s file of at most %(max)s MB.",
                                           name=line.name, types=files.ALLOWED_LABEL, max=files.MAX_BYTES // 1048576))
            files_by_material[line.item_material_id.id] = (filename, data, kind)
        self.sudo().write({"state": "received"})
        self.sudo()._online_attach(files_by_material, {})
        lines.sudo().write({"resubmitted": True, "library_id": False})
        self.message_post(body=self.env._("Corrected materials submitted online: %(names)s",
                                          names="、".join(lines.mapped("name"))))
        return True

    # ------------------------------------------------------------ the window's actions, online
    def action_correction_notice(self):
        res = super().action_correction_notice()
        for case in self.filtered("is_online"):
            names = "、".join(case.material_ids.filtered(
                lambda m, c=case: m.notice_count == c.correction_count).mapped("name"))
            self.env["sms.sms"].sudo().create({"number": case.applicant_phone, "body": self.env._(
                "[%(hall)s] Case %(case)s needs corrected materials (%(names)s): see the notice and upload them "
                "on the online hall.", hall=self.env.company.name, case=case.name, names=names)})
        return res

    def action_accept(self):
        res = super().action_accept()
        self.env["gov.material.library"]._add_from_cases(self.filtered("is_online"))
        return res

    def action_deliver(self, method="window"):
        res = super().action_deliver(method)
        approved = self.filtered(lambda c: c.is_online and c.decision == "approve")
        self.env["gov.material.library"]._add_from_cases(approved, kind="licence")
        for case in self.filtered(lambda c: c.is_online and method == "electronic"):
            case._decision_document()._render_pdf()
            self.env["sms.sms"].sudo().create({"number": case.applicant_phone, "body": self.env._(
                "[%(hall)s] The decision on case %(case)s is delivered on the online hall.",
                hall=self.env.company.name, case=case.name)})
        return res

    # ------------------------------------------------------------ portal
    def _portal_documents(self):
        """The documents the applicant may download: every valid notice and decision of the case."""
        self.ensure_one()
        return self.sudo().document_ids

    def _portal_file(self, doc_id):
        doc = self._portal_documents().filtered(lambda d: d.id == doc_id)
        if not doc:
            return None
        doc._render_pdf()
        return doc, base64.b64decode(doc.attachment_id.datas)
