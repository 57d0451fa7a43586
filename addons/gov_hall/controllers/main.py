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
