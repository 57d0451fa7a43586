import json
from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, new_test_user, tagged

from .common import HotlineFixture


@tagged("post_install", "-at_install")
class TestHotlineApi(HttpCase, HotlineFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.platform = new_test_user(cls.env, login="t_12345", groups="gov_hall_hotline.group_hotline_api",
                                     tz="Asia/Shanghai")
        cls.platform_key = cls.env["res.users.apikeys"].with_user(cls.platform)._generate(
            None, "12345 平台", datetime.now() + relativedelta(months=3))
        # a department's key of the department API (gov_hall_portal): not the platform's
        cls.dept_api = new_test_user(cls.env, login="t_api_dept", groups="gov_hall.group_gov_back_office")
        cls.env["hr.employee"].create({"name": "部门接口", "user_id": cls.dept_api.id, "department_id": cls.dept.id})
        cls.dept_key = cls.env["res.users.apikeys"].with_user(cls.dept_api)._generate(
            None, "部门专网", datetime.now() + relativedelta(months=3))

    def _api(self, path, key=None, body=None):
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        url = f"/hall/api/v1/hotline{path}"
        if body is None:
            return self.url_open(url, headers=headers)
        return self.url_open(url, data=json.dumps(body, ensure_ascii=False).encode(), headers=headers)

    def _payload(self, number, **kw):
        payload = {"number": number, "received_at": "2026-03-02 09:30:00", "category": "投诉",
                   "title": "窗口排队时间长", "content": "排队近两个小时。", "caller_name": "钱女士",
                   "caller_phone": "13957300102", "department": "测试市场监督管理局", "deadline": "2026-03-09"}
        payload.update(kw)
        return payload

    def test_platform_sends_and_reads_back(self):
        sent = self._api("/orders", self.platform_key, [self._payload("API-1"),
                                                        {"工单编号": "API-2", "受理时间": "2026-03-02 10:00",
                                                         "诉求类型": "咨询", "标题": "营业执照", "诉求内容": "怎么办",
                                                         "办理时限": "2026-03-09"}])
        self.assertEqual(sent.status_code, 200, sent.text)
        self.assertEqual(sent.json()["created"], ["API-1", "API-2"])
        order = self.Order.search([("name", "=", "API-1")])
        self.assertEqual((order.source, order.category, order.state), ("api", "complaint", "received"))
        self.assertTrue(order.complaint_id)
        again = self._api("/orders", self.platform_key, self._payload("API-1"))
        self.assertEqual(again.json()["already_imported"], ["API-1"])
        # one bad order: the whole list refused, in Chinese, nothing registered
        bad = self._api("/orders", self.platform_key, [self._payload("API-3"), self._payload("API-4", deadline="")])
        self.assertEqual(bad.status_code, 400)
        self.assertIn("2", bad.json()["error"])
        self.assertRegex(bad.json()["error"], "[\u4e00-\u9fff]")
        self.assertFalse(self.Order.search([("name", "in", ["API-3", "API-4"])]))
        # the hall works; the platform reads the state and the reply
        order.with_user(self.supervisor).action_assign(self.dept, "请核实。")
        order.with_user(self.reviewer).action_reply("已增开窗口。")
        status = self._api("/orders/API-1", self.platform_key)
        self.assertEqual(status.status_code, 200, status.text)
        self.assertEqual((status.json()["state"], status.json()["reply"]), ("replied", "已增开窗口。"))
        self.assertEqual(status.json()["department"], self.dept.name)
        self.assertEqual(self._api("/orders/NOPE", self.platform_key).status_code, 404)
        spec = self.url_open("/hall/api/v1/hotline/openapi.json").json()
        self.assertIn("/orders/{number}", spec["paths"])

    def test_refused_keys(self):
        self._api("/orders", self.platform_key, self._payload("API-9"))
        self.assertEqual(self._api("/orders/API-9").status_code, 401)
        self.assertEqual(self._api("/orders/API-9", "not-a-key").status_code, 401)
        self.assertEqual(self._api("/orders", None, self._payload("API-10")).status_code, 401)
        # a department's key: refused, for reading and for sending
        self.assertEqual(self._api("/orders/API-9", self.dept_key).status_code, 403)
        self.assertEqual(self._api("/orders", self.dept_key, self._payload("API-11")).status_code, 403)
        self.assertFalse(self.Order.search([("name", "in", ["API-10", "API-11"])]))
        logs = self.env["gov.api.log"].search([("path", "like", "/hall/api/v1/hotline/")])
        self.assertEqual(sorted(logs.mapped("status")), [200, 401, 401, 401, 403, 403])
        self.assertEqual(logs.filtered(lambda log: log.status == 403).user_id, self.dept_api)
        self.assertEqual(logs.filtered(lambda log: log.status == 200).user_id, self.platform)
