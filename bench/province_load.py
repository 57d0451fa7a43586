#!/usr/bin/env python3
"""Province load on this machine: one node vs two nodes, same run; and a clerk's click under load.

Starts the province topology of tests/cluster.py (nginx, two Odoo web nodes with
2 workers each, a job node, PostgreSQL primary + streaming replica) from the demo
city, then:

1. A day of a province in miniature: 30 halls (queues) with 600 windows, a mix in
   the day's proportions — 50,000 tickets issued and called, 20,000 cases received,
   public lookups at 10x (700,000) — replayed for N seconds by C concurrent
   clients against one node, then against two nodes behind nginx. Prints
   throughput and p95 per action side by side, and what share of a 9-hour day
   (peak 3x the average) the province's volume needs.
2. 20 simulated clerks for a minute over JSON-RPC through nginx: receive, check the
   materials, accept; p50/p95 per action beside the p50/p95 of saving a plain
   res.partner form (the web client's web_save) in the same run.

    python3 bench/province_load.py [--seconds 45] [--clients 16] [--clerk-seconds 60]

Environment as set by `make bench` / `make cluster`: GOV_CLUSTER_SOURCE_DB (the
demo database), GOV_ODOO_PY, GOV_ODOO_ADDONS, GOV_DATA_DIR, GOV_DB_ARGS.
"""
import argparse
import os
import random
import sys
import threading
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
from cluster import CITIES, Cluster, host
from conftest import make_today_a_workday
from test_faults import City, Failed

HALLS, WINDOWS_PER_HALL = 30, 20
DAY = {"ticket_issue": 50_000, "ticket_call": 50_000, "case_receive": 20_000, "public_lookup": 700_000}
DAY_SECONDS, PEAK = 9 * 3600, 3.0


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000


