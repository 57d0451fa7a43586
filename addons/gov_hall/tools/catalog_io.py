"""Read catalog spreadsheets (CSV or XLSX) into rows of plain strings.

No ORM here.  CSV files may be UTF-8 (with or without BOM) or GB18030/GBK, as
exported by Chinese office software.  The header row may use the Chinese
column titles or the English keys below.

Uploads are bounded (size, rows, cell length, what an XLSX unpacks to) here, for
the catalog and the bank statement imports alike: a file over a limit raises
:class:`UploadLimitError` before anything is parsed into records.
"""
import csv
import io
import zipfile

import openpyxl

MAX_FILE_BYTES = 10 * 1024 * 1024  # an uploaded file
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # what an XLSX may unpack to
MAX_ZIP_RATIO = 100  # spreadsheets unpack 3 to 20 times; a zip bomb a thousand
MAX_FIELD_CHARS = 32767  # Excel's own limit for a cell
MAX_COLUMNS = 256
MAX_CATALOG_ROWS = 20000  # rows of the file, header included
MAX_STATEMENT_ROWS = 50000

# key -> Chinese column title
COLUMNS = {
    "department": "部门编码",
    "basic_code": "基本编码",
    "implementation_code": "实施编码",
    "version": "版本",
    "name": "事项名称",
    "parent": "父项实施编码",
    "level": "层级",
    "handling_type": "办理项类型",
    "item_type": "事项类型",
    "legal_basis": "设定依据",
    "legal_limit": "法定时限",
    "promised_limit": "承诺时限",
    "case_type": "办件类型",
    "max_visits": "最多跑动次数",
    "online_level": "网办深度",
    "is_public": "是否公开",
    "steps": "办理环节",
    "joint": "联合审批部门",
    "windows": "窗口",
    "materials": "申请材料",
    "fees": "收费项目",
    "conditions": "受理条件",
    "state": "状态",
}
REQUIRED = ("department", "basic_code", "implementation_code", "name", "item_type", "case_type")


class CatalogFileError(ValueError):
    """The file as a whole cannot be read (wrong format, missing columns)."""


class UploadLimitError(CatalogFileError):
    """The file is over a limit: ``kind`` is size, unzipped, ratio, rows or field; ``limit``
    the limit passed; ``row`` the file's row, when known."""

    def __init__(self, kind, limit, row=None):
        super().__init__(kind)
        self.kind, self.limit, self.row = kind, limit, row


