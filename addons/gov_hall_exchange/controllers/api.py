"""Department API: a department's system reports the decision of its own case over its registered line."""
import copy

from odoo import http
from odoo.addons.gov_hall_portal.controllers.api import API, NUMBER, OPENAPI, ApiError, GovHallApi, _json, _op

RESULT_PATH = "/cases/{number}/result"
RESULT_OP = _op("Report the decision of the department's own case (at its last review step), over the line "
                "registered for the API user", params=NUMBER, body={
                    "type": "object", "required": ["decision", "opinion"], "properties": {
                        "decision": {"type": "string", "enum": ["approve", "deny"]},
                        "opinion": {"type": "string", "description": "办理意见"},
                        "reason": {"type": "string", "description": "不予许可的理由"},
                        "legal_basis": {"type": "string", "description": "法律依据"},
                        "document_no": {"type": "string", "maxLength": 64, "description": "证照/文书编号"}}})


class GovHallExchangeApi(GovHallApi):

    @http.route(f"{API}/cases/<string:number>/result", type="http", auth="public", methods=["POST"], csrf=False,
                save_session=False)
    def case_result(self, number, **kw):
        """The decision, through the same checked step action as in the back office; only the department's own
        case (another's answers 404) and only over an active line registered for the API user (else 403)."""
        def handler(env, department, body):
            case = self._own_case(env, department, number)
            if case.department_id != department:
                raise ApiError(404, "not found")
            line = env["gov.dept.line"]._line_of(env.user)
            if not line or line.department_id != department:
                raise ApiError(403, "the API user is not registered on an active dedicated line of the department")
            case = case.with_env(env)
            case._report_result(line, str(body.get("decision") or ""), body.get("opinion"),
                                reason=body.get("reason"), legal_basis=body.get("legal_basis"),
                                document_no=str(body.get("document_no") or "").strip() or False)
            values = self._case_json(case.sudo())
            values["line"] = line.sudo().name
            return values
        return self._call(handler)

    @http.route(f"{API}/openapi.json", type="http", auth="public", methods=["GET"], csrf=False, save_session=False)
    def openapi(self, **kw):
        spec = copy.deepcopy(OPENAPI)
        spec["paths"][RESULT_PATH] = {"post": RESULT_OP}
        return _json(spec)
