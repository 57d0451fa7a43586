#!/usr/bin/env python3
"""Public pages against /web/login: `wrk` on each, side by side, on one server (2 workers).

Loads the demo catalog into the benchmark database once (departments, windows, 256 items), starts
an Odoo server in multi-worker mode, runs `wrk -t2 -c16 -d10s` on /web/login, /hall/items,
/hall/item/<code>, /hall/progress and /hall/decisions, and prints requests/s and the ratio of each
page to /web/login (target: >= 1.0).

    python3 bench/public_pages.py -d DB [--seconds 10] [odoo options]
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

PAGES = ["/web/login", "/hall/items", "/hall/item/{code}", "/hall/progress", "/hall/decisions"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8479)
    args, odoo_args = parser.parse_known_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian package `wrk`)")

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
        Item = env["gov.item"]
        if not Item.search_count([("state", "=", "published"), ("is_public", "=", True)]):
            Item._gov_load_catalog_dir()
        code = Item.search([("state", "=", "published"), ("is_public", "=", True)], limit=1).implementation_code
    server = subprocess.Popen(
        [sys.executable, "-m", "odoo", "server", *odoo_args, "-d", args.database, "--db-filter", f"^{args.database}$",
         "--http-port", str(args.port), "--workers", "2", "--max-cron-threads", "0", "--log-level", "warn"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _i in range(120):
            try:
                urllib.request.urlopen(f"{base}/web/login", timeout=2)
                break
            except OSError:
                time.sleep(1)
        results = {}
        for page in PAGES:
            path = page.format(code=code)
            for _warm in range(20):
                urllib.request.urlopen(base + path, timeout=10).read()
            out = subprocess.run(["wrk", "-t2", "-c16", f"-d{args.seconds}s", base + path],
                                 capture_output=True, text=True, check=True).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            results[page] = rps
            print(f"{page:<22} {rps:8.1f} req/s" + (f"  ({errors.group(1)} non-2xx)" if errors else ""))
        login = results["/web/login"]
        for page in PAGES[1:]:
            print(f"ratio {page:<22} / /web/login: {results[page] / login:.2f} (target >= 1.0)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
