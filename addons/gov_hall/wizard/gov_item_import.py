import base64

from odoo import fields, models
from odoo.exceptions import UserError


class GovItemImport(models.TransientModel):
    _name = "gov.item.import"
    _description = "Import Item Catalog"

    file = fields.Binary("Catalog File", required=True)
    filename = fields.Char("File Name")
    partial = fields.Boolean(
        "Import Valid Rows Only",
        help="By default nothing is imported when any row is rejected.")
    result = fields.Text("Result", readonly=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    def action_import(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        report = self.env["gov.item"].gov_import_catalog(data, self.filename or "", partial=self.partial)
        if report["errors"] and not report["created"]:
            raise UserError(self._format_report(report))
        self.write({"result": self._format_report(report), "state": "done"})
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new"}

    def _format_report(self, report):
        lines = [self.env._("Rows read: %(rows)s; items created: %(created)s; rejected rows: %(bad)s.",
                            rows=report["rows"], created=report["created"], bad=len(report["errors"]))]
        if report["errors"] and not report["created"]:
            lines.append(self.env._("Nothing was imported. Correct these rows and try again:"))
        lines += report["errors"][:200]
        if len(report["errors"]) > 200:
            lines.append(self.env._("… and %(n)s more.", n=len(report["errors"]) - 200))
        return "\n".join(lines)
