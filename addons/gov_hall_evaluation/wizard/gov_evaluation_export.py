"""Ratings for the province's unified 好差评 system: a UTF-8 CSV in the columns documented in the README."""
import base64
import csv
import io

from odoo import fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError

EXPORT_COLUMNS = [
    ("evaluation_no", "评价编号"), ("service_no", "办件编号"), ("item_code", "事项实施编码"), ("item_name", "事项名称"),
    ("department_code", "部门编码"), ("department_name", "部门名称"), ("window", "窗口"), ("staff", "工作人员"),
    ("channel", "评价渠道"), ("level", "评价等级"), ("rated_at", "评价时间"), ("comment", "评价内容"),
    ("real_name", "是否实名"), ("rectification", "整改状态"), ("status", "统计状态"),
]
CHANNEL_CODES = {"pad": "1", "sms": "2", "web": "3", "api": "4"}  # 1 窗口评价器, 2 短信, 3 网站, 4 部门专网


class GovEvaluationExport(models.TransientModel):
    _name = "gov.evaluation.export"
    _description = "Export Ratings for the Province"

    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    file = fields.Binary(readonly=True)
    filename = fields.Char()

    def _rows(self):
        evaluations = self.env["gov.evaluation"].search(
            [("rated_at", ">=", self.date_from), ("rated_at", "<", fields.Date.add(self.date_to, days=1))],
            order="rated_at, id")
        for ev in evaluations:
            rect = ev.rectification_ids[:1]
            yield {
                "evaluation_no": ev.name, "service_no": ev.service_number,
                "item_code": ev.item_id.implementation_code or "",
                "item_name": ev.item_id.name or "", "department_code": ev.department_id.gov_code or "",
                "department_name": ev.department_id.name or "", "window": ev.window_id.name or "",
                "staff": ev.user_id.name or "", "channel": CHANNEL_CODES[ev.channel], "level": ev.level,
                "rated_at": fields.Datetime.to_string(ev.rated_at), "comment": ev.comment or "",
                "real_name": "1" if ev.real_name else "0", "rectification": rect.state or "",
                "status": "0" if ev.state == "removed" else "1",
            }

    def action_export(self):
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center exports ratings."))
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=[key for key, _label in EXPORT_COLUMNS])
        buf.write(",".join(label for _key, label in EXPORT_COLUMNS) + "\r\n")
        writer.writerows(self._rows())
        self.write({"file": base64.b64encode(buf.getvalue().encode("utf-8-sig")),
                    "filename": f"haochaping_{self.date_from:%Y%m%d}_{self.date_to:%Y%m%d}.csv"})
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id, "view_mode": "form",
                "target": "new"}
