"""Shared fixtures for the end-to-end tests against a running server.

`make test` starts the server and sets GOV_URL and GOV_DB; the pure unit tests
of addons/*/tools need neither.
"""
import importlib.util
import itertools
import os
import sys

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _tools_package(alias, addon):
    """An addon's ORM-free ``tools/`` as a top-level package (``import cn_workday_tools.workdays``)."""
    path = os.path.join(ROOT, "addons", addon, "tools")
    spec = importlib.util.spec_from_file_location(alias, os.path.join(path, "__init__.py"),
                                                  submodule_search_locations=[path])
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)


_tools_package("cn_workday_tools", "cn_workday")
_tools_package("gov_hall_tools", "gov_hall")
_tools_package("gov_assessment_tools", "gov_assessment")

_ids = itertools.count(1)


class RpcError(Exception):
    pass


class Rpc:
    """Minimal JSON-RPC client (the /jsonrpc endpoint of Odoo's external API)."""

    def __init__(self, url, db):
        self.url, self.db = url, db

    def call(self, service, method, *args):
        res = requests.post(f"{self.url}/jsonrpc", timeout=120, json={
            "jsonrpc": "2.0", "method": "call", "id": next(_ids),
            "params": {"service": service, "method": method, "args": list(args)}})
        res.raise_for_status()
        body = res.json()
        if "error" in body:
            raise RpcError(body["error"]["data"].get("message") or body["error"]["message"])
        return body["result"]

    def login(self, login, password=None):
        uid = self.call("common", "authenticate", self.db, login, password or login, {})
        if not uid:
            raise RpcError(f"login failed for {login}")
        return User(self, uid, password or login)


class User:
    def __init__(self, rpc, uid, password):
        self.rpc, self.uid, self.password = rpc, uid, password

    def __call__(self, model, method, *args, **kwargs):
        # like the web client: the user's language travels in the context
        kwargs.setdefault("context", {"lang": "zh_CN", "tz": "Asia/Shanghai"})
        return self.rpc.call("object", "execute_kw", self.rpc.db, self.uid, self.password,
                             model, method, list(args), kwargs)


def make_today_a_workday(admin):
    """A weekend or a holiday: today becomes a working day of the database (the hall opens)."""
    from datetime import datetime

    import pytz
    today = datetime.now(pytz.timezone("Asia/Shanghai")).date().isoformat()
    if not admin("cn.holiday", "is_workday", today):
        existing = admin("cn.holiday", "search", [("date", "=", today)])
        if existing:
            admin("cn.holiday", "unlink", existing)
        if not admin("cn.holiday", "is_workday", today):
            admin("cn.holiday", "create", {"date": today, "kind": "workday", "name": "测试加班"})


def window_floor(admin, count, prefix, label, queue_name, queue_prefix, cap):
    """``count`` front-office users, each on a window of its own, all calling one queue.

    Returns (queue id, [(login, password, window id)])."""
    import time
    front = admin("ir.model.data", "check_object_reference", "gov_hall", "group_gov_front_office")[1]
    stamp = int(time.time())
    logins = [(f"{prefix}_{stamp}_{i}", f"{prefix}-pass-{stamp}-{i}") for i in range(count)]
    user_ids = admin("res.users", "create", [{
        "name": f"{label}{i:02d}", "login": login, "password": password,
        "group_ids": [(4, front)]} for i, (login, password) in enumerate(logins)])
    emp_ids = admin("hr.employee", "create", [{"name": f"{label}{i:02d}", "user_id": uid}
                                              for i, uid in enumerate(user_ids)])
    window_ids = admin("gov.window", "create", [{
        "name": f"{queue_prefix[0]}{i:02d}", "label": label, "window_type": "comprehensive",
        "employee_ids": [(6, 0, [emp])]} for i, emp in enumerate(emp_ids)])
    queue = admin("gov.queue", "create", {
        "name": queue_name, "prefix": queue_prefix, "open_time": 0.0, "close_time": 23.99, "daily_cap": cap,
        "notify_position": 0, "window_ids": [(6, 0, window_ids)]})
    return queue, [(login, password, w) for (login, password), w in zip(logins, window_ids, strict=True)]


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("GOV_URL"), os.environ.get("GOV_DB")
    if not url or not db:
        pytest.skip("GOV_URL/GOV_DB not set: run through `make test`")
    return url.rstrip("/"), db


@pytest.fixture(scope="session")
def rpc(server):
    return Rpc(*server)


@pytest.fixture(scope="session")
def web_session(server):
    """A browser-like session factory: web_session('bureau') -> requests.Session."""
    url, db = server

    def make(login, password=None):
        s = requests.Session()
        res = s.post(f"{url}/web/session/authenticate", timeout=60, json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"db": db, "login": login, "password": password or login}})
        res.raise_for_status()
        assert res.json().get("result", {}).get("uid"), res.text[:500]
        return s
    return make
