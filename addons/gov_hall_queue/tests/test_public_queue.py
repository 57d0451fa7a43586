import json
import re

from odoo.addons.gov_hall.tests.common import PERSON_ID
from odoo.fields import Command
from odoo.tests import HttpCase, freeze_time, tagged


@tagged("post_install", "-at_install")
@freeze_time("2026-12-02 02:00:00")  # Wednesday 10:00 in the hall
class TestPublicQueue(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        window = cls.env["gov.window"].create({"name": "Q9", "label": "测试叫号窗口", "window_type": "comprehensive"})
        cls.queue = cls.env["gov.queue"].create({"name": "测试公共队列", "prefix": "Q", "description": "测试业务",
                                                 "window_ids": [Command.set(window.ids)]})
        cls.window = window

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_kiosk_issues_a_ticket_and_my_place_hides_personal_data(self):
        page = self.url_open("/hall/ticket")
        self.assertEqual(page.status_code, 200)
        self.assertIn("测试公共队列", page.text)
        self.assertIn('lang="zh-CN"', page.text)
        self.assertIn('<label class="field" for="phone">', page.text)
        before = self.env["gov.queue.ticket"].search_count([("queue_id", "=", self.queue.id)])
        resp = self.url_open("/hall/ticket", data={"csrf_token": self._csrf(page.text), "queue_id": self.queue.id,
                                                   "phone": "13912345678", "resident_id": PERSON_ID})
        self.assertEqual(resp.status_code, 200)
        self.assertIn("取号成功", resp.text)
        ticket = self.env["gov.queue.ticket"].search([("queue_id", "=", self.queue.id)], order="id desc", limit=1)
        self.assertEqual(self.env["gov.queue.ticket"].search_count([("queue_id", "=", self.queue.id)]), before + 1)
        self.assertIn(ticket.name, resp.text)
        self.assertIn("data:image/png;base64,", resp.text)  # QR to 'my place'
        mine = self.url_open(f"/hall/queue/{ticket.token}")
        self.assertEqual(mine.status_code, 200)
        self.assertIn(ticket.name, mine.text)
        self.assertIn("前面还有", mine.text)
        for secret in ("13912345678", PERSON_ID, PERSON_ID[-4:] + "<"):
            self.assertNotIn(secret, mine.text)
            self.assertNotIn(secret, resp.text)
        self.assertEqual(self.url_open("/hall/queue/" + "x" * 32).status_code, 404)
        # the same ID again: a clear Chinese error on the kiosk, nothing issued
        again = self.url_open("/hall/ticket", data={"csrf_token": self._csrf(page.text), "queue_id": self.queue.id,
                                                    "resident_id": PERSON_ID})
        self.assertIn('role="alert"', again.text)
        self.assertEqual(self.env["gov.queue.ticket"].search_count([("queue_id", "=", self.queue.id)]), before + 1)

    def test_display_and_feed(self):
        ticket = self.queue._issue()
        self.env["gov.queue.ticket"]._call_next(self.window)
        page = self.url_open("/hall/display")
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.name, page.text)
        feed = json.loads(self.url_open("/hall/display/feed").text)
        self.assertEqual(feed["calls"][0]["ticket"], ticket.name)
        self.assertEqual(feed["calls"][0]["window"], "Q9")
        self.assertIn("Q9", feed["calls"][0]["speech"])
        self.assertIn({"name": "测试公共队列", "prefix": "Q", "waiting": 0}, feed["queues"])

    def test_card_reader_endpoint(self):
        def post(body, key="k-123"):
            return self.url_open("/hall/ticket/card", data=json.dumps(body),
                                 headers={"Content-Type": "application/json", "X-Kiosk-Key": key})
        self.assertEqual(post({"queue": "Q", "id_number": PERSON_ID}).status_code, 403)  # no key configured
        self.env["ir.config_parameter"].sudo().set_param("gov_hall_queue.kiosk_key", "k-123")
        self.assertEqual(post({"queue": "Q", "id_number": PERSON_ID}, key="wrong").status_code, 403)
        ok = post({"queue": "Q", "id_number": PERSON_ID})
        self.assertEqual(ok.status_code, 200, ok.text)
        self.assertTrue(ok.json()["ticket"].startswith("Q"))
        twice = post({"queue": "Q", "id_number": PERSON_ID})
        self.assertEqual(twice.status_code, 400)
        self.assertRegex(twice.json()["error"], "[\u4e00-\u9fff]")  # told in Chinese
