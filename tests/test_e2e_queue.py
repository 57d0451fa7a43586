"""Twenty windows call one queue at once against the running server: no ticket is handed out twice.

20 clerks issue 10,000 tickets from 20 threads, then each of 20 windows presses "call next" in a loop
until nobody waits (10,000 calls). Every ticket must be called exactly once, by one window.
"""
import threading
import time

import pytest

from conftest import RpcError, make_today_a_workday, window_floor

WINDOWS = 20
TICKETS = 10_000


@pytest.fixture(scope="module")
def floor(rpc):
    admin = rpc.login("admin")
    make_today_a_workday(admin)
    queue, desks = window_floor(admin, WINDOWS, "load_clerk", "并发叫号测试窗口", "并发叫号测试", "LT", TICKETS + 100)
    return admin, queue, [(rpc.login(login, password), window) for login, password, window in desks]


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
