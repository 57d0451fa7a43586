"""Faults against the province topology (tests/cluster.py): nothing is lost when a part fails.

Two web nodes (2 workers each) and a job node over one PostgreSQL primary with a
streaming replica, nginx in front, one database per city. Each test breaks one
part while users work, then counts: issued, called, lost = 0, duplicated = 0,
reconciled once, no half-written case, identical restore.
"""
import hashlib
import itertools
import os
import subprocess
import threading
import time

import pytest
import requests
from cluster import CITIES, Cluster, host
from conftest import make_today_a_workday, window_floor

_ids = itertools.count(1)


class Down(Exception):
    """The request did not get an answer from Odoo (node dead, connection refused, 502)."""


class Failed(Exception):
    """Odoo answered with an error."""


class City:
    """JSON-RPC (Odoo's external API) to one city's database through one address (a node or nginx)."""

    def __init__(self, url, city):
        self.url, self.city = url, city
        self.http = requests.Session()

    def call(self, service, method, *args, timeout=120):
        try:
            res = self.http.post(f"{self.url}/jsonrpc", timeout=timeout, headers={"Host": host(self.city)}, json={
                "jsonrpc": "2.0", "method": "call", "id": next(_ids),
                "params": {"service": service, "method": method, "args": list(args)}})
        except requests.RequestException as err:
            raise Down(repr(err)) from err
        if "application/json" not in res.headers.get("content-type", ""):
            # not Odoo's JSON-RPC answer: nginx's 502, or Odoo without its database (PostgreSQL
            # down: no database to route to, a 404 page) - the call was not executed
            raise Down(f"HTTP {res.status_code}: {res.text[:80]}")
        body = res.json()
        if "error" in body:
            raise Failed(body["error"]["data"].get("message") or body["error"]["message"])
        return body["result"]

    def login(self, login, password=None):
        uid = self.call("common", "authenticate", self.city, login, password or login, {})
        if not uid:  # seen once right after a node restart: say so, and try once more
            print(f"\nauthenticate {login} on {self.city} at {self.url} answered no: trying again")
            time.sleep(2)
            uid = self.call("common", "authenticate", self.city, login, password or login, {})
        if not uid:
            raise Failed(f"login failed for {login} on {self.city}")
        return CityUser(self, uid, password or login)


class CityUser:
    def __init__(self, city, uid, password):
        self.city, self.uid, self.password = city, uid, password

    def at(self, url):
        """The same user through another address."""
        return CityUser(City(url, self.city.city), self.uid, self.password)

    def __call__(self, model, method, *args, timeout=120, **kwargs):
        kwargs.setdefault("context", {"lang": "zh_CN", "tz": "Asia/Shanghai"})
        return self.city.call("object", "execute_kw", self.city.city, self.uid, self.password,
                              model, method, list(args), kwargs, timeout=timeout)


