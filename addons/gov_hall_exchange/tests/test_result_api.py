import json
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo.addons.gov_hall.tests.common import CaseFixture
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestResultApi(HttpCase, CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_user, cls.key = cls._api_user(cls.dept, "t_api_scj_line")
        cls.other_user, cls.other_key = cls._api_user(cls.dept2, "t_api_zrz_line")
        cls.unlined_user, cls.unlined_key = cls._api_user(cls.dept, "t_api_scj_nolines")
        # the department's system decides under a signed authorization, like any approver
        delegation = cls.env["gov.delegation"].create({
            "department_id": cls.dept.id, "grantor_id": cls.leader_emp.id, "grantee_user_id": cls.api_user.id,
            "grantee_kind": "delegate", "power_approve": True, "date_from": date(2020, 1, 1),
            "date_to": date(2035, 12, 31), "scan": "aGVsbG8=", "scan_filename": "scan.pdf"})
        delegation.with_user(cls.manager).action_activate()
        Line = cls.env["gov.dept.line"].with_user(cls.manager)
        common = {"line_kind": "leased_line", "carrier": "中国联通", "contract_no": "HT-2026-01",
                  "contract_end": date(2030, 1, 1), "contact_name": "沈晓燕", "contact_phone": "0573-82022033"}
        cls.line = Line.create(dict(common, name="市场主体登记注册系统", department_id=cls.dept.id,
                                    api_user_id=cls.api_user.id))
        cls.other_line = Line.create(dict(common, name="不动产登记信息管理平台", department_id=cls.dept2.id,
                                          api_user_id=cls.other_user.id))
        (cls.line | cls.other_line).action_activate()

    @classmethod
    def _api_user(cls, dept, login):
        user = new_test_user(cls.env, login=login, groups="gov_hall.group_gov_back_office")
        cls.env["hr.employee"].create({"name": login, "user_id": user.id, "department_id": dept.id})
        key = cls.env["res.users.apikeys"].with_user(user)._generate(
            None, "部门专线", datetime.now() + relativedelta(months=3))
        return user, key

    def _post(self, number, key, body):
        return self.url_open(f"/hall/api/v1/cases/{number}/result", data=json.dumps(body),
                             headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})

    def test_result_over_the_departments_line(self):
        case = self._accepted()
        body = {"decision": "approve", "opinion": "经审查，符合许可条件", "document_no": "JY13304000012345"}
        # another department's case: not found, nothing written
        other = self._post(case.name, self.other_key, body)
        self.assertEqual(other.status_code, 404)
        # the department's key without a registered line: refused
        self.assertEqual(self._post(case.name, self.unlined_key, body).status_code, 403)
        # the case is not at its last step yet: refused in Chinese
        early = self._post(case.name, self.key, body)
        self.assertEqual(early.status_code, 400, early.text)
        self.assertRegex(early.json()["error"], "[\u4e00-\u9fff]")
        case.with_user(self.clerk).action_step_done("材料齐全")
        case.with_user(self.reviewer).action_step_done("现场一致", findings="一致")
        # a denial states its reasons (the same rule as in the back office)
        self.assertEqual(self._post(case.name, self.key, {"decision": "deny", "opinion": "不符合"}).status_code, 400)
        self.assertEqual(case.state, "review")
        done = self._post(case.name, self.key, body)
        self.assertEqual(done.status_code, 200, done.text)
        self.assertEqual((done.json()["decision"], done.json()["line"]), ("approve", "市场主体登记注册系统"))
        case.invalidate_recordset()
        self.assertEqual((case.state, case.decision), ("decided", "approve"))
        self.assertEqual(case.result_line_id, self.line)
        self.assertEqual(case.result_document_no, "JY13304000012345")
        self.assertEqual(case.step_ids.filtered(lambda s: s.step == "approval").user_id, self.api_user)
        twice = self._post(case.name, self.key, body)  # decided: the checked action refuses
        self.assertEqual(twice.status_code, 400)
        # logged and linked to the line; counted on the register
        logs = self.env["gov.api.log"].search([("path", "=", f"/hall/api/v1/cases/{case.name}/result")])
        self.assertEqual(len(logs), 6)
        self.assertEqual(logs.filtered(lambda log: log.user_id == self.api_user).line_id, self.line)
        self.assertEqual(logs.filtered(lambda log: log.user_id == self.other_user).line_id, self.other_line)
        self.assertFalse(logs.filtered(lambda log: log.user_id == self.unlined_user).line_id)
        self.line.invalidate_recordset()
        self.assertEqual((self.line.result_count, self.other_line.result_count), (1, 0))
        self.assertEqual(self.line.api_call_count, 4)
        # the exchange says the result came over the department's line
        tables = self.env["gov.exchange.batch"]._exchange_collect(case.decision_date)["tables"]
        row = next(r for r in tables["result"] if r["case_no"] == case.name)
        self.assertEqual((row["reported_via"], row["reporting_system"], row["doc_no"]),
                         ("部门专线", "市场主体登记注册系统", "JY13304000012345"))
        # a terminated line reports nothing more
        self.line.with_user(self.manager).action_terminate()
        second = self._accepted()
        self.assertEqual(self._post(second.name, self.key, body).status_code, 403)

    def test_openapi_documents_the_result(self):
        spec = self.url_open("/hall/api/v1/openapi.json").json()
        self.assertIn("/cases/{number}/result", spec["paths"])
        self.assertIn("/cases/{number}/steps", spec["paths"])
