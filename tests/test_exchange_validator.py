"""The exchange validator on good and bad rows (no server)."""
import copy
import json

import pytest

from exchange_validator import layout, parse_csv, validate, validate_files

KEY = {"case_no": "SL20261204000001", "impl_code": "11330400MB0000000X00017200700000", "item_version": 1}


def _good():
    return {
        "acceptance": [
            dict(KEY, item_name="食品经营许可（新办）", dept_code="SCJ", dept_uscc="11330400006953419D",
                 dept_name="嘉禾市市场监督管理局", window_no="A01", applicant_type="自然人", applicant_name="张小三",
                 applicant_id_type="居民身份证", applicant_id="110105********002X", received_date="2026-12-04",
                 accept_status="已受理", accepted_at="2026-12-04 09:30:00", case_type="承诺件", promised_limit=10,
                 legal_limit=20, due_date="2026-12-18"),
            dict(KEY, case_no="SL20261204000002", item_name="食品经营许可（新办）", dept_code="SCJ", dept_uscc=None,
                 dept_name="嘉禾市市场监督管理局", window_no=None, applicant_type="法人",
                 applicant_name="嘉禾市好味道餐饮有限公司", applicant_id_type="统一社会信用代码",
                 applicant_id="91330402MA2JH0T223", received_date="2026-12-04", accept_status="不予受理",
                 accepted_at=None, case_type="承诺件", promised_limit=10, legal_limit=20, due_date=None),
        ],
        "process": [
            dict(KEY, seq=1, step_name="初审", handler="王芳", handler_dept="嘉禾市市场监督管理局", opinion="材料齐全",
                 started_at="2026-12-04 09:30:00", finished_at="2026-12-04 10:00:00"),
            dict(KEY, seq=2, step_name="审批", handler="魏国栋", handler_dept=None, opinion="同意",
                 started_at="2026-12-04 10:00:00", finished_at="2026-12-04 15:00:00"),
            dict(KEY, seq=3, step_name="发证", handler="王芳", handler_dept=None, opinion="已发证",
                 started_at="2026-12-04 15:00:00", finished_at="2026-12-04 16:00:00"),
        ],
        "special": [
            dict(KEY, special_no="SUS-1", kind="检验检测", reason="送检", start_date="2026-12-04",
                 end_date="2026-12-04", limit_days=1, status="已结束"),
            dict(KEY, special_no="EXT-1", kind="延期", reason="专家评审", start_date="2026-12-04",
                 end_date="2026-12-04", limit_days=5, status="已批准"),
        ],
        "result": [
            dict(KEY, result="准予", finished_at="2026-12-04 15:00:00", reason=None, legal_basis=None,
                 doc_no="JD2026000001", delivery_method="邮寄送达", delivered_date="2026-12-04",
                 reported_via="部门专线", reporting_system="市场主体登记注册系统"),
            dict(KEY, case_no="SL20261204000002", result="不予受理", finished_at="2026-12-04 11:00:00",
                 reason="不属于本机关职权范围", legal_basis="《行政许可法》第三十二条", doc_no=None,
                 delivery_method=None, delivered_date=None, reported_via="大厅系统", reporting_system=None),
        ],
    }


def test_layout_is_complete():
    assert layout.TABLE_ORDER == ("acceptance", "process", "special", "result")
    for table in layout.TABLE_ORDER:
        keys = [col.key for col in layout.columns(table)]
        assert keys[:3] == ["case_no", "impl_code", "item_version"]
        assert len(set(keys)) == len(keys)
        assert len(set(layout.headers(table))) == len(keys)
        for col in layout.columns(table):
            assert col.max_len > 0
            assert (col.kind == "enum") == bool(col.values)
    assert set(layout.SPECIAL_KINDS.values()) >= {"听证", "检验检测", "专家评审", "延期"}
    assert layout.mask_id("11010519491231002X") == "110105********002X"


def test_good_batch_has_no_errors():
    assert validate(_good()) == []


def test_empty_batch_is_valid():
    assert validate({t: [] for t in layout.TABLE_ORDER}) == []


