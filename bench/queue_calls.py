#!/usr/bin/env python3
"""Calling benchmark: 20 windows press "call next" at once on one queue of 10,000 waiting tickets.

Each window is a thread with its own cursor, acting as its clerk through ``gov.window.action_call_next``
(the button's method: duty check, finish the current ticket, take the next with FOR UPDATE SKIP
LOCKED in its own READ COMMITTED transaction, log the events). Prints calls per second and checks
that no ticket was called twice. Leaves its queue in the database (named with the run's time).

    python3 bench/queue_calls.py -d DB [--windows 20] [--tickets 10000] [odoo options]
"""
import argparse
import secrets
import threading
import time
from datetime import datetime

import pytz


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--windows", type=int, default=20)
    parser.add_argument("--tickets", type=int, default=10000)
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.exceptions import UserError
    from odoo.fields import Command
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    stamp = int(time.time())
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
        front = env.ref("gov_hall.group_gov_front_office")
        users = env["res.users"].create([{"name": f"基准叫号{i:02d}", "login": f"bench_call_{stamp}_{i}",
                                          "group_ids": [Command.link(front.id)]} for i in range(args.windows)])
        employees = env["hr.employee"].create([{"name": u.name, "user_id": u.id} for u in users])
        windows = env["gov.window"].create([{"name": f"BQ{i:02d}", "window_type": "comprehensive",
                                             "employee_ids": [Command.set(e.ids)]} for i, e in enumerate(employees)])
        letters = "".join(secrets.choice("BCDEFGHJKMNPQRSTUVWXY") for _i in range(2))
        queue = env["gov.queue"].create({"name": f"基准叫号{stamp}", "prefix": letters,
                                         "daily_cap": args.tickets + 1, "notify_position": 0,
                                         "window_ids": [Command.set(windows.ids)]})
        day = datetime.now(pytz.timezone("Asia/Shanghai")).date()  # the hall's day, as the queue counts it
        started = time.monotonic()
        now = odoo.fields.Datetime.now()
        env["gov.queue.ticket"].create([{
            "queue_id": queue.id, "date": day, "number": n, "name": f"{letters}{n:05d}", "rank": 2,
            "token": secrets.token_urlsafe(24), "issued_at": now} for n in range(1, args.tickets + 1)])
        print(f"{args.tickets} tickets created in {time.monotonic() - started:.1f} s")
        desks = list(zip(users.ids, windows.ids))
        queue_id = queue.id
    calls = [0] * len(desks)
    errors = []

    def window_loop(n, uid, window_id):
        try:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, uid, {"lang": "zh_CN"})
                window = env["gov.window"].browse(window_id)
                while True:
                    try:
                        window.action_call_next()
                    except UserError:
                        cr.rollback()
                        return  # nobody is waiting any more
                    cr.commit()
                    calls[n] += 1
        except Exception as err:
            errors.append(repr(err))

    threads = [threading.Thread(target=window_loop, args=(n, uid, w)) for n, (uid, w) in enumerate(desks)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    with registry.cursor() as cr:
        cr.execute("""SELECT count(*), count(DISTINCT e.ticket_id) FROM gov_queue_ticket_event e
                      JOIN gov_queue_ticket t ON t.id = e.ticket_id WHERE t.queue_id = %s AND e.kind = 'called'""",
                   [queue_id])
        events, distinct = cr.fetchone()
    total = sum(calls)
    print(f"{len(desks)} windows, {total} calls in {elapsed:.1f} s: {total / elapsed:.0f} calls/s "
          f"(target >= 100); duplicates: {events - distinct}; errors: {len(errors)} {errors[:3]}")


if __name__ == "__main__":
    main()