def _retry(fn, seconds=90):
    """What a window's client does: the call failed without an answer, so try again."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return fn()
        except Down:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def cluster(server):
    c = Cluster()
    try:
        c.up()
        yield c
    finally:
        c.down()
        import shutil
        shutil.rmtree(c.root, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(cluster):
    return City(cluster.front, CITIES[0]).login("admin")


WINDOWS = 20
TICKETS = 1200


def test_node_killed_while_twenty_windows_call(cluster, admin):
    """Windows 1-10 work on node web1, 11-20 on web2; a kiosk issues through nginx. web1 is SIGKILLed."""
    make_today_a_workday(admin)
    queue, floor = window_floor(admin, WINDOWS, "fault", "故障演练窗口", "故障演练", "FT", TICKETS * 2)
    kiosk = City(cluster.front, CITIES[0]).login(*floor[0][:2])
    issued = []  # answers the kiosk received
    issue_attempts = [0]

    def issue(n):
        for _i in range(n):
            issue_attempts[0] += 1
            try:
                issued.append(_retry(lambda: kiosk("gov.queue", "issue_ticket", [queue])))
            except Down:
                pass
    # the morning queue: tickets wait before the windows open
    threads = [threading.Thread(target=issue, args=(TICKETS // 2 // 10,)) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    web = ["web1", "web2"]
    desks = []
    for i in range(WINDOWS):
        node = web[i * len(web) // WINDOWS]
        login, password, window_id = floor[i]
        desks.append((node, City(cluster.url(node), CITIES[0]).login(login, password), window_id))
    calls = {i: [] for i in range(WINDOWS)}  # (monotonic time, ticket) of each answered call
    downs = [0] * WINDOWS
    errors = []
    kiosk_done = threading.Event()

    def window(n, clerk, window_id):
        try:
            while True:
                try:
                    row = clerk("gov.window", "action_call_next", [window_id])
                except Down:
                    downs[n] += 1
                    time.sleep(0.3)
                    continue
                except Failed as err:
                    if "等候" in str(err) or "Nobody is waiting" in str(err):
                        if kiosk_done.is_set():
                            return
                        time.sleep(0.2)
                        continue
                    raise
                calls[n].append((time.monotonic(), row))
                time.sleep(0.02)  # the clerk talks to the applicant
        except Exception as err:
            errors.append(f"window {n}: {err!r}")

    def kiosk_day():
        issue(TICKETS // 2)
        kiosk_done.set()

    workers = [threading.Thread(target=window, args=(n, clerk, w)) for n, (_node, clerk, w) in enumerate(desks)]
    workers.append(threading.Thread(target=kiosk_day))
    for t in workers:
        t.start()
    while sum(len(c) for c in calls.values()) < TICKETS // 4:
        time.sleep(0.1)
    killed_at = time.monotonic()
    cluster.kill_node("web1")
    time.sleep(3)
    cluster.start_node("web1")
    back_at = time.monotonic()
    for t in workers:
        t.join(300)
    assert not errors, errors[:5]

    survivors = [n for n, (node, _c, _w) in enumerate(desks) if node == "web2"]
    during = sum(1 for n in survivors for at, _row in calls[n] if killed_at <= at <= back_at)
    answered = sum(len(c) for c in calls.values())
    tickets = admin("gov.queue.ticket", "search_read", [("queue_id", "=", queue)], ["name", "state", "window_id"])
    events = admin("gov.queue.ticket.event", "read_group", [("ticket_id.queue_id", "=", queue),
                                                             ("kind", "=", "called")],
                   ["ticket_id"], ["ticket_id"], lazy=False)
    called_twice = [g for g in events if g["__count"] != 1]
    lost = [t["name"] for t in tickets if t["state"] == "waiting" or not t["window_id"]]
    print(f"\nnode kill: {len(tickets)} tickets issued ({len(issued)} answered to the kiosk), {len(events)} "
          f"called ({answered} answered to windows; {sum(downs)} calls without answer retried), "
          f"lost {len(lost)}, called twice {len(called_twice)}; web2's windows called {during} tickets "
          f"during the {back_at - killed_at:.1f} s web1 was down")
    assert len(tickets) >= len(issued) == TICKETS  # each kiosk press got its number; none was lost
    assert len({t["name"] for t in tickets}) == len(tickets)  # no number issued twice
    assert not lost
    assert not called_twice and len(events) == len(tickets)
    assert during > 0  # the surviving node's windows kept calling
    assert sum(downs[n] for n in survivors) == 0


def _unpaid_notices(finance, limit):
    return finance("gov.payment.notice", "search_read", [("state", "=", "issued"),
                                                          ("payment_state", "=", "unpaid"),
                                                          ("amount_residual", ">", 0)],
                   ["payment_code", "amount_residual"], limit=limit, order="id")


def _bank_csv(rows):
    """An ICBC statement file (bench/fee_reconcile.py's layout) of (amount, memo) rows."""
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
    from fee_reconcile import statement_csv
    return statement_csv(rows)


def _statement(notices, lines):
    """The unpaid notices paid, then other collections."""
    rows = [(n["amount_residual"], n["payment_code"]) for n in notices]
    rows += [(10.0 + i % 90, f"FAULT{i:07d}") for i in range(lines - len(rows))]
    return _bank_csv(rows)


def test_statement_import_killed_halfway(cluster):
    import base64
    finance = City(cluster.url("web2"), CITIES[0]).login("finance")
    notices = _unpaid_notices(finance, 50)
    assert notices, "the demo city has unpaid payment notices"
    data = base64.b64encode(_statement(notices, 20000)).decode()
    mapping = finance("ir.model.data", "check_object_reference", "gov_hall_fee", "bank_mapping_icbc")[1]
    vals = {"mapping_id": mapping, "data_file": data, "filename": "icbc_fault_20261126.csv"}
    before = finance("gov.bank.line", "search_count", [])
    at_web1 = finance.at(cluster.url("web1"))
    wizard = at_web1("gov.bank.import", "create", vals)
    outcome = []

    def run():
        try:
            outcome.append(at_web1("gov.bank.import", "action_import", [wizard], timeout=300))
        except (Down, Failed) as err:
            outcome.append(err)
    t = threading.Thread(target=run)
    t.start()
    time.sleep(2.5)  # the import is parsing and matching
    cluster.kill_node("web1")
    t.join(60)
    assert outcome and isinstance(outcome[0], Down), f"the import was not cut: {outcome}"
    cluster.start_node("web1")
    after_kill = finance("gov.bank.line", "search_count", [])
    still_unpaid = _unpaid_notices(finance, 50)
    assert after_kill == before  # nothing half-imported
    assert [n["payment_code"] for n in still_unpaid] == [n["payment_code"] for n in notices]  # nor half-paid

    # finance imports the file again (through the front, any node)
    finance_front = finance.at(cluster.front)
    wizard = finance_front("gov.bank.import", "create", vals)
    action = finance_front("gov.bank.import", "action_import", [wizard], timeout=300)
    lines = finance_front("gov.bank.line", "search_read", [("statement_id", "=", action["res_id"])],
                          ["payment_code", "match_state", "notice_id"])
    matched = [ln for ln in lines if ln["match_state"] == "matched"]
    per_notice = {}
    for ln in matched:
        per_notice[ln["notice_id"][0]] = per_notice.get(ln["notice_id"][0], 0) + 1
    paid = finance_front("gov.payment.notice", "search_read", [("id", "in", [n["id"] for n in notices])],
                         ["payment_state"])
    print(f"\nstatement import killed halfway: {len(lines)} lines after the re-import, {len(matched)} matched "
          f"to {len(per_notice)} notices (each once: {set(per_notice.values())}), lines left by the killed "
          f"import: {after_kill - before}")
    assert len(lines) == 20000
    assert len(per_notice) == len(notices) and set(per_notice.values()) == {1}
    assert {p["payment_state"] for p in paid} == {"paid"}
    again = finance_front("gov.bank.import", "create", vals)
    with pytest.raises(Failed):
        finance_front("gov.bank.import", "action_import", [again])


TRANSIENT = ("connect", "closed the connection", "terminating connection", "OperationalError", "server closed",
             "shutdown", "Connection refused", "InterfaceError", "Odoo Server Error")


def test_postgres_restarted_under_load(cluster):
    """Four clerks receive cases through nginx while PostgreSQL restarts: failed calls are retried, none half-done."""
    from test_e2e_case import _scj_item
    clerk = City(cluster.front, CITIES[0]).login("scj_clerk")
    item, window = _scj_item(clerk)
    stamp = int(time.time())
    stop = threading.Event()
    transient, errors, done = [], [], []

    def safely(fn, check):
        """Call; on an error from the outage, look whether it happened before trying again."""
        deadline = time.monotonic() + 90
        while True:
            try:
                return fn()
            except (Down, Failed) as err:
                if isinstance(err, Failed) and not any(k in str(err) for k in TRANSIENT):
                    raise
                transient.append(str(err)[:120])
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
                try:
                    found = check()
                except (Down, Failed):
                    continue
                if found:
                    return found

    def desk(n):
        try:
            for k in itertools.count():
                if stop.is_set():
                    return
                name = f"重启演练{stamp}-{n}-{k}"

                def find(name=name):
                    ids = clerk("gov.case", "search", [("applicant_name", "=", name)])
                    return ids[0] if ids else None
                case_id = safely(lambda name=name: clerk("gov.case", "create", {
                    "item_id": item["id"], "window_id": window["id"], "applicant_name": name,
                    "applicant_id_number": "11010519491231002X", "applicant_phone": "13700000000"}), find)

                def received(case_id=case_id):
                    return clerk("gov.case", "read", [case_id], ["state"])[0]["state"] == "received" or None
                safely(lambda case_id=case_id: clerk("gov.case", "action_receive", [case_id]), received)
                done.append(name)
        except Exception as err:
            errors.append(repr(err))

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(4)
    cluster.restart_primary(down_seconds=2)
    restarted = time.monotonic()
    while len(done) < 40 and time.monotonic() - restarted < 60:
        time.sleep(0.5)
    time.sleep(2)
    stop.set()
    for t in threads:
        t.join(120)
    assert not errors, errors[:3]
    cases = clerk("gov.case", "search_read", [("applicant_name", "=like", f"重启演练{stamp}-%")],
                  ["applicant_name", "state", "material_ids", "document_ids"])
    names = [c["applicant_name"] for c in cases]
    shapes = {(c["state"], len(c["material_ids"]), len(c["document_ids"])) for c in cases
              if c["applicant_name"] in done}
    half = [c["applicant_name"] for c in cases if c["applicant_name"] not in done and c["state"] != "draft"]
    print(f"\nPostgreSQL restart: {len(done)} cases received by 4 clerks, {len(transient)} calls failed during "
          f"the restart and were retried, duplicates {len(names) - len(set(names))}, cases of every shape: "
          f"{shapes}")
    assert transient  # the restart did cut requests in flight
    assert len(names) == len(set(names))  # a retried call never made a second case
    assert len(shapes) == 1 and next(iter(shapes))[0] == "received"  # each complete: same materials, documents
    assert not half  # and nothing else half-way (an unfinished loop leaves at most a draft)
    assert len(done) >= 40


def _replica_connections(cluster):
    return int(cluster.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'odoo' "
                            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
                            port=cluster.replica_port))


