from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import GovHallCase


@tagged("post_install", "-at_install")
class TestPublicItemPage(HttpCase, GovHallCase):

    def test_public_and_secret(self):
        item = self._item(publish=True)
        res = self.url_open(f"/hall/item/{item.implementation_code}")
        self.assertEqual(res.status_code, 200)
        self.assertIn("食品经营许可申请书", res.text)
        self.assertIn("10.00 元", res.text)
        item.with_user(self.manager).write({"is_public": False})
        self.assertEqual(self.url_open(f"/hall/item/{item.implementation_code}").status_code, 404)
        draft = self._item(implementation_code="11330400MB0000000X00017200700001")
        self.assertEqual(self.url_open(f"/hall/item/{draft.implementation_code}").status_code, 404)

    def test_catalog_tour(self):
        self.start_tour("/odoo/gov-items", "gov_catalog_tour", login="admin")


@tagged("post_install", "-at_install")
class TestClerkTour(HttpCase):

    def test_clerk_flow_tour(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        user = new_test_user(env, login="tour_clerk", password="tour_clerk_pw", lang="zh_CN",
                             groups="gov_hall.group_gov_front_office,gov_hall.group_gov_leader")
        dept = env["hr.department"].create({"name": "测试交通运输局", "gov_code": "TJTJ", "is_stationed": True})
        employee = env["hr.employee"].create({"name": "巡游窗口", "user_id": user.id, "department_id": dept.id})
        window = env["gov.window"].create({"name": "TW1", "label": "测试窗口", "window_type": "department",
                                           "department_id": dept.id, "employee_ids": [Command.set(employee.ids)]})
        item = env["gov.item"].create({
            "name": "巡游测试事项", "department_id": dept.id, "basic_code": "000999000001",
            "implementation_code": "000999000001", "item_type": "licensing", "case_type": "promised",
            "legal_limit": 20, "promised_limit": 5,
            "material_ids": [Command.create({"name": "申请表"}), Command.create({"name": "驾驶证"})],
            "step_ids": [Command.create({"step": "first_review", "office": "front"}),
                         Command.create({"step": "approval", "office": "back"})],
            "window_ids": [Command.set(window.ids)]})
        item.action_publish()
        delegation = env["gov.delegation"].create({
            "department_id": dept.id, "grantor_id": employee.id, "grantee_user_id": user.id,
            "grantee_kind": "delegate", "power_accept": True, "power_approve": True, "power_certify": True,
            "date_from": "2020-01-01", "date_to": "2035-12-31", "scan": "aGVsbG8=", "scan_filename": "s.pdf"})
        delegation.action_activate()
        env["gov.seal"].search([("seal_type", "=", "bureau")]).write({"state": "retired"})
        env["gov.seal"].create([
            {"name": "测试交通局审批专用章", "seal_type": "department", "department_id": dept.id,
             "custodian_id": user.id},
            {"name": "测试服务局印章", "seal_type": "bureau", "custodian_id": user.id}])
        self.start_tour("/odoo/gov-inquiries/new", "gov_case_tour", login="tour_clerk")
        case = env["gov.case"].search([("item_id", "=", item.id)])
        self.assertEqual(case.state, "delivered")
        self.assertEqual(case.applicant_name, "赵六")
        self.assertEqual(case.correction_count, 1)
        self.assertEqual(case.step_ids.mapped("step"), ["first_review", "approval"])
        self.assertEqual(case.output_state, "complete")
        self.assertEqual(case.step_ids[1].delegation_id, delegation)
