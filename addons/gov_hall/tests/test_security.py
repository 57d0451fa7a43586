"""Workflow state only through its actions; record rules; the seal chain; exports."""
import base64
import io

import openpyxl
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseFixture, public_method_inventory

# Every public method of our models, and what guards it. A new public method fails the
# test until it is classified here (and checked), or made private.
OPENER = "opener: returns a window or report action, writes nothing"
INVENTORY = {
    "gov.accountability": {
        "action_investigate": "supervision; open",
        "action_conclude": "supervision; not concluded",
    },
    "gov.case": {
        "action_receive": "front office on duty at the window; draft",
        "action_accept": "front office + power_accept (+ power_joint_organise); received",
        "action_correction_notice": "front office; received; one-time rule",
        "action_resubmit": "front office; correction",
        "action_refuse": "front office; received/correction; reasons and basis",
        "action_step_done": "office of the step (+ power_approve for approval); review",
        "action_deliver": "front office (+ power_certify); decided, output complete",
        "action_close": "front office; delivered/refused",
        "action_add_visit": "front office; open case",
        "action_output_sign": "power_approve; decided; fees settled",
        "action_output_dept_seal": "seal custodian/authorised; signed",
        "action_output_bureau_seal": "seal custodian/authorised; department seal applied",
        "action_revoke_output": "Bureau manager; decided/delivered/closed",
        "action_open_refuse": OPENER,
        "action_open_step": OPENER,
        "action_open_deliver": OPENER,
        "action_view_documents": OPENER,
        "action_open_suspend": OPENER,
        "action_open_extension": OPENER,
    },
    "gov.case.action.wizard": {
        "action_confirm": "calls the gov.case action of its mode",
    },
    "gov.case.countersign": {
        "action_sign": "back office of the joint department + powers; pending",
        "action_open_sign": OPENER,
    },
    "gov.case.document": {
        "action_print": "read access to the case; decisions after output",
    },
    "gov.case.extension": {
        "action_approve": "Bureau, not the handling department; requested",
        "action_reject": "Bureau, not the handling department; requested",
    },
    "gov.case.suspension": {
        "action_end": "back office; running",
    },
    "gov.rectification": {
        "action_report": "handler, the department concerned or supervision; open",
        "action_accept": "supervision; reported",
        "action_return": "supervision; reported",
        "action_open_report": "opener: returns a window action, writes nothing",
        "action_open_return": "opener: returns a window action, writes nothing",
    },
    "gov.rectification.decision.wizard": {
        "action_confirm": "through gov.rectification.action_report / action_return",
    },
    "gov.complaint": {
        "action_handle": "supervision; new",
        "action_reply": "supervision; handling",
        "action_open_accountability": "supervision; substantiated",
    },
    "gov.delegation": {
        "action_activate": "Bureau manager; draft",
        "action_revoke": "Bureau manager; active",
        "action_print": OPENER,
    },
    "gov.inquiry": {
        "action_convert_to_case": "write access to the inquiry; front office creates the case",
    },
    "gov.item": {
        "action_publish": "Bureau manager",
        "action_retire": "Bureau manager",
        "action_new_version": "Bureau manager",
        "action_reset_draft": "Bureau manager",
        "action_print_guide": OPENER,
        "gov_import_catalog": "Bureau manager",
    },
    "gov.item.import": {
        "action_import": "Bureau manager (gov_import_catalog)",
    },
    "gov.seal": {
        "action_retire": "Bureau manager; active",
    },
    "gov.seal.log": {
        "action_check_chain": "supervision / Bureau",
        "action_check_chain_ui": "supervision / Bureau",
    },
    "gov.supervision.export": {
        "action_export": "supervision (model access)",
    },
    "hr.department": {
        "action_view_gov_items": OPENER,
    },
}