def _public_page(url, city=CITIES[0]):
    started = time.monotonic()
    res = requests.get(f"{url}/hall/items", headers={"Host": host(city)}, timeout=30)
    return res.status_code, time.monotonic() - started, res.text


def test_replica_lagging_or_stopped(cluster, admin):
    for _i in range(6):
        assert _public_page(cluster.front)[0] == 200
    assert _replica_connections(cluster) > 0  # public pages read from the replica
    cluster.pause_replica()
    try:
        make_today_a_workday(admin)
        admin("res.partner", "create", {"name": "副本延迟演练"})
        deadline = time.monotonic() + 10
        while cluster.replica_lag_bytes() == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        lag = cluster.replica_lag_bytes()
        status, seconds, _html = _public_page(cluster.front)
        assert lag > 0 and status == 200 and seconds < 5
        assert admin("res.partner", "search_count", [("name", "=", "副本延迟演练")]) == 1  # writes unaffected
    finally:
        cluster.pause_replica(False)
    cluster.stop_replica()
    try:
        answers = [_public_page(cluster.url(node)) for node in ("web1", "web2") for _i in range(3)]
        answers.append(_public_page(cluster.front))
        assert {a[0] for a in answers} == {200}  # answered from the primary
        assert all("办事指南" in a[2] or "事项" in a[2] for a in answers)
        admin("res.partner", "create", {"name": "副本停机演练"})
        assert admin("res.partner", "search_count", [("name", "=", "副本停机演练")]) == 1
        print(f"\nreplica: lag {lag} bytes, public page {seconds:.2f} s while lagging; stopped: {len(answers)} "
              f"public pages answered from the primary in at most {max(a[1] for a in answers):.2f} s")
    finally:
        cluster.start_replica()
    deadline = time.monotonic() + 30
    while cluster.replica_lag_bytes() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert cluster.replica_lag_bytes() == 0  # caught up


