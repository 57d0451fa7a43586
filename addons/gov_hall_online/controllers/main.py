"""The online hall (网上办事大厅): sign-in by SMS code, online application, my cases."""
import uuid
from urllib.parse import quote

import odoo
from odoo import http
from odoo.addons.gov_hall.tools.materials import material_key
from odoo.exceptions import UserError, ValidationError
from odoo.http import request


def _safe_redirect(target):
    return target if (target or "").startswith("/") and not target.startswith("//") else "/my/hall"


class GovHallOnline(http.Controller):

    # ------------------------------------------------------------------ sign-in
    def _render_login(self, **values):
        request.update_context(lang="zh_CN")
        values.setdefault("redirect", "/my/hall")
        return request.render("gov_hall_online.online_login", values)

    @http.route("/hall/online/login", type="http", auth="public", methods=["GET"],
                sitemap=False, website=True)
    def login(self, redirect=None, **kw):
        if not request.env.user._is_public():
            return request.redirect(_safe_redirect(redirect))
        return self._render_login(redirect=_safe_redirect(redirect), step="phone")

    @http.route("/hall/online/login/send", type="http", auth="public", methods=["POST"],
                sitemap=False, website=True)
    def login_send(self, phone="", redirect=None, **kw):
        redirect = _safe_redirect(redirect)
        try:
            phone = request.env["gov.online.code"]._send(phone, request.httprequest.remote_addr)
        except UserError as err:
            return self._render_login(redirect=redirect, step="phone", phone=phone, error=err.args[0])
        return self._render_login(redirect=redirect, step="code", phone=phone)

    @http.route("/hall/online/login/verify", type="http", auth="public", methods=["POST"],
                sitemap=False, website=True)
    def login_verify(self, phone="", code="", redirect=None, **kw):
        redirect = _safe_redirect(redirect)
        Code = request.env["gov.online.code"]
        try:
            phone = Code._normalize(phone)
        except UserError as err:
            return self._render_login(redirect=redirect, step="phone", error=err.args[0])
        user = request.env["res.users"]._gov_online_user(phone)
        try:
            if not user:
                raise odoo.exceptions.AccessDenied()
            request.session.authenticate(request.env, {"type": "gov_sms", "login": phone, "code": code})
        except odoo.exceptions.AccessDenied:
            return self._render_login(redirect=redirect, step="code", phone=phone,
                                      error=request.env._("The code is wrong or has expired."))
        return request.redirect(redirect)

    def _require_applicant(self):
        if request.env.user._is_public():
            path = request.httprequest.full_path.rstrip("?")
            return request.redirect(f"/hall/online/login?redirect={quote(path)}")
        if not request.env.user._is_portal():
            request.update_context(lang="zh_CN")
            return request.render("gov_hall_online.online_message", {
                "message": request.env._("Staff accounts do not apply online: sign in as an applicant.")})
        return None

    # ------------------------------------------------------------------ apply
    def _online_item(self, code):
        item = request.env["gov.item"].sudo()._gov_public_item(code)
        return item if item and item.online_level in ("partial", "full") else None

    def _apply_values(self, item, **extra):
        user = request.env.user
        entries = request.env["gov.material.library"].sudo().search(
            [("partner_id", "=", user.partner_id.id), ("active", "=", True)])
        today = odoo.fields.Date.context_today(entries)
        library = {}
        for material in item.material_ids:
            key = material_key(material.name)
            library[material.id] = entries.filtered(lambda e, k=key: e.key == k and (
                not e.valid_until or e.valid_until >= today))
        values = {"item": item, "user": user, "library": library, "values": {}, "token": uuid.uuid4().hex}
        values.update(extra)
        return values

    @http.route("/hall/online/apply/<string:code>", type="http", auth="public", methods=["GET"],
                sitemap=False, website=True)
    def apply_form(self, code, **kw):
        redirect = self._require_applicant()
        if redirect:
            return redirect
        item = self._online_item(code)
        if not item:
            raise request.not_found()
        request.update_context(lang="zh_CN")
        return request.render("gov_hall_online.online_apply", self._apply_values(item))

    @http.route("/hall/online/apply/<string:code>", type="http", auth="public", methods=["POST"],
                sitemap=False, website=True)
    def apply_submit(self, code, **post):
        redirect = self._require_applicant()
        if redirect:
            return redirect
        item = self._online_item(code)
        if not item:
            raise request.not_found()
        request.update_context(lang="zh_CN")
        token = (post.get("submission_token") or "")[:64] or None
        if token:  # the same form sent twice (a double click, a reload): the case already made
            done = request.env["gov.case"].sudo().search(
                [("online_token", "=", token), ("online_user_id", "=", request.env.user.id)], limit=1)
            if done:
                return request.redirect(f"/my/hall/case/{done.id}")
        files = request.httprequest.files
        uploads, library, marks = {}, {}, {}
        for material in item.material_ids:
            mark = post.get(f"pledge_{material.id}")
            if mark in ("defer", "pledge"):
                marks[material.id] = mark
            storage = files.get(f"material_{material.id}")
            if storage and storage.filename:
                uploads[material.id] = (storage.filename, storage.read())
            choice = post.get(f"library_{material.id}") or ""
            if choice.isdigit():
                library[material.id] = int(choice)
        applicant = {"applicant_type": "company" if post.get("applicant_type") == "company" else "person",
                     "applicant_name": (post.get("applicant_name") or "").strip()[:100],
                     "contact_name": (post.get("contact_name") or "").strip()[:100] or False}
        if applicant["applicant_type"] == "company":
            applicant["applicant_uscc"] = (post.get("applicant_uscc") or "").strip().upper()[:18]
        else:
            applicant["applicant_id_number"] = (post.get("applicant_id_number") or "").strip().upper()[:18]
        try:
            if not applicant["applicant_name"]:
                raise UserError(request.env._("Give the applicant's name."))
            if marks and not post.get("pledge_consent"):
                raise UserError(request.env._("Read and sign the pledge letter for the materials you will not "
                                              "upload now."))
            with request.env.cr.savepoint():
                case = request.env["gov.case"]._gov_online_submit(
                    request.env.user, item, applicant, uploads, library, post.get("delivery") or "electronic",
                    marks=marks, token=token)
        except (UserError, ValidationError) as err:
            return request.render("gov_hall_online.online_apply", self._apply_values(
                item, error=err.args[0], values=post))
        return request.redirect(f"/my/hall/case/{case.id}")

    # ------------------------------------------------------------------ my cases
    def _own_case(self, case_id):
        case = request.env["gov.case"].sudo().search(
            [("id", "=", case_id), ("online_user_id", "=", request.env.user.id)], limit=1)
        if not case:
            raise request.not_found()
        return case

    @http.route("/my/hall", type="http", auth="public", methods=["GET"],
                sitemap=False, website=True)
    def my_cases(self, **kw):
        redirect = self._require_applicant()
        if redirect:
            return redirect
        request.update_context(lang="zh_CN")
        cases = request.env["gov.case"].sudo().search([("online_user_id", "=", request.env.user.id)])
        items = request.env["gov.item"].sudo().search([("state", "=", "published"), ("is_public", "=", True),
                                                       ("online_level", "in", ("partial", "full"))], limit=200)
        return request.render("gov_hall_online.online_my_cases", {"cases": cases, "items": items})

    @http.route("/my/hall/case/<int:case_id>", type="http", auth="public", methods=["GET"],
                sitemap=False, website=True)
    def my_case(self, case_id, **kw):
        redirect = self._require_applicant()
        if redirect:
            return redirect
        request.update_context(lang="zh_CN")
        case = self._own_case(case_id)
        return request.render("gov_hall_online.online_case", {"case": case, "error": kw.get("error")})

    @http.route("/my/hall/case/<int:case_id>/resubmit", type="http", auth="public", methods=["POST"],
                sitemap=False, website=True)
    def my_case_resubmit(self, case_id, **post):
        redirect = self._require_applicant()
        if redirect:
            return redirect
        request.update_context(lang="zh_CN")
        case = self._own_case(case_id)
        uploads = {}
        for line in case.material_ids:
            storage = request.httprequest.files.get(f"material_{line.id}")
            if storage and storage.filename:
                uploads[line.id] = (storage.filename, storage.read())
        try:
            with request.env.cr.savepoint():
                case._gov_online_resubmit(request.env.user, uploads)
        except (UserError, ValidationError) as err:
            return request.render("gov_hall_online.online_case", {"case": case, "error": err.args[0]})
        return request.redirect(f"/my/hall/case/{case.id}")

    @http.route("/my/hall/case/<int:case_id>/document/<int:doc_id>", type="http", auth="public",
                methods=["GET"],
                sitemap=False, website=True)
    def my_case_document(self, case_id, doc_id, **kw):
        redirect = self._require_applicant()
        if redirect:
            return redirect
        found = self._own_case(case_id)._portal_file(doc_id)
        if not found:
            raise request.not_found()
        doc, pdf = found
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), ("X-Content-Type-Options", "nosniff"),
            ("Content-Disposition", f"attachment; filename*=UTF-8''{quote(doc.attachment_id.name)}"),
            ("Cache-Control", "no-store")])
