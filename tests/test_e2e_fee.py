"""End-to-end: unified fees on the demo city, as finance and a window clerk see them."""
import base64
import os

import pytest
from conftest import ROOT, RpcError

BANK = os.path.join(ROOT, "data", "bank")


def test_demo_fees_paid_and_unmatched(rpc):
    finance = rpc.login("finance")
    paid = finance("gov.payment.notice", "search_read", [("payment_state", "=", "paid")],
                   fields=["payment_code", "receipt_number", "case_id", "amount_total"], limit=5)
    assert paid, "the demo city has paid notices"
    for notice in paid:
        assert len(notice["payment_code"]) == 20 and notice["receipt_number"].startswith("PJ")
    unmatched = finance("gov.bank.line", "search_read", [("match_state", "=", "unmatched")],
                        fields=["reason", "amount"])
    assert {line["reason"] for line in unmatched} >= {"no_code", "unknown", "partial"}
    # cases with approved output have their fees settled (supervision sees every department)
    supervisor = rpc.login("supervisor")
    cases = supervisor("gov.case", "search_read", [("output_state", "=", "complete"), ("decision", "=", "approve")],
                       fields=["fee_state"])
    assert cases and all(c["fee_state"] in ("none", "paid", "exempt") for c in cases)


def test_finance_imports_a_statement_clerk_cannot(rpc):
    finance = rpc.login("finance")
    with open(os.path.join(BANK, "ccb_fiscal_20261127.xlsx"), "rb") as fh:
        data = base64.b64encode(fh.read()).decode()
    mapping = finance("account.statement.import.sheet.mapping", "search", [("gov_bank_name", "=", "中国建设银行")])
    vals = {"mapping_id": mapping[0], "data_file": data, "filename": "ccb_fiscal_20261127.xlsx"}
    clerk = rpc.login("scj_clerk")
    with pytest.raises(RpcError):
        clerk("gov.bank.import", "create", vals)
    with pytest.raises(RpcError):
        clerk("gov.bank.line", "search_read", [], fields=["amount"], limit=1)
    wizard = finance("gov.bank.import", "create", vals)
    action = finance("gov.bank.import", "action_import", [wizard])
    st = finance("gov.bank.statement", "read", [action["res_id"]], fields=["line_count", "unmatched_count"])[0]
    assert st["line_count"] == 3
    lines = finance("gov.bank.line", "search_read", [("statement_id", "=", action["res_id"])],
                    fields=["amount", "reason", "date"], order="id")
    assert [line["amount"] for line in lines] == [70.0, 10.0, -500.0]
    assert lines[2]["reason"] == "outflow" and lines[0]["date"] == "2026-11-27"
    again = finance("gov.bank.import", "create", vals)
    with pytest.raises(RpcError) as err:
        finance("gov.bank.import", "action_import", [again])
    assert "导入" in str(err.value)


def test_clerk_prints_notice(rpc, web_session, server):
    finance = rpc.login("finance")
    notice = finance("gov.payment.notice", "search_read", [], fields=["id", "department_id"], limit=1)
    assert notice, "the demo city has payment notices"
    code = finance("hr.department", "read", [notice[0]["department_id"][0]], fields=["gov_code"])[0]["gov_code"]
    session = web_session(f"{code.lower()}_clerk")
    url, _db = server
    res = session.get(f"{url}/report/pdf/gov_hall_fee.report_payment_notice/{notice[0]['id']}", timeout=120)
    assert res.status_code == 200 and res.content.startswith(b"%PDF")
