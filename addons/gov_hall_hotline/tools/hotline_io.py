"""The 12345 hotline's work-order file: read and written without the ORM.

One work order per row, a header row first with the Chinese titles below (the English keys
are accepted as well). Columns may come in any order; unknown columns are ignored. CSV files
may be UTF-8 (with or without BOM) or GB18030; XLSX files are read from their first sheet.

Layout received from the 12345 platform (import, and the API with the same keys):

====  ==========  ============  ========  ======================================================
 #    header      key           required  content
====  ==========  ============  ========  ======================================================
 1    工单编号    number        yes       the platform's work-order number (unique; the import key)
 2    受理时间    received_at   yes       when the platform took the call: 2026-12-01 09:30[:00]
                                          (also 2026/12/01 09:30, 2026年12月1日 09:30, a date alone)
 3    诉求类型    category      yes       咨询 / 求助 / 投诉 / 建议 / 举报 / 表扬
 4    标题        title         yes       one line
 5    诉求内容    content       yes       what the caller asked or reported
 6    来电人      caller_name   no        personal data
 7    联系电话    caller_phone  no        personal data
 8    涉及部门    department    no        the department the platform thinks concerned (a hint)
 9    涉及事项    item          no        the service item the caller mentioned (a hint)
 10   办理时限    deadline      yes       the day the reply is due: 2026-12-08 (also 2026/12/08,
                                          2026年12月8日, a date-time); a row without it is refused
====  ==========  ============  ========  ======================================================

The return file the hall sends back has the same ten columns, then:

====  ==========  ============  ======================================================
 11   办理部门    handled_by    the stationed department the order was assigned to
 12   答复内容    reply         the department's reply
 13   答复时间    replied_at    2026-12-03 15:20:00
 14   回访结果    revisit       满意 / 不满意 (empty before the return visit)
 15   办结时间    closed_at     2026-12-04 10:00:00 (empty while open)
====  ==========  ============  ======================================================

Times are local (the hall's time zone), written ``YYYY-MM-DD HH:MM:SS``; dates ``YYYY-MM-DD``.
In CSV, a cell that would start with ``= + - @`` is written with a leading apostrophe (so no
spreadsheet runs it as a formula) and the apostrophe is dropped again on reading; the parser
reads its own return file back.
"""
import csv
import io
from datetime import date, datetime

import xlsxwriter

IMPORT_COLUMNS = [
    ("number", "工单编号"),
    ("received_at", "受理时间"),
    ("category", "诉求类型"),
    ("title", "标题"),
    ("content", "诉求内容"),
    ("caller_name", "来电人"),
    ("caller_phone", "联系电话"),
    ("department", "涉及部门"),
    ("item", "涉及事项"),
    ("deadline", "办理时限"),
]
RETURN_COLUMNS = [
    ("handled_by", "办理部门"),
    ("reply", "答复内容"),
    ("replied_at", "答复时间"),
    ("revisit", "回访结果"),
    ("closed_at", "办结时间"),
]
EXPORT_COLUMNS = IMPORT_COLUMNS + RETURN_COLUMNS
TITLES = dict(EXPORT_COLUMNS)
REQUIRED = ("number", "received_at", "category", "title", "content", "deadline")

CATEGORIES = {"咨询": "consult", "求助": "help", "投诉": "complaint", "建议": "suggestion", "举报": "report",
              "表扬": "praise"}
CATEGORY_LABELS = {code: label for label, code in CATEGORIES.items()}
REVISIT = {"满意": "satisfied", "不满意": "unsatisfied"}
REVISIT_LABELS = {code: label for label, code in REVISIT.items()}

DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")
FORMULA_START = ("=", "+", "-", "@")
MAX_TEXT = {"number": 64, "title": 200, "caller_name": 64, "caller_phone": 32, "department": 128, "item": 256}


class HotlineFileError(ValueError):
    """The file as a whole cannot be read: ``missing:<titles>`` or ``empty``."""


def parse_datetime(value):
    """A naive datetime from a cell (``datetime``, ``date`` or text); ValueError when it is none.

    >>> parse_datetime("2026/12/01 09:30")
    datetime.datetime(2026, 12, 1, 9, 30)
    >>> parse_datetime("2026年12月1日")
    datetime.datetime(2026, 12, 1, 0, 0)
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value or "").strip()
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    day = parse_date(text)
    return datetime(day.year, day.month, day.day)


def parse_date(value):
    """A date from a cell; a date-time gives its day. ValueError when it is none.

    >>> parse_date("2026-12-08 18:00:00")
    datetime.date(2026, 12, 8)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_START:  # our own CSV escape
        text = text[1:]
    return text


