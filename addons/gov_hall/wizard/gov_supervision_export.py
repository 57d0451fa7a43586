import base64
import io

import xlsxwriter

from odoo import fields, models


class GovSupervisionExport(models.TransientModel):
    """Excel workbook of the supervision center: deadlines by department, accountability, complaints."""
    _name = "gov.supervision.export"
    _description = "Supervision Export"

    date = fields.Date(default=fields.Date.context_today, required=True)
    file = fields.Binary(readonly=True)
    filename = fields.Char(readonly=True)

    def _rows_by_department(self):
        Case = self.env["gov.case"]
        groups = Case._read_group(
            [("accepted_date", "!=", False)], ["department_id", "warning_level"], ["__count"])
        stats = {}
        for dept, level, count in groups:
            stats.setdefault(dept, {}).setdefault(level, 0)
            stats[dept][level] += count
        avgs = {dept: (used, promised, legal) for dept, used, promised, legal in Case._read_group(
            [("accepted_date", "!=", False)], ["department_id"],
            ["time_used_days:avg", "promised_limit:avg", "legal_limit:avg"])}
        rows = []
        for dept in sorted(stats, key=lambda d: d.name or ""):
            levels = stats[dept]
            used, promised, legal = avgs.get(dept, (0, 0, 0))
            rows.append([dept.name, sum(levels.values()), levels.get("normal", 0), levels.get("yellow", 0),
                         levels.get("orange", 0), levels.get("red", 0), round(used or 0, 1),
                         round(promised or 0, 1), round(legal or 0, 1)])
        return rows

    def action_export(self):
        self.ensure_one()
        buf = io.BytesIO()
        # user text (complainants, facts) is written as text, never as a formula or a link
        book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False})
        head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        sheet = book.add_worksheet("限时办结")
        titles = ["部门", "已受理办件", "正常", "黄色预警", "橙色预警", "红色（超期）", "平均用时（工作日）",
                  "平均承诺时限", "平均法定时限"]
        sheet.write_row(0, 0, titles, head)
        for r, row in enumerate(self._rows_by_department(), start=1):
            sheet.write_row(r, 0, row)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 8, 14)
        acc = book.add_worksheet("问责")
        acc.write_row(0, 0, ["编号", "来源", "办件", "部门", "责任人", "超期工作日", "状态", "结论",
                             "报送纪委监委"], head)
        labels = dict(self.env["gov.accountability"]._fields["source"]._description_selection(self.env))
        states = dict(self.env["gov.accountability"]._fields["state"]._description_selection(self.env))
        outcomes = dict(self.env["gov.accountability"]._fields["outcome"]._description_selection(self.env))
        for r, rec in enumerate(self.env["gov.accountability"].search([]), start=1):
            acc.write_row(r, 0, [rec.name, labels[rec.source], rec.case_id.name or "", rec.department_id.name,
                                 rec.responsible_user_id.name or "", rec.days_overdue, states[rec.state],
                                 outcomes.get(rec.outcome, ""), "是" if rec.reported_discipline else "否"])
        comp = book.add_worksheet("投诉")
        comp.write_row(0, 0, ["编号", "日期", "渠道", "办件", "部门", "投诉人", "状态", "是否属实"], head)
        channels = dict(self.env["gov.complaint"]._fields["channel"]._description_selection(self.env))
        cstates = dict(self.env["gov.complaint"]._fields["state"]._description_selection(self.env))
        for r, rec in enumerate(self.env["gov.complaint"].search([]), start=1):
            comp.write_row(r, 0, [rec.name, str(rec.date), channels[rec.channel], rec.case_id.name or "",
                                  rec.department_id.name or "", rec.complainant, cstates[rec.state],
                                  {"yes": "属实", "no": "不属实"}.get(rec.substantiated, "")])
        seal = book.add_worksheet("印章日志")
        seal.write_row(0, 0, ["签名的印章日志链头（请由服务局另行留存，用于发现删除的最新记录）"], head)
        seal.write_string(1, 0, self.env["gov.seal.log"].sudo()._signed_head(self.date))
        seal.set_column(0, 0, 120)
        book.close()
        self.write({"file": base64.b64encode(buf.getvalue()), "filename": f"审批监察-{self.date}.xlsx"})
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/web/content/gov.supervision.export/{self.id}/file/{self.filename}?download=true"}
