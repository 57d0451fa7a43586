from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, tagged

from .common import PERSON_ID, CaseFixture, pdf_text


@tagged("post_install", "-at_install")
class TestDelegationAndSeals(CaseFixture):

    def _decided(self):
        case = self._accepted()
        case.action_step_done("初审")
        case.with_user(self.reviewer).action_step_done("同意", findings="一致")
        case.with_user(self.leader).action_step_done("同意")
        return case

    def test_acceptance_needs_authorization(self):
        clerk_deleg = self.delegations.filtered(lambda d: d.grantee_user_id == self.clerk)
        case = self._received()
        case.material_ids.write({"submitted": True, "compliant": True})
        clerk_deleg.with_user(self.manager).action_revoke()
        with self.assertRaises(AccessError) as err:
            case.action_accept()
        self.assertIn("Acceptance Decision", str(err.exception))
        self.assertEqual(case.state, "received")

    def test_expired_authorization(self):
        case = self._received()
        case.material_ids.write({"submitted": True, "compliant": True})
        with freeze_time("2036-01-05"):
            with self.assertRaises(AccessError):
                case.action_accept()

    def test_outside_powers_and_recorded(self):
        case = self._accepted()
        self.assertEqual(case.accept_delegation_id.grantee_user_id, self.clerk)
        case.action_step_done("初审")
        case.with_user(self.reviewer).action_step_done("同意", findings="一致")
        # the reviewer holds no approval power
        with self.assertRaises(AccessError):
            case.with_user(self.reviewer).action_step_done("同意")
        case.with_user(self.leader).action_step_done("同意")
        approval = case.step_ids.filtered(lambda s: s.step == "approval")
        self.assertEqual(approval.delegation_id.grantee_user_id, self.leader)

    def test_output_order_and_custody(self):
        case = self._decided()
        self.assertEqual(case.output_state, "none")
        with self.assertRaises(UserError):
            case.action_deliver("mail")  # output incomplete
        with self.assertRaises(UserError):
            case.with_user(self.leader).action_output_dept_seal()  # not signed yet
        with self.assertRaises(AccessError):
            case.with_user(self.reviewer).action_output_sign()  # no approval power
        case.with_user(self.leader).action_output_sign()
        with self.assertRaises(UserError):
            case.with_user(self.manager).action_output_bureau_seal()  # department seal first
        with self.assertRaises(AccessError):
            case.with_user(self.reviewer).action_output_dept_seal()  # not the custodian
        case.with_user(self.leader).action_output_dept_seal()
        with self.assertRaises(AccessError):
            case.with_user(self.leader).action_output_bureau_seal()  # not the Bureau seal's custodian
        case.with_user(self.manager).action_output_bureau_seal()
        self.assertEqual(case.output_state, "complete")
        logs = self.env["gov.seal.log"].search([("case_id", "=", case.id)], order="id")
        self.assertEqual(logs.seal_id, self.dept_seal | self.bureau_seal)
        # the acceptance notice at the window (二(十)), then the output of the decision
        self.assertEqual(logs.mapped("user_id.id"), [self.clerk.id, self.leader.id, self.manager.id])
        self.assertEqual([log.document_id.doc_type for log in logs], ["acceptance", "decision_approve",
                                                                      "decision_approve"])
        case.action_deliver("mail")
        self.assertEqual(case.state, "delivered")

    def test_authorised_user_applies_seal(self):
        case = self._decided()
        case.with_user(self.leader).action_output_sign()
        self.dept_seal.authorized_user_ids = self.reviewer
        case.with_user(self.reviewer).action_output_dept_seal()
        self.assertEqual(case.output_state, "dept_sealed")

    def test_seal_log_append_only_and_tamper_check(self):
        case = self._decided()
        case.with_user(self.leader).action_output_sign()
        case.with_user(self.leader).action_output_dept_seal()
        case.with_user(self.manager).action_output_bureau_seal()
        log = case.output_dept_seal_log_id
        for user in (self.manager, self.env.user):
            with self.assertRaises(UserError):
                log.with_user(user).sudo().write({"purpose": "改写"})
            with self.assertRaises(UserError):
                log.with_user(user).sudo().unlink()
        for user in (self.manager, self.leader):
            with self.assertRaises(AccessError):
                self.env["gov.seal.log"].with_user(user).create({
                    "seal_id": self.dept_seal.id, "user_id": self.leader.id, "used_at": "2026-01-01 00:00:00",
                    "purpose": "伪造"})
        Log = self.env["gov.seal.log"]
        self.assertTrue(Log.action_check_chain()["ok"])
        self.env.cr.execute("UPDATE gov_seal_log SET purpose = 'tampered' WHERE id = %s", [log.id])
        result = Log.action_check_chain()
        self.assertFalse(result["ok"])
        self.assertEqual(result["broken_id"], log.id)

    def test_countersign_needs_authorization(self):
        from odoo.fields import Command
        item = self._item(implementation_code="11330400MB0000000X00017200700021", publish=True,
                          joint_department_ids=[Command.set([self.dept2.id])],
                          step_ids=[Command.create({"step": "approval", "office": "back"})])
        case = self._accepted(item_id=item.id)
        deleg = self.delegations.filtered(lambda d: d.grantee_user_id == self.other_reviewer)
        deleg.with_user(self.manager).action_revoke()
        with self.assertRaises(AccessError):
            case.countersign_ids.with_user(self.other_reviewer).action_sign("同意")

    def test_delegation_lifecycle_and_reminders(self):
        Delegation = self.env["gov.delegation"]
        deleg = Delegation.with_user(self.manager).create({
            "department_id": self.dept.id, "grantor_id": self.leader_emp.id, "grantee_user_id": self.reviewer.id,
            "grantee_kind": "delegate", "power_accept": True, "date_from": date(2026, 1, 1),
            "date_to": date(2026, 12, 31)})
        with self.assertRaises(UserError):
            deleg.action_activate()  # no signed scan yet
        deleg.write({"scan": "aGVsbG8=", "scan_filename": "scan.pdf"})
        with self.assertRaises(AccessError):
            deleg.with_user(self.reviewer).action_activate()
        deleg.action_activate()
        with self.assertRaises(UserError):
            deleg.write({"power_approve": True})
        todo = self.env.ref("mail.mail_activity_data_todo")
        with freeze_time("2026-11-15"):
            Delegation._cron_expiry()
        self.assertFalse(deleg.activity_ids)
        with freeze_time("2026-12-02"):  # 29 days ahead
            Delegation._cron_expiry()
            Delegation._cron_expiry()
        acts = deleg.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertIn(self.manager, acts.user_id)
        self.assertIn(self.leader, acts.user_id)  # the grantor
        count = len(acts)
        with freeze_time("2026-12-25"):  # 6 days ahead: the second reminder
            Delegation._cron_expiry()
        self.assertEqual(len(deleg.activity_ids), 2 * count)
        with freeze_time("2027-01-01"):
            Delegation._cron_expiry()
        self.assertEqual(deleg.state, "expired")

    def test_letter_pdf(self):
        deleg = self.delegations.filtered(lambda d: d.grantee_user_id == self.leader)
        pdf, _fmt = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "gov_hall.report_gov_delegation", deleg.ids)
        text = "".join(pdf_text(pdf).split())
        self.assertIn("授权书", text)
        self.assertIn("测试市场监督管理局", text)
        self.assertIn("2035-12-31", text)

    def test_decision_pdf_waits_for_output_and_shows_signature(self):
        case = self._decided()
        doc = case._decision_document()
        with self.assertRaises(UserError):
            doc.action_print()
        doc._render_pdf()  # what the rendering job does: it skips decisions awaiting their seals
        self.assertFalse(doc.attachment_id)
        self.assertNotIn(doc, doc._renderable())
        case.with_user(self.leader).action_output_sign()
        case.with_user(self.leader).action_output_dept_seal()
        case.with_user(self.manager).action_output_bureau_seal()
        doc.action_print()
        text = "".join(pdf_text(doc.attachment_id.raw).split())
        self.assertIn("准予许可决定书", text)
        self.assertIn("分管领导签字:" + "".join(self.leader.name.split()), text)