def _files(cluster, db):
    rows = cluster.psql("SELECT store_fname || '|' || checksum || '|' || coalesce(mimetype, '') FROM ir_attachment "
                        "WHERE store_fname IS NOT NULL ORDER BY store_fname", db=db).splitlines()
    out = {}
    for row in rows:
        fname, checksum, mimetype = row.split("|")
        path = os.path.join(cluster.data, "filestore", db, fname)
        with open(path, "rb") as fh:
            out[fname] = (checksum, hashlib.sha1(fh.read()).hexdigest(), mimetype)
    return out


def test_backup_and_restore(cluster, admin):
    """Odoo's dump (database + filestore) restored as a new database: same cases, seal chain, files and PDFs."""
    city = CITIES[0]
    dump = os.path.join(cluster.root, f"{city}.zip")
    odoo = [cluster.odoo_py, "-m", "odoo", "db", "--addons-path", cluster.addons, "--db_host", cluster.sock,
            "--db_port", str(cluster.pg_port), "--db_user", "odoo", "-D", cluster.data]
    started = time.monotonic()
    subprocess.run([*odoo, "dump", city, dump], check=True, capture_output=True, cwd=cluster.root)
    dumped = time.monotonic() - started
    subprocess.run([*odoo, "load", "--force", "city_r", dump], check=True, capture_output=True, cwd=cluster.root)
    restored = time.monotonic() - started - dumped
    query = "SELECT string_agg(name || ':' || state || ':' || coalesce(due_date::text, ''), ',' ORDER BY id) " \
            "FROM gov_case"
    assert cluster.psql(query, db="city_r") == cluster.psql(query, db=city)
    original, copy = _files(cluster, city), _files(cluster, "city_r")
    assert copy == original
    assert all(checksum == actual for checksum, actual, _m in copy.values())  # every file intact
    pdfs = [f for f in copy.values() if f[2] == "application/pdf"]
    assert pdfs
    restored_admin = City(cluster.front, "city_r").login("admin")
    check = restored_admin("gov.seal.log", "action_check_chain")
    original_check = admin("gov.seal.log", "action_check_chain")
    print(f"\nbackup {dumped:.1f} s, restore {restored:.1f} s: {len(copy)} files ({len(pdfs)} PDFs) identical, "
          f"seal chain {check['checked']} entries ok={check['ok']}")
    assert original_check["ok"] and original_check["checked"] > 0
    assert check["ok"] and check["checked"] == original_check["checked"]


