from odoo.addons.gov_hall.tests.common import PERSON_ID
from odoo.addons.gov_hall_online.tests.test_online import PDF, OnlineFixture
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestOnlinePledge(OnlineFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item_p = cls._item(publish=True, name="食品经营许可（容缺）", basic_code="000172007001",
                               implementation_code="11330400MB0000000X00017200700111", fee_ids=[], material_ids=[
                                   Command.create({"name": "食品经营许可申请书", "is_key": True}),
                                   Command.create({"name": "食品安全管理制度", "may_defer": True}),
                                   Command.create({"name": "健康证明", "form": "copy", "may_pledge": True})])
        cls.key, cls.rules, cls.health = cls.item_p.material_ids

    def _submit_marked(self, marks, uploads=None):
        uploads = {self.key.id: ("申请书.pdf", PDF)} if uploads is None else uploads
        return self.env["gov.case"]._gov_online_submit(
            self.applicant, self.item_p, {"applicant_type": "person", "applicant_name": "赵小云",
                                          "applicant_id_number": PERSON_ID}, uploads, {}, "electronic", marks=marks)

    def test_pledges_signed_online(self):
        case = self._submit_marked({self.rules.id: "defer", self.health.id: "pledge"})
        lines = {line.name: line for line in case.material_ids}
        self.assertTrue(lines["食品安全管理制度"].deferred)
        self.assertTrue(lines["健康证明"].by_pledge)
        self.assertFalse(lines["健康证明"].attachment_id)
        self.assertIn("signed the pledge letter online", "".join(case.message_ids.mapped("body")))
        # the department accepts under the pledges, as at the window
        case = case.with_user(self.clerk)
        lines["食品经营许可申请书"].with_user(self.clerk).write({"compliant": True})
        deadline = case._pledge_latest_deadline(case.received_date)
        case.action_accept_deferred(deadline)
        self.assertEqual(case.state, "review")
        self.assertTrue(case.defer_open)

    def test_refusals(self):
        with self.assertRaises(UserError):  # the key material can never be left out
            self._submit_marked({self.key.id: "defer"}, uploads={})
        with self.assertRaises(UserError):  # a proof the catalog does not let the applicant pledge for
            self._submit_marked({self.rules.id: "pledge"}, uploads={self.key.id: ("a.pdf", PDF),
                                                                    self.health.id: ("b.pdf", PDF)})
        self.env["gov.applicant.flag"].sudo().create({
            "identifier": PERSON_ID, "applicant_name": "赵小云", "kind": "false_pledge", "reason": "承诺不实"})
        with self.assertRaises(UserError) as err:
            self._submit_marked({self.health.id: "pledge"})
        self.assertIn("credit list", str(err.exception))
        self.assertFalse(self.env["gov.case"].search_count([("online_user_id", "=", self.applicant.id)]))
