"""Public disclosure pages: the item catalog, progress lookup and the decisions list (no JavaScript needed)."""
import base64

from odoo import http
from odoo.addons.gov_hall.models.gov_item import ITEM_TYPES
from odoo.http import request

CACHE_PUBLIC = ("Cache-Control", "public, max-age=300")


class GovHallPortal(http.Controller):

    @http.route("/hall/items", type="http", auth="public", methods=["GET"], sitemap=True, readonly=True)
    def items(self, q=None, department=None, type=None, page="1", **kw):
        request.update_context(lang="zh_CN")
        department_id = int(department) if (department or "").isdigit() else None
        item_type = type if type in dict(ITEM_TYPES) else None
        page = int(page) if (page or "").isdigit() and int(page) > 0 else 1
        Item = request.env["gov.item"]
        items, total = Item._gov_public_catalog((q or "").strip()[:100] or None, department_id, item_type, page)
        departments = request.env["hr.department"].sudo().search_fetch(
            [("is_stationed", "=", True), ("gov_code", "!=", False)], ["name"], order="name")
        response = request.render("gov_hall_portal.public_items", {
            "items": items, "total": total, "page": page, "pages": max((total + 29) // 30, 1), "q": q or "",
            "department_id": department_id, "item_type": item_type or "", "departments": departments,
            "types": [(k, v) for k, v in Item._fields["item_type"]._description_selection(request.env)]})
        response.headers[CACHE_PUBLIC[0]] = CACHE_PUBLIC[1]
        return response

    @http.route("/hall/item/<string:code>/guide.pdf", type="http", auth="public", methods=["GET"], sitemap=False,
                readonly=True)
    def item_guide_pdf(self, code, **kw):
        item = request.env["gov.item"].sudo()._gov_public_item(code)
        if not item:
            raise request.not_found()
        pdf, _kind = request.env["ir.actions.report"].sudo().with_context(lang=item._gov_doc_lang())._render_qweb_pdf(
            "gov_hall.action_report_gov_item_guide", item.ids)
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), CACHE_PUBLIC,
            ("Content-Disposition", f"inline; filename=guide-{item.implementation_code}.pdf")])

    @http.route("/hall/item/<string:code>/material/<int:material_id>", type="http", auth="public", methods=["GET"],
                sitemap=False, readonly=True)
    def item_material_template(self, code, material_id, **kw):
        item = request.env["gov.item"].sudo()._gov_public_item(code)
        material = item.material_ids.filtered(lambda m: m.id == material_id and m.template_file) if item else None
        if not material:
            raise request.not_found()
        name = material.template_filename or f"{material.name}.pdf"
        return request.make_response(base64.b64decode(material.template_file), headers=[
            ("Content-Type", "application/octet-stream"), CACHE_PUBLIC,
            ("Content-Disposition", http.content_disposition(name))])

    @http.route("/hall/progress", type="http", auth="public", methods=["GET", "POST"], sitemap=True)
    def progress(self, number=None, phone_tail=None, **kw):
        """Case number + the last four digits of the applicant's phone; every failure gets the same answer."""
        request.update_context(lang="zh_CN")
        values = {"number": (number or "")[:40], "progress": None, "error": None}
        if request.httprequest.method == "POST":
            case = request.env["gov.portal.throttle"]._lookup(request.httprequest.remote_addr, number, phone_tail)
            if case:
                values["progress"] = case._gov_public_progress()
            else:
                values["error"] = "未查询到办件：请核对办件编号和手机号后四位；多次输错请稍后再试。"
        return request.render("gov_hall_portal.public_progress", values)

    @http.route("/hall/decisions", type="http", auth="public", methods=["GET"], sitemap=True, readonly=True)
    def decisions(self, page="1", **kw):
        request.update_context(lang="zh_CN")
        page = int(page) if (page or "").isdigit() and int(page) > 0 else 1
        rows, total = request.env["gov.case"]._gov_public_decisions(page)
        response = request.render("gov_hall_portal.public_decisions", {
            "rows": rows, "total": total, "page": page, "pages": max((total + 29) // 30, 1)})
        response.headers[CACHE_PUBLIC[0]] = CACHE_PUBLIC[1]
        return response
