"""The applicant's rating pages: a single-use link (SMS), the web lookup, and the window's rating pad."""
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

LEVEL_LABELS = [("5", "非常满意"), ("4", "满意"), ("3", "基本满意"), ("2", "不满意"), ("1", "非常不满意")]


class GovEvaluationPublic(http.Controller):

    def _render(self, template, **values):
        values.setdefault("levels", LEVEL_LABELS)
        values.setdefault("large", bool(request.params.get("large")))
        return request.render(template, values)

    @http.route("/hall/evaluate/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
    def rate_form(self, token, **kw):
        request.update_context(lang="zh_CN")
        link = request.env["gov.evaluation.token"].sudo()._lookup(token)
        if not link:
            return self._render("gov_hall_evaluation.public_rate_done", unknown=True)
        return self._render("gov_hall_evaluation.public_rate_form", token=token,
                            number=link.case_id.name or link.ticket_id.name,
                            item=link.case_id.item_id.name or "", action=f"/hall/evaluate/{token}")

    @http.route("/hall/evaluate/<string:token>", type="http", auth="public", methods=["POST"], sitemap=False)
    def rate(self, token, level=None, comment=None, **kw):
        request.update_context(lang="zh_CN")
        link = request.env["gov.evaluation.token"].sudo()._lookup(token)
        if not link:
            return self._render("gov_hall_evaluation.public_rate_done", unknown=True)
        try:
            link._use(level, comment)
        except UserError as err:
            request.env.cr.rollback()
            return self._render("gov_hall_evaluation.public_rate_form", token=token, error=str(err.args[0]),
                                number=link.case_id.name or link.ticket_id.name, item=link.case_id.item_id.name or "",
                                action=f"/hall/evaluate/{token}")
        return self._render("gov_hall_evaluation.public_rate_done", unknown=False)

    @http.route("/hall/evaluate", type="http", auth="public", methods=["GET", "POST"], sitemap=False)
    def rate_lookup(self, number=None, phone_tail=None, **kw):
        """Web channel: the case number and the last four digits of the applicant's phone open a rating link."""
        request.update_context(lang="zh_CN")
        if request.httprequest.method == "GET":
            return self._render("gov_hall_evaluation.public_rate_lookup")
        case = request.env["gov.case"].sudo().search([("name", "=", (number or "").strip())], limit=1)
        ok = case and case.state in ("decided", "delivered", "closed", "refused") and phone_tail \
            and len(phone_tail.strip()) == 4 and (case.applicant_phone or "").endswith(phone_tail.strip())
        if not ok:
            # the same answer for an unknown number, a wrong phone or a case not finished yet
            return self._render("gov_hall_evaluation.public_rate_lookup",
                                error="未找到可评价的办件：请核对办件编号和手机号后四位（办结后方可评价）。")
        link = request.env["gov.evaluation.token"].sudo()._issue("web", case=case)
        return request.redirect(f"/hall/evaluate/{link.token}")

    @http.route("/hall/pad/<string:key>", type="http", auth="public", methods=["GET", "POST"], sitemap=False)
    def pad(self, key, level=None, ticket_id=None, **kw):
        """The window's rating pad: the applicant rates the service just finished at this window."""
        request.update_context(lang="zh_CN")
        window = request.env["gov.window"].sudo().search([("pad_key", "=", key)], limit=1) if len(key) >= 16 else None
        if not window:
            raise request.not_found()
        pending = window._pad_pending()
        if request.httprequest.method == "POST" and pending and str(pending.id) == (ticket_id or ""):
            try:
                case = pending.case_ids[:1]
                request.env["gov.evaluation"]._record(level, "pad", case=case or None,
                                                      ticket=None if case else pending)
            except UserError as err:
                request.env.cr.rollback()
                return self._render("gov_hall_evaluation.public_pad", window=window, ticket=pending,
                                    error=str(err.args[0]))
            return self._render("gov_hall_evaluation.public_pad", window=window, ticket=None, thanks=True)
        return self._render("gov_hall_evaluation.public_pad", window=window, ticket=pending)
