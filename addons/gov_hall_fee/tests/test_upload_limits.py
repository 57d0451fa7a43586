import contextlib
import csv
import io
import zipfile
from unittest.mock import patch

import openpyxl
import xlsxwriter

from odoo.addons.gov_hall.tests.common import GovHallCase
from odoo.addons.gov_hall.tests.test_import import HEADER, row, to_csv
from odoo.addons.gov_hall.tools import catalog_io
from odoo.exceptions import UserError
from odoo.tests import tagged

MB = 1024 * 1024
ICBC_HEAD = "中国工商银行对公账户明细\n账号：1\n起止日期：x\n" \
            "交易日期,交易时间,摘要,借方发生额(支出),贷方发生额(收入),余额,对方户名,对方账号,附言,交易流水号\n"
ICBC_ROW = "2026-11-26,09:00:00,非税缴款,,10.00,1,张三,1,{remark},LIM{n}\n"
CCB_HEADER = ["交易日期", "交易金额", "账户余额", "对方户名", "对方账号", "摘要", "备注", "客户业务编号", "交易流水号"]


def xlsx(rows):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    sheet = book.add_worksheet()
    for number, values in enumerate(rows):
        sheet.write_row(number, 0, values)
    book.close()
    return buf.getvalue()


def zip_bomb(unpacked_mb, header=HEADER):
    """A real workbook whose sheet is replaced by ``unpacked_mb`` MB of blanks (a few KB packed)."""
    member = "xl/worksheets/sheet1.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([header]))) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
        with dst.open(member, "w") as sheet:
            chunk = b" " * MB
            for _i in range(unpacked_mb):
                sheet.write(chunk)
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestUploadLimits(GovHallCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.env["account.journal"].create({"name": "测试财政专户", "code": "TLIM", "type": "bank",
                                                         "gov_fiscal_account": True})
        cls.icbc = cls.env.ref("gov_hall_fee.bank_mapping_icbc")
        cls.ccb = cls.env.ref("gov_hall_fee.bank_mapping_ccb")

    def _catalog(self, data, filename="items.csv", unread=False):
        """Import a catalog that must be refused: returns the message; asserts nothing was written
        (and, if ``unread``, that openpyxl never opened the file)."""
        before = self.env["gov.item"].search_count([])
        with self.assertRaises(UserError) as err, self._unread(unread):
            self.env["gov.item"].with_user(self.manager).gov_import_catalog(data, filename)
        self.assertEqual(self.env["gov.item"].search_count([]), before)
        return str(err.exception)

    def _statement(self, data, filename="statement.csv", mapping=None, unread=False):
        before = self.env["gov.bank.line"].search_count([]), self.env["gov.bank.statement"].search_count([])
        with self.assertRaises(UserError) as err, self._unread(unread):
            self.env["gov.bank.import"].with_user(self.finance)._import(
                self.journal, mapping or self.icbc, data, filename)
        after = self.env["gov.bank.line"].search_count([]), self.env["gov.bank.statement"].search_count([])
        self.assertEqual(after, before)
        return str(err.exception)

    def _unread(self, unread):
        if not unread:
            return contextlib.nullcontext()
        return patch.object(openpyxl, "load_workbook", side_effect=AssertionError("openpyxl must not open it"))

    # --------------------------------------------------------------- size
    def test_file_size(self):
        big = to_csv([row()]) + b"\n" * catalog_io.MAX_FILE_BYTES
        self.assertIn("larger than 10 MB", self._catalog(big))
        big = (ICBC_HEAD + ICBC_ROW.format(remark="无", n=1)).encode("gb18030") + b"\n" * catalog_io.MAX_FILE_BYTES
        self.assertIn("larger than 10 MB", self._statement(big))

    # --------------------------------------------------------------- rows
    def test_row_count(self):
        limit = catalog_io.MAX_CATALOG_ROWS
        self.assertEqual(limit, 20000)
        lines = [",".join(HEADER)] + ["x"] * limit  # rows of the file, header included
        message = self._catalog("\n".join(lines).encode())
        self.assertIn("more than 20000 rows", message)
        self.assertIn("more than 20000 rows", self._catalog(xlsx([HEADER] + [["x"]] * limit), "items.xlsx"))
        # at the limit the file is read (and its rows judged one by one)
        self.assertEqual(len(catalog_io.read_csv("\n".join(lines[:-1]), limit)), limit)
        self.assertEqual(catalog_io.MAX_STATEMENT_ROWS, 50000)
        data = ICBC_HEAD + "".join(ICBC_ROW.format(remark="无", n=n) for n in range(50000))
        self.assertIn("more than 50000 rows", self._statement(data.encode("gb18030")))
        data = xlsx([CCB_HEADER] + [["x"]] * 50000)
        self.assertIn("more than 50000 rows", self._statement(data, "ccb.xlsx", self.ccb))

    # ---------------------------------------------------------- zip bombs
    def test_xlsx_zip_bomb(self):
        bomb = zip_bomb(60)
        self.assertLess(len(bomb), MB)
        self.assertIn("more than 50 MB", self._catalog(bomb, "items.xlsx", unread=True))
        self.assertIn("more than 50 MB", self._catalog(bomb, "items.bin", unread=True))  # told by its content
        ratio = zip_bomb(5)  # under the size cap, but no spreadsheet packs 5 MB into a few KB
        self.assertIn("zip bomb", self._catalog(ratio, "items.xlsx", unread=True))
        self.assertIn("more than 50 MB", self._statement(zip_bomb(60, CCB_HEADER), "ccb.xlsx", self.ccb, unread=True))
        self.assertIn("zip bomb", self._statement(zip_bomb(5, CCB_HEADER), "ccb.xlsx", self.ccb, unread=True))
        # an ordinary workbook still imports
        self.assertEqual(len(catalog_io.read_table(xlsx([HEADER, row()]), "items.xlsx")), 2)

    # ------------------------------------------------------- csv fields
    def test_csv_oversized_field(self):
        huge = "材" * (catalog_io.MAX_FIELD_CHARS + 1)
        message = self._catalog(to_csv([row(), row(conditions=huge)]))
        self.assertIn("Row 3", message)
        self.assertIn("32767 characters", message)
        data = ICBC_HEAD + ICBC_ROW.format(remark="无", n=1) + ICBC_ROW.format(remark=huge, n=2)
        message = self._statement(data.encode("gb18030"))
        self.assertIn("Row 6", message)
        # the csv module's own limit (process-wide; Odoo raises it to 500 MB): its error is told as clearly
        previous = csv.field_size_limit(1000)
        try:
            message = self._catalog(to_csv([row(conditions="条" * 2000)]))
            self.assertIn("Row 2", message)
            self.assertIn("1000 characters", message)
            data = ICBC_HEAD + ICBC_ROW.format(remark="注" * 2000, n=3)
            self.assertIn("Row 5", self._statement(data.encode("gb18030")))
        finally:
            csv.field_size_limit(previous)