@tagged("post_install", "-at_install")
class TestPublicMethods(CaseFixture):

    def test_every_public_method_is_classified(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall", INVENTORY)
        self.assertFalse(unknown, "public methods not classified (check who may call them, or make them "
                                  f"private): {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")


@tagged("post_install", "-at_install")
class TestGuard(CaseFixture):

    def test_state_and_decision_only_through_actions(self):
        case = self._accepted()
        for user in (self.clerk, self.reviewer, self.leader, self.manager):
            for vals in ({"state": "closed"}, {"decision": "deny"}, {"accepted_date": "2020-01-01"},
                         {"output_revoked": True}, {"warning_level": "normal"}, {"due_date": "2099-01-01"},
                         {"exemption_state": "approved"}, {"clerk_id": user.id}):
                with self.assertRaises(AccessError):
                    case.with_user(user).write(vals)
        self.assertEqual(case.state, "review")
        self.assertFalse(case.decision)
        # the legitimate action still works
        case.with_user(self.clerk).action_step_done("初审同意")
        self.assertEqual(case.current_step, "inspection")

    def test_no_context_key_opens_the_guard(self):
        case = self._accepted()
        for ctx in ({"gov_seal_append": True}, {"install_mode": True}, {"default_state": "closed"}):
            with self.assertRaises(AccessError):
                case.with_user(self.clerk).with_context(**ctx).write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.env["gov.case.extension"].with_user(self.reviewer).with_context(default_state="approved").create(
                {"case_id": case.id, "days": 5, "reason": "专家评审"})
        with self.assertRaises(AccessError):
            self.env["gov.case.extension"].with_user(self.reviewer).create(
                {"case_id": case.id, "days": 5, "reason": "专家评审", "state": "approved"})
        ext = self.env["gov.case.extension"].with_user(self.reviewer).create(
            {"case_id": case.id, "days": 5, "reason": "专家评审"})
        self.assertEqual(ext.state, "requested")
        self.assertEqual(ext.requested_by, self.reviewer)

    def test_children_created_only_by_actions(self):
        case = self._accepted()
        with self.assertRaises(AccessError):
            self.env["gov.case.step"].with_user(self.leader).create({
                "case_id": case.id, "step": "approval", "office": "back", "opinion": "伪造",
                "user_id": self.leader.id, "decision": "approve"})
        with self.assertRaises(AccessError):
            self.env["gov.case.document"].with_user(self.clerk).create(
                {"case_id": case.id, "doc_type": "decision_approve"})
        with self.assertRaises(AccessError):
            self.env["gov.case.countersign"].with_user(self.reviewer).create(
                {"case_id": case.id, "department_id": self.dept2.id, "state": "signed"})
        # even in superuser mode, no approval document on a case that is not approved
        with self.assertRaises(UserError):
            self.env["gov.case.document"].sudo().create({"case_id": case.id, "doc_type": "decision_approve"})

    def test_applicant_identity_frozen_after_receipt(self):
        case = self._case()
        case.with_user(self.clerk).write({"applicant_name": "张小四"})  # still registering
        case.action_receive()
        case.material_ids.write({"submitted": True, "compliant": True})
        case.action_accept()
        with self.assertRaises(AccessError):
            case.with_user(self.clerk).write({"applicant_name": "李四"})
        with self.assertRaises(AccessError):
            case.with_user(self.clerk).write({"window_id": self.window2.id})
        case.with_user(self.clerk).write({"applicant_phone": "13911112222"})  # contact details may change
        self.assertEqual(case.applicant_name, "张小四")

    def test_material_list_is_the_catalogs(self):
        case = self._received()
        with self.assertRaises(AccessError):
            case.material_ids[0].with_user(self.clerk).write({"required": False})
        with self.assertRaises(AccessError):
            case.with_user(self.clerk).write({"material_ids": [Command.create({"name": "多要的材料"})]})
        case.material_ids[0].with_user(self.clerk).write({"submitted": True, "compliant": True})
        self.assertTrue(case.material_ids[0].compliant)

    def test_bureau_manager_has_no_back_door(self):
        case = self._accepted()
        doc = case.document_ids[:1]
        with self.assertRaises(AccessError):
            doc.with_user(self.manager).write({"state": "revoked"})
        with self.assertRaises(AccessError):
            self.dept_seal.with_user(self.manager).write({"state": "retired"})
        with self.assertRaises(AccessError):
            self.delegations[0].with_user(self.manager).write({"state": "draft"})
        self.assertEqual(doc.state, "valid")

    def test_verification_checks_type_against_decision(self):
        case = self._accepted()
        for _i in range(3):
            if case.state != "review":
                break
            user = self.clerk if case.current_office == "front" else self.leader
            case.with_user(user).action_step_done("同意", findings="一致")
        self._output(case)
        doc = case.document_ids.filtered(lambda d: d.doc_type == "decision_approve")
        self.assertEqual(doc._verification(), ("valid", ""))
        self.env.cr.execute("UPDATE gov_case SET decision = 'deny' WHERE id = %s", [case.id])
        case.invalidate_recordset(["decision"])
        self.assertEqual(doc._verification(), ("invalid", "mismatch"))

    def test_child_states_only_through_actions(self):
        """Suspensions, extensions and complaints: their editors cannot set the state directly."""
        case = self._accepted()
        susp = self.env["gov.case.suspension"].with_user(self.reviewer).create(
            {"case_id": case.id, "kind": "expert", "reason": "专家评审"})
        ext = self.env["gov.case.extension"].with_user(self.reviewer).create(
            {"case_id": case.id, "days": 5, "reason": "情况复杂"})
        complaint = self.env["gov.complaint"].with_user(self.clerk).create(
            {"case_id": case.id, "department_id": self.dept.id, "complainant": "张小三", "content": "久拖不办"})
        for record, user, vals in ((susp, self.reviewer, {"state": "ended"}),
                                   (susp, self.reviewer, {"end_date": "2026-01-01"}),
                                   (ext, self.reviewer, {"state": "approved"}),
                                   (ext, self.manager, {"state": "approved", "approved_by": self.manager.id}),
                                   (complaint, self.supervisor, {"state": "replied"}),
                                   (complaint, self.supervisor, {"handler_id": self.supervisor.id})):
            with self.assertRaises(AccessError):
                record.with_user(user).write(vals)
        self.assertEqual((susp.state, ext.state, complaint.state), ("running", "requested", "new"))



@tagged("post_install", "-at_install")
class TestRecordRules(CaseFixture):

    def test_children_follow_their_case(self):
        case = self._accepted()
        case.with_user(self.clerk).action_step_done("初审同意")
        self.env["gov.case.extension"].with_user(self.reviewer).create(
            {"case_id": case.id, "days": 3, "reason": "检验检测"})
        outsider = new_test_user(self.env, login="t_outsider", groups="gov_hall.group_gov_back_office")
        self.env["hr.employee"].create({"name": "局外人", "user_id": outsider.id, "department_id": self.dept2.id})
        for model in ("gov.case.step", "gov.case.extension", "gov.case.document", "gov.seal.log"):
            self.assertTrue(self.env[model].with_user(self.reviewer).search_count([("case_id", "=", case.id)]),
                            model)
            self.assertFalse(self.env[model].with_user(outsider).search_count([("case_id", "=", case.id)]), model)
        supervisor = self.supervisor
        self.assertTrue(self.env["gov.case.step"].with_user(supervisor).search_count([("case_id", "=", case.id)]))
        # a case named through a visible seal use shows no applicant to who cannot see the case
        log = case.document_ids.seal_log_id
        self.assertTrue(log)
        name = log.with_user(self.reviewer).read(["case_id"])[0]["case_id"][1]
        self.assertIn("张小三", name)
        self.assertNotIn("张小三", case.with_user(outsider).sudo().display_name)
        self.assertIn(case.name, case.with_user(outsider).sudo().display_name)

    def test_complaint_not_editable_by_the_clerk_complained_about(self):
        case = self._accepted()
        complaint = self.env["gov.complaint"].with_user(self.clerk).create({
            "case_id": case.id, "department_id": self.dept.id, "complainant": "张小三", "content": "态度不好"})
        self.assertEqual(complaint.state, "new")
        self.assertTrue(complaint.deadline)
        with self.assertRaises(AccessError):
            complaint.with_user(self.clerk).write({"content": "已撤回"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.clerk).action_handle()
        supervisor = self.supervisor
        complaint.with_user(supervisor).action_handle()
        self.assertEqual(complaint.handler_id, supervisor)
        self.assertTrue(complaint.with_user(self.reviewer).read(["state"]))  # the department sees it
        outsider = new_test_user(self.env, login="t_out2", groups="gov_hall.group_gov_back_office")
        self.env["hr.employee"].create({"name": "外部门", "user_id": outsider.id, "department_id": self.dept2.id})
        self.assertFalse(self.env["gov.complaint"].with_user(outsider).search_count([("id", "=", complaint.id)]))


@tagged("post_install", "-at_install")
class TestJointPowersAndAcceptanceSeal(CaseFixture):

    def _joint_item(self, code):
        return self._item(implementation_code=code, publish=True,
                          joint_department_ids=[Command.set([self.dept2.id])],
                          step_ids=[Command.create({"step": "approval", "office": "back"})])

    def test_organising_a_joint_approval_needs_the_power(self):
        item = self._joint_item("11330400MB0000000X00017200700031")
        case = self._received(item_id=item.id)
        case.material_ids.write({"submitted": True, "compliant": True})
        clerk_letter = self.delegations.filtered(lambda d: d.grantee_user_id == self.clerk)
        clerk_letter.with_user(self.manager).action_revoke()
        self.env["gov.delegation"].create({
            "department_id": self.dept.id, "grantor_id": self.leader_emp.id, "grantee_user_id": self.clerk.id,
            "grantee_kind": "delegate", "power_accept": True, "date_from": "2020-01-01", "date_to": "2035-12-31",
            "scan": "aGVsbG8=", "scan_filename": "scan.pdf"}).with_user(self.manager).action_activate()
        with self.assertRaisesRegex(AccessError, "power_joint_organise|Organise Joint Approval|组织联合审批"):
            case.with_user(self.clerk).action_accept()
        self.assertEqual(case.state, "received")

    def test_countersigning_needs_participation_power(self):
        item = self._joint_item("11330400MB0000000X00017200700032")
        case = self._accepted(item_id=item.id)
        sign = case.countersign_ids
        self.assertEqual(len(sign), 1)
        letter = self.delegations.filtered(lambda d: d.grantee_user_id == self.other_reviewer)
        letter.with_user(self.manager).action_revoke()
        self.env["gov.delegation"].create({
            "department_id": self.dept2.id, "grantor_id": self.leader_emp.id,
            "grantee_user_id": self.other_reviewer.id, "grantee_kind": "delegate", "power_countersign": True,
            "date_from": "2020-01-01", "date_to": "2035-12-31", "scan": "aGVsbG8=",
            "scan_filename": "scan.pdf"}).with_user(self.manager).action_activate()
        with self.assertRaises(AccessError):
            sign.with_user(self.other_reviewer).action_sign("同意")
        self.assertEqual(sign.state, "pending")

    def test_acceptance_documents_carry_the_department_seal(self):
        case = self._accepted()
        doc = case.document_ids.filtered(lambda d: d.doc_type == "acceptance")
        self.assertEqual(doc.seal_log_id.seal_id, self.dept_seal)
        self.assertEqual(doc.seal_log_id.user_id, self.clerk)
        self.assertEqual(doc._verification(), ("valid", ""))
        other = self._received()
        other.with_user(self.clerk).action_refuse("不属于本部门职权范围", "《行政许可法》第三十二条")
        refusal = other.document_ids.filtered(lambda d: d.doc_type == "refusal")
        self.assertTrue(refusal.seal_log_id)
        # a clerk the leader has not authorised cannot stamp, so cannot issue the notice
        self.dept_seal.with_user(self.manager).write({"authorized_user_ids": [Command.clear()]})
        third = self._received()
        third.material_ids.write({"submitted": True, "compliant": True})
        with self.assertRaises(AccessError):
            third.with_user(self.clerk).action_accept()
        self.assertEqual(third.state, "received")


@tagged("post_install", "-at_install")
class TestSealChain(CaseFixture):

    def _stamp_three(self):
        return [self._accepted().document_ids.seal_log_id for _i in range(3)]

    def test_hmac_chain_reports_every_break(self):
        Log = self.env["gov.seal.log"]
        logs = self._stamp_three()
        self.assertTrue(Log.action_check_chain()["ok"])
        self.assertEqual(len(logs[0].hash), 64)
        # a forger who can write to the database but does not hold the key
        self.env.cr.execute("UPDATE gov_seal_log SET purpose = 'tampered' WHERE id = %s", [logs[0].id])
        self.env.cr.execute("UPDATE gov_seal_log SET user_id = %s WHERE id = %s", [self.manager.id, logs[2].id])
        res = Log.action_check_chain()
        self.assertFalse(res["ok"])
        self.assertIn(logs[0].id, res["broken_ids"])
        self.assertIn(logs[2].id, res["broken_ids"])
        self.assertNotIn(logs[1].id, res["broken_ids"])

    def test_deleting_the_newest_rows_is_detected(self):
        Log = self.env["gov.seal.log"]
        logs = self._stamp_three()
        line_before = Log._signed_head()
        self.env.flush_all()
        self.env.cr.execute("UPDATE gov_case_document SET seal_log_id = NULL WHERE seal_log_id = %s", [logs[2].id])
        self.env.cr.execute("DELETE FROM gov_seal_log WHERE id = %s", [logs[2].id])
        res = Log.action_check_chain()
        self.assertFalse(res["ok"])
        self.assertFalse(res["head_ok"])
        self.assertNotEqual(Log._signed_head(), line_before)

    def test_a_changed_document_no_longer_matches_its_stamp(self):
        Log = self.env["gov.seal.log"]
        log = self._stamp_three()[0]
        self.env.cr.execute("UPDATE gov_case SET applicant_name = '冒名' WHERE id = %s", [log.case_id.id])
        self.env.invalidate_all()
        self.assertIn(log.id, Log.action_check_chain()["broken_ids"])

    def test_the_chain_cannot_fork(self):
        logs = self._stamp_three()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute("INSERT INTO gov_seal_log (seal_id, user_id, used_at, purpose, prev_hash) "
                                "VALUES (%s, %s, now(), 'fork', %s)", [self.dept_seal.id, self.clerk.id,
                                                                        logs[0].prev_hash])

    def test_only_supervision_checks(self):
        with self.assertRaises(AccessError):
            self.env["gov.seal.log"].with_user(self.clerk).action_check_chain()


@tagged("post_install", "-at_install")
class TestExports(CaseFixture):

    def test_supervision_workbook_writes_text_not_formulas(self):
        case = self._accepted()
        self.env["gov.complaint"].with_user(self.clerk).create({
            "case_id": case.id, "department_id": self.dept.id, "complainant": '=HYPERLINK("http://evil","点我")',
            "content": "=1+1"})
        supervisor = self.supervisor
        wizard = self.env["gov.supervision.export"].with_user(supervisor).create({})
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        cells = [c for row in book["投诉"].iter_rows() for c in row if str(c.value or "").startswith("=")]
        self.assertTrue(cells)
        for cell in cells:
            self.assertEqual(cell.data_type, "s", cell.value)
        head = book["印章日志"]["A2"].value
        self.assertEqual(head, self.env["gov.seal.log"]._signed_head(wizard.date))

    def test_extension_rules_kept(self):
        case = self._accepted()
        with self.assertRaises(ValidationError):
            self.env["gov.case.extension"].with_user(self.reviewer).create(
                {"case_id": case.id, "days": 99, "reason": "超过上限"})
