"""The hall floor's public pages: the ticket kiosk, the card reader endpoint, 'my place' and the display."""
import hmac
import json

from odoo import http
from odoo.addons.gov_hall.tools.qr import qr_data_uri
from odoo.exceptions import UserError
from odoo.http import request

from ..models.gov_queue import hall_now


def _json(payload, status=200):
    return request.make_response(json.dumps(payload, ensure_ascii=False), status=status, headers=[
        ("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")])


class GovQueuePublic(http.Controller):

    def _kiosk_allowed(self):
        """Kiosks may be limited to the hall's addresses (setting gov_hall_queue.kiosk_ips, comma-separated)."""
        allowed = request.env["ir.config_parameter"].sudo().get_param("gov_hall_queue.kiosk_ips", "")
        allowed = {ip.strip() for ip in allowed.split(",") if ip.strip()}
        return not allowed or request.httprequest.remote_addr in allowed

    def _kiosk_values(self, **extra):
        queues = request.env["gov.queue"].sudo().search([])
        priorities = request.env["gov.queue.priority"].sudo().search([])
        return {"queues": queues, "priorities": priorities, "large": bool(request.params.get("large")),
                "error": False, **extra}

    def _ticket_page(self, ticket):
        values = ticket._public_values()
        url = f"{request.httprequest.host_url.rstrip('/')}/hall/queue/{ticket.token}"
        values.update(qr=qr_data_uri(url, box_size=5), url=url, large=bool(request.params.get("large")),
                      issued=hall_now(request.env).strftime("%Y-%m-%d %H:%M"))
        return request.render("gov_hall_queue.public_ticket_issued", values)

    @http.route("/hall/ticket", type="http", auth="public", methods=["GET"], sitemap=False)
    def kiosk(self, **kw):
        request.update_context(lang="zh_CN")
        return request.render("gov_hall_queue.public_kiosk", self._kiosk_values())

    @http.route("/hall/ticket", type="http", auth="public", methods=["POST"], sitemap=False)
    def kiosk_issue(self, queue_id=None, priority_id=None, phone=None, resident_id=None, **kw):
        request.update_context(lang="zh_CN")
        if not self._kiosk_allowed():
            raise request.not_found()
        env = request.env
        queue = env["gov.queue"].sudo().browse(int(queue_id or 0)).exists() if (queue_id or "").isdigit() else None
        try:
            if not queue:
                raise UserError(env._("Choose the business you came for."))
            priority = env["gov.queue.priority"].sudo().browse(int(priority_id)).exists() \
                if (priority_id or "").isdigit() else None
            ticket = queue._issue(priority=priority, phone=phone, resident_id=resident_id)
        except UserError as err:
            request.env.cr.rollback()
            return request.render("gov_hall_queue.public_kiosk", self._kiosk_values(error=str(err.args[0])))
        return self._ticket_page(ticket)

    @http.route("/hall/ticket/checkin", type="http", auth="public", methods=["POST"], sitemap=False)
    def kiosk_check_in(self, code=None, phone_tail=None, **kw):
        """An appointment checks in with its booking code and the last four digits of the phone booked."""
        request.update_context(lang="zh_CN")
        if not self._kiosk_allowed():
            raise request.not_found()
        env = request.env
        booking = env["gov.queue.appointment"].sudo().search([("name", "=", (code or "").strip().upper())], limit=1)
        try:
            if not booking or not phone_tail or not booking.phone.endswith(phone_tail.strip()):
                raise UserError(env._("No appointment matches this booking code and phone number."))
            ticket = booking._check_in()
        except UserError as err:
            request.env.cr.rollback()
            return request.render("gov_hall_queue.public_kiosk", self._kiosk_values(error=str(err.args[0])))
        return self._ticket_page(ticket)

    @http.route("/hall/ticket/card", type="http", auth="public", methods=["POST"], csrf=False, sitemap=False,
                save_session=False)
    def card_reader(self, **kw):
        """Local ID-card reader: POST JSON {"queue": "A", "id_number": "...", "phone": "..."} with the header
        X-Kiosk-Key (setting gov_hall_queue.kiosk_key). Answers the ticket as JSON, or {"error": "..."}."""
        request.update_context(lang="zh_CN")
        env = request.env
        key = env["ir.config_parameter"].sudo().get_param("gov_hall_queue.kiosk_key", "")
        sent = request.httprequest.headers.get("X-Kiosk-Key", "")
        if not key or not hmac.compare_digest(key, sent):
            return _json({"error": "forbidden"}, 403)
        try:
            data = json.loads(request.httprequest.get_data(as_text=True) or "{}")
        except ValueError:
            return _json({"error": env._("The request body is not JSON.")}, 400)
        queue = env["gov.queue"].sudo().search([("prefix", "=", str(data.get("queue") or "").upper())], limit=1)
        try:
            if not queue:
                raise UserError(env._("Unknown queue %(q)s.", q=data.get("queue")))
            if not data.get("id_number"):
                raise UserError(env._("The card reader sent no ID number."))
            ticket = queue._issue(phone=data.get("phone"), resident_id=data.get("id_number"))
        except UserError as err:
            env.cr.rollback()
            return _json({"error": str(err.args[0])}, 400)
        values = ticket._public_values()
        values["url"] = f"/hall/queue/{ticket.token}"
        return _json(values)

    @http.route("/hall/queue/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False,
                readonly=True)
    def my_place(self, token, **kw):
        """The ticket's own page (by its unguessable token): people ahead and the estimated wait."""
        request.update_context(lang="zh_CN")
        ticket = request.env["gov.queue.ticket"].sudo().search([("token", "=", token)], limit=1) \
            if len(token) >= 20 else None
        if not ticket:
            raise request.not_found()
        values = ticket._public_values()
        values["large"] = bool(request.params.get("large"))
        values["auto"] = not request.params.get("noauto")  # WCAG 2.2.1: the reader can stop the refresh
        return request.render("gov_hall_queue.public_my_place", values)

    @http.route("/hall/display", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True)
    def display(self, **kw):
        request.update_context(lang="zh_CN")
        feed = request.env["gov.queue.ticket"].sudo()._display_feed()
        return request.render("gov_hall_queue.public_display", {"feed": feed, "large": True,
                                                                 "hall": request.env.company.name})

    @http.route("/hall/display/feed", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True)
    def display_feed(self, **kw):
        """The display's JSON, polled every second: latest calls and waiting counts."""
        return _json(request.env["gov.queue.ticket"].sudo()._display_feed())