@pytest.mark.parametrize("table, index, changes, expected", [
    ("acceptance", 0, {"impl_code": "1133-0400"}, "12 to 36 digits"),
    ("acceptance", 0, {"impl_code": "A" * 37}, "longer than 36"),
    ("acceptance", 0, {"case_no": ""}, "办件编号 (case_no) is required"),
    ("acceptance", 0, {"case_no": "S" * 65}, "longer than 64"),
    ("acceptance", 0, {"item_version": "v1"}, "not a valid int"),
    ("acceptance", 0, {"applicant_id": "11010519491231002X"}, "masked"),
    ("acceptance", 1, {"applicant_id": "91330402MA2JH0T22"}, "unified social credit code"),
    ("acceptance", 0, {"applicant_type": "个人"}, "is not one of"),
    ("acceptance", 0, {"accepted_at": "2026/12/04 09:30"}, "%Y-%m-%d %H:%M:%S"),
    ("acceptance", 0, {"accepted_at": "2026-02-30 09:30:00"}, "not a valid datetime"),
    ("acceptance", 0, {"accepted_at": None}, "needs its 受理时间"),
    ("acceptance", 0, {"received_date": "2026-12-05"}, "before the materials were received"),
    ("acceptance", 0, {"item_name": "名" * 201}, "longer than 200"),
    ("process", 1, {"step_name": "会审"}, "is not one of"),
    ("process", 1, {"finished_at": "2026-12-04 09:59:00"}, "结束时间 before 开始时间"),
    ("process", 1, {"finished_at": "2026-12-04 15:30:00"}, "ends after the result"),
    ("process", 0, {"started_at": "2026-12-04 08:00:00"}, "starts before the acceptance"),
    ("process", 2, {"finished_at": "2026-12-04 14:00:00", "started_at": "2026-12-04 13:00:00"}, "发证 before"),
    ("process", 0, {"opinion": "意" * 1001}, "longer than 1000"),
    ("special", 0, {"kind": "暂停"}, "is not one of"),
    ("special", 0, {"end_date": "2026-12-03"}, "结束日期 before 开始日期"),
    ("special", 0, {"end_date": None}, "an ended suspension"),
    ("special", 1, {"status": "进行中"}, "an extension is"),
    ("special", 0, {"start_date": "2026-12-03", "end_date": "2026-12-03"}, "starts before the acceptance"),
    ("result", 0, {"result": "同意"}, "is not one of"),
    ("result", 0, {"finished_at": "2026-12-04 09:00:00"}, "办结时间 before 受理时间"),
    ("result", 0, {"delivered_date": None}, "go together"),
    ("result", 0, {"reporting_system": None}, "报送系统"),
    ("result", 1, {"result": "准予"}, "not accepted"),
])
def test_bad_rows(table, index, changes, expected):
    tables = _good()
    tables[table][index].update(changes)
    errors = validate(tables)
    assert any(expected in e for e in errors), errors


def test_every_row_needs_its_acceptance_row():
    tables = _good()
    tables["acceptance"] = tables["acceptance"][1:]
    errors = validate(tables)
    assert sum("no 受理信息 row" in e for e in errors) == 6, errors  # 3 过程 + 2 特别程序 + 1 结果


def test_missing_and_unknown_columns_and_tables():
    tables = _good()
    del tables["special"]
    tables["result"][0]["remark"] = "x"
    del tables["process"][0]["handler"]
    errors = validate(tables)
    assert any("'special'" in e and "missing" in e for e in errors)
    assert any("unknown columns ['remark']" in e for e in errors)
    assert any("missing columns ['handler']" in e for e in errors)


def test_duplicate_acceptance_row():
    tables = _good()
    tables["acceptance"].append(copy.deepcopy(tables["acceptance"][0]))
    assert any("appears twice" in e for e in validate(tables))


def _csv(table, rows):
    lines = [",".join(layout.headers(table))]
    keys = [col.key for col in layout.columns(table)]
    lines += [",".join(layout.csv_value(row[k]) for k in keys) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def test_files_agree():
    tables = _good()
    raw = json.dumps({"tables": tables, "counts": {t: len(r) for t, r in tables.items()}},
                     ensure_ascii=False).encode()
    csvs = {t: _csv(t, rows) for t, rows in tables.items()}
    assert validate_files(raw, csvs) == []
    assert parse_csv(csvs["acceptance"], "acceptance")[0]["applicant_name"] == "张小三"
    # a CSV without its byte order mark, or out of step with the JSON, is refused
    csvs["process"] = csvs["process"][3:]
    changed = copy.deepcopy(tables)
    changed["result"][0]["doc_no"] = "OTHER"
    errors = validate_files(json.dumps({"tables": changed}, ensure_ascii=False).encode(), csvs)
    assert any("byte order mark" in e for e in errors)
    assert any("result: the CSV file and the JSON file differ" in e for e in errors)
