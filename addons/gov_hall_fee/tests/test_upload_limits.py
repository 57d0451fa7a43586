import csv

from odoo.addons.gov_hall.tests.common import GovHallCase
from odoo.addons.gov_hall.tests.test_upload_limits import MB, unread, xlsx, zip_bomb
from odoo.addons.gov_hall.tools import catalog_io
from odoo.exceptions import UserError
from odoo.tests import tagged

ICBC_HEAD = "中国工商银行对公账户明细\n账号：1\n起止日期：x\n" \
            "交易日期,交易时间,摘要,借方发生额(支出),贷方发生额(收入),余额,对方户名,对方账号,附言,交易流水号\n"
ICBC_ROW = "2026-11-26,09:00:00,非税缴款,,10.00,1,张三,1,{remark},LIM{n}\n"
CCB_HEADER = ["交易日期", "交易金额", "账户余额", "对方户名", "对方账号", "摘要", "备注", "客户业务编号", "交易流水号"]


@tagged("post_install", "-at_install")
class TestStatementLimits(GovHallCase):
    """A bank statement too large, too long, a zip bomb or an oversized field: refused, nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.env["account.journal"].create({"name": "测试财政专户", "code": "TLIM", "type": "bank",
                                                         "gov_fiscal_account": True})
        cls.icbc = cls.env.ref("gov_hall_fee.bank_mapping_icbc")
        cls.ccb = cls.env.ref("gov_hall_fee.bank_mapping_ccb")

    def _statement(self, data, filename="statement.csv", mapping=None, unread_file=False):
        before = self.env["gov.bank.line"].search_count([]), self.env["gov.bank.statement"].search_count([])
        with self.assertRaises(UserError) as err, unread(unread_file):
            self.env["gov.bank.import"].with_user(self.finance)._import(
                self.journal, mapping or self.icbc, data, filename)
        after = self.env["gov.bank.line"].search_count([]), self.env["gov.bank.statement"].search_count([])
        self.assertEqual(after, before)
        return str(err.exception)

    def test_file_size(self):
        big = (ICBC_HEAD + ICBC_ROW.format(remark="无", n=1)).encode("gb18030") + b"\n" * catalog_io.MAX_FILE_BYTES
        self.assertIn("larger than 10 MB", self._statement(big))

    def test_row_count(self):
        self.assertEqual(catalog_io.MAX_STATEMENT_ROWS, 50000)
        data = ICBC_HEAD + "".join(ICBC_ROW.format(remark="无", n=n) for n in range(50000))
        self.assertIn("more than 50000 rows", self._statement(data.encode("gb18030")))
        data = xlsx([CCB_HEADER] + [["x"]] * 50000)
        self.assertIn("more than 50000 rows", self._statement(data, "ccb.xlsx", self.ccb))

    def test_xlsx_zip_bomb(self):
        self.assertLess(len(zip_bomb(60, CCB_HEADER)), MB)
        self.assertIn("more than 50 MB", self._statement(zip_bomb(60, CCB_HEADER), "ccb.xlsx", self.ccb,
                                                         unread_file=True))
        self.assertIn("zip bomb", self._statement(zip_bomb(5, CCB_HEADER), "ccb.xlsx", self.ccb, unread_file=True))

    def test_csv_oversized_field(self):
        huge = "材" * (catalog_io.MAX_FIELD_CHARS + 1)
        data = ICBC_HEAD + ICBC_ROW.format(remark="无", n=1) + ICBC_ROW.format(remark=huge, n=2)
        self.assertIn("Row 6", self._statement(data.encode("gb18030")))
        previous = csv.field_size_limit(1000)
        try:
            data = ICBC_HEAD + ICBC_ROW.format(remark="注" * 2000, n=3)
            self.assertIn("Row 5", self._statement(data.encode("gb18030")))
        finally:
            csv.field_size_limit(previous)