@tagged("post_install", "-at_install")
class TestVerifyPage(HttpCase, CaseFixture):

    def test_verify_page(self):
        case = self._accepted(applicant_name="张小三", applicant_phone="13955556666")
        case.action_step_done("初审")
        case.with_user(self.reviewer).action_step_done("同意", findings="一致")
        case.with_user(self.leader).action_step_done("同意")
        acceptance = case.document_ids.filtered(lambda d: d.doc_type == "acceptance")
        decision = case._decision_document()

        def page(token):
            res = self.url_open(f"/hall/verify/{token}")
            self.assertEqual(res.status_code, 200)
            for secret in (PERSON_ID, "13955556666", "张小三"):
                self.assertNotIn(secret, res.text)
            return res.text

        text = page(acceptance.token)
        self.assertIn("文书有效", text)
        self.assertIn("受理通知书", text)
        self.assertIn("张*三", text)
        self.assertIn("食品经营许可（新办）", text)
        self.assertIn("测试市场监督管理局", text)
        text = page(decision.token)
        self.assertIn("签章不全", text)
        case.with_user(self.leader).action_output_sign()
        case.with_user(self.leader).action_output_dept_seal()
        case.with_user(self.manager).action_output_bureau_seal()
        self.assertIn("文书有效", page(decision.token))
        case.with_user(self.manager).action_revoke_output("决定被依法撤销")
        self.assertIn("已被撤销", page(decision.token))
        unknown = page("A" * 32)
        self.assertIn("未查询到该文书", unknown)
        self.assertNotIn("SL", unknown)
