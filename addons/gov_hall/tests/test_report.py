import shutil

from odoo.tests import tagged

from .common import GovHallCase, pdf_text


@tagged("post_install", "-at_install")
class TestServiceGuide(GovHallCase):

    def test_guide_pdf_text(self):
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is required")
        item = self._item(publish=True)
        pdf, fmt = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "gov_hall.report_gov_item_guide", item.ids)
        self.assertEqual(fmt, "pdf")
        text = pdf_text(pdf)
        compact = "".join(text.split())
        for expected in ("办事指南", "食品经营许可(新办)", "测试市场监督管理局", "000172007000",
                         "11330400MB0000000X00017200700000", "食品经营许可申请书", "营业执照",
                         "许可证工本费", "10.00元", "103040501", "法定办结时限", "20个工作日",
                         "10个工作日", "T01", "测试专业窗口", "初审(前台)", "勘查(后台)",
                         "食品安全法", "最多跑动次数", "/hall/item/11330400MB0000000X00017200700000"):
            self.assertIn(expected, compact, f"{expected!r} not found in the PDF text:\n{text}")
