"""End-to-end: the Bureau exports a day of case data over JSON-RPC; the downloaded files pass the validator."""
import base64
import json
from datetime import date, timedelta

import pytest
from conftest import RpcError

from exchange_validator import layout, validate_files


def _files(user, attachment_ids):
    atts = user("ir.attachment", "read", attachment_ids, fields=["name", "datas"])
    files = {a["name"]: base64.b64decode(a["datas"]) for a in atts}
    json_raw = next(raw for name, raw in files.items() if name.endswith(".json"))
    csvs = {t: next(raw for name, raw in files.items() if name.endswith(f"_{t}.csv")) for t in layout.TABLE_ORDER}
    return json_raw, csvs


def test_exchange_batch_over_json_rpc(rpc):
    bureau = rpc.login("bureau")
    # the demo city's batch of a recent day: the Bureau exports that day again (a new version)
    latest = bureau("gov.exchange.batch", "search_read", [("state", "=", "done")], fields=["day", "version"],
                    order="day desc, version desc", limit=1)
    day = latest[0]["day"] if latest else str(date.today() - timedelta(days=1))
    wizard = bureau("gov.exchange.export.wizard", "create", {"day": day, "reason": "端到端测试：复核导出文件"})
    action = bureau("gov.exchange.export.wizard", "action_export", [wizard])
    batch_id = action["res_id"]
    batch = bureau("gov.exchange.batch", "read", [batch_id], fields=[
        "state", "error", "day", "version", "attachment_ids", "case_count", "acceptance_count", "process_count",
        "special_count", "result_count"])[0]
    assert batch["state"] == "done", batch["error"]
    assert batch["day"] == day
    if latest:
        assert batch["version"] > latest[0]["version"]
    assert batch["case_count"] > 0, "the demo day has cases"
    json_raw, csvs = _files(bureau, batch["attachment_ids"])
    assert validate_files(json_raw, csvs) == []
    payload = json.loads(json_raw)
    for table in layout.TABLE_ORDER:
        assert len(payload["tables"][table]) == batch[f"{table}_count"]
    assert batch["acceptance_count"] == batch["case_count"]
    # supervision reads the batches; only the Bureau exports; nobody edits a batch
    supervisor = rpc.login("supervisor")
    assert supervisor("gov.exchange.batch", "search", [("id", "=", batch_id)]) == [batch_id]
    with pytest.raises(RpcError):
        supervisor("gov.exchange.export.wizard", "create", {"day": day})
    with pytest.raises(RpcError):
        bureau("gov.exchange.batch", "write", [batch_id], {"state": "failed"})
    clerk = rpc.login("clerk")
    with pytest.raises(RpcError):
        clerk("gov.exchange.batch", "read", [batch_id], fields=["state"])


def test_dedicated_lines_register(rpc):
    bureau = rpc.login("bureau")
    lines = bureau("gov.dept.line", "search_read", [("state", "=", "active")],
                   fields=["name", "department_id", "line_kind", "contract_end", "result_count"])
    systems = {line["name"] for line in lines}
    assert {"公安人口信息系统", "市场主体登记注册系统"} <= systems
    soon = str(date.today() + timedelta(days=30))
    assert bureau("gov.dept.line", "search_count", [("state", "=", "active"), ("contract_end", "<=", soon)]) >= 1
