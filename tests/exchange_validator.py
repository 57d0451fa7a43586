"""Validator of the case-data exchange files (受理 / 过程 / 特别程序 / 结果), in plain Python (no Odoo).

It shares the layout with the exporter: addons/gov_hall_exchange/tools/layout.py, loaded as a file the
way tests/conftest.py loads the addons' tools (package ``gov_hall_exchange_tools``).

    errors = validate(tables)          # tables: {"acceptance": [row, ...], "process": [...], ...}
    errors = validate_files(json_bytes, {"acceptance": csv_bytes, ...})
"""
import csv
import importlib
import importlib.util
import io
import json
import os
import re
import sys
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "gov_hall_exchange_tools"


def _load_layout():
    if PACKAGE not in sys.modules:
        path = os.path.join(ROOT, "addons", "gov_hall_exchange", "tools")
        spec = importlib.util.spec_from_file_location(PACKAGE, os.path.join(path, "__init__.py"),
                                                      submodule_search_locations=[path])
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{PACKAGE}.layout")


layout = _load_layout()
NO_SPACE_RE = re.compile(r"^\S+$")
INT_RE = re.compile(r"^\d+$")


def _empty(value):
    return value is None or value == ""


def _parse(value, kind):
    """The value as a datetime / date / int, or None if it does not parse."""
    text = str(value)
    try:
        if kind == "datetime":
            return datetime.strptime(text, layout.DATETIME_FORMAT) if layout.DATETIME_RE.match(text) else None
        if kind == "date":
            return datetime.strptime(text, layout.DATE_FORMAT).date() if layout.DATE_RE.match(text) else None
    except ValueError:
        return None
    if kind == "int":
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value if value >= 0 else None
        return int(text) if INT_RE.match(text) else None
    return text


def _check_row(table, index, row, errors):
    """Columns of one row: keys, required, length, kind, enumeration. Returns the parsed values."""
    where = f"{layout.TABLES[table]['label']} row {index}"
    cols = layout.columns(table)
    if not isinstance(row, dict):
        errors.append(f"{where}: not an object")
        return None
    keys = [col.key for col in cols]
    missing = [k for k in keys if k not in row]
    unknown = [k for k in row if k not in keys]
    if missing:
        errors.append(f"{where}: missing columns {missing}")
    if unknown:
        errors.append(f"{where}: unknown columns {unknown}")
    parsed = {}
    for col in cols:
        value = row.get(col.key)
        if _empty(value):
            parsed[col.key] = None
            if col.required:
                errors.append(f"{where}: {col.label} ({col.key}) is required")
            continue
        if len(str(value)) > col.max_len:
            errors.append(f"{where}: {col.label} ({col.key}) longer than {col.max_len} characters")
        result = _parse(value, col.kind)
        if result is None:
            expected = {"datetime": layout.DATETIME_FORMAT, "date": layout.DATE_FORMAT}.get(col.kind, col.kind)
            errors.append(f"{where}: {col.label} ({col.key}) {value!r} is not a valid {col.kind} ({expected})")
        elif col.kind == "enum" and result not in col.values:
            errors.append(f"{where}: {col.label} ({col.key}) {value!r} is not one of {list(col.values)}")
        elif col.kind == "code" and not NO_SPACE_RE.match(result):
            errors.append(f"{where}: {col.label} ({col.key}) {value!r} contains spaces")
        parsed[col.key] = result
    if parsed.get("impl_code") and not layout.IMPL_CODE_RE.match(parsed["impl_code"]):
        errors.append(f"{where}: 事项实施编码 {parsed['impl_code']!r} is not 12 to 36 digits or capital letters")
    if parsed.get("item_version") is not None and parsed["item_version"] < 1:
        errors.append(f"{where}: 事项版本 must be 1 or more")
    return parsed


def _key(parsed):
    return (parsed.get("case_no"), parsed.get("impl_code"), parsed.get("item_version"))


