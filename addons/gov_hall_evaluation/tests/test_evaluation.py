import base64
from datetime import date

from odoo.addons.gov_hall.tests.common import CaseFixture
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged


@tagged("post_install", "-at_install")
@freeze_time("2026-12-02 02:00:00")  # Wednesday 10:00 in the hall
class TestEvaluation(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._closed_case()

    @classmethod
    def _closed_case(cls, **kw):
        case = cls.env["gov.case"].with_user(cls.clerk).create({
            "item_id": cls.item.id, "window_id": cls.window.id, "applicant_name": "张小三",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13900000000", **kw})
        # a refused case is the shortest way to a closed one
        case.action_receive()
        case.sudo().write({"state": "refused"})
        case.action_close()
        return case

    def test_sms_link_single_use(self):
        Token = self.env["gov.evaluation.token"]
        link = Token.search([("case_id", "=", self.case.id), ("channel", "=", "sms")])
        self.assertEqual(len(link), 1, "closing the case texts a rating link")
        sms = self.env["sms.sms"].sudo().search([("number", "=", "13900000000")], order="id desc", limit=1)
        self.assertIn(f"/hall/evaluate/{link.token}", sms.body)
        rating = link._use("4", "很好")
        self.assertEqual((rating.level, rating.channel, rating.service_number, rating.user_id),
                         ("4", "sms", self.case.name, self.clerk))
        self.assertFalse(Token._lookup(link.token))
        with self.assertRaisesRegex(UserError, "already been used"):
            link._use("1")
        # another link of the same channel: still one rating per service and channel
        again = Token._issue("sms", case=self.case)
        with self.assertRaisesRegex(UserError, "already been rated"):
            again._use("2")
        # the web channel is another channel
        self.assertEqual(Token._issue("web", case=self.case)._use("5").channel, "web")

    def test_staff_never_rate(self):
        for user in (self.clerk, self.manager, self.supervisor):
            with self.assertRaises(AccessError):
                self.env["gov.evaluation"].with_user(user).create({
                    "level": "5", "channel": "pad", "service_number": self.case.name, "case_id": self.case.id,
                    "rated_at": "2026-12-02 02:00:00"})
        rating = self.env["gov.evaluation.token"]._issue("sms", case=self.case)._use("5")
        with self.assertRaises(AccessError):
            rating.with_user(self.supervisor).write({"level": "1"})

    def test_bad_rating_rectification_and_return_visit(self):
        rating = self.env["gov.evaluation.token"]._issue("sms", case=self.case)._use("1", "跑了两趟")
        self.assertTrue(rating.is_bad)
        rect = rating.rectification_ids
        self.assertEqual(len(rect), 1)
        # 15 working days from Wed 2 Dec 2026: 23 Dec 2026
        self.assertEqual(rect.deadline, date(2026, 12, 23))
        self.assertEqual(rect.handler_id, self.leader)
        self.assertEqual(rect.department_id, self.dept)
        self.assertIn("跑了两趟", rect.problem)
        visit = rating.callback_ids
        self.assertEqual((visit.kind, visit.case_id), ("verification", self.case))
        with self.assertRaises(UserError):
            rect.with_user(self.other_reviewer).action_reply("措施", "答复")
        rect.with_user(self.leader).action_reply("统一告知口径", "已整改，感谢监督")
        self.assertEqual(rect.state, "reported")
        reply = self.env["sms.sms"].sudo().search([("number", "=", "13900000000")], order="id desc", limit=1)
        self.assertIn("已整改", reply.body)
        with self.assertRaises(AccessError):
            rect.with_user(self.leader).action_accept()
        rect.with_user(self.supervisor).action_accept()
        self.assertEqual(rect.state, "closed")
        with freeze_time("2026-12-24 02:00:00"):
            late = self.env["gov.evaluation.token"]._issue("web", case=self.case)._use("2").rectification_ids
            self.assertFalse(late.is_overdue)
        with freeze_time("2027-02-01 02:00:00"):
            self.assertIn(late, self.env["gov.rectification"].search([("is_overdue", "=", True)]))

    def test_appeal_removes_from_statistics(self):
        rating = self.env["gov.evaluation.token"]._issue("sms", case=self.case)._use("1")
        Appeal = self.env["gov.evaluation.appeal"]
        with self.assertRaisesRegex(UserError, "department that was rated"):
            Appeal.with_user(self.other_reviewer).create({"evaluation_id": rating.id, "reason": "恶意差评"})
        appeal = Appeal.with_user(self.leader).create({"evaluation_id": rating.id, "reason": "恶意差评"})
        self.assertEqual(rating.state, "appealed")
        with self.assertRaises(AccessError):
            appeal.with_user(self.leader).action_uphold("自己批准")
        with self.assertRaises(AccessError):
            appeal.with_user(self.leader).write({"state": "upheld"})
        appeal.with_user(self.supervisor).action_uphold("经核实系误评")
        self.assertEqual((rating.state, rating.removed_reason), ("removed", "经核实系误评"))
        counted = self.env["gov.evaluation"].search_count([("id", "=", rating.id), ("state", "!=", "removed")])
        self.assertEqual(counted, 0)

    def test_callback_sampling(self):
        Callback = self.env["gov.callback"]
        with freeze_time("2026-12-20 02:00:00"):
            extra = [self._closed_case(applicant_phone=f"1390000000{i}") for i in range(1, 4)]
        with freeze_time("2027-01-04 02:00:00"):
            Callback._cron_sample_monthly()
            mine = [("period", "=", "2026-12"), ("kind", "=", "sample"), ("department_id", "=", self.dept.id)]
            sampled = Callback.search(mine)  # (the demo city's departments are sampled too)
            # the department's share rounds to one case, and one per item: one case of the four
            self.assertEqual(len(sampled), 1)
            self.assertIn(sampled.case_id, self.case | self.env["gov.case"].union(*extra))
            Callback._cron_sample_monthly()  # once per month
            self.assertEqual(Callback.search_count(mine), 1)
        self.dept.gov_callback_share = 0.5
        more = Callback._cron_sample(date(2026, 12, 1))
        self.assertEqual(len(more.filtered(lambda c: c.department_id == self.dept)), 1)  # half of four, minus one
        with self.assertRaises(AccessError):
            sampled.with_user(self.clerk).action_record("5", "满意")
        sampled.with_user(self.supervisor).action_record("2", "补正材料要求不一致", problem_found=True)
        self.assertEqual(sampled.rectification_id.source, "callback")
        self.assertEqual(sampled.rectification_id.deadline, date(2026, 12, 23))

    def test_province_export(self):
        self.env["gov.evaluation.token"]._issue("sms", case=self.case)._use("3")
        wizard = self.env["gov.evaluation.export"].with_user(self.supervisor).create(
            {"date_from": "2026-12-01", "date_to": "2026-12-31"})
        wizard.action_export()
        text = base64.b64decode(wizard.file).decode("utf-8-sig")
        header, row = text.splitlines()[:2]
        self.assertTrue(header.startswith("评价编号,办件编号,事项实施编码"))
        self.assertIn(self.case.name, row)
        self.assertIn(",2,3,", row)  # channel 2 (SMS), level 3
        with self.assertRaises(AccessError):
            self.env["gov.evaluation.export"].with_user(self.clerk).create(
                {"date_from": "2026-12-01", "date_to": "2026-12-31"}).action_export()


@tagged("post_install", "-at_install")
class TestEvaluationPages(HttpCase):

    def test_link_page_rates_once(self):
        dept = self.env["hr.department"].create({"name": "测试评价部门", "gov_code": "TPJ", "is_stationed": True})
        window = self.env["gov.window"].create({"name": "P1", "window_type": "department", "department_id": dept.id})
        queue = self.env["gov.queue"].create({"name": "评价测试", "prefix": "P", "open_time": 0, "close_time": 23.9,
                                              "window_ids": [(6, 0, window.ids)]})
        ticket = self.env["gov.queue.ticket"].sudo().create({
            "queue_id": queue.id, "date": "2026-12-02", "name": "P001", "token": "t" * 30, "state": "done",
            "window_id": window.id, "finished_at": "2026-12-02 01:00:00"})
        link = self.env["gov.evaluation.token"]._issue("sms", ticket=ticket)
        page = self.url_open(f"/hall/evaluate/{link.token}")
        self.assertIn("P001", page.text)
        self.assertIn("非常不满意", page.text)
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        done = self.url_open(f"/hall/evaluate/{link.token}", data={"csrf_token": csrf, "level": "5"})
        self.assertIn("感谢您的评价", done.text)
        again = self.url_open(f"/hall/evaluate/{link.token}", data={"csrf_token": csrf, "level": "1"})
        self.assertIn("已使用", again.text)
        ratings = self.env["gov.evaluation"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(ratings.mapped("level"), ["5"])
        self.assertIn("无效", self.url_open("/hall/evaluate/" + "x" * 30).text)
        # the web lookup: a wrong phone gets the same answer as an unknown number
        lookup = self.url_open("/hall/evaluate")
        csrf = lookup.text.split('name="csrf_token" value="')[1].split('"')[0]
        wrong = self.url_open("/hall/evaluate", data={"csrf_token": csrf, "number": "SL-NONE", "phone_tail": "0000"})
        self.assertIn("未找到可评价的办件", wrong.text)

    def test_pad_needs_its_key(self):
        self.assertEqual(self.url_open("/hall/pad/" + "k" * 24).status_code, 404)
        window = self.env["gov.window"].create({"name": "P2", "window_type": "comprehensive"})
        manager = new_test_user(self.env, login="t_pad_mgr", groups="gov_hall.group_gov_bureau_manager")
        with self.assertRaises(AccessError):
            window.with_user(manager).write({"pad_key": "k" * 24})  # only the button makes a key
        window.with_user(manager).action_new_pad_key()
        page = self.url_open(f"/hall/pad/{window.sudo().pad_key}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("欢迎您", page.text)
