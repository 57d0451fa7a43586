from datetime import date

from odoo.addons.gov_hall.tests.common import PERSON_ID, CaseFixture, pdf_text, public_method_inventory
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged

BUNDLE_INVENTORY = {
    "gov.bundle": {m: "Bureau manager" for m in (
        "action_publish", "action_retire", "action_reset_draft")} | {"action_view_applications": "opens a list"},
    "gov.bundle.application": {m: "front office (checked)" for m in (
        "action_receive", "action_mark_all_compliant", "action_correction_notice", "action_resubmit",
        "action_accept", "action_refuse", "action_issue_fee_notice", "action_deliver")} | {
        "action_open_refuse": "opens the wizard", "action_open_deliver": "opens the wizard",
        "action_print_acceptance": "prints (read access)", "action_view_cases": "opens a list"},
    "gov.bundle.action.wizard": {"action_confirm": "calls the checked actions"},
    "gov.case": {"action_step_done": "core checks + stage order",
                 "action_view_bundle_application": "opens a form"},
}


class BundleFixture(CaseFixture):
    """The fixture's food licence (dept, 10 working days, three review steps) and a second department's
    item received at the comprehensive window T02, bundled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.window2.employee_ids = [Command.link(cls.clerk_emp.id)]
        (cls.dept | cls.dept2).write({"gov_comprehensive_accept": True})
        Employee = cls.env["hr.employee"]
        cls.dept2_head = Employee.create({"name": "规划局长", "department_id": cls.dept2.id})
        common = {"grantor_id": cls.dept2_head.id, "date_from": date(2020, 1, 1), "date_to": date(2035, 12, 31),
                  "scan": "aGVsbG8=", "scan_filename": "scan.pdf"}
        cls.dept2_delegations = cls.env["gov.delegation"].create([
            dict(common, department_id=cls.dept2.id, grantee_user_id=cls.clerk.id, grantee_kind="delegate",
                 power_accept=True, power_certify=True),
            dict(common, department_id=cls.dept2.id, grantee_user_id=cls.other_reviewer.id, grantee_kind="delegate",
                 power_approve=True, power_certify=True),
        ])
        cls.dept2_delegations.with_user(cls.manager).action_activate()
        cls.env["gov.seal"].create({"name": "测试规划审批专用章", "seal_type": "department",
                                    "department_id": cls.dept2.id,
                                    "custodian_id": cls.other_reviewer.id,
                                    "authorized_user_ids": [Command.link(cls.clerk.id)]})
        # the planning department's immediate item: decided at acceptance, certificate at delivery
        cls.item2 = cls._item(
            publish=True, name="户外招牌设置备案", department_id=cls.dept2.id, basic_code="000172009000",
            implementation_code="11330400MB0000000X00017200900000", case_type="immediate", legal_limit=0,
            promised_limit=0, fee_ids=cls._item2_fees(),
            material_ids=[Command.create({"name": "营业执照", "form": "copy"}),
                          Command.create({"name": "招牌设计效果图", "form": "original"})],
            step_ids=[Command.create({"step": "certificate", "office": "front"})],
            window_ids=[Command.set([cls.window.id])])
        cls.bundle = cls.env["gov.bundle"].with_user(cls.manager).create({
            "name": "我要开餐馆（测试）", "code": "t-restaurant", "lead_department_id": cls.dept.id,
            "member_ids": [Command.create({"item_id": cls.item.id, "stage": 1}),
                           Command.create({"item_id": cls.item2.id, "stage": 1})],
            "field_ids": [Command.create({"name": "经营场所地址", "field_type": "char"}),
                          Command.create({"name": "招牌尺寸（平方米）", "field_type": "number",
                                          "item_ids": [Command.set(cls.item2.ids)]})],
        })
        cls.bundle.with_user(cls.manager).action_publish()

    @classmethod
    def _item2_fees(cls):
        return []

    def _application(self, **kw):
        vals = {"bundle_id": self.bundle.id, "window_id": self.window2.id, "applicant_name": "张小三",
                "applicant_id_number": PERSON_ID, "applicant_phone": "13900000000"}
        vals.update(kw)
        app = self.env["gov.bundle.application"].with_user(self.clerk).create(vals)
        app.value_ids.filtered(lambda v: v.field_id.name == "经营场所地址").value = "嘉禾市南湖区中山路 8 号"
        app.value_ids.filtered(lambda v: v.field_id.name.startswith("招牌")).value = "6"
        return app

    def _accepted_application(self):
        app = self._application()
        app.action_receive()
        app.action_mark_all_compliant()
        app.action_accept()
        return app


@tagged("post_install", "-at_install")
class TestBundle(BundleFixture):

    def test_publish_checks(self):
        Bundle = self.env["gov.bundle"].with_user(self.manager)
        vals = {"name": "测试一件事", "code": "t-check", "lead_department_id": self.dept.id,
                "member_ids": [Command.create({"item_id": self.item.id}), Command.create({"item_id": self.item2.id})]}
        self.assertEqual(Bundle.create(dict(vals, code="t-lim")).combined_limit, 10)  # the longest member
        with self.assertRaises(ValidationError) as err:
            Bundle.create(dict(vals, own_limit=50))
        self.assertIn("45", str(err.exception))
        with self.assertRaises(ValidationError):  # the approval needs its reference
            Bundle.create(dict(vals, own_limit=50, limit_extension_approved=True))
        self.assertEqual(Bundle.create(dict(vals, code="t-ext", own_limit=50, limit_extension_approved=True,
                                            limit_extension_ref="嘉政办函〔2026〕12号")).combined_limit, 50)
        with self.assertRaises(ValidationError):
            Bundle.create(dict(vals, code="t-61", own_limit=61, limit_extension_approved=True,
                               limit_extension_ref="x"))
        # no joint-approval authorization in the planning department: refused, nothing published
        bundle = Bundle.create(vals)
        self.delegations.filtered(lambda d: d.department_id == self.dept2).with_user(self.manager).action_revoke()
        with self.assertRaises(UserError) as err:
            bundle.action_publish()
        self.assertIn(self.dept2.name, str(err.exception))
        self.assertIn("take part in joint approval", str(err.exception))
        self.assertEqual(bundle.state, "draft")
        # only the Bureau publishes; a published bundle is frozen
        with self.assertRaises(AccessError):
            self.bundle.with_user(self.clerk).write({"own_limit": 5})
        with self.assertRaises(UserError):
            self.bundle.with_user(self.manager).write({"own_limit": 5})
        with self.assertRaises(AccessError):
            self.bundle.with_user(self.manager).write({"state": "draft"})

    @freeze_time("2026-09-28 02:00:00")  # a Monday in Beijing, the National Day holiday ahead
    def test_one_acceptance_opens_every_department(self):
        app = self._application()
        app.action_receive()
        cases = app.case_ids
        self.assertEqual(len(cases), 2)
        self.assertEqual(set(cases.mapped("state")), {"received"})
        self.assertEqual(cases.department_id, self.dept | self.dept2)
        self.assertEqual(set(cases.mapped("window_id.name")), {"T02"})  # the comprehensive window
        # one set of materials: the business licence both items require is asked once
        self.assertEqual(app.material_ids.mapped("name"),
                         ["食品经营许可申请书", "营业执照", "场所平面图", "招牌设计效果图"])
        licence = app.material_ids.filtered(lambda m: m.name == "营业执照")
        self.assertEqual(len(licence.case_material_ids), 2)
        # one form feeding each case: the sign's size only the sign item
        food, sign = cases.sorted(lambda c: c.item_id != self.item)
        self.assertEqual(food.form_value_ids.mapped("name"), ["经营场所地址"])
        self.assertEqual(sign.form_value_ids.mapped("value"), ["嘉禾市南湖区中山路 8 号", "6"])
        with self.assertRaises(UserError):
            app.action_accept()  # nothing checked yet
        app.action_mark_all_compliant()
        self.assertTrue(all(licence.case_material_ids.mapped("compliant")))
        app.action_accept()
        self.assertEqual(app.state, "accepted")
        self.assertEqual(food.state, "review")
        self.assertEqual(sign.state, "decided")  # immediate: decided at acceptance
        # one combined due date: 10 working days from Monday 28 Sep skip 1–7 October, count Saturday 10 October
        self.assertEqual(app.limit_days, 10)
        self.assertEqual(app.due_date, date(2026, 10, 16))
        self.assertEqual(food.due_date, app.due_date)
        # one acceptance notice listing both departments' cases
        pdf, _type = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "gov_hall_bundle.action_report_bundle_acceptance", app.ids)
        text = pdf_text(pdf).replace("\n", "")
        self.assertIn("受理通知书", text)
        self.assertIn(food.name, text)
        self.assertIn(sign.name, text)
        self.assertIn("2026-10-16", text)
        # the department's back office sees the application; a third department does not
        outsider = new_test_user(self.env, login="t_outsider", groups="gov_hall.group_gov_back_office")
        self.env["hr.employee"].create({"name": "局外人", "user_id": outsider.id, "department_id":
                                        self.env["hr.department"].create({"name": "外局", "is_stationed": True}).id})
        self.assertTrue(app.with_user(self.other_reviewer).read(["name"]))
        with self.assertRaises(AccessError):
            app.with_user(outsider).read(["name"])

    def test_deemed_acceptance_accepts_the_application(self):
        with freeze_time("2026-09-28 02:00:00"):
            app = self._application()
            app.action_receive()
        # nobody issued a correction notice within five working days (National Day in between)
        with freeze_time("2026-10-12 02:00:00"):
            self.env["gov.case"]._cron_deemed_acceptance()
        self.assertTrue(all(app.case_ids.mapped("deemed_accepted")))
        self.assertEqual((app.state, app.accepted_date), ("accepted", date(2026, 9, 28)))
        self.assertEqual(app.due_date, date(2026, 10, 16))

    def test_one_correction_notice_then_acceptance(self):
        app = self._application()
        app.action_receive()
        app.material_ids.filtered(lambda m: m.name != "营业执照").write({"submitted": True, "compliant": True})
        app.material_ids.filtered(lambda m: m.name == "营业执照").write({"note": "复印件不清晰"})
        action = app.action_correction_notice()
        self.assertEqual(action["report_name"], "gov_hall_bundle.report_bundle_correction")
        self.assertEqual(app.state, "correction")
        self.assertEqual(set(app.case_ids.mapped("state")), {"correction"})
        self.assertIn("营业执照：复印件不清晰", app.correction_lines)
        app.action_resubmit()
        self.assertEqual(set(app.case_ids.mapped("state")), {"received"})
        app.material_ids.filtered(lambda m: m.name == "营业执照").write({"compliant": True})
        app.action_accept()
        self.assertEqual(app.state, "accepted")

    def test_bad_input(self):
        app = self.env["gov.bundle.application"].with_user(self.clerk).create({
            "bundle_id": self.bundle.id, "window_id": self.window2.id, "applicant_name": "张小三",
            "applicant_id_number": PERSON_ID, "applicant_phone": "1"})
        with self.assertRaises(UserError) as err:
            app.action_receive()
        self.assertIn("经营场所地址", str(err.exception))  # the combined form comes first
        self.assertFalse(self.env["gov.case"].search([("bundle_application_id", "=", app.id)]))
        with self.assertRaises(ValidationError):
            self._application(applicant_id_number="110105194912310021")
        # a department window that does not serve the sign item: refused before any case exists
        app = self._application(window_id=self.window.id)
        self.item2.with_user(self.manager).comprehensive_exclude = True
        with self.assertRaises(UserError):
            self._application().action_receive()
        self.item2.with_user(self.manager).comprehensive_exclude = False
        app.action_receive()  # T01 lists both items
        self.assertEqual(len(app.case_ids), 2)
        # a form value of the wrong type
        with self.assertRaises(ValidationError):
            self._application().value_ids.filtered(lambda v: v.field_id.name.startswith("招牌")).value = "六"

    def test_stage_order_and_single_delivery(self):
        item3 = self._item(publish=True, name="门头招牌设置审批", department_id=self.dept2.id,
                           basic_code="000172010000", implementation_code="11330400MB0000000X00017201000000",
                           promised_limit=5, legal_limit=10, fee_ids=[],
                           material_ids=[Command.create({"name": "营业执照", "form": "copy"})],
                           step_ids=[Command.create({"step": "approval", "office": "back"})],
                           window_ids=[Command.set([self.window.id])])
        bundle = self.env["gov.bundle"].with_user(self.manager).create({
            "name": "开餐馆（分阶段）", "code": "t-staged", "lead_department_id": self.dept.id,
            "member_ids": [Command.create({"item_id": self.item.id, "stage": 1}),
                           Command.create({"item_id": item3.id, "stage": 2})]})
        self.assertEqual(bundle.combined_limit, 15)  # stage by stage: 10 + 5
        bundle.action_publish()
        app = self._application(bundle_id=bundle.id)
        app.action_receive()
        app.action_mark_all_compliant()
        app.action_accept()
        food, sign = app.case_ids.sorted(lambda c: c.bundle_stage)
        with self.assertRaises(UserError) as err:
            sign.with_user(self.other_reviewer).action_step_done("同意", decision="approve")
        self.assertIn(food.name, str(err.exception))
        with self.assertRaises(UserError):
            app.action_deliver()  # not every item decided
        food.action_step_done("初审通过")
        food.with_user(self.reviewer).action_step_done("同意", findings="现场与申报一致")
        food.with_user(self.leader).action_step_done("同意", decision="approve")
        sign.with_user(self.other_reviewer).action_step_done("同意", decision="approve")
        self.assertTrue(app.all_decided)
        self._output(food)
        with self.assertRaises(UserError):
            app.action_deliver()  # the sign's output is not sealed yet: nothing delivered
        self.assertEqual(food.state, "decided")
        sign.with_user(self.other_reviewer).action_output_sign()
        sign.with_user(self.other_reviewer).action_output_dept_seal()
        sign.with_user(self.manager).action_output_bureau_seal()
        app.action_deliver("window")
        self.assertEqual(app.state, "delivered")
        self.assertEqual(set(app.case_ids.mapped("state")), {"delivered"})

    def test_guarded_fields(self):
        app = self._accepted_application()
        for user in (self.clerk, self.reviewer, self.leader):
            for vals in ({"state": "delivered"}, {"due_date": "2030-01-01"}, {"accepted_date": "2026-01-01"}):
                with self.assertRaises(AccessError):
                    app.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            app.material_ids[0].with_user(self.clerk).write({"required": False})
        with self.assertRaises(AccessError):
            app.case_ids[0].with_user(self.clerk).write({"bundle_application_id": False})
        with self.assertRaises(AccessError):
            app.with_user(self.reviewer).action_accept()
        with self.assertRaises(AccessError):
            app.with_user(self.clerk).unlink()
        with self.assertRaises(AccessError):  # a form line carrying a forged order
            self.env["gov.bundle.application.value"].with_user(self.clerk).create({
                "application_id": app.id, "field_id": self.bundle.field_ids[0].id, "sequence": 7})

    def test_public_pages(self):
        self.assertIn(self.bundle, self.env["gov.bundle"]._gov_public_bundles())
        materials = self.bundle._combined_materials()
        self.assertEqual(len(materials), 4)
        self.assertEqual(self.bundle.material_total, 5)
        self.item2.with_user(self.manager).is_public = False
        self.assertFalse(self.env["gov.bundle"]._gov_public_bundles("t-restaurant"))

    def test_public_methods_inventory(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_bundle", BUNDLE_INVENTORY)
        self.assertFalse(unknown, f"public methods nobody classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")


@tagged("post_install", "-at_install")
class TestBundleFees(BundleFixture):
    _fixture_fees = True

    @classmethod
    def _item2_fees(cls):
        return [Command.create({"name": "招牌备案工本费", "fee_mode": "fixed", "amount": 5.0,
                                "revenue_code": "103040502"})]

    def test_one_fee_notice(self):
        app = self._accepted_application()
        self.assertEqual(app.fee_total, 15.0)
        action = app.action_issue_fee_notice()
        self.assertEqual(action["report_name"], "gov_hall_bundle.report_bundle_fee")
        self.assertEqual(len(app.notice_ids), 2)
        self.assertEqual(app.notice_ids.department_id, self.dept | self.dept2)
        pdf, _type = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "gov_hall_bundle.action_report_bundle_fee", app.ids)
        text = pdf_text(pdf)
        self.assertIn("缴费通知单", text)
        self.assertIn("15.00", text)
        self.assertIn("壹拾伍元整", text)
        for notice in app.notice_ids:
            self.assertIn(notice.payment_code, text)
        app.action_issue_fee_notice()  # printed again: no second notice
        self.assertEqual(len(app.notice_ids), 2)
        with self.assertRaises(AccessError):
            app.with_user(self.reviewer).action_issue_fee_notice()
