import base64
import io

import xlsxwriter

from odoo import fields, models
from odoo.addons.gov_hall.models.gov_access import check_group


class GovAssessmentReasonWizard(models.TransientModel):
    _name = "gov.assessment.reason.wizard"
    _description = "Reopen or Return an Assessment"

    assessment_id = fields.Many2one("gov.assessment", required=True, ondelete="cascade")
    action = fields.Selection([("reopen", "Reopen"), ("return", "Return to the Bureau")], required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        if self.action == "reopen":
            self.assessment_id.action_reopen(self.reason)
        else:
            self.assessment_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}


class GovAssessmentExport(models.TransientModel):
    """The workbook of all scores: a sheet of department results, one of staff results, one of every figure."""
    _name = "gov.assessment.export"
    _description = "Assessment Workbook"

    assessment_id = fields.Many2one("gov.assessment", required=True, ondelete="cascade")
    file = fields.Binary(readonly=True)
    filename = fields.Char(readonly=True)

    def action_export(self):
        self.ensure_one()
        check_group(self.env, "gov_assessment.group_assessment_manager",
                    self.env._("The workbook is the assessment managers'."))
        assessment = self.assessment_id.sudo()
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        Line = self.env["gov.assessment.line"]
        grades = dict(Line._fields["grade"]._description_selection(self.env))
        cats = dict(Line._fields["category"]._description_selection(self.env))
        sheet = book.add_worksheet("部门")
        sheet.write_row(0, 0, ["排名", "部门", "总分", "等次", "奖励金"], head)
        for r, line in enumerate(assessment.department_line_ids.sorted("rank"), start=1):
            sheet.write_row(r, 0, [line.rank, line.department_id.name, line.total, line.level_id.name or "",
                                   line.reward])
        sheet.set_column(1, 1, 28)
        sheet = book.add_worksheet("人员")
        sheet.write_row(0, 0, ["类别", "类别内排名", "姓名", "部门", "总分", "等次", "奖励金", "绩效工资补差"], head)
        staff = assessment.staff_line_ids.sorted(lambda ln: (ln.category or "", ln.rank))
        for r, line in enumerate(staff, start=1):
            sheet.write_row(r, 0, [cats.get(line.category, ""), line.rank, line.employee_id.name,
                                   line.department_id.name or "", line.total, grades.get(line.grade, ""),
                                   line.reward, line.topup])
        sheet.set_column(2, 3, 20)
        sheet = book.add_worksheet("指标明细")
        sheet.write_row(0, 0, ["对象", "指标", "数据", "有数据", "得分", "权重", "计分", "查询期间", "说明"], head)
        for r, score in enumerate(assessment.line_ids.score_ids, start=1):
            sheet.write_row(r, 0, [score.line_id.display_name, score.indicator_id.name, score.value,
                                   "是" if score.has_data else "否", score.score, score.weight, score.weighted,
                                   f"{score.period_from} – {score.period_to}", score.note or ""])
        sheet.set_column(0, 1, 24)
        book.close()
        self.write({"file": base64.b64encode(buf.getvalue()), "filename": f"{assessment.name}.xlsx"})
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/web/content/gov.assessment.export/{self.id}/file/{self.filename}?download=true"}
