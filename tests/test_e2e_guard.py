"""End-to-end: legal facts cannot be written straight over JSON-RPC, by any role.

For every stored model of the product (``gov.*`` in ``ir.model``, not listed by hand)
and every field it declares read-only (found through ``fields_get``), each demo role
tries a direct ``write``; each role also tries to ``create`` a row carrying a forged
value and to ``unlink`` a row on record. Every attempt must fail with an error, and
the row read back as admin must be unchanged.
"""
import pytest
from conftest import RpcError

ROLES = ["admin", "bureau", "clerk", "consult", "reviewer", "leader", "supervisor", "finance", "hr",
         "staffing", "scj_clerk", "scj_review"]
FREE = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
FREE_PREFIXES = ("message_", "activity_", "website_message", "has_message", "rating_")
# which existing row each model is attacked on: one that no role may delete either
TARGET_DOMAIN = {
    "gov.case": [("state", "not in", ["draft"]), ("decision", "=", "approve")],
    "gov.case.document": [("state", "=", "valid")],
    "gov.uniform.issue": ["|", ("move_id", "!=", False), ("rotation_id", "!=", False)],
    "gov.item": [("state", "=", "published")],
    "gov.item.step": [("item_id.state", "=", "published")],
    "gov.duty.shift": [("status", "!=", "planned")],  # a judged shift (a planned one is HR's to edit)
}


def _guarded_models(admin):
    """Every stored model of the product (gov.*) that has read-only stored fields."""
    models = admin("ir.model", "search_read", [("model", "=like", "gov.%"), ("transient", "=", False),
                                               ("abstract", "=", False)], fields=["model"])
    return sorted(m["model"] for m in models if _guarded_fields(admin, m["model"]))


def _guarded_fields(admin, model):
    desc = admin(model, "fields_get", attributes=["type", "readonly", "store", "relation", "selection"])
    return {name: d for name, d in desc.items()
            if d.get("readonly") and d.get("store") and name not in FREE and not name.startswith(FREE_PREFIXES)
            and d["type"] not in ("one2many", "many2many")}


class Forger:
    """A value different from the current one (and from the default) for each field type."""

    def __init__(self, users):
        self.users, self.other_ids = users, {}

    def value(self, desc, current, default=None):
        kind = desc["type"]
        if kind in ("char", "text", "html"):
            return "篡改"
        if kind == "integer":
            return (current or 0) + 7
        if kind in ("float", "monetary"):
            return (current or 0) + 7.5
        if kind == "boolean":
            return not current
        if kind == "date":
            return "2031-03-03"
        if kind == "datetime":
            return "2031-03-03 08:00:00"
        if kind == "selection":
            return next((v for v, _label in desc["selection"] if v not in (current, default)), None)
        if kind == "many2one":
            cur = current[0] if current else 0
            relation = desc["relation"]
            if relation not in self.other_ids:
                self.other_ids[relation] = _reader(self.users, relation)(
                    relation, "search", [], limit=3, order="id desc", context={"active_test": False})
            ids = self.other_ids[relation]
            return next((i for i in ids if i not in (cur, default)), None)
        if kind == "binary":
            return "aGFjaw=="
        return None


@pytest.fixture(scope="module")
def admin(rpc):
    return rpc.login("admin")


@pytest.fixture(scope="module")
def users(rpc):
    return {login: rpc.login(login) for login in ROLES}


@pytest.fixture(scope="module")
def guarded(admin):
    models = _guarded_models(admin)
    # the inventory must find the models the audit named
    assert {"gov.case", "gov.case.step", "gov.case.countersign", "gov.case.material", "gov.case.document",
            "gov.case.suspension", "gov.case.extension", "gov.case.fee", "gov.payment.notice",
            "gov.bank.line", "gov.bank.statement", "gov.fee.remittance", "gov.delegation", "gov.seal",
            "gov.seal.log", "gov.accountability", "gov.complaint", "gov.rotation", "gov.uniform.issue",
            "gov.health.check", "gov.duty.shift", "gov.duty.swap", "gov.conduct.record", "gov.inspection",
            "gov.inspection.finding", "gov.rectification"} <= set(models), models
    return models


READERS = ("admin", "finance", "supervisor", "hr")


def _reader(users, model):
    """Someone who may read the model's rows in full (the fiscal account is finance's, staff
    records HR's)."""
    for login in READERS:
        user = users[login]
        try:
            ids = user(model, "search", [], limit=1)
            if ids:
                user(model, "read", ids)
            return user
        except RpcError:
            continue
    pytest.fail(f"nobody reads {model}")


def _target(admin, model):
    ids = admin(model, "search", TARGET_DOMAIN.get(model, []), limit=1, order="id desc",
                context={"active_test": False})
    return ids[0] if ids else None


def _subjects(admin, users, guarded):
    """(model, reader, guarded fields, target row id) for every model that has a row to attack."""
    for model in guarded:
        reader = _reader(users, model)
        fields = _guarded_fields(admin, model)
        rec_id = _target(reader, model)
        if rec_id and fields:
            yield model, reader, fields, rec_id


def test_direct_writes_refused_for_every_role(admin, users, guarded):
    forger = Forger(users)
    tried = refused = 0
    for model, reader, fields, rec_id in _subjects(admin, users, guarded):
        before = reader(model, "read", [rec_id], fields=sorted(fields))[0]
        for login, user in users.items():
            for name, desc in fields.items():
                value = forger.value(desc, before[name])
                if value is None:
                    continue
                tried += 1
                try:
                    user(model, "write", [rec_id], {name: value})
                except RpcError as err:
                    assert str(err), f"{login} writing {model}.{name}: an error without a message"
                else:
                    pytest.fail(f"{login} wrote {model}.{name} = {value!r} directly")
                refused += 1
            after = reader(model, "read", [rec_id], fields=sorted(fields))[0]
            changed = {k for k in fields if after[k] != before[k]}
            assert not changed, f"{login} changed {model}.{changed}"
    assert tried == refused and tried > 300, tried


