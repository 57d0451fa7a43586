"""Read catalog spreadsheets (CSV or XLSX) into rows of plain strings.

No ORM here.  CSV files may be UTF-8 (with or without BOM) or GB18030/GBK, as
exported by Chinese office software.  The header row may use the Chinese
column titles or the English keys below.
"""
import csv
import io

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


def decode_text(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogFileError("encoding")


def read_table(data, filename):
    """Return a list of rows (lists of strings), header first."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        try:
            import openpyxl
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise CatalogFileError("xlsx") from exc
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
        return rows
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


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
