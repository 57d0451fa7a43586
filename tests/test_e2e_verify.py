"""End-to-end: the public verification page of demo documents, over HTTP, without login."""
import re

import requests


def _doc(rpc, domain):
    bureau = rpc.login("bureau")
    docs = bureau("gov.case.document", "search_read", domain, fields=["token", "case_id", "doc_type"], limit=1)
    assert docs, domain
    case = bureau("gov.case", "read", [docs[0]["case_id"][0]],
                  fields=["applicant_name", "applicant_id_number", "applicant_phone", "applicant_uscc"])[0]
    return docs[0], case


def _assert_no_personal_data(text, case):
    for value in (case["applicant_id_number"], case["applicant_phone"], case["applicant_uscc"]):
        if value:
            assert value not in text
    name = case["applicant_name"]
    if len(name) >= 2 and not name.startswith("嘉禾市"):
        assert name not in text


def test_valid_demo_decision(server, rpc):
    url, _db = server
    doc, case = _doc(rpc, [("doc_type", "=", "decision_approve"), ("case_id.output_state", "=", "complete")])
    res = requests.get(f"{url}/hall/verify/{doc['token']}", timeout=60)
    assert res.status_code == 200
    assert "文书有效" in res.text
    assert "准予许可决定书" in res.text
    _assert_no_personal_data(res.text, case)


def test_incomplete_output_is_invalid(server, rpc):
    url, _db = server
    doc, case = _doc(rpc, [("doc_type", "in", ("decision_approve", "decision_deny")),
                           ("case_id.output_state", "!=", "complete")])
    res = requests.get(f"{url}/hall/verify/{doc['token']}", timeout=60)
    assert "文书无效" in res.text and "签章不全" in res.text
    _assert_no_personal_data(res.text, case)


def test_unknown_token(server):
    url, _db = server
    res = requests.get(f"{url}/hall/verify/{'x' * 32}", timeout=60)
    assert res.status_code == 200
    assert "未查询到该文书" in res.text
    assert not re.search(r"SL\d{8}", res.text)
