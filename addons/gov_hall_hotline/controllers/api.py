"""12345 platform API: /hall/api/v1/hotline/ (JSON), with the department API's keys and call log.

The platform's technical user (group "12345 Platform API") holds an Odoo API key (Authorization:
Bearer <key>). A department's key is refused (403); every call, accepted or refused, is logged in
``gov.api.log``."""

from odoo import http
from odoo.addons.gov_hall_portal.controllers.api import API, ApiError, _json, api_call

HOTLINE = f"{API}/hotline"


class GovHotlineApi(http.Controller):

    @staticmethod
    def _platform_user(user):
        if not user.has_group("gov_hall_hotline.group_hotline_api"):
            raise ApiError(403, "the API key is not the 12345 platform's")

    def _hotline_call(self, handler, *args):
        """The platform's call: ``handler(env, body, *args)`` through the hall's API door (key, log, JSON)."""
        return api_call(lambda env, _department, body, *rest: handler(env, body, *rest), self._platform_user,
                        *args)

    @http.route(f"{HOTLINE}/orders", type="http", auth="public", methods=["POST"], csrf=False, save_session=False)
    def receive_orders(self, **kw):
        """One work order (a JSON object) or several (a list): all valid, or none registered."""
        def handler(env, body):
            if not isinstance(body, (list, dict)) or not body:
                raise ApiError(400, "send a work order object or a list of them")
            result = env["gov.hotline.order"]._gov_api_receive(body)
            return {"created": result["created"], "updated": result["updated"],
                    "already_imported": result["already"]}
        return self._hotline_call(handler)

    @http.route(f"{HOTLINE}/orders/<string:number>", type="http", auth="public", methods=["GET"], csrf=False,
                save_session=False)
    def order_status(self, number, **kw):
        def handler(env, body):
            # the platform reads back its own orders: the key's group was checked above
            order = env["gov.hotline.order"].sudo().search([("name", "=", number)], limit=1)
            if not order:
                raise ApiError(404, "not found")
            return order.with_env(env).sudo()._gov_api_values()
        return self._hotline_call(handler)

    @http.route(f"{HOTLINE}/openapi.json", type="http", auth="public", methods=["GET"], csrf=False,
                save_session=False)
    def openapi(self, **kw):
        return _json(OPENAPI)


_ERRORS = {"200": {"description": "OK (JSON)"}, "400": {"description": "refused, with every bad order in Chinese"},
           "401": {"description": "invalid API key"}, "403": {"description": "not the 12345 platform's key"},
           "404": {"description": "no such work order"}}
ORDER = {"type": "object", "required": ["number", "received_at", "category", "title", "content", "deadline"],
         "properties": {
             "number": {"type": "string", "description": "工单编号"},
             "received_at": {"type": "string", "description": "受理时间, 2026-12-01 09:30:00 (local time)"},
             "category": {"type": "string", "enum": ["咨询", "求助", "投诉", "建议", "举报", "表扬"],
                          "description": "诉求类型"},
             "title": {"type": "string", "description": "标题"},
             "content": {"type": "string", "description": "诉求内容"},
             "caller_name": {"type": "string", "description": "来电人"},
             "caller_phone": {"type": "string", "description": "联系电话"},
             "department": {"type": "string", "description": "涉及部门"},
             "item": {"type": "string", "description": "涉及事项"},
             "deadline": {"type": "string", "format": "date", "description": "办理时限, 2026-12-08"}}}
OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "政务服务中心 12345 工单接口", "version": "1.0.0",
             "description": "The 12345 platform sends work orders and reads back their state and the hall's "
                            "reply, with the API key of its technical user (Authorization: Bearer <key>). "
                            "Keys may also use the Chinese column titles of the file layout. A list with any "
                            "bad order is refused as a whole. Every call is logged."},
    "servers": [{"url": HOTLINE}],
    "components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/orders": {"post": {"summary": "Register one work order or a list of them", "security": [{"apiKey": []}],
                             "requestBody": {"required": True, "content": {"application/json": {"schema": {
                                 "oneOf": [ORDER, {"type": "array", "items": ORDER}]}}}},
                             "responses": _ERRORS}},
        "/orders/{number}": {"get": {"summary": "State and reply of a work order", "security": [{"apiKey": []}],
                                     "parameters": [{"name": "number", "in": "path", "required": True,
                                                     "schema": {"type": "string"}, "description": "工单编号"}],
                                     "responses": _ERRORS}},
    },
}
