"""The 12345 layout without the database: dates, categories, every bad row named, the return file read back."""
import csv
import io
from datetime import date, datetime

import openpyxl

from odoo.tests.common import BaseCase

from ..tools import hotline_io
from .common import csv_bytes, order_row


def _records(rows):
    table = [list(rows[0].keys())] + [list(r.values()) for r in rows]
    return hotline_io.table_records(table)


class TestHotlineLayout(BaseCase):

    def test_dates_in_the_platform_formats(self):
        parse = hotline_io.parse_datetime
        self.assertEqual(parse("2026-03-02 09:30:00"), datetime(2026, 3, 2, 9, 30))
        self.assertEqual(parse("2026/3/2 9:30"), datetime(2026, 3, 2, 9, 30))
        self.assertEqual(parse("2026年3月2日 09:30"), datetime(2026, 3, 2, 9, 30))
        self.assertEqual(parse(date(2026, 3, 2)), datetime(2026, 3, 2))
        self.assertEqual(hotline_io.parse_date("2026-03-09 18:00"), date(2026, 3, 9))
        for bad in ("2026-02-30", "下周三", "09/03/2026x", ""):
            with self.assertRaises(ValueError):
                hotline_io.parse_date(bad)

    def test_every_bad_row_is_named(self):
        rows = [order_row("A1"), order_row("A2", deadline=""), order_row("A3", category="投拆"),
                order_row("A4", received="2026-13-01"), order_row("A1"), order_row("A6", deadline="2026-03-01")]
        orders, errors = hotline_io.parse_records(_records(rows))
        self.assertEqual([values["number"] for _row, values in orders], ["A1"])
        by_row = {}
        for row, code, _params in errors:
            by_row.setdefault(row, []).append(code)
        self.assertEqual(by_row, {3: ["no_deadline"], 4: ["bad_category"], 5: ["bad_date"], 6: ["duplicate"],
                                  7: ["deadline_before"]})

    def test_missing_columns(self):
        with self.assertRaisesRegex(hotline_io.HotlineFileError, "办理时限"):
            hotline_io.table_records([["工单编号", "受理时间", "诉求类型", "标题", "诉求内容"], ["1", "", "", "", ""]])

    def test_return_file_reads_back(self):
        rows = [{"number": "JH-1", "received_at": datetime(2026, 3, 2, 9, 30), "category": "投诉",
                 "title": "窗口排队时间长", "content": "=HYPERLINK(\"http://x\")", "caller_name": "钱女士",
                 "caller_phone": "+86 139", "department": "市场监管局", "item": "", "deadline": date(2026, 3, 9),
                 "handled_by": "测试市场监督管理局", "reply": "已增开窗口。", "replied_at": datetime(2026, 3, 4, 15, 0),
                 "revisit": "满意", "closed_at": datetime(2026, 3, 5, 10, 0)}]
        for data in (hotline_io.write_csv(rows), hotline_io.write_xlsx(rows)):
            if data[:2] == b"PK":
                sheet = openpyxl.load_workbook(io.BytesIO(data)).active
                self.assertEqual(sheet["F1"].value, "来电人")
                self.assertEqual(sheet["E2"].data_type, "s")  # text, never a formula
                table = [list(r) for r in sheet.iter_rows(values_only=True)]
            else:
                self.assertIn(b"'=HYPERLINK", data)  # a spreadsheet shows it, never runs it
                table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            orders, errors = hotline_io.parse_records(hotline_io.table_records(table))
            self.assertFalse(errors)
            values = orders[0][1]
            self.assertEqual(values["content"], "=HYPERLINK(\"http://x\")")
            self.assertEqual(values["caller_phone"], "+86 139")
            self.assertEqual(values["category"], "complaint")
            self.assertEqual(values["revisit"], "satisfied")
            self.assertEqual(values["replied_at"], datetime(2026, 3, 4, 15, 0))
            self.assertEqual(values["reply"], "已增开窗口。")
            self.assertEqual(values["deadline"], date(2026, 3, 9))

    def test_csv_helper(self):
        self.assertTrue(csv_bytes([order_row("X")]).decode().startswith("工单编号"))
