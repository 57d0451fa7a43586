"""Twenty windows call one queue at once against the running server: no ticket is handed out twice.

20 clerks issue 10,000 tickets from 20 threads, then each of 20 windows presses "call next" in a loop
until nobody waits (10,000 calls). Every ticket must be called exactly once, by one window.
"""
import threading
import time
from datetime import datetime

import pytest
import pytz

from conftest import RpcError

WINDOWS = 20
TICKETS = 10_000


@pytest.fixture(scope="module")
def floor(rpc):
    admin = rpc.login("admin")
    today = datetime.now(pytz.timezone("Asia/Shanghai")).date().isoformat()
    if not admin("cn.holiday", "is_workday", today):
        # a weekend or a holiday: today becomes a working day of the test database
        existing = admin("cn.holiday", "search", [("date", "=", today)])
        if existing:
            admin("cn.holiday", "unlink", existing)
        if not admin("cn.holiday", "is_workday", today):
            admin("cn.holiday", "create", {"date": today, "kind": "workday", "name": "测试加班"})
    front = admin("ir.model.data", "check_object_reference", "gov_hall", "group_gov_front_office")[1]
    stamp = int(time.time())
    user_ids = admin("res.users", "create", [{
        "name": f"压测窗口{i:02d}", "login": f"load_clerk_{stamp}_{i}", "password": f"load-pass-{stamp}-{i}",
        "group_ids": [(4, front)]} for i in range(WINDOWS)])
    emp_ids = admin("hr.employee", "create", [{"name": f"压测窗口{i:02d}", "user_id": uid}
                                              for i, uid in enumerate(user_ids)])
    window_ids = admin("gov.window", "create", [{
        "name": f"L{i:02d}", "label": "并发叫号测试窗口", "window_type": "comprehensive",
        "employee_ids": [(6, 0, [emp])]} for i, emp in enumerate(emp_ids)])
    queue = admin("gov.queue", "create", {
        "name": "并发叫号测试", "prefix": "LT", "open_time": 0.0, "close_time": 23.99, "daily_cap": TICKETS + 100,
        "notify_position": 0, "window_ids": [(6, 0, window_ids)]})
    clerks = [rpc.login(f"load_clerk_{stamp}_{i}", f"load-pass-{stamp}-{i}") for i in range(WINDOWS)]
    return admin, queue, list(zip(clerks, window_ids))


def _run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_twenty_windows_never_share_a_ticket(floor):
    admin, queue, desks = floor
    errors = []

    def issue(clerk, count):
        try:
            for _i in range(count):
                clerk("gov.queue", "issue_ticket", [queue])
        except Exception as err:
            errors.append(repr(err))

    started = time.monotonic()
    _run([threading.Thread(target=issue, args=(clerk, TICKETS // WINDOWS)) for clerk, _w in desks])
    issued_s = time.monotonic() - started
    assert not errors, errors[:5]
    calls = [0] * WINDOWS

    def call(n, clerk, window):
        try:
            while True:
                try:
                    clerk("gov.window", "action_call_next", [window])
                except RpcError as err:
                    if "等候" in str(err) or "Nobody is waiting" in str(err):
                        return
                    raise
                calls[n] += 1
        except Exception as err:
            errors.append(repr(err))

    started = time.monotonic()
    _run([threading.Thread(target=call, args=(n, clerk, window)) for n, (clerk, window) in enumerate(desks)])
    called_s = time.monotonic() - started
    assert not errors, errors[:5]
    print(f"\n{TICKETS} tickets issued from {WINDOWS} threads in {issued_s:.1f} s "
          f"({TICKETS / issued_s:.0f}/s); {sum(calls)} calls in {called_s:.1f} s ({sum(calls) / called_s:.0f}/s)")
    assert sum(calls) == TICKETS
    tickets = admin("gov.queue.ticket", "search_read", [("queue_id", "=", queue)], ["name", "state", "window_id"])
    assert len(tickets) == TICKETS
    assert len({t["name"] for t in tickets}) == TICKETS  # numbers never repeat
    assert all(t["state"] in ("called", "done") and t["window_id"] for t in tickets)
    per_ticket = admin("gov.queue.ticket.event", "read_group", [("ticket_id.queue_id", "=", queue),
                                                                ("kind", "=", "called")],
                       ["ticket_id"], ["ticket_id"], lazy=False)
    assert len(per_ticket) == TICKETS
    assert {g["__count"] for g in per_ticket} == {1}  # every ticket called exactly once
    assert min(calls) > 0  # every window got work
