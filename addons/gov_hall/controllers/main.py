from odoo import http
from odoo.http import request


class GovHallPublic(http.Controller):

    @http.route("/hall/item/<string:code>", type="http", auth="public", methods=["GET"],
                sitemap=False, readonly=True)
    def item_page(self, code, **kw):
        """Public service guide of a published, disclosed item (never a secret one)."""
        item = request.env["gov.item"].sudo()._gov_public_item(code)
        if not item:
            raise request.not_found()
        lang = item._gov_doc_lang()
        request.update_context(lang=lang)
        return request.render("gov_hall.public_item_page", {"item": item.with_context(lang=lang)})


class GovHallVerify(http.Controller):

    @http.route("/hall/verify/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False,
                readonly=True)
    def verify(self, token, **kw):
        """Public verification of a case document: valid / invalid (with reason) / unknown.

        The same page and status code answer unknown tokens, so nothing tells whether other
        tokens exist; no ID number, phone or address is ever shown and the holder's name is masked.
        """
        values = request.env["gov.case.document"].sudo()._gov_verification_values(token)
        request.update_context(lang=values.get("lang") or "zh_CN")
        return request.render("gov_hall.public_verify_page", values)
