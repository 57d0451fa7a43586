"""End-to-end: a life-event bundle (一件事一次办) received once and accepted once over JSON-RPC at a
comprehensive window of the demo city, who may see and do what, and the public bundle pages."""
import pytest
import requests
from conftest import RpcError

PERSON_ID = "11010519491231002X"
DEMO_BUNDLES = ("我要开餐馆", "新生儿出生一件事", "企业开办一件事", "小型建设项目施工许可一件事", "退休一件事")


def test_bundle_public_pages(server):
    url, _db = server
    res = requests.get(f"{url}/hall/bundles", timeout=60)
    assert res.status_code == 200
    for name in DEMO_BUNDLES:
        assert name in res.text
    page = requests.get(f"{url}/hall/bundle/newborn", timeout=60)
    assert page.status_code == 200
    for text in ("一套材料", "一张表单", "出生登记", "社会保障卡申领", "A01"):
        assert text in page.text, text
    # the demo applications' applicants never appear on a public page
    for private in ("林雨萱", "周建国", "陈晓东", "330402", "13905730101"):
        assert private not in page.text and private not in res.text
    assert requests.get(f"{url}/hall/bundle/no-such-bundle", timeout=60).status_code == 404
    # the catalog's header links the bundles
    assert "/hall/bundles" in requests.get(f"{url}/hall/items", timeout=60).text


def test_bundle_over_json_rpc(rpc):
    clerk = rpc.login("clerk")  # 王芳, comprehensive window A01
    bundle = clerk("gov.bundle", "search_read", [("code", "=", "company-start")], fields=["member_ids"])[0]
    window = clerk("gov.window", "search_read", [("name", "=", "A01")], fields=["window_type"])[0]
    assert window["window_type"] == "comprehensive"
    app_id = clerk("gov.bundle.application", "create", {
        "bundle_id": bundle["id"], "window_id": window["id"], "applicant_name": "吴九",
        "applicant_id_number": PERSON_ID, "applicant_phone": "13700000009"})
    value_ids = clerk("gov.bundle.application", "read", [app_id], fields=["value_ids"])[0]["value_ids"]
    for value in clerk("gov.bundle.application.value", "read", value_ids, fields=["field_type"]):
        clerk("gov.bundle.application.value", "write", [value["id"]],
              {"value": "100" if value["field_type"] == "number" else "嘉禾市测试"})
    # a reviewer does not receive at the window; nobody forges the state or the due date
    with pytest.raises(RpcError):
        rpc.login("scj_review")("gov.bundle.application", "action_receive", [app_id])
    for vals in ({"state": "accepted"}, {"due_date": "2030-01-01"}, {"limit_days": 1}):
        with pytest.raises(RpcError):
            clerk("gov.bundle.application", "write", [app_id], vals)
    clerk("gov.bundle.application", "action_receive", [app_id])
    clerk("gov.bundle.application", "action_mark_all_compliant", [app_id])
    clerk("gov.bundle.application", "action_accept", [app_id])
    app = clerk("gov.bundle.application", "read", [app_id], fields=["state", "case_ids", "due_date"])[0]
    assert app["state"] == "accepted" and app["due_date"]
    assert len(app["case_ids"]) == len(bundle["member_ids"]) == 3
    cases = clerk("gov.case", "read", app["case_ids"], fields=["state", "department_id", "window_type"])
    assert {c["window_type"] for c in cases} == {"comprehensive"}
    assert {c["state"] for c in cases} <= {"review", "decided"}
    assert len({c["department_id"][0] for c in cases}) == 3
    # each department's back office sees the application; a department outside the bundle sees nothing
    gjj = rpc.login("gjj_review")
    assert gjj("gov.bundle.application", "search", [("id", "=", app_id)]) == [app_id]
    outsider = rpc.login("jtj_review")
    assert outsider("gov.bundle.application", "search", [("id", "=", app_id)]) == []
    assert outsider("gov.case", "search", [("id", "in", app["case_ids"])]) == []
    with pytest.raises(RpcError):
        clerk("gov.case", "write", app["case_ids"][:1], {"bundle_application_id": False})
