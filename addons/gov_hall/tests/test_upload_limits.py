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


def unread(must_not_read):
    """Fail if openpyxl opens the file (refused before parsing)."""
    if not must_not_read:
        return contextlib.nullcontext()
    return patch.object(openpyxl, "load_workbook", side_effect=AssertionError("openpyxl must not open it"))


@tagged("post_install", "-at_install")
class TestUploadLimits(GovHallCase):
    """A catalog file too large, too long, a zip bomb or an oversized field: refused, nothing written."""

    def _catalog(self, data, filename="items.csv", unread_file=False):
        before = self.env["gov.item"].search_count([])
        with self.assertRaises(UserError) as err, unread(unread_file):
            self.env["gov.item"].with_user(self.manager).gov_import_catalog(data, filename)
        self.assertEqual(self.env["gov.item"].search_count([]), before)
        return str(err.exception)

    def test_file_size(self):
        big = to_csv([row()]) + b"\n" * catalog_io.MAX_FILE_BYTES
        self.assertIn("larger than 10 MB", self._catalog(big))

    def test_row_count(self):
        limit = catalog_io.MAX_CATALOG_ROWS
        self.assertEqual(limit, 20000)
        lines = [",".join(HEADER)] + ["x"] * limit  # rows of the file, header included
        self.assertIn("more than 20000 rows", self._catalog("\n".join(lines).encode()))
        self.assertIn("more than 20000 rows", self._catalog(xlsx([HEADER] + [["x"]] * limit), "items.xlsx"))
        # at the limit the file is read (and its rows judged one by one)
        self.assertEqual(len(catalog_io.read_csv("\n".join(lines[:-1]), limit)), limit)

    def test_xlsx_zip_bomb(self):
        bomb = zip_bomb(60)
        self.assertLess(len(bomb), MB)
        self.assertIn("more than 50 MB", self._catalog(bomb, "items.xlsx", unread_file=True))
        self.assertIn("more than 50 MB", self._catalog(bomb, "items.bin", unread_file=True))  # told by its content
        ratio = zip_bomb(5)  # under the size cap, but no spreadsheet packs 5 MB into a few KB
        self.assertIn("zip bomb", self._catalog(ratio, "items.xlsx", unread_file=True))
        # an ordinary workbook still imports
        self.assertEqual(len(catalog_io.read_table(xlsx([HEADER, row()]), "items.xlsx")), 2)

    def test_csv_oversized_field(self):
        huge = "材" * (catalog_io.MAX_FIELD_CHARS + 1)
        message = self._catalog(to_csv([row(), row(conditions=huge)]))
        self.assertIn("Row 3", message)
        self.assertIn("32767 characters", message)
        # the csv module's own limit (process-wide; Odoo raises it to 500 MB): its error is told as clearly
        previous = csv.field_size_limit(1000)
        try:
            message = self._catalog(to_csv([row(conditions="条" * 2000)]))
            self.assertIn("Row 2", message)
            self.assertIn("1000 characters", message)
        finally:
            csv.field_size_limit(previous)
