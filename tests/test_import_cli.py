"""`make import FILE=…` as the README tells a user to run it: a good file, then a bad one."""
import csv
import os
import random
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _write(path, rows):
    from gov_hall_tools.catalog_io import COLUMNS
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(list(COLUMNS.values()))
        for values in rows:
            writer.writerow([values.get(k, "") for k in COLUMNS])


def _item(window, code, **kw):
    vals = {"department": "SCJ", "basic_code": code[18:30], "implementation_code": code, "version": "1",
            "name": "命令行导入测试事项", "level": "主项", "item_type": "公共服务", "legal_basis": "测试依据",
            "legal_limit": "10", "promised_limit": "5", "case_type": "承诺件", "max_visits": "1",
            "online_level": "部分网办", "is_public": "是", "steps": "初审:前台;审批:后台", "windows": window,
            "materials": "申请表|原件|1|是", "state": "发布"}
    vals.update(kw)
    return vals


def _make_import(path, db):
    return subprocess.run(["make", "-s", "import", f"FILE={path}", f"DB={db}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)


def test_make_import_good_then_bad(rpc, server, tmp_path):
    _url, db = server
    admin = rpc.login("admin")
    window = admin("gov.window", "search_read", [("department_id.gov_code", "=", "SCJ")], fields=["name"],
                   limit=1)[0]["name"]
    basic = f"0001170{random.randint(0, 99999):05d}"  # a new item on every run
    base = f"11330400MB0000000X{basic}0"
    good = tmp_path / "good.csv"
    _write(good, [_item(window, f"{base}1")])
    out = _make_import(good, db)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "created 1" in out.stdout, out.stdout
    assert admin("gov.item", "search_count", [("implementation_code", "=", f"{base}1")]) == 1
    bad = tmp_path / "bad.csv"
    _write(bad, [_item(window, f"{base}2"),
                 _item(window, f"{base}3", legal_limit="十天")])
    out = _make_import(bad, db)
    # the import exits with 1 (make reports "Error 1" and fails in turn)
    assert out.returncode != 0 and "Error 1" in out.stderr, out.stdout + out.stderr
    errors = [line for line in out.stdout.splitlines() if line.strip() and not line.startswith("rows ")]
    assert errors and "3" in errors[0], out.stdout  # the row number, and why
    assert "created 0" in out.stdout
    assert admin("gov.item", "search_count", [("implementation_code", "=", f"{base}2")]) == 0
