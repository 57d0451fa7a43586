"""The monthly attendance sheet per department (Excel), which the home unit receives."""
import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.addons.gov_hall.models.gov_access import check_group

TITLES = ["姓名", "排班（班次）", "出勤", "迟到", "迟到（分钟）", "早退", "早退（分钟）", "旷岗", "请假（班次）",
          "请假类型", "未核对"]


class GovAttendanceSheet(models.TransientModel):
    _name = "gov.attendance.sheet"
    _description = "Monthly Attendance Sheet"

    month = fields.Date(required=True, default=lambda self: (fields.Date.context_today(self).replace(day=1)
                                                              - relativedelta(months=1)))
    department_ids = fields.Many2many("hr.department", string="Departments", required=True,
                                      domain=[("is_stationed", "=", True)],
                                      default=lambda self: self.env["hr.department"].search(
                                          [("is_stationed", "=", True)]))
    file = fields.Binary(readonly=True)
    filename = fields.Char(readonly=True)

    def _rows(self, department):
        return [[r["employee"].name, r["shifts"], r["attended"], r["late"],
                 r["late_minutes"], r["early"], r["early_minutes"], r["absent"], r["leave"],
                 "，".join(f"{k} {n}" for k, n in sorted(r["leave_kinds"].items())), r["planned"]]
                for r in self.env["gov.duty.shift"].sudo()._sheet_rows(department, self.month)]

    def action_export(self):
        self.ensure_one()
        user = self.env.user
        if not user.has_group("gov_hall.group_gov_hr"):
            check_group(self.env, "gov_hall.group_gov_leader", self.env._("The attendance sheet is HR's."))
            if self.department_ids - user.employee_ids.department_id:
                check_group(self.env, "gov_hall.group_gov_hr",
                            self.env._("A department's leader exports the sheet of the department only."))
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        title = book.add_format({"bold": True, "font_size": 14})
        label = f"{self.month.year}年{self.month.month}月"
        for dept in self.department_ids.sorted("name"):
            sheet = book.add_worksheet((dept.name or str(dept.id))[:31])
            sheet.write(0, 0, f"{dept.name} 驻厅人员考勤表（{label}）", title)
            sheet.write_row(2, 0, TITLES, head)
            for r, row in enumerate(self._rows(dept), start=3):
                sheet.write_row(r, 0, row)
            sheet.set_column(0, 0, 14)
            sheet.set_column(1, len(TITLES) - 1, 12)
            sheet.set_column(9, 9, 24)
        book.close()
        self.write({"file": base64.b64encode(buf.getvalue()), "filename": f"驻厅考勤-{label}.xlsx"})
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/web/content/gov.attendance.sheet/{self.id}/file/{self.filename}?download=true"}
