import json
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo.addons.gov_hall.tests.common import PERSON_ID, CaseFixture
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortal(HttpCase, CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret = cls._item(publish=True, fee_ids=[], name="涉密测试事项", is_public=False,
                               basic_code="000172007999", implementation_code="11330400MB0000000X00017200799900")
        cls.case = cls.env["gov.case"].with_user(cls.clerk).create({
            "item_id": cls.item.id, "window_id": cls.window.id, "applicant_name": "张小三",
            "applicant_id_number": PERSON_ID, "applicant_phone": "13912345678"})
        cls.case.action_receive()

    def _csrf(self, html):
        return html.split('name="csrf_token" value="')[1].split('"')[0]

    def test_catalog_search_and_secret_items(self):
        page = self.url_open("/hall/items?q=食品经营")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.item.name, page.text)
        self.assertIn(f"/hall/item/{self.item.implementation_code}", page.text)
        self.assertIn("max-age", page.headers.get("Cache-Control", ""))
        everything = self.url_open("/hall/items?q=涉密测试").text
        self.assertNotIn("涉密测试事项", everything)
        self.assertEqual(self.url_open(f"/hall/item/{self.secret.implementation_code}").status_code, 404)
        self.assertEqual(self.url_open(f"/hall/item/{self.secret.implementation_code}/guide.pdf").status_code, 404)
        by_dept = self.url_open(f"/hall/items?department={self.dept2.id}").text
        self.assertNotIn(self.item.name, by_dept)
        guide = self.url_open(f"/hall/item/{self.item.implementation_code}")
        self.assertIn("guide.pdf", guide.text)

    def test_progress_lookup_second_factor_and_throttle(self):
        form = self.url_open("/hall/progress")
        csrf = self._csrf(form.text)
        ok = self.url_open("/hall/progress", data={"csrf_token": csrf, "number": self.case.name, "phone_tail": "5678"})
        self.assertIn("办件进度", ok.text)
        self.assertIn(self.case.name, ok.text)
        for secret in ("张小三", PERSON_ID, "13912345678"):
            self.assertNotIn(secret, ok.text)
        wrong = self.url_open("/hall/progress", data={"csrf_token": csrf, "number": self.case.name,
                                                       "phone_tail": "0000"})
        unknown = self.url_open("/hall/progress", data={"csrf_token": csrf, "number": "SL-NOPE", "phone_tail": "5678"})
        self.assertIn("未查询到办件", wrong.text)
        self.assertEqual(wrong.text.replace(self.case.name, ""), unknown.text.replace("SL-NOPE", ""))
        for _i in range(10):
            self.url_open("/hall/progress", data={"csrf_token": csrf, "number": "SL-NOPE", "phone_tail": "1111"})
        throttled = self.url_open("/hall/progress", data={"csrf_token": csrf, "number": self.case.name,
                                                           "phone_tail": "5678"})
        self.assertIn("未查询到办件", throttled.text)  # even the right answer waits

    def test_decisions_mask_persons(self):
        # dates after the demo city's decisions: these rows are on the first page
        self.case.sudo().write({"state": "decided", "decision": "approve", "decision_date": date(2027, 6, 1)})
        company = self.env["gov.case"].with_user(self.clerk).create({
            "item_id": self.item.id, "window_id": self.window.id, "applicant_type": "company",
            "applicant_name": "嘉禾市好味道餐饮有限公司", "applicant_uscc": "91330402MA2JH0T223",
            "applicant_phone": "13900000001"})
        company.sudo().write({"state": "decided", "decision": "approve", "decision_date": date(2027, 6, 2)})
        secret_case = self.env["gov.case"].with_user(self.clerk).create({
            "item_id": self.secret.id, "window_id": self.window.id, "applicant_name": "李四",
            "applicant_id_number": PERSON_ID, "applicant_phone": "13900000002"})
        secret_case.sudo().write({"state": "decided", "decision": "approve", "decision_date": date(2027, 6, 3)})
        page = self.url_open("/hall/decisions").text
        self.assertIn("张*三", page)
        self.assertNotIn("张小三", page)
        self.assertIn("嘉禾市好味道餐饮有限公司", page)
        self.assertNotIn(secret_case.name, page)
        for secret in (PERSON_ID, "13912345678", "91330402MA2JH0T223"):
            self.assertNotIn(secret, page)

    def _api_user(self, dept, login):
        user = new_test_user(self.env, login=login, groups="gov_hall.group_gov_back_office")
        self.env["hr.employee"].create({"name": login, "user_id": user.id, "department_id": dept.id})
        key = self.env["res.users.apikeys"].with_user(user)._generate(
            None, "部门专网", datetime.now() + relativedelta(months=3))
        return user, key

    def _api(self, path, key, body=None):
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        if body is None:
            return self.url_open(f"/hall/api/v1{path}", headers=headers)
        return self.url_open(f"/hall/api/v1{path}", data=json.dumps(body), headers=headers)

    def test_api_authentication_and_department_isolation(self):
        _user, key = self._api_user(self.dept, "t_api_scj")
        _other, other_key = self._api_user(self.dept2, "t_api_zrz")
        self.assertEqual(self._api(f"/cases/{self.case.name}", "wrong-key").status_code, 401)
        own = self._api(f"/cases/{self.case.name}", key)
        self.assertEqual(own.status_code, 200, own.text)
        self.assertEqual(own.json()["state"], "received")
        self.assertEqual(self._api(f"/cases/{self.case.name}", other_key).status_code, 404)
        # pushing a rating for another department's case: not found, nothing written
        refused = self._api("/evaluations", other_key, {"case": self.case.name, "level": "1"})
        self.assertEqual(refused.status_code, 404)
        self.assertFalse(self.env["gov.evaluation"].search([("case_id", "=", self.case.id)]))
        pushed = self._api("/evaluations", key, {"case": self.case.name, "level": "4"})
        self.assertEqual(pushed.status_code, 200, pushed.text)
        self.assertEqual(self.env["gov.evaluation"].search([("case_id", "=", self.case.id)]).channel, "api")
        twice = self._api("/evaluations", key, {"case": self.case.name, "level": "4"})
        self.assertEqual(twice.status_code, 400)
        self.assertRegex(twice.json()["error"], "[\u4e00-\u9fff]")
        logs = self.env["gov.api.log"].search([])
        self.assertGreaterEqual(len(logs), 6)
        self.assertIn(401, logs.mapped("status"))
        self.assertEqual(set(logs.filtered(lambda log: log.status == 404).department_id.ids), {self.dept2.id})
        spec = self.url_open("/hall/api/v1/openapi.json").json()
        self.assertEqual(spec["openapi"], "3.0.3")
        self.assertIn("/evaluations", spec["paths"])

    def test_api_ticket_for_own_queue_only(self):
        _user, key = self._api_user(self.dept, "t_api_q")
        self.env["gov.queue"].create({"name": "接口队列", "prefix": "J", "open_time": 0, "close_time": 23.99,
                                      "department_ids": [Command.set(self.dept2.ids)]})
        self.assertEqual(self._api("/tickets", key, {"queue": "J"}).status_code, 404)
