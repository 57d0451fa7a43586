"""axe-core in headless Chromium on every public page: no serious or critical violation (适老化、无障碍)."""
import importlib.resources
import json
import unittest

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

try:
    AXE = importlib.resources.files("axe_core_python").joinpath("axe.min.js").read_text(encoding="utf-8")
except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - the requirement is installed by `make test`
    AXE = None

RUN = """
axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
    var bad = result.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; });
    if (bad.length) {
        console.error("axe violations on " + location.pathname + ": " + JSON.stringify(bad.map(function (v) {
            return {id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(function (n) { return n.target; })};
        })));
    } else {
        console.log("test successful");
    }
});
"""


@tagged("post_install", "-at_install")
@unittest.skipIf(AXE is None, "axe-core-python is not installed")
class TestAccessibility(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        window = cls.env["gov.window"].create({"name": "AX1", "label": "无障碍测试窗口",
                                               "window_type": "comprehensive"})
        cls.queue = cls.env["gov.queue"].create({"name": "无障碍测试队列", "prefix": "X", "description": "测试",
                                                 "window_ids": [Command.set(window.ids)]})
        cls.ticket = cls.env["gov.queue.ticket"].sudo().create({
            "queue_id": cls.queue.id, "date": "2026-12-02", "name": "X001", "token": "a" * 32})
        window.sudo().pad_key = "p" * 24
        cls.link = cls.env["gov.evaluation.token"]._issue("sms", ticket=cls.ticket)
        cls.item = cls.env["gov.item"].search([("state", "=", "published"), ("is_public", "=", True)], limit=1)
        # axe is served to the page as a public attachment (the log then shows a short script, not 400 KB)
        cls.axe = cls.env["ir.attachment"].create({
            "name": "axe.min.js", "raw": AXE.encode(), "mimetype": "application/javascript", "public": True})

    def _audit(self, path):
        load = (f'var s = document.createElement("script"); s.src = "/web/content/{self.axe.id}"; '
                f's.onload = function () {{ {RUN} }}; document.head.appendChild(s);')
        self.browser_js(path, load, timeout=90)

    def test_public_pages(self):
        pages = ["/hall/ticket", "/hall/ticket?large=1", "/hall/display", f"/hall/queue/{self.ticket.token}",
                 "/hall/items", "/hall/progress", "/hall/decisions", "/hall/evaluate",
                 f"/hall/evaluate/{self.link.token}", "/hall/pad/" + "p" * 24]
        if self.item:
            pages.append(f"/hall/item/{self.item.implementation_code}")
        for path in pages:
            with self.subTest(path=path):
                self._audit(path)
        self.assertTrue(json.dumps(pages))