def test_forged_creates_refused_for_every_role(admin, users, guarded):
    forger = Forger(users)
    for model, reader, fields, rec_id in _subjects(admin, users, guarded):
        desc_all = admin(model, "fields_get", attributes=["type", "readonly", "store"])
        editable = [n for n, d in desc_all.items() if d.get("store") and not d.get("readonly")
                    and n not in FREE and not n.startswith(FREE_PREFIXES)
                    and d["type"] not in ("one2many", "many2many", "binary")]
        base = reader(model, "read", [rec_id], fields=editable)[0]
        vals = {k: (v[0] if isinstance(v, list) and v and isinstance(v[0], int) else v)
                for k, v in base.items() if k != "id"}
        defaults = reader(model, "default_get", sorted(fields))
        count = reader(model, "search_count", [], context={"active_test": False})
        # a sample of guarded fields per model keeps the run short; all roles try each
        for name in sorted(fields)[:6]:
            value = forger.value(fields[name], base.get(name), defaults.get(name))
            if value in (None, False, 0, "") or value == defaults.get(name):
                continue
            for user in users.values():
                with pytest.raises(RpcError):
                    user(model, "create", dict(vals, **{name: value}))
        assert reader(model, "search_count", [], context={"active_test": False}) == count, model


def test_rows_on_record_cannot_be_deleted(admin, users, guarded):
    for model in guarded:
        reader = _reader(users, model)
        rec_id = _target(reader, model)
        if not rec_id:
            continue
        for user in users.values():
            with pytest.raises(RpcError):
                user(model, "unlink", [rec_id])
        assert reader(model, "search_count", [("id", "=", rec_id)], context={"active_test": False}) == 1, model


def test_the_reported_bypass(rpc, admin):
    """The audit's own example: scj_clerk closes a case in review as denied, revokes a decision."""
    clerk = rpc.login("scj_clerk")
    case_ids = clerk("gov.case", "search", [("state", "=", "review")], limit=1)
    assert case_ids
    for vals in ({"state": "closed"}, {"decision": "deny"}, {"state": "closed", "decision": "deny"},
                 {"output_revoked": True}, {"exemption_state": "approved", "exemption_amount": 999}):
        with pytest.raises(RpcError, match=r"只能通过|only through"):
            clerk("gov.case", "write", case_ids, vals)
    state = admin("gov.case", "read", case_ids, fields=["state", "decision"])[0]
    assert state["state"] == "review" and not state["decision"]
    docs = admin("gov.case.document", "search", [("doc_type", "=", "decision_approve"), ("state", "=", "valid")],
                 limit=1)
    assert docs
    for login in ("scj_clerk", "bureau", "supervisor"):
        with pytest.raises(RpcError):
            rpc.login(login)("gov.case.document", "write", docs, {"state": "revoked"})
    assert admin("gov.case.document", "read", docs, fields=["state"])[0]["state"] == "valid"
    # a client cannot open the guard with a context key either
    with pytest.raises(RpcError):
        clerk("gov.case", "write", case_ids, {"state": "closed"},
              context={"gov_seal_append": True, "tracking_disable": True, "install_mode": True})
    # nor create a step, a signed countersign or an approved extension in someone's name
    with pytest.raises(RpcError):
        clerk("gov.case.step", "create", {"case_id": case_ids[0], "step": "approval", "office": "back",
                                          "opinion": "伪造", "decision": "approve"})
    reviewer = rpc.login("scj_review")
    with pytest.raises(RpcError):
        reviewer("gov.case.extension", "create", {"case_id": case_ids[0], "days": 5, "reason": "伪造",
                                                  "state": "approved"})
    with pytest.raises(RpcError):
        reviewer("gov.case.extension", "create", {"case_id": case_ids[0], "days": 5, "reason": "伪造"},
                 context={"lang": "zh_CN", "default_state": "approved"})


def test_two_stamps_at_once_keep_one_chain(rpc):
    """Two acceptance notices stamped with the department seal at the same moment, over HTTP."""
    import threading

    from test_e2e_case import _new_case, _scj_item
    clerk = rpc.login("scj_clerk")
    item, window = _scj_item(clerk)
    supervisor = rpc.login("supervisor")
    for round_ in range(3):
        ids = [_new_case(clerk, item, window, name=name) for name in (f"郑十{round_}", f"王十一{round_}")]
        start = threading.Barrier(2)
        results = []

        def accept(case_id, start=start, results=results):
            start.wait()
            try:
                clerk("gov.case", "action_accept", [case_id])
                results.append("ok")
            except RpcError as exc:
                results.append(str(exc))

        threads = [threading.Thread(target=accept, args=(case_id,)) for case_id in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == ["ok", "ok"], results
        logs = supervisor("gov.seal.log", "search_read", [("case_id", "in", ids)], fields=["prev_hash", "hash"])
        assert len(logs) == 2
        assert logs[0]["prev_hash"] != logs[1]["prev_hash"]
        assert logs[0]["hash"] in (logs[1]["prev_hash"],) or logs[1]["hash"] == logs[0]["prev_hash"]
    check = supervisor("gov.seal.log", "action_check_chain")
    assert check["ok"], check["message"]
    assert not check["broken_ids"]