def describe_limit(exc, _):
    """The user's message for an :class:`UploadLimitError`; ``_`` is ``env._``."""
    if exc.kind == "size":
        return _("The file is larger than %(limit)s MB. Split it into smaller files and import them one by one.",
                 limit=exc.limit // (1024 * 1024))
    if exc.kind == "unzipped":
        return _("The XLSX file unpacks to more than %(limit)s MB: save it again from the spreadsheet program, "
                 "or split it into smaller files.", limit=exc.limit // (1024 * 1024))
    if exc.kind == "ratio":
        return _("The XLSX file unpacks to more than %(limit)s times its size, which no spreadsheet does: it is "
                 "refused as a possible zip bomb.", limit=exc.limit)
    if exc.kind == "rows":
        return _("The file has more than %(limit)s rows. Split it into files of at most %(limit)s rows and "
                 "import them one by one.", limit=exc.limit)
    if exc.row:
        return _("Row %(row)s of the file has a cell longer than %(limit)s characters: is the file damaged, or "
                 "its column delimiter wrong?", row=exc.row, limit=exc.limit)
    return _("The file has a cell longer than %(limit)s characters: is the file damaged, or its column "
             "delimiter wrong?", limit=exc.limit)


def check_size(data, limit=None):
    limit = limit or MAX_FILE_BYTES
    if len(data) > limit:
        raise UploadLimitError("size", limit)


def check_xlsx_archive(data):
    """Refuse an XLSX (a zip) that unpacks to too much, from its directory, before openpyxl reads it.
    The sizes declared there bound what is read: Python's zipfile stops each member at its declared
    size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise CatalogFileError("xlsx") from exc
    unzipped = sum(m.file_size for m in members)
    zipped = sum(m.compress_size for m in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise UploadLimitError("unzipped", MAX_UNZIPPED_BYTES)
    if unzipped > MAX_ZIP_RATIO * max(zipped, 1):
        raise UploadLimitError("ratio", MAX_ZIP_RATIO)


def _check_cells(values, row):
    for value in values:
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise UploadLimitError("field", MAX_FIELD_CHARS, row=row)


def read_xlsx(data, max_rows, active=False):
    """Rows of the first (or the active) sheet, tuples of cell values at most MAX_COLUMNS wide,
    streamed: at most ``max_rows`` rows (header included), no text over MAX_FIELD_CHARS."""
    check_xlsx_archive(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise CatalogFileError("xlsx") from exc
    try:
        sheet = book.active if active else book.worksheets[0]
        sheet.reset_dimensions()  # the declared dimension may be a lie: read the rows there are
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > max_rows:
                raise UploadLimitError("rows", max_rows)
            values = cells[:MAX_COLUMNS]
            _check_cells(values, number)
            rows.append(values)
        return rows
    except CatalogFileError:
        raise
    except Exception as exc:
        raise CatalogFileError("xlsx") from exc
    finally:
        book.close()


def read_csv(text, max_rows, **options):
    """Rows of a CSV text (lists of strings): at most ``max_rows`` rows (header included), no cell
    over MAX_FIELD_CHARS."""
    reader = csv.reader(io.StringIO(text), **options)
    rows = []
    try:
        for values in reader:
            if len(rows) >= max_rows:
                raise UploadLimitError("rows", max_rows)
            _check_cells(values, reader.line_num)
            rows.append(values)
    except csv.Error as exc:
        if "field limit" in str(exc):  # "field larger than field limit (131072)"
            raise UploadLimitError("field", min(csv.field_size_limit(), MAX_FIELD_CHARS),
                                   row=reader.line_num) from exc
        raise CatalogFileError(f"csv: {exc}") from exc
    return rows


def decode_text(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogFileError("encoding")


def read_table(data, filename):
    """Return a list of rows (lists of strings), header first. Raises :class:`UploadLimitError` for
    a file over the limits (size, rows, cell length, what an XLSX unpacks to)."""
    check_size(data)
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return [[_cell(v) for v in values] for values in read_xlsx(data, MAX_CATALOG_ROWS)]
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return read_csv(text, MAX_CATALOG_ROWS, dialect=dialect)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_rows(table):
    """Map a table (header first) to ``[(row_number, {key: value})]``.

    Row numbers are the spreadsheet's own (header = row 1).  Blank rows are
    skipped.  Raises :class:`CatalogFileError` when required columns are missing.
    """
    if not table:
        raise CatalogFileError("empty")
    header = [h.strip().lstrip("\ufeff") for h in table[0]]
    by_title = {title: key for key, title in COLUMNS.items()}
    index = {}
    for pos, title in enumerate(header):
        key = by_title.get(title) or (title if title in COLUMNS else None)
        if key:
            index[key] = pos
    missing = [COLUMNS[k] for k in REQUIRED if k not in index]
    if missing:
        raise CatalogFileError("missing:" + "、".join(missing))
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        if not any((c or "").strip() for c in raw):
            continue
        rows.append((number, {key: (raw[pos].strip() if pos < len(raw) and raw[pos] else "")
                              for key, pos in index.items()}))
    return rows


def split_list(value):
    """Split ``a;b；c`` into ``["a", "b", "c"]`` (ASCII or full-width semicolons)."""
    return [p.strip() for p in (value or "").replace("；", ";").split(";") if p.strip()]


def split_fields(value):
    return [p.strip() for p in value.replace("｜", "|").split("|")]
