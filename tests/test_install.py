"""The working-day calendar installs alone; the core installs on it without Accounting; the fee,
staff, assessment, pledge, help-desk, bundle, online, 12345 and exchange addons install on top of it.

A fresh database (demo data included, so the core's demo city runs without fees), then
the other addons on that same database, the way a city adds a capability later.
"""
import os
import subprocess

import psycopg2
import pytest

ODOO_PY = os.environ.get("GOV_ODOO_PY")
ADDONS = os.environ.get("GOV_ODOO_ADDONS")
DB_ARGS = os.environ.get("GOV_DB_ARGS", "").split("\x1f") if os.environ.get("GOV_DB_ARGS") else []
DATA_DIR = os.environ.get("GOV_DATA_DIR")
DB = "gov_install_check"

pytestmark = pytest.mark.skipif(not (ODOO_PY and ADDONS and DATA_DIR), reason="run through `make test`")


def _odoo(*args):
    out = subprocess.run([ODOO_PY, "-m", "odoo", *args], capture_output=True, text=True, timeout=1800,
                         check=False)
    assert out.returncode == 0, (out.stdout + out.stderr)[-3000:]
    errors = [line for line in out.stderr.splitlines() if " ERROR " in line or " CRITICAL " in line]
    assert not errors, "\n".join(errors[:20])


def _states(names):
    opts = dict(zip(DB_ARGS[0::2], DB_ARGS[1::2]))
    conn = psycopg2.connect(dbname=DB, host=opts.get("--db_host"), port=opts.get("--db_port"),
                            user=opts.get("--db_user"), password=opts.get("--db_password"))
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [list(names)])
            return dict(cr.fetchall())
    finally:
        conn.close()


def test_core_alone_then_addons_on_top():
    _odoo("db", "--addons-path", ADDONS, *DB_ARGS, "-D", DATA_DIR, "init", DB, "--with-demo",
          "--language", "zh_CN", "--country", "CN", "--force")
    try:
        common = ["server", "--addons-path", ADDONS, *DB_ARGS, "--data-dir", DATA_DIR, "-d", DB,
                  "--with-demo", "--stop-after-init", "--log-level=warn", "--max-cron-threads=0"]
        _odoo(*common, "-i", "cn_workday")
        states = _states(["cn_workday", "gov_hall", "hr"])
        assert states["cn_workday"] == "installed"
        assert states.get("gov_hall") != "installed" and states.get("hr") != "installed", states
        _odoo(*common, "-i", "gov_hall")
        states = _states(["gov_hall", "gov_hall_fee", "gov_hall_staff", "account", "l10n_cn"])
        assert states["gov_hall"] == "installed"
        for name in ("account", "l10n_cn", "gov_hall_fee", "gov_hall_staff"):
            assert states.get(name) != "installed", f"{name} installed with the core alone"
        _odoo(*common, "-i", "gov_hall_staff")
        _odoo(*common, "-i", "gov_hall_fee")
        states = _states(["gov_hall_fee", "gov_hall_staff", "account", "l10n_cn"])
        assert set(states.values()) == {"installed"}, states
        # the assessment brings the addons whose data it scores
        _odoo(*common, "-i", "gov_assessment")
        states = _states(["gov_assessment", "gov_hall_evaluation", "gov_hall_queue"])
        assert set(states.values()) == {"installed"}, states
        # beyond one window: each capability alone; the help desk's assessment bridge follows by itself
        states = _states(["gov_hall_bundle", "gov_hall_pledge", "gov_hall_helpdesk", "gov_hall_helpdesk_assessment"])
        assert not any(state == "installed" for state in states.values()), states
        _odoo(*common, "-i", "gov_hall_pledge")
        _odoo(*common, "-i", "gov_hall_helpdesk,gov_hall_bundle,gov_hall_online,gov_hall_hotline,gov_hall_exchange")
        states = _states(["gov_hall_bundle", "gov_hall_pledge", "gov_hall_helpdesk", "gov_hall_helpdesk_assessment",
                          "gov_hall_online", "gov_hall_online_pledge", "gov_hall_hotline", "gov_hall_exchange"])
        assert set(states.values()) == {"installed"}, states
        # background jobs (OCA queue_job): the fee and assessment bridges follow by themselves
        _odoo(*common, "-i", "gov_hall_jobs")
        states = _states(["gov_hall_jobs", "queue_job", "gov_hall_fee_jobs", "gov_assessment_jobs"])
        assert set(states.values()) == {"installed"}, states
    finally:
        _odoo("db", "--addons-path", ADDONS, *DB_ARGS, "-D", DATA_DIR, "drop", DB)
