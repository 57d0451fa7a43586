from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, tagged

from .common import COMPANY_USCC, PERSON_ID, CaseFixture, pdf_text


@tagged("post_install", "-at_install")
class TestCase(CaseFixture):

    def test_number_and_materials(self):
        a, b = self._case(), self._case()
        self.assertNotEqual(a.name, b.name)
        self.assertTrue(a.name.startswith("SL"))
        self.assertEqual(a.item_version, 1)
        self.assertEqual(a.material_ids.mapped("name"), ["食品经营许可申请书", "营业执照", "场所平面图"])
        self.assertEqual(a.material_ids.mapped("required"), [True, True, False])

    def test_applicant_identifiers(self):
        with self.assertRaises(ValidationError):
            self._case(applicant_id_number="110105194912310021")  # wrong check character
        with self.assertRaises(ValidationError):
            self._case(applicant_type="company", applicant_uscc="91330402MA2JH0T22X")
        case = self._case(applicant_type="company", applicant_uscc=COMPANY_USCC, applicant_name="嘉禾市某公司")
        self.assertEqual(case.applicant_type, "company")

    def test_single_window(self):
        with self.assertRaises(ValidationError):
            self._case(window_id=self.window2.id)  # does not serve the item
        self.item.with_user(self.manager).write({"window_ids": [Command.link(self.window2.id)]})
        with self.assertRaises(UserError):
            self._case(window_id=self.window2.id)  # the clerk is not on duty there
        with self.assertRaises(AccessError):
            self.env["gov.case"].with_user(self.reviewer).create({
                "item_id": self.item.id, "window_id": self.window.id, "applicant_name": "x",
                "applicant_id_number": PERSON_ID, "applicant_phone": "1"})

    def test_comprehensive_window_routes_to_the_department(self):
        """无差别受理: a comprehensive window receives any published item of a department that allows it;
        the case lands in that department's back office."""
        self.window2.employee_ids = [Command.link(self.clerk_emp.id)]
        with self.assertRaises(ValidationError) as err:
            self._case(window_id=self.window2.id)
        self.assertIn("does not accept its items at comprehensive windows", str(err.exception))
        self.dept.gov_comprehensive_accept = True
        self.assertIn(self.dept, self.window2.comprehensive_department_ids)
        case = self._case(window_id=self.window2.id)
        self.assertNotIn(self.window2, self.item.window_ids)  # served without being listed
        self.assertEqual((case.window_type, case.department_id), ("comprehensive", self.dept))
        case.action_receive()
        case.material_ids.filtered("required").write({"submitted": True, "compliant": True})
        case.action_accept()
        self.assertEqual((case.state, case.current_step), ("review", "first_review"))
        # the department's back office sees it, another department's does not
        self.assertTrue(case.with_user(self.reviewer).read(["name"]))
        with self.assertRaises(AccessError):
            case.with_user(self.other_reviewer).read(["name"])
        # statistics: which windows accept what
        stats = self.env["gov.case"]._read_group([("id", "=", case.id)], ["window_type", "department_id"],
                                                 ["__count"])
        self.assertEqual(stats, [("comprehensive", self.dept, 1)])
        # an item kept for the department's own windows, and a department window, stay closed
        self.item.with_user(self.manager).comprehensive_exclude = True
        with self.assertRaises(ValidationError) as err:
            self._case(window_id=self.window2.id)
        self.assertIn("only at the department's own windows", str(err.exception))

    def test_draft_item_refused(self):
        draft = self._item(implementation_code="11330400MB0000000X00017200700001",
                           window_ids=[Command.set([self.window.id])])
        with self.assertRaises(UserError):
            self._case(item_id=draft.id)

    def test_accept_requires_every_required_material(self):
        case = self._received()
        self.assertEqual(case.state, "received")
        self.assertEqual(case.visit_count, 1)
        case.material_ids[0].write({"submitted": True, "compliant": True})
        with self.assertRaises(UserError) as err:
            case.action_accept()
        self.assertIn("营业执照", str(err.exception))
        self.assertEqual(case.state, "received")
        case.material_ids[1].write({"submitted": True, "compliant": True})  # the optional one stays empty
        case.action_accept()
        self.assertEqual(case.state, "review")
        self.assertEqual(case.current_step, "first_review")
        self.assertEqual(case.document_ids.doc_type, "acceptance")
        self.assertTrue(case.accepted_date)

    # --------------------------------------------------- correction notice
    def test_one_time_correction_notice(self):
        case = self._received()
        case.material_ids[0].write({"submitted": True, "compliant": False, "note": "未签字"})
        case.action_correction_notice()
        self.assertEqual(case.state, "correction")
        doc = case.document_ids.filtered(lambda d: d.doc_type == "correction")
        # every missing or defective required material, at once
        self.assertIn("食品经营许可申请书：未签字", doc.material_lines)
        self.assertIn("营业执照：未提交", doc.material_lines)
        self.assertNotIn("场所平面图", doc.material_lines)
        case.action_resubmit()
        self.assertEqual(case.state, "received")
        self.assertEqual(case.visit_count, 2)
        # the new material is fine: no second notice
        case.material_ids.write({"submitted": True, "compliant": True})
        with self.assertRaises(UserError):
            case.action_correction_notice()
        # a newly submitted material that is itself defective: a second notice is allowed
        case.material_ids[1].write({"compliant": False, "note": "复印件不清晰"})
        case.action_correction_notice()
        self.assertEqual(case.correction_count, 2)

    def test_second_notice_refused_for_old_material(self):
        case = self._received()
        case.material_ids[0].write({"submitted": True, "compliant": True})
        case.action_correction_notice()  # lists 营业执照 only
        case.action_resubmit()
        case.material_ids[1].write({"compliant": True})
        # a defect found now in material that was fine before was not newly submitted
        case.material_ids[0].write({"compliant": False})
        with self.assertRaises(UserError):
            case.action_correction_notice()
        self.assertEqual(case.correction_count, 1)

    def test_refusal_needs_reasons_and_basis(self):
        case = self._received()
        with self.assertRaises(UserError):
            case.action_refuse("", "《行政许可法》")
        with self.assertRaises(UserError):
            case.action_refuse("不属于本机关职权", " ")
        case.action_refuse("不属于本机关职权", "《中华人民共和国行政许可法》第三十二条")
        self.assertEqual(case.state, "refused")
        self.assertEqual(case.document_ids.doc_type, "refusal")

    # ---------------------------------------------------------- five days
    def test_five_day_rule(self):
        with freeze_time("2026-02-12"):
            case = self._received()
        # 5 working days after Thu 12 Feb 2026 (Fri 13, Sat 14 works, 15-23 off, 24, 25, 26): Thu 26 Feb
        self.assertEqual(case.correction_deadline, date(2026, 2, 26))
        with freeze_time("2026-02-24"):
            case.invalidate_recordset(["correction_days_left"])
            self.assertEqual(case.correction_days_left, 2)
        with freeze_time("2026-02-26"):
            self.env["gov.case"]._cron_deemed_acceptance()
            self.assertEqual(case.state, "received")
        with freeze_time("2026-02-27"):
            with self.assertRaises(UserError):
                case.action_correction_notice()
            self.env["gov.case"]._cron_deemed_acceptance()
        self.assertEqual(case.state, "review")
        self.assertTrue(case.deemed_accepted)
        self.assertEqual(case.accepted_date, date(2026, 2, 12))
        self.assertIn(self.leader, case.activity_ids.user_id)
        self.assertIn(self.supervisor, case.activity_ids.user_id)

    # ---------------------------------------------------------- steps
    def test_front_and_back_office(self):
        case = self._accepted()
        self.assertEqual((case.current_step, case.current_office), ("first_review", "front"))
        with self.assertRaises(AccessError):
            case.with_user(self.reviewer).action_step_done("同意")
        with self.assertRaises(UserError):
            case.action_step_done("  ")
        case.action_step_done("初审通过")
        self.assertEqual((case.current_step, case.current_office), ("inspection", "back"))
        with self.assertRaises(AccessError):
            case.action_step_done("clerk tries the back office")
        with self.assertRaises(UserError):
            case.with_user(self.reviewer).action_step_done("同意")  # inspection needs findings
        case.with_user(self.reviewer).action_step_done("同意", findings="现场与申报一致")
        self.assertEqual(case.current_step, "approval")
        with self.assertRaises(UserError):
            case.with_user(self.leader).action_step_done("不同意", decision="deny")
        case.with_user(self.leader).action_step_done("同意", decision="approve")
        self.assertEqual((case.state, case.decision), ("decided", "approve"))
        self.assertEqual(case.step_ids.mapped("step"), ["first_review", "inspection", "approval"])
        self.assertEqual(case.step_ids[1].user_id, self.reviewer)
        self.assertIn("decision_approve", case.document_ids.mapped("doc_type"))
        with self.assertRaises(UserError):
            case.step_ids[0].write({"opinion": "changed"})
        self._output(case)
        case.action_deliver("mail")
        self.assertEqual(case.state, "delivered")
        self.assertFalse(case.over_visits)
        case.action_close()
        self.assertEqual(case.state, "closed")

    def test_denial(self):
        case = self._accepted()
        case.action_step_done("初审")
        case.with_user(self.reviewer).action_step_done("勘查", findings="场所面积不足")
        case.with_user(self.leader).action_step_done(
            "不同意", decision="deny", reason="经营场所面积不符合要求", legal_basis="《食品经营许可管理办法》第十一条")
        self.assertEqual(case.decision, "deny")
        self.assertIn("decision_deny", case.document_ids.mapped("doc_type"))

    def test_joint_approval(self):
        item = self._item(implementation_code="11330400MB0000000X00017200700007", publish=True,
                          joint_department_ids=[Command.set([self.dept2.id])],
                          step_ids=[Command.create({"step": "approval", "office": "back"})])
        case = self._accepted(item_id=item.id)
        self.assertEqual(case.countersign_ids.department_id, self.dept2)
        with self.assertRaises(UserError):
            case.with_user(self.leader).action_step_done("同意")
        with self.assertRaises(AccessError):
            case.countersign_ids.with_user(self.reviewer).action_sign("同意")  # not of the joint department
        case.countersign_ids.with_user(self.other_reviewer).action_sign("同意，符合规划要求")
        self.assertEqual(case.countersign_pending, 0)
        case.with_user(self.leader).action_step_done("同意")
        self.assertEqual(case.state, "decided")

    def test_visits(self):
        case = self._accepted()
        case.action_step_done("初审")
        case.with_user(self.reviewer).action_step_done("同意", findings="一致")
        case.with_user(self.leader).action_step_done("同意")
        self._output(case)
        case.action_deliver("window")  # the second visit of a 最多跑一次 item
        self.assertEqual(case.visit_count, 2)
        self.assertTrue(case.over_visits)
        self.assertIn(case, self.env["gov.case"].search([("over_visits", "=", True)]))
        self.assertIn(self.supervisor, case.activity_ids.user_id)  # reported to supervision

    def test_wrong_state_errors(self):
        case = self._case()
        with self.assertRaises(UserError):
            case.action_accept()
        with self.assertRaises(UserError):
            case.action_deliver()
        with self.assertRaises(UserError):
            case.action_step_done("x")

    # ------------------------------------------------------------ access
    def test_department_record_rules(self):
        case = self._received()
        self.assertEqual(case.with_user(self.reviewer).applicant_name, "张小三")
        with self.assertRaises(AccessError):
            case.with_user(self.other_reviewer).read(["applicant_name"])
        self.assertEqual(case.with_user(self.supervisor).applicant_name, "张小三")
        self.assertFalse(self.env["gov.case"].with_user(self.other_reviewer).search([("id", "=", case.id)]))

    # --------------------------------------------------------- inquiries
    def test_inquiry_to_case(self):
        with Form(self.env["gov.inquiry"].with_user(self.clerk)) as form:
            form.applicant_name = "李四"
            form.applicant_phone = "13811112222"
            form.applicant_id_number = PERSON_ID
            form.question = "开餐馆需要办什么证？"
            form.item_id = self.item
            form.step_consult = True
        inquiry = form.record
        self.assertEqual(inquiry.window_id, self.window)
        action = inquiry.action_convert_to_case()
        case = self.env["gov.case"].browse(action["res_id"])
        self.assertEqual((case.applicant_name, case.applicant_phone), ("李四", "13811112222"))
        self.assertEqual(case.inquiry_id, inquiry)
        self.assertEqual(inquiry.outcome, "case")
        with self.assertRaises(UserError):
            inquiry.action_convert_to_case()

    # --------------------------------------------------------- documents
    def test_document_pdfs(self):
        case = self._received()
        case.material_ids[0].write({"submitted": True, "compliant": False, "note": "未签字"})
        case.action_correction_notice()
        doc = case.document_ids
        self.assertGreaterEqual(len(doc.token), 32)
        action = doc.action_print()
        attachment = doc.attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id), ("gov.case", case.id))
        self.assertIn(str(attachment.id), action["url"])
        text = "".join(pdf_text(attachment.raw).split())
        for expected in ("一次性补正告知书", case.name, "食品经营许可申请书:未签字", "营业执照:未提交",
                         "张小三", f"/hall/verify/{doc.token}", doc.number):
            self.assertIn(expected, text)
        # reprint: the same stored document
        doc.action_print()
        self.assertEqual(doc.attachment_id, attachment)
        with self.assertRaises(UserError):
            doc.write({"doc_type": "acceptance"})

    def test_acceptance_and_decision_pdfs(self):
        case = self._accepted()
        case.action_step_done("初审通过")
        case.with_user(self.reviewer).action_step_done("同意", findings="一致")
        case.with_user(self.leader).action_step_done(
            "不同意", decision="deny", reason="经营场所面积不符合要求", legal_basis="《食品经营许可管理办法》第十一条")
        self._output(case)
        texts = {}
        for doc in case.document_ids:
            doc.action_print()
            texts[doc.doc_type] = "".join(pdf_text(doc.attachment_id.raw).split())
        self.assertIn("受理通知书", texts["acceptance"])
        self.assertIn("决定予以受理", texts["acceptance"])
        self.assertIn("10个工作日", texts["acceptance"])
        self.assertIn(case.name, texts["acceptance"])
        self.assertIn("不予许可决定书", texts["decision_deny"])
        self.assertIn("经营场所面积不符合要求", texts["decision_deny"])
        self.assertIn("《食品经营许可管理办法》第十一条", texts["decision_deny"])
        self.assertIn("测试市场监督管理局", texts["decision_deny"])