def setup(admin):
    make_today_a_workday(admin)
    front = admin("ir.model.data", "check_object_reference", "gov_hall", "group_gov_front_office")[1]
    stamp = int(time.time()) % 100000
    users = admin("res.users", "create", [{
        "name": f"省压测{h:02d}", "login": f"prov_{stamp}_{h}", "password": f"prov-{stamp}-{h}",
        "group_ids": [(4, front)]} for h in range(HALLS)])
    employees = admin("hr.employee", "create", [{"name": f"省压测{h:02d}", "user_id": u} for h, u in enumerate(users)])
    halls = []
    for h, emp in enumerate(employees):
        windows = admin("gov.window", "create", [{
            "name": f"P{h:02d}{w:02d}", "label": f"第{h + 1}大厅", "window_type": "comprehensive",
            "employee_ids": [(6, 0, [emp])]} for w in range(WINDOWS_PER_HALL)])
        queue = admin("gov.queue", "create", {
            "name": f"第{h + 1}大厅综合窗口", "prefix": "QR"[h // 26] + chr(65 + h % 26), "open_time": 0.0,
            "close_time": 23.99, "daily_cap": 9999, "notify_position": 0, "window_ids": [(6, 0, windows)]})
        halls.append((f"prov_{stamp}_{h}", f"prov-{stamp}-{h}", queue, windows))
    return halls


class Load:
    def __init__(self, url, halls, item, window):
        self.url, self.halls, self.item, self.window = url, halls, item, window
        self.lat = {k: [] for k in DAY}
        self.errors = []
        self.lock = threading.Lock()

    def client(self, n, until):
        rnd = random.Random(n)
        _login, _password, queue, windows = self.halls[n % len(self.halls)]
        hall_user, clerk = self.sessions[n]
        web = requests.Session()
        kinds, weights = list(DAY), list(DAY.values())
        self.ready.wait()
        until += time.monotonic()
        while time.monotonic() < until:
            kind = rnd.choices(kinds, weights)[0]
            started = time.monotonic()
            try:
                if kind == "ticket_issue":
                    hall_user("gov.queue", "issue_ticket", [queue])
                elif kind == "ticket_call":
                    try:
                        hall_user("gov.window", "action_call_next", [rnd.choice(windows)])
                    except Failed as err:
                        if "等候" not in str(err):
                            raise
                elif kind == "case_receive":
                    case = clerk("gov.case", "create", {
                        "item_id": self.item["id"], "window_id": self.window["id"], "applicant_name": "压测申请人",
                        "applicant_id_number": "11010519491231002X", "applicant_phone": "13700000000"})
                    clerk("gov.case", "action_receive", [case])
                else:
                    res = web.get(f"{self.url}/hall/items", headers={"Host": host(CITIES[0])}, timeout=60,
                                  params={"search": rnd.choice(["", "营业执照", "食品", "户籍", "建设"])})
                    res.raise_for_status()
            except Exception as err:
                with self.lock:
                    self.errors.append(f"{kind}: {err!r}"[:200])
                continue
            with self.lock:
                self.lat[kind].append(time.monotonic() - started)

    def run(self, clients, seconds):
        """Sign every client in first (not measured), then all start at once for `seconds`."""
        self.sessions = []
        for n in range(clients):
            login, password, _queue, _windows = self.halls[n % len(self.halls)]
            self.sessions.append((City(self.url, CITIES[0]).login(login, password),
                                  City(self.url, CITIES[0]).login("scj_clerk")))
        self.ready = threading.Event()
        threads = [threading.Thread(target=self.client, args=(n, seconds)) for n in range(clients)]
        for t in threads:
            t.start()
        started = time.monotonic()
        self.ready.set()
        for t in threads:
            t.join()
        self.elapsed = time.monotonic() - started
        return self


def clerk_clicks(url, item, window, clerks, seconds):
    lat = {"partner_save": [], "receive": [], "check": [], "accept": []}
    lock = threading.Lock()
    errors = []
    until = time.monotonic() + seconds

    def one(n):
        clerk = City(url, CITIES[0]).login("scj_clerk")
        office = City(url, CITIES[0]).login("admin")  # a clerk may not edit contacts: the office does
        partner = office("res.partner", "create", {"name": f"对照联系人{n}"})
        k = 0
        while time.monotonic() < until:
            k += 1
            try:
                t0 = time.monotonic()
                office("res.partner", "web_save", [partner], {"name": f"对照联系人{n}-{k}", "phone": f"1370000{k:04d}"},
                      specification={"name": {}, "phone": {}})
                t1 = time.monotonic()
                case = clerk("gov.case", "create", {
                    "item_id": item["id"], "window_id": window["id"], "applicant_name": f"窗口压测{n}-{k}",
                    "applicant_id_number": "11010519491231002X", "applicant_phone": "13700000000"})
                clerk("gov.case", "action_receive", [case])
                t2 = time.monotonic()
                lines = clerk("gov.case", "read", [case], ["material_ids"])[0]["material_ids"]
                clerk("gov.case.material", "write", lines, {"submitted": True, "compliant": True})
                t3 = time.monotonic()
                clerk("gov.case", "action_accept", [case])
                t4 = time.monotonic()
            except Exception as err:
                errors.append(repr(err)[:200])
                continue
            with lock:
                for key, a, b in (("partner_save", t0, t1), ("receive", t1, t2), ("check", t2, t3),
                                  ("accept", t3, t4)):
                    lat[key].append(b - a)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(clerks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=45)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--clerk-seconds", type=int, default=60)
    args, _rest = parser.parse_known_args()
    cluster = Cluster(root=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                        ".cluster-bench"), base_port=8380, pg_port=5461)
    started = time.monotonic()
    try:
        cluster.up()
        print(f"province topology up in {time.monotonic() - started:.0f} s "
              f"(2 web nodes x 2 workers, job node, PostgreSQL primary + replica, nginx)", flush=True)
        admin = City(cluster.front, CITIES[0]).login("admin")
        halls = setup(admin)
        from test_e2e_case import _scj_item
        item, window = _scj_item(City(cluster.front, CITIES[0]).login("scj_clerk"))
        # warm-up, not measured: every worker loads the city's registry and compiles its pages
        Load(cluster.front, halls, item, window).run(args.clients, 15)
        runs = {}
        for label, url in (("1 node", cluster.url("web1")), ("2 nodes", cluster.front)):
            runs[label] = Load(url, halls, item, window).run(args.clients, args.seconds)
            done = sum(len(v) for v in runs[label].lat.values())
            print(f"  {label}: {done} actions in {runs[label].elapsed:.0f} s, {len(runs[label].errors)} errors",
                  flush=True)
        print(f"\nA day of a province ({HALLS} halls, {HALLS * WINDOWS_PER_HALL} windows, "
              f"{args.clients} concurrent clients, {args.seconds} s each):")
        print(f"{'action':<16}{'day volume':>12}" + "".join(f"{label + ' /s':>14}{'p95 ms':>9}" for label in runs))
        for kind, volume in DAY.items():
            row = f"{kind:<16}{volume:>12,}"
            for run in runs.values():
                row += f"{len(run.lat[kind]) / run.elapsed:>14.1f}{pct(run.lat[kind], 95):>9.0f}"
            print(row)
        for label, run in runs.items():
            total = sum(len(v) for v in run.lat.values()) / run.elapsed
            need = sum(DAY.values()) / DAY_SECONDS * PEAK
            print(f"{label}: {total:.1f} actions/s overall; the day's peak (3x the average of "
                  f"{sum(DAY.values()) / DAY_SECONDS:.1f}/s) needs {need:.0f}/s = {need / total:.0%} of it; "
                  f"provinces of this size per {label}: {total / need:.1f}")
            if run.errors:
                print(f"  {len(run.errors)} errors, first: {run.errors[0]}")
        lat, errors = clerk_clicks(cluster.front, item, window, args.clerks, args.clerk_seconds)
        print(f"\nA clerk's click: {args.clerks} clerks for {args.clerk_seconds} s through nginx "
              f"({len(lat['accept'])} cases accepted, {len(errors)} errors)")
        print(f"{'action':<14}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}")
        for key, values in lat.items():
            print(f"{key:<14}{len(values):>8}{pct(values, 50):>9.0f}{pct(values, 95):>9.0f}")
        ratio = pct(lat["accept"], 95) / max(pct(lat["partner_save"], 95), 1)
        print(f"p95 of accepting a case = {ratio:.1f}x the p95 of saving a partner (target <= 3x)")
        if errors:
            print(f"  first error: {errors[0]}")
    finally:
        cluster.destroy()


if __name__ == "__main__":
    main()