def validate(tables):
    """Every error of a batch's four tables (an empty list when the batch is valid)."""
    errors = []
    if not isinstance(tables, dict):
        return ["the tables are not an object"]
    for table in set(tables) - set(layout.TABLE_ORDER):
        errors.append(f"unknown table {table!r}")
    parsed = {}
    for table in layout.TABLE_ORDER:
        rows = tables.get(table)
        if not isinstance(rows, list):
            errors.append(f"table {table!r} ({layout.TABLES[table]['label']}) is missing")
            rows = []
        parsed[table] = [(i, p) for i, p in ((i, _check_row(table, i, row, errors))
                                             for i, row in enumerate(rows, start=1)) if p is not None]

    # 受理: one row per case, the applicant's ID as the layout says, acceptance consistent
    acceptance = {}
    for i, row in parsed["acceptance"]:
        where = f"受理信息 row {i} ({row.get('case_no')})"
        if _key(row) in acceptance:
            errors.append(f"{where}: the case appears twice")
        acceptance[_key(row)] = row
        id_type, number = row.get("applicant_id_type"), row.get("applicant_id") or ""
        if id_type == layout.APPLICANT_ID_TYPES["person"] and not layout.MASKED_ID_RE.match(number):
            errors.append(f"{where}: a resident ID is sent masked, first 6 and last 4 characters only")
        if id_type == layout.APPLICANT_ID_TYPES["company"] and not layout.USCC_RE.match(number):
            errors.append(f"{where}: {number!r} is not a unified social credit code")
        types = {v: k for k, v in layout.APPLICANT_TYPES.items()}
        if row.get("applicant_type") in types and id_type and \
                layout.APPLICANT_ID_TYPES[types[row["applicant_type"]]] != id_type:
            errors.append(f"{where}: 申请人证件类型 does not match 申请人类型")
        accepted = row.get("accept_status") in layout.ACCEPTED_STATUS
        if accepted and not row.get("accepted_at"):
            errors.append(f"{where}: an accepted case needs its 受理时间")
        if not accepted and row.get("accepted_at"):
            errors.append(f"{where}: 受理时间 given for a case not accepted")
        if row.get("accepted_at") and row.get("received_date") and row["accepted_at"].date() < row["received_date"]:
            errors.append(f"{where}: accepted before the materials were received")

    def header(table, i, row):
        head = acceptance.get(_key(row))
        if head is None:
            errors.append(f"{layout.TABLES[table]['label']} row {i} ({row.get('case_no')}): no 受理信息 row for "
                          f"this case in the batch")
        return head

    # 结果: against the acceptance
    results = {}
    for i, row in parsed["result"]:
        where = f"结果信息 row {i} ({row.get('case_no')})"
        if _key(row) in results:
            errors.append(f"{where}: the case has two results")
        results[_key(row)] = row
        head = header("result", i, row)
        refused = row.get("result") == layout.RESULTS["refused"]
        if head:
            if refused and head.get("accept_status") != "不予受理":
                errors.append(f"{where}: 不予受理 but the 受理信息 says {head.get('accept_status')}")
            if not refused and head.get("accept_status") not in layout.ACCEPTED_STATUS:
                errors.append(f"{where}: a decision on a case that was not accepted")
            if head.get("accepted_at") and row.get("finished_at") and row["finished_at"] < head["accepted_at"]:
                errors.append(f"{where}: 办结时间 before 受理时间")
            if head.get("received_date") and row.get("finished_at") and \
                    row["finished_at"].date() < head["received_date"]:
                errors.append(f"{where}: 办结时间 before the materials were received")
        if bool(row.get("delivery_method")) != bool(row.get("delivered_date")):
            errors.append(f"{where}: 送达方式 and 送达日期 go together")
        if row.get("delivered_date") and row.get("finished_at") and row["delivered_date"] < row["finished_at"].date():
            errors.append(f"{where}: delivered before the decision")
        if refused and row.get("delivery_method"):
            errors.append(f"{where}: nothing is delivered for 不予受理 in this table")
        if (row.get("reported_via") == "部门专线") != bool(row.get("reporting_system")):
            errors.append(f"{where}: 报送系统 is given exactly when the result came over a department line")

    # 过程: between the acceptance and the result
    for i, row in parsed["process"]:
        where = f"过程信息 row {i} ({row.get('case_no')})"
        head = header("process", i, row)
        started, finished = row.get("started_at"), row.get("finished_at")
        if started and finished and finished < started:
            errors.append(f"{where}: 结束时间 before 开始时间")
        if head:
            if head.get("accept_status") not in layout.ACCEPTED_STATUS:
                errors.append(f"{where}: a step on a case that is not accepted")
            elif head.get("accepted_at") and started and started < head["accepted_at"]:
                errors.append(f"{where}: the step starts before the acceptance")
        result = results.get(_key(row))
        if result and result.get("finished_at") and finished:
            if row.get("step_name") in layout.REVIEW_STEP_NAMES and finished > result["finished_at"]:
                errors.append(f"{where}: a review step ends after the result")
            if row.get("step_name") not in layout.REVIEW_STEP_NAMES and finished < result["finished_at"]:
                errors.append(f"{where}: 发证 before the result")

    # 特别程序: within the case's time
    for i, row in parsed["special"]:
        where = f"特别程序 row {i} ({row.get('case_no')})"
        head = header("special", i, row)
        begin, end = row.get("start_date"), row.get("end_date")
        if begin and end and end < begin:
            errors.append(f"{where}: 结束日期 before 开始日期")
        extension = row.get("kind") == layout.SPECIAL_KINDS["extension"]
        if extension and row.get("status") not in ("已批准", "未批准"):
            errors.append(f"{where}: an extension is 已批准 or 未批准")
        if not extension and row.get("status") not in ("进行中", "已结束"):
            errors.append(f"{where}: a suspension is 进行中 or 已结束")
        if not extension and (row.get("status") == "已结束") != bool(end):
            errors.append(f"{where}: an ended suspension has its 结束日期, a running one none")
        if extension and not row.get("limit_days"):
            errors.append(f"{where}: an extension gives its 特别程序时限")
        if head:
            if head.get("accept_status") not in layout.ACCEPTED_STATUS:
                errors.append(f"{where}: a special procedure on a case that is not accepted")
            elif head.get("accepted_at") and begin and begin < head["accepted_at"].date():
                errors.append(f"{where}: starts before the acceptance")
    return errors


