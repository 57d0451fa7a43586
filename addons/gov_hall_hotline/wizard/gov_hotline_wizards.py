"""Wizards of the 12345 work orders: one step of an order, the platform's file in, the return file out."""
import base64

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError


class GovHotlineStepWizard(models.TransientModel):
    _name = "gov.hotline.step.wizard"
    _description = "12345 Work Order Step"

    order_id = fields.Many2one("gov.hotline.order", required=True, ondelete="cascade")
    step = fields.Selection([("assign", "Assign"), ("reply", "Reply"), ("revisit", "Return Visit")], required=True)
    department_id = fields.Many2one("hr.department", "Department", domain=[("is_stationed", "=", True)])
    item_id = fields.Many2one("gov.item", "Item")
    result = fields.Selection([("satisfied", "Satisfied"), ("unsatisfied", "Unsatisfied")], "Caller Is")
    text = fields.Text("Details")
    department_hint = fields.Char(related="order_id.department_hint", string="Department Mentioned")
    order_content = fields.Text(related="order_id.content", string="Request")
    order_reply = fields.Text(related="order_id.reply", string="Reply")

    @api.onchange("order_id", "step")
    def _onchange_order(self):
        if self.step == "assign" and self.order_id and not self.department_id:
            self.department_id = self.order_id._suggest_department(self.order_id.department_hint)

    def action_confirm(self):
        self.ensure_one()
        if self.step == "assign":
            if not self.department_id:
                raise UserError(self.env._("Choose the department."))
            self.order_id.action_assign(self.department_id, self.text, self.item_id)
        elif self.step == "reply":
            self.order_id.action_reply(self.text)
        else:
            self.order_id.action_revisit(self.result, self.text)
        return {"type": "ir.actions.act_window_close"}


class GovHotlineImportWizard(models.TransientModel):
    _name = "gov.hotline.import.wizard"
    _description = "Import 12345 Work Orders"

    file = fields.Binary(required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)

    def action_import(self):
        self.ensure_one()
        Order = self.env["gov.hotline.order"]
        report = Order._gov_import_file(base64.b64decode(self.file), self.filename)
        lines = [self.env._("%(n)s new work orders registered.", n=len(report["created"]))]
        if report["updated"]:
            lines.append(self.env._("Updated before assignment: %(numbers)s", numbers="、".join(report["updated"])))
        if report["already"]:
            lines.append(self.env._("Already imported (unchanged): %(numbers)s",
                                    numbers="、".join(report["already"])))
        self.write({"result": "\n".join(lines)})
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id, "view_mode": "form",
                "target": "new"}


class GovHotlineExportWizard(models.TransientModel):
    _name = "gov.hotline.export.wizard"
    _description = "12345 Return File"

    order_ids = fields.Many2many("gov.hotline.order", string="Work Orders",
                                 default=lambda self: self._default_orders())
    date_basis = fields.Selection([("closed", "Closed"), ("received", "Received")], "Date Of", default="closed",
                                  required=True)
    date_from = fields.Date("From", default=fields.Date.context_today)
    date_to = fields.Date("To", default=fields.Date.context_today)
    file_format = fields.Selection([("xlsx", "Excel (XLSX)"), ("csv", "CSV")], "Format", default="xlsx",
                                   required=True)
    file = fields.Binary(readonly=True)
    filename = fields.Char(readonly=True)

    def _default_orders(self):
        if self.env.context.get("active_model") == "gov.hotline.order":
            return [fields.Command.set(self.env.context.get("active_ids") or [])]
        return []

    def _orders(self):
        if self.order_ids:
            return self.order_ids
        if not self.date_from or not self.date_to:
            raise UserError(self.env._("Choose the orders, or the dates of the return file."))
        Order = self.env["gov.hotline.order"]
        start = Order._utc(fields.Datetime.to_datetime(self.date_from))
        end = Order._utc(fields.Datetime.to_datetime(fields.Date.add(self.date_to, days=1)))
        field = "closed_at" if self.date_basis == "closed" else "received_at"
        return Order.search([(field, ">=", start), (field, "<", end)], order="received_at, id")

    def action_export(self):
        self.ensure_one()
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center sends the return file to the 12345 platform."))
        orders = self._orders()
        if not orders:
            raise UserError(self.env._("No work order in this period."))
        data, filename = orders._gov_export_file(self.file_format)
        self.write({"file": base64.b64encode(data), "filename": filename})
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/web/content/{self._name}/{self.id}/file/{filename}?download=true"}