def table_records(table):
    """``[(row_number, {key: text})]`` of a table (header first); spreadsheet row numbers (header = 1),
    blank rows skipped. Raises :class:`HotlineFileError` when required columns are missing."""
    if not table:
        raise HotlineFileError("empty")
    by_title = {title: key for key, title in EXPORT_COLUMNS}
    index = {}
    for pos, cell in enumerate(table[0]):
        title = _clean(cell).lstrip("\ufeff")
        key = by_title.get(title) or (title if title in TITLES else None)
        if key and key not in index:
            index[key] = pos
    missing = [TITLES[k] for k in REQUIRED if k not in index]
    if missing:
        raise HotlineFileError("missing:" + "、".join(missing))
    records = []
    for number, raw in enumerate(table[1:], start=2):
        if not any(_clean(c) for c in raw):
            continue
        records.append((number, {key: _clean(raw[pos]) if pos < len(raw) else "" for key, pos in index.items()}))
    return records


def dict_records(items):
    """``[(position, {key: text})]`` of JSON objects keyed by English keys or Chinese titles (1-based)."""
    by_title = {title: key for key, title in EXPORT_COLUMNS}
    records = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            records.append((position, None))
            continue
        row = {}
        for name, value in item.items():
            key = by_title.get(name) or (name if name in TITLES else None)
            if key:
                row[key] = _clean(value)
        records.append((position, row))
    return records


def parse_records(records):
    """Check every record; ``(orders, errors)``.

    ``orders``: ``[(row, values)]`` with ``received_at`` (naive local datetime), ``deadline`` (date),
    ``category`` (code) and, for a return file, ``replied_at``/``closed_at``/``revisit``;
    ``errors``: ``[(row, code, params)]`` — codes ``not_object``, ``missing``, ``no_deadline``,
    ``bad_date``, ``bad_category``, ``bad_revisit``, ``too_long``, ``duplicate``, ``deadline_before``.
    """
    orders, errors, seen = [], [], {}
    for row, rec in records:
        if rec is None:
            errors.append((row, "not_object", {}))
            continue
        problems = []
        values = {key: rec.get(key, "") for key, _title in EXPORT_COLUMNS}
        for key in ("number", "title", "content", "received_at", "category"):
            if not values[key]:
                problems.append(("missing", {"column": TITLES[key]}))
        if not values["deadline"]:
            problems.append(("no_deadline", {"column": TITLES["deadline"]}))
        for key, limit in MAX_TEXT.items():
            if len(values[key]) > limit:
                problems.append(("too_long", {"column": TITLES[key], "limit": limit}))
        for key, parser in (("received_at", parse_datetime), ("deadline", parse_date),
                            ("replied_at", parse_datetime), ("closed_at", parse_datetime)):
            if values[key]:
                try:
                    values[key] = parser(values[key])
                except ValueError:
                    problems.append(("bad_date", {"column": TITLES[key], "value": values[key]}))
                    values[key] = None
            else:
                values[key] = None
        if values["category"]:
            code = CATEGORIES.get(values["category"]) or (
                values["category"] if values["category"] in CATEGORY_LABELS else None)
            if not code:
                problems.append(("bad_category", {"column": TITLES["category"], "value": values["category"],
                                                  "allowed": "/".join(CATEGORIES)}))
            values["category"] = code
        if values["revisit"]:
            code = REVISIT.get(values["revisit"]) or (values["revisit"] if values["revisit"] in REVISIT_LABELS
                                                      else None)
            if not code:
                problems.append(("bad_revisit", {"column": TITLES["revisit"], "value": values["revisit"],
                                                 "allowed": "/".join(REVISIT)}))
            values["revisit"] = code
        if values["received_at"] and values["deadline"] and values["deadline"] < values["received_at"].date():
            problems.append(("deadline_before", {"deadline": values["deadline"].isoformat()}))
        if values["number"]:
            if values["number"] in seen:
                problems.append(("duplicate", {"value": values["number"], "other": seen[values["number"]]}))
            else:
                seen[values["number"]] = row
        if problems:
            errors.extend((row, code, params) for code, params in problems)
        else:
            orders.append((row, values))
    return orders, errors


# ---------------------------------------------------------------------------------------------- writing
def _text(value):
    if value is None or value is False:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_table(rows, columns=EXPORT_COLUMNS):
    """Header and rows (dicts by key, values str/date/datetime) as lists of strings."""
    return [[title for _key, title in columns]] + [[_text(row.get(key)) for key, _title in columns]
                                                   for row in rows]


def write_csv(rows, columns=EXPORT_COLUMNS):
    """UTF-8 CSV with BOM (Excel opens it as Chinese text), formula-like cells escaped."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for line in export_table(rows, columns):
        writer.writerow([("'" + cell) if cell[:1] in FORMULA_START else cell for cell in line])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_xlsx(rows, columns=EXPORT_COLUMNS, sheet_name="12345工单"):
    """An XLSX workbook; every cell is text (never a formula or a link)."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    sheet = book.add_worksheet(sheet_name)
    table = export_table(rows, columns)
    sheet.write_row(0, 0, table[0], head)
    for r, line in enumerate(table[1:], start=1):
        for c, cell in enumerate(line):
            sheet.write_string(r, c, cell)
    widths = {"number": 20, "received_at": 20, "title": 30, "content": 50, "reply": 50, "replied_at": 20,
              "closed_at": 20, "handled_by": 24}
    for c, (key, _title) in enumerate(columns):
        sheet.set_column(c, c, widths.get(key, 12))
    sheet.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()
