"""Department API /hall/api/v1/ (JSON): authenticated per department by an Odoo API key of a technical user.

Every call is logged; a department only ever touches its own data; anything else is a neutral 404."""
import json

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

API = "/hall/api/v1"


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def _json(payload, status=200):
    return request.make_response(json.dumps(payload, ensure_ascii=False, default=str), status=status, headers=[
        ("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")])


def api_call(handler, authorize, *args):
    """Authenticate the Bearer key, ``authorize(user)`` → the department the key acts for (or None; raise
    ApiError to refuse), run ``handler(env, department, body, *args)`` as the key's user, log, answer JSON.

    The one door of every key-authenticated API of the hall (departments here, the 12345 platform in its addon)."""
    req = request.httprequest
    user = department = None
    status, payload = 200, None
    try:
        header = req.headers.get("Authorization", "")
        key = header[7:].strip() if header.lower().startswith("bearer ") else ""
        uid = request.env["res.users.apikeys"].sudo()._check_credentials(scope="rpc", key=key) if key else None
        if not uid:
            raise ApiError(401, "invalid API key")
        user = request.env["res.users"].sudo().browse(uid)
        department = authorize(user)
        try:
            body = json.loads(req.get_data(as_text=True) or "{}") if req.method == "POST" else {}
        except ValueError as err:
            raise ApiError(400, "the request body is not JSON") from err
        env = request.env(user=uid, context=dict(request.env.context, lang="zh_CN",
                                                 tz=user.tz or "Asia/Shanghai"))
        payload = handler(env, department, body, *args)
    except ApiError as err:
        status, payload = err.status, {"error": err.message}
    except (UserError, AccessError) as err:
        request.env.cr.rollback()
        status, payload = 400, {"error": str(err.args[0])}
    request.env["gov.api.log"]._log(user, department, req.method, req.path, status,
                                    req.remote_addr, (payload or {}).get("error", "") if status != 200 else "")
    return _json(payload, status)


class GovHallApi(http.Controller):

    @staticmethod
    def _department_of(user):
        departments = user.employee_ids.department_id.filtered("is_stationed")
        if len(departments) != 1 or not user.has_group("gov_hall.group_gov_user"):
            raise ApiError(403, "the API key is not bound to one stationed department")
        return departments

    def _call(self, handler, *args):
        """A department's call: ``handler(env, department, body, *args)`` (see ``api_call``)."""
        return api_call(handler, self._department_of, *args)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _own_case(env, department, number):
        case = env["gov.case"].sudo().search([("name", "=", number)], limit=1)
        if not case or department not in (case.department_id | case.item_id.joint_department_ids):
            raise ApiError(404, "not found")
        return case

    @staticmethod
    def _case_json(case):
        return {"number": case.name, "state": case.state, "item_code": case.item_id.implementation_code,
                "received": case.received_date, "accepted": case.accepted_date, "due": case.due_date,
                "legal_due": case.legal_due_date, "current_step": case.current_step or None,
                "decision": case.decision or None, "decided": case.decision_date}

    # ------------------------------------------------------------------ endpoints
    @http.route(f"{API}/tickets", type="http", auth="public", methods=["POST"], csrf=False, save_session=False)
    def take_ticket(self, **kw):
        def handler(env, department, body):
            queue = env["gov.queue"].sudo().search([("prefix", "=", str(body.get("queue") or "").upper()),
                                                    ("department_ids", "in", department.ids)], limit=1)
            if not queue:
                raise ApiError(404, "not found")
            ticket = queue._issue(phone=body.get("phone"), resident_id=body.get("resident_id"))
            values = ticket._public_values()
            values["url"] = f"/hall/queue/{ticket.token}"
            return values
        return self._call(handler)

    @http.route(f"{API}/cases/<string:number>", type="http", auth="public", methods=["GET"], csrf=False,
                save_session=False)
    def case_status(self, number, **kw):
        return self._call(lambda env, department, body: self._case_json(self._own_case(env, department, number)))

    @http.route(f"{API}/cases/<string:number>/steps", type="http", auth="public", methods=["POST"], csrf=False,
                save_session=False)
    def case_step(self, number, **kw):
        """Report the current review step done on the department's own network (its opinion, and at the last
        step the decision): the same checks as in the back office, as the department's API user."""
        def handler(env, department, body):
            case = self._own_case(env, department, number)
            if case.department_id != department:
                raise ApiError(404, "not found")
            case = case.with_env(env)
            case.action_step_done(body.get("opinion"), findings=body.get("findings"),
                                  decision=body.get("decision"), reason=body.get("reason"),
                                  legal_basis=body.get("legal_basis"))
            return self._case_json(case.sudo())
        return self._call(handler)

    @http.route(f"{API}/evaluations", type="http", auth="public", methods=["POST"], csrf=False, save_session=False)
    def push_evaluation(self, **kw):
        """A rating the applicant gave on the department's own terminal (channel 'api')."""
        def handler(env, department, body):
            case = self._own_case(env, department, str(body.get("case") or ""))
            rating = env["gov.evaluation"]._record(str(body.get("level") or ""), "api", case=case,
                                                   comment=body.get("comment"))
            return {"number": rating.sudo().name, "case": case.name, "level": rating.sudo().level}
        return self._call(handler)

    @http.route(f"{API}/openapi.json", type="http", auth="public", methods=["GET"], csrf=False, save_session=False)
    def openapi(self, **kw):
        return _json(OPENAPI)


def _op(summary, body=None, params=None):
    op = {"summary": summary, "security": [{"apiKey": []}],
          "responses": {"200": {"description": "OK (JSON)"},
                        "400": {"description": "refused, with the reason in Chinese"},
                        "401": {"description": "invalid API key"},
                        "403": {"description": "key not bound to one department"},
                        "404": {"description": "not found, or not the department's"}}}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return op


NUMBER = [{"name": "number", "in": "path", "required": True, "schema": {"type": "string"}, "description": "办件编号"}]
OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "政务服务中心 部门专网接口", "version": "1.0.0",
             "description": "Each stationed department working on its own network calls this API with the API key "
                            "of a technical Odoo user who is an employee of that department (Authorization: "
                            "Bearer <key>). Every call is logged; other departments' data answers 404."},
    "servers": [{"url": API}],
    "components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/tickets": {"post": _op("Take a queue ticket for the department's queue", body={
            "type": "object", "required": ["queue"], "properties": {
                "queue": {"type": "string", "description": "queue prefix, e.g. A"},
                "phone": {"type": "string"}, "resident_id": {"type": "string"}}})},
        "/cases/{number}": {"get": _op("A case of the department: state and dates", params=NUMBER)},
        "/cases/{number}/steps": {"post": _op("Report the current review step (and the decision at the last one)",
                                              params=NUMBER, body={
            "type": "object", "required": ["opinion"], "properties": {
                "opinion": {"type": "string"}, "findings": {"type": "string"},
                "decision": {"type": "string", "enum": ["approve", "deny"]},
                "reason": {"type": "string"}, "legal_basis": {"type": "string"}}})},
        "/evaluations": {"post": _op("Push a rating the applicant gave on the department's terminal", body={
            "type": "object", "required": ["case", "level"], "properties": {
                "case": {"type": "string", "description": "办件编号"},
                "level": {"type": "string", "enum": ["5", "4", "3", "2", "1"],
                          "description": "5 非常满意 … 1 非常不满意"},
                "comment": {"type": "string"}}})},
    },
}
