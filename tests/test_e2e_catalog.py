"""End-to-end: the demo city served by a running Odoo (started by `make test`)."""
import re
import subprocess
import tempfile
import unicodedata

import pytest
from conftest import RpcError

DEMO_LOGINS = ["admin", "bureau", "clerk", "consult", "reviewer", "leader", "supervisor",
               "finance", "hr", "staffing"]


@pytest.mark.parametrize("login", DEMO_LOGINS)
def test_every_demo_user_logs_in_in_chinese(rpc, login):
    user = rpc.login(login)
    [me] = user("res.users", "read", [user.uid], fields=["lang", "tz"])
    assert me["lang"] == "zh_CN"
    assert me["tz"] == "Asia/Shanghai"


def test_company_is_chinese(rpc):
    admin = rpc.login("admin")
    [company] = admin("res.company", "search_read", [], fields=["currency_id", "country_id"], limit=1)
    assert company["currency_id"][1] == "CNY"


def test_catalog_size(rpc):
    clerk = rpc.login("clerk")
    assert clerk("hr.department", "search_count", [("is_stationed", "=", True)]) >= 20
    assert clerk("gov.item", "search_count", [("state", "=", "published")]) >= 150
    assert clerk("gov.window", "search_count", []) >= 20


def test_working_days_over_json_rpc(rpc):
    clerk = rpc.login("clerk")
    assert clerk("cn.holiday", "add_working_days", "2026-02-12", 5) == "2026-02-26"
    assert clerk("cn.holiday", "working_days_between", "2026-02-12", "2026-02-26") == 5
    assert clerk("cn.holiday", "add_working_days", "2026-09-30", 1) == "2026-10-08"
    assert clerk("cn.holiday", "working_days_between", "2026-03-01", "2026-02-01") == 0


def test_clerk_cannot_edit_catalog(rpc):
    clerk = rpc.login("clerk")
    [item_id] = clerk("gov.item", "search", [("state", "=", "published")], limit=1)
    with pytest.raises(RpcError):
        clerk("gov.item", "write", [item_id], {"name": "篡改"})
    with pytest.raises(RpcError):
        clerk("cn.holiday", "create", {"date": "2026-12-02", "kind": "holiday", "name": "x"})


def test_public_item_page(server, rpc):
    url, _db = server
    clerk = rpc.login("clerk")
    [item] = clerk("gov.item", "search_read", [("state", "=", "published"), ("is_public", "=", True)],
                   fields=["implementation_code", "name"], limit=1)
    import requests
    res = requests.get(f"{url}/hall/item/{item['implementation_code']}", timeout=60)
    assert res.status_code == 200
    assert item["name"] in res.text
    # a secret item is readable by the Bureau, never by a clerk of another department nor the public
    bureau = rpc.login("bureau")
    [secret] = bureau("gov.item", "search_read", [("is_public", "=", False), ("state", "=", "published")],
                      fields=["implementation_code", "department_id"], limit=1)
    assert requests.get(f"{url}/hall/item/{secret['implementation_code']}", timeout=60).status_code == 404
    outsider = rpc.login("gaj_review" if secret["department_id"][1] != "嘉禾市公安局" else "scj_review")
    assert outsider("gov.item", "search", [("id", "=", secret["id"])]) == []


def test_service_guide_pdf(server, rpc, web_session):
    url, _db = server
    bureau = rpc.login("bureau")
    [item] = bureau("gov.item", "search_read", [("state", "=", "published"), ("has_fees", "=", True)],
                    fields=["implementation_code", "name", "basic_code"], limit=1)
    s = web_session("clerk")
    res = s.get(f"{url}/report/pdf/gov_hall.report_gov_item_guide/{item['id']}", timeout=300)
    assert res.status_code == 200
    assert res.content[:4] == b"%PDF"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(res.content)
        fh.flush()
        text = subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, check=True).stdout.decode()
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    assert unicodedata.normalize("NFKC", item["name"]).replace(" ", "") in compact
    assert item["implementation_code"] in compact
    assert item["basic_code"] in compact
    assert "办事指南" in compact
    assert "收费标准" in compact
