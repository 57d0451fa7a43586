"""End-to-end: a case driven through JSON-RPC by different demo users."""
import threading

import pytest
from conftest import RpcError

PERSON_ID = "11010519491231002X"


def _scj_item(user):
    """A published 市场监管 item served at a window where scj_clerk is on duty."""
    windows = user("gov.window", "search_read", [("employee_ids.user_id.login", "=", "scj_clerk")],
                   fields=["item_ids"])
    item_ids = [i for w in windows for i in w["item_ids"]]
    items = user("gov.item", "search_read", [("id", "in", item_ids), ("state", "=", "published"),
                                             ("department_id.gov_code", "=", "SCJ"),
                                             ("joint_department_ids", "=", False)],
                 fields=["step_ids", "window_ids", "name"])
    for item in items:
        steps = user("gov.item.step", "read", item["step_ids"], fields=["step", "office"])
        if any(s["step"] == "approval" for s in steps):
            window = next(w for w in windows if item["id"] in w["item_ids"])
            return item, window
    pytest.fail("no suitable demo item")


def _new_case(clerk, item, window, name="周八"):
    case_id = clerk("gov.case", "create", {
        "item_id": item["id"], "window_id": window["id"], "applicant_name": name,
        "applicant_id_number": PERSON_ID, "applicant_phone": "13700000000"})
    clerk("gov.case", "action_receive", [case_id])
    lines = clerk("gov.case", "read", [case_id], fields=["material_ids"])[0]["material_ids"]
    clerk("gov.case.material", "write", lines, {"submitted": True, "compliant": True})
    return case_id


def _state(user, case_id):
    return user("gov.case", "read", [case_id], fields=["state", "current_step", "current_office"])[0]


def test_case_through_json_rpc(rpc):
    clerk, reviewer, leader = rpc.login("scj_clerk"), rpc.login("scj_review"), rpc.login("leader")
    item, window = _scj_item(clerk)
    case_id = _new_case(clerk, item, window)
    clerk("gov.case", "action_accept", [case_id])
    case = _state(clerk, case_id)
    assert case["state"] == "review"
    # a user of another department does not even see it
    other = rpc.login("gaj_review")
    assert other("gov.case", "search", [("id", "=", case_id)]) == []
    for _ in range(6):
        case = _state(clerk, case_id)
        if case["state"] != "review":
            break
        actor = clerk if case["current_office"] == "front" else (
            leader if case["current_step"] == "approval" else reviewer)
        wrong = reviewer if actor is clerk else clerk
        with pytest.raises(RpcError):  # the other office may not do this step
            wrong("gov.case", "action_step_done", [case_id], "越权操作")
        actor("gov.case", "action_step_done", [case_id], "同意", findings="现场核查一致")
    assert _state(clerk, case_id)["state"] == "decided"
    with pytest.raises(RpcError):  # no delivery before the output is complete
        clerk("gov.case", "action_deliver", [case_id], "mail")
    bureau = rpc.login("bureau")
    with pytest.raises(RpcError):  # the Bureau seal comes last
        bureau("gov.case", "action_output_bureau_seal", [case_id])
    leader("gov.case", "action_output_sign", [case_id])
    leader("gov.case", "action_output_dept_seal", [case_id])
    bureau("gov.case", "action_output_bureau_seal", [case_id])
    clerk("gov.case", "action_deliver", [case_id], "mail")
    clerk("gov.case", "action_close", [case_id])
    final = clerk("gov.case", "read", [case_id], fields=["state", "decision", "document_ids", "visit_count"])[0]
    assert final["state"] == "closed"
    assert final["decision"] == "approve"
    assert final["visit_count"] == 1
    docs = clerk("gov.case.document", "read", final["document_ids"], fields=["doc_type"])
    assert {d["doc_type"] for d in docs} == {"acceptance", "decision_approve"}
    supervisor = rpc.login("supervisor")
    assert supervisor("gov.case", "search", [("id", "=", case_id)]) == [case_id]


def test_two_clerks_accept_at_once(rpc):
    a, b = rpc.login("scj_clerk"), rpc.login("clerk")
    item, window = _scj_item(a)
    case_id = _new_case(a, item, window, name="吴九")
    results = []

    def accept(user):
        try:
            user("gov.case", "action_accept", [case_id])
            results.append("ok")
        except RpcError as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=accept, args=(u,)) for u in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    error = next(r for r in results if r != "ok")
    assert "受理" in error or "办件" in error, error  # a clear Chinese message
    docs = a("gov.case", "read", [case_id], fields=["document_ids"])[0]["document_ids"]
    assert len(docs) == 1


def test_case_numbers_never_repeat(rpc):
    clerk = rpc.login("scj_clerk")
    names = [c["name"] for c in clerk("gov.case", "search_read", [], fields=["name"])]
    assert len(names) == len(set(names))
