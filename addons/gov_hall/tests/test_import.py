import base64
import csv
import io
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools.catalog_io import COLUMNS
from .common import GovHallCase

HEADER = list(COLUMNS.values())


def row(**kw):
    base = {
        "department": "TSCJ", "basic_code": "000117002000",
        "implementation_code": "11330400MB0000000X00011700200000", "version": "1",
        "name": "公共场所卫生许可", "parent": "", "level": "主项", "handling_type": "",
        "item_type": "行政许可", "legal_basis": "《公共场所卫生管理条例》第四条", "legal_limit": "20",
        "promised_limit": "7", "case_type": "承诺件", "max_visits": "1", "online_level": "部分网办",
        "is_public": "是", "steps": "初审:前台;勘查:后台;审批:后台;发证:前台", "joint": "",
        "windows": "T01;T02", "materials": "卫生许可证申请表|原件|1|是;营业执照|复印件|1|是;平面图|原件|1|否",
        "fees": "", "conditions": "具有固定经营场所", "state": "发布",
    }
    base.update(kw)
    return [base[k] for k in COLUMNS]


def to_csv(rows, encoding="utf-8"):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


@tagged("post_install", "-at_install")
class TestImport(GovHallCase):

    def _import(self, data, filename="items.csv", partial=False, user=None):
        return self.env["gov.item"].with_user(user or self.manager).gov_import_catalog(
            data, filename, partial=partial)

    def test_good_file_with_hierarchy_and_fees(self):
        data = to_csv([
            row(),
            row(implementation_code="11330400MB0000000X00011700200001", name="公共场所卫生许可（变更）",
                parent="11330400MB0000000X00011700200000", level="办理项", handling_type="变更",
                fees="许可证工本费|固定|10.00|件|103040501|财税〔2016〕79号;复垦费|单价|2.50|平方米||依据"),
        ])
        report = self._import(data)
        self.assertEqual((report["created"], report["errors"]), (2, []))
        items = self.env["gov.item"].browse(report["items"])
        main = items.filtered(lambda i: i.level == "main")
        child = items - main
        self.assertEqual(child.parent_id, main)
        self.assertEqual(child.handling_type, "change")
        self.assertEqual(set(items.mapped("state")), {"published"})
        self.assertEqual(main.step_ids.mapped("step"),
                         ["first_review", "inspection", "approval", "certificate"])
        self.assertEqual(main.step_ids[0].office, "front")
        self.assertEqual(len(main.material_ids), 3)
        self.assertFalse(main.material_ids[2].required)
        self.assertEqual(child.fee_ids.mapped("amount"), [10.0, 2.5])
        self.assertEqual(child.fee_ids[1].fee_mode, "unit")
        self.assertEqual(main.window_ids.mapped("name"), ["T01", "T02"])

    def test_gb18030_and_xlsx(self):
        report = self._import(to_csv([row()], encoding="gb18030"))
        self.assertEqual(report["created"], 1)
        import xlsxwriter
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf)
        sheet = book.add_worksheet("事项")
        sheet.write_row(0, 0, HEADER)
        sheet.write_row(1, 0, row(implementation_code="11330400MB0000000X00011700200005", name="XLSX事项"))
        book.close()
        report = self._import(buf.getvalue(), "catalog.xlsx")
        self.assertEqual(report["created"], 1)
        self.assertEqual(self.env["gov.item"].browse(report["items"]).name, "XLSX事项")

    def test_rejects_with_row_numbers_nothing_imported(self):
        data = to_csv([
            row(),  # row 2 is fine
            row(implementation_code="11330400MB0000000X00011700200001", promised_limit="30"),  # row 3
            row(implementation_code="11330400MB0000000X00011700200002", department="NOPE"),  # row 4
            row(implementation_code="11330400MB0000000X00011700200003",
                fees="工本费|固定|-5|件||"),  # row 5
            row(),  # row 6: duplicate of row 2
            row(implementation_code="11330400MB0000000X00011700200004", windows=""),  # row 7
            row(implementation_code="11330400MB0000000X00011700200006", legal_limit="二十"),  # row 8
        ])
        before = self.env["gov.item"].search_count([])
        report = self._import(data)
        self.assertEqual(report["created"], 0)
        self.assertEqual(self.env["gov.item"].search_count([]), before)
        numbers = [int(re.search(r"\d+", e).group()) for e in report["errors"]]
        self.assertEqual(numbers, [3, 4, 5, 6, 7, 8], report["errors"])
        self.assertIn("exceeds the legal time limit", report["errors"][0])
        self.assertIn("NOPE", report["errors"][1])
        self.assertIn("negative", report["errors"][2])
        self.assertIn("duplicate", report["errors"][3])
        self.assertIn("window", report["errors"][4])
        self.assertIn("whole number", report["errors"][5])

    def test_rejects_in_chinese(self):
        data = to_csv([row(promised_limit="30")])
        report = self.env["gov.item"].with_user(self.manager).with_context(lang="zh_CN").gov_import_catalog(
            data, "items.csv")
        self.assertIn("第 2 行", report["errors"][0])
        self.assertIn("承诺时限", report["errors"][0])

    def test_partial_import(self):
        data = to_csv([row(), row(implementation_code="11330400MB0000000X00011700200001",
                                   promised_limit="30")])
        report = self._import(data, partial=True)
        self.assertEqual(report["created"], 1)
        self.assertEqual(len(report["errors"]), 1)

    def test_wizard(self):
        wizard = self.env["gov.item.import"].with_user(self.manager).create({
            "file": base64.b64encode(to_csv([row(promised_limit="30")])), "filename": "bad.csv"})
        with self.assertRaises(UserError):
            wizard.action_import()
        wizard.write({"file": base64.b64encode(to_csv([row()]))})
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertIn("1", wizard.result)

    def test_bad_file(self):
        with self.assertRaises(UserError):
            self._import(b"name,foo\nx,y\n")
        with self.assertRaises(UserError):
            self._import(b"PK\x03\x04garbage", "x.xlsx")

    def test_only_bureau_imports(self):
        with self.assertRaises(AccessError):
            self._import(to_csv([row()]), user=self.clerk)

    def test_demo_city_catalog(self):
        """The demo catalog (demo/catalog) is loaded as demo data through this same import path."""
        items = self.env["gov.item"].search([("department_id.gov_code", "!=", False)])
        self.assertGreaterEqual(len(items), 150)
        self.assertGreaterEqual(self.env["hr.department"].search_count([("is_stationed", "=", True)]), 20)
        self.assertGreaterEqual(len(items.filtered("has_fees")), 30)
        self.assertEqual(set(items.mapped("item_type")),
                         {"licensing", "confirmation", "payment", "adjudication", "other_power",
                          "public_service", "convenience"})
        self.assertTrue(items.filtered(lambda i: i.level == "handling").parent_id)
