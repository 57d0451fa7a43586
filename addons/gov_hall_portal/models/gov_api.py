"""部门专网接口: a department working on its own network takes tickets, reports its cases and pushes ratings."""
from odoo import api, fields, models


class GovApiLog(models.Model):
    """Every call of the department API, accepted or refused."""
    _name = "gov.api.log"
    _description = "Department API Call"
    _inherit = ["gov.guarded.mixin"]
    _order = "id desc"
    _gov_client_create = False
    _gov_client_unlink = False

    at = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", "API User", readonly=True, index=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True, index=True)
    method = fields.Char(readonly=True)
    path = fields.Char(readonly=True)
    status = fields.Integer(readonly=True)
    address = fields.Char("Client Address", readonly=True)
    message = fields.Char(readonly=True)

    @api.model
    def _log(self, user, department, method, path, status, address, message=""):
        self.sudo().create({"at": fields.Datetime.now(), "user_id": user.id if user else False,
                            "department_id": department.id if department else False, "method": method,
                            "path": path[:200], "status": status, "address": address, "message": (message or "")[:200]})
