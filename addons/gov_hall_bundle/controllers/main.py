"""Public pages of the life-event bundles (一件事一次办) in the catalog."""
from odoo import http
from odoo.http import request

CACHE_PUBLIC = ("Cache-Control", "public, max-age=300")


class GovBundlePublic(http.Controller):

    @http.route("/hall/bundles", type="http", auth="public", methods=["GET"], sitemap=True, readonly=True)
    def bundles(self, **kw):
        request.update_context(lang="zh_CN")
        bundles = request.env["gov.bundle"].sudo()._gov_public_bundles()
        response = request.render("gov_hall_bundle.public_bundles", {"bundles": bundles})
        response.headers[CACHE_PUBLIC[0]] = CACHE_PUBLIC[1]
        return response

    @http.route("/hall/bundle/<string:code>", type="http", auth="public", methods=["GET"], sitemap=False,
                readonly=True)
    def bundle_page(self, code, **kw):
        bundle = request.env["gov.bundle"].sudo()._gov_public_bundles(code)
        if not bundle:
            raise request.not_found()
        request.update_context(lang="zh_CN")
        bundle = bundle.with_context(lang="zh_CN")
        return request.render("gov_hall_bundle.public_bundle_page", {
            "bundle": bundle, "materials": bundle._combined_materials(),
            "windows": bundle._public_windows()})