def test_one_city_never_sees_another(cluster, admin):
    a, b = CITIES
    stamp = int(time.time())
    login = f"iso_{stamp}"
    front = admin("ir.model.data", "check_object_reference", "gov_hall", "group_gov_front_office")[1]
    admin("res.users", "create", {"name": "甲市窗口人员", "login": login, "password": f"{login}-pw",
                                  "group_ids": [(4, front)]})
    queue = admin("gov.queue", "create", {"name": "甲市专用队列", "prefix": "ZQ",
                                          "open_time": 0.0, "close_time": 23.99, "daily_cap": 10})
    City(cluster.front, a).login(login, f"{login}-pw")
    with pytest.raises(Failed):
        City(cluster.front, b).login(login, f"{login}-pw")  # a city's staff exist only in its database
    admin_b = City(cluster.front, b).login("admin")
    assert not admin_b("gov.queue", "search", [("name", "=", "甲市专用队列")])
    assert admin("gov.queue", "search", [("id", "=", queue)]) == [queue]
    # a browser session of city A presented at city B's address is not a session there
    web = requests.Session()
    res = web.post(f"{cluster.front}/web/session/authenticate", headers={"Host": host(a)}, timeout=60, json={
        "jsonrpc": "2.0", "method": "call", "id": 1, "params": {"db": a, "login": login, "password": f"{login}-pw"}})
    assert res.json()["result"]["uid"]
    res = web.post(f"{cluster.front}/web/dataset/call_kw/gov.queue/search_read", headers={"Host": host(b)},
                   timeout=60, json={"jsonrpc": "2.0", "method": "call", "id": 2, "params": {
                       "model": "gov.queue", "method": "search_read", "args": [[]], "kwargs": {"fields": ["name"]}}})
    body = res.json()
    assert "error" in body and "result" not in body, body


def test_job_node_killed_during_a_background_import(cluster):
    """后台导入 on the job node (OCA queue_job), the job node SIGKILLed mid-job: the runner finds the job
    dead when the node is back, runs it again, and the statement is imported once."""
    import base64
    finance = City(cluster.front, CITIES[0]).login("finance")
    rows = [(20.0 + i % 50, f"JOBFAULT{i:07d}") for i in range(20000)]
    mapping = finance("ir.model.data", "check_object_reference", "gov_hall_fee", "bank_mapping_icbc")[1]
    vals = {"mapping_id": mapping, "data_file": base64.b64encode(
                # its own bank transaction numbers: the statement test above imported the bench's
                _bank_csv(rows).replace(b"BENCH20261126", b"JOBFLT20261126")).decode(),
            "filename": "icbc_jobfault_20261127.csv"}
    wizard = finance("gov.bank.import", "create", vals)
    run_id = finance("gov.bank.import", "action_import_background", [wizard])["res_id"]

    def job_state():
        return cluster.psql("SELECT q.state || ':' || COALESCE(q.retry, 0) FROM queue_job q "
                            f"JOIN gov_job_chunk c ON c.job_uuid = q.uuid WHERE c.run_id = {int(run_id)}",
                            db=CITIES[0])
    deadline = time.monotonic() + 120
    while not job_state().startswith("started") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job_state().startswith("started"), job_state()
    time.sleep(1.5)  # parsing and matching
    cluster.kill_node("jobs")
    run = finance("gov.job.run", "read", [run_id], ["state", "statement_id"])[0]
    cut = finance("gov.bank.statement", "search_count", [("filename", "=", vals["filename"])])
    assert run["state"] != "done" and not run["statement_id"] and cut == 0  # nothing of the cut job
    cluster.start_node("jobs")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        run = finance("gov.job.run", "read", [run_id], ["state", "statement_id", "progress", "error"])[0]
        if run["state"] in ("done", "failed"):
            break
        time.sleep(1)
    lines = finance("gov.bank.line", "search_count", [("statement_id", "=", (run["statement_id"] or [0])[0])])
    statements = finance("gov.bank.statement", "search_count", [("filename", "=", vals["filename"])])
    print(f"\njob node killed mid-import: job {job_state()} (state:retries), run {run['state']} "
          f"{run['progress']:.0f} %, {lines} lines in {statements} statement")
    assert run["state"] == "done" and run["statement_id"], run["error"]
    assert lines == 20000 and statements == 1
    assert int(job_state().split(":")[1]) >= 1  # it was run again after the node died