def parse_csv(raw, table):
    """Rows of a CSV file of the exchange (UTF-8 with BOM, Chinese headers) keyed like the JSON."""
    if not raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError(f"{table}: the CSV file does not start with the UTF-8 byte order mark")
    reader = csv.reader(io.StringIO(raw.decode(layout.CSV_ENCODING), newline=""))
    rows = list(reader)
    if not rows or rows[0] != layout.headers(table):
        raise ValueError(f"{table}: the CSV headers are not {layout.headers(table)}")
    keys = [col.key for col in layout.columns(table)]
    return [dict(zip(keys, row)) for row in rows[1:]]


def validate_files(json_raw, csv_raws):
    """Errors of a batch's JSON file, of its four CSV files, and of any difference between them."""
    try:
        payload = json.loads(json_raw.decode("utf-8"))
    except ValueError as err:
        return [f"the JSON file does not parse: {err}"]
    tables = payload.get("tables") or {}
    errors = validate(tables)
    for table, count in (payload.get("counts") or {}).items():
        if len(tables.get(table) or []) != count:
            errors.append(f"{table}: counts says {count} rows, the table has {len(tables.get(table) or [])}")
    for table in layout.TABLE_ORDER:
        if table not in csv_raws:
            errors.append(f"{table}: the CSV file is missing")
            continue
        try:
            csv_rows = parse_csv(csv_raws[table], table)
        except ValueError as err:
            errors.append(str(err))
            continue
        errors += [f"CSV {e}" for e in validate({**{t: [] for t in layout.TABLE_ORDER}, table: csv_rows})
                   if "no 受理信息 row" not in e]
        as_text = [{k: layout.csv_value(v) for k, v in row.items()} for row in tables.get(table) or []]
        if as_text != csv_rows:
            errors.append(f"{table}: the CSV file and the JSON file differ")
    return errors
