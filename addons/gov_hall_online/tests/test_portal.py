import re

from odoo.tests import HttpCase, tagged

from .test_online import PDF, OnlineFixture


@tagged("post_install", "-at_install")
class TestOnlinePortal(HttpCase, OnlineFixture):

    def _csrf(self, path):
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_sign_in_by_sms_and_only_own_cases(self):
        other_case = self._submit(user=self.other_applicant)
        # not signed in: the online form sends to the SMS sign-in
        res = self.url_open(f"/hall/online/apply/{self.item.implementation_code}", allow_redirects=False)
        self.assertIn("/hall/online/login", res.headers["Location"])
        token = self._csrf("/hall/online/login")
        res = self.url_open("/hall/online/login/send", data={"csrf_token": token, "phone": "13800000001",
                                                              "redirect": "/my/hall"})
        self.assertIn("验证码已发送至 138****0001", res.text)
        body = self.env["sms.sms"].search([("number", "=", "13800000001")], limit=1).body
        code = re.search(r"\b(\d{6})\b", body).group(1)
        res = self.url_open("/hall/online/login/verify", data={"csrf_token": token, "phone": "13800000001",
                                                                "code": "999999" if code != "999999" else "111111"})
        self.assertIn("验证码错误或已过期", res.text)
        res = self.url_open("/hall/online/login/verify", data={"csrf_token": token, "phone": "13800000001",
                                                                "code": code, "redirect": "/my/hall"})
        self.assertEqual(res.status_code, 200)
        self.assertIn("我的办件", res.text)
        # apply through the form; the same form sent twice makes one case
        form = self.url_open(f"/hall/online/apply/{self.item.implementation_code}").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        submission = re.search(r'name="submission_token" value="([^"]+)"', form).group(1)
        required = self.item.material_ids.filtered("required")
        for _twice in range(2):
            res = self.url_open(
                f"/hall/online/apply/{self.item.implementation_code}",
                data={"csrf_token": token, "applicant_type": "person", "applicant_name": "赵小云",
                      "applicant_id_number": "11010519491231002X", "delivery": "electronic",
                      "submission_token": submission},
                files={f"material_{m.id}": (f"{m.name}.pdf", PDF, "application/pdf") for m in required})
            self.assertEqual(res.status_code, 200)
        case = self.env["gov.case"].search([("online_user_id", "=", self.applicant.id)])
        self.assertEqual(len(case), 1)
        self.assertIn(case.name, res.text)
        self.assertIn("已收件", res.text)
        # another applicant's case, or its documents: a neutral not-found
        self.assertEqual(self.url_open(f"/my/hall/case/{other_case.id}").status_code, 404)
        self.assertNotIn(other_case.name, self.url_open("/my/hall").text)
        # a wrong file type comes back on the form with the reason, nothing created
        res = self.url_open(
            f"/hall/online/apply/{self.item.implementation_code}",
            data={"csrf_token": token, "applicant_type": "person", "applicant_name": "赵小云",
                  "applicant_id_number": "11010519491231002X", "delivery": "electronic"},
            files={f"material_{m.id}": ("virus.pdf", b"MZ\x90\x00binary", "application/pdf") for m in required})
        self.assertIn("不是 PDF、JPG、PNG 文件", res.text)
        self.assertEqual(self.env["gov.case"].search_count([("online_user_id", "=", self.applicant.id)]), 1)

    def test_applicant_tour(self):
        self.applicant.password = self.applicant.login  # the tour signs in with password = login
        self.start_tour(f"/hall/online/apply/{self.item.implementation_code}", "gov_online_tour",
                        login=self.applicant.login)
        case = self.env["gov.case"].search([("online_user_id", "=", self.applicant.id)])
        self.assertEqual(case.state, "received")
        self.assertEqual(case.applicant_name, "钱小雨")
        self.assertTrue(all(case.material_ids.filtered("required").mapped("attachment_id")))
