from contextlib import contextmanager
from datetime import date

from odoo.addons.gov_hall.tests.common import PERSON_ID, CaseFixture, pdf_text, public_method_inventory
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, tagged

OPENER = "opens a form or a wizard: no check, no write"
INVENTORY = {
    "gov.case": {
        "action_accept_deferred": "window clerk with the acceptance power; received; applicant not flagged",
        "action_accept_pledged": "window clerk with the acceptance power; received; applicant not flagged",
        "action_open_pledge_accept": OPENER,
        "action_view_pledges": OPENER,
        "action_step_done": "core rule; the decision waits for deferred materials",
    },
    "gov.case.material": {},
    "gov.case.pledge": {
        "action_print": "who may read the pledge",
        "action_makeup": "window clerk; open deferred-materials pledge",
    },
    "gov.pledge.check": {
        "action_open_record": OPENER,
        "action_record_check": "back office of the case's department; pending check",
    },
    "gov.applicant.flag": {
        "action_open_lift": OPENER,
        "action_lift": "Bureau manager; active flag",
    },
    "gov.pledge.wizard": {"action_confirm": "through the actions above"},
}


@tagged("post_install", "-at_install")
class TestPledge(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        materials = [
            Command.create({"name": "食品经营许可申请书", "form": "original", "is_key": True}),
            Command.create({"name": "营业执照", "form": "copy", "is_key": True}),
            Command.create({"name": "食品安全管理制度", "form": "original", "may_defer": True}),
            Command.create({"name": "健康证明", "form": "copy", "may_pledge": True}),
            Command.create({"name": "场所平面图", "form": "original", "required": False}),
        ]
        cls.item_p = cls._item(publish=True, name="食品经营许可（容缺）", basic_code="000172007001",
                               implementation_code="11330400MB0000000X00017200700101", fee_ids=[],
                               material_ids=materials)
        cls.item_long = cls._item(publish=True, name="建设工程规划许可", basic_code="000172007002",
                                  implementation_code="11330400MB0000000X00017200700202", fee_ids=[],
                                  promised_limit=30, legal_limit=40, material_ids=list(materials))
        cls.item_quick = cls._item(publish=True, name="食品经营备案", basic_code="000172007003",
                                   implementation_code="11330400MB0000000X00017200700303", fee_ids=[],
                                   material_ids=list(materials),
                                   step_ids=[Command.create({"step": "certificate", "office": "front"})])
        cls.Holiday = cls.env["cn.holiday"]

    # ------------------------------------------------------------ helpers
    @contextmanager
    def _raises(self, exception, text):
        """assertRaises (rolled back to a savepoint) whose message names ``text``."""
        with self.assertRaises(exception) as err:
            yield err
        self.assertIn(text, str(err.exception))

    def _ready(self, item=None, **kw):
        """Received, with every material in except the deferrable and pledgeable ones."""
        case = self._received(item_id=(item or self.item_p).id, **kw)
        case.material_ids.filtered(lambda m: not m.may_defer and not m.may_pledge).write(
            {"submitted": True, "compliant": True})
        return case

    def _deferred(self, deadline, item=None, **kw):
        case = self._ready(item, **kw)
        case.material_ids.filtered("may_pledge").write({"submitted": True, "compliant": True})
        case.material_ids.filtered("may_defer").write({"deferred": True})
        case.action_accept_deferred(deadline)
        return case

    def _pledged(self, **kw):
        case = self._ready(**kw)
        case.material_ids.filtered("may_defer").write({"submitted": True, "compliant": True})
        case.material_ids.filtered("may_pledge").write({"by_pledge": True})
        case.action_accept_pledged()
        return case

    def _decide(self, case):
        case.action_step_done("初审通过")
        case.with_user(self.reviewer).action_step_done("同意", findings="现场与申报一致")
        case.with_user(self.leader).action_step_done("同意")

    # ------------------------------------------------------------ catalog
    def test_catalog_flags_and_key_material(self):
        self.assertTrue(self.item_p.allows_defer)
        self.assertTrue(self.item_p.allows_pledge)
        self.assertFalse(self.item.allows_defer)
        self.assertEqual(self.item_p.pledge_check_days, 30)
        draft = self._item(name="草稿事项", basic_code="000172007009",
                           implementation_code="11330400MB0000000X00017200700909")
        with self.assertRaises(ValidationError):
            draft.material_ids[0].with_user(self.manager).write({"is_key": True, "may_defer": True})
        # published: the catalog flags change only with a new version
        with self.assertRaises(UserError):
            self.item_p.material_ids[0].with_user(self.manager).write({"may_pledge": True})

    # ------------------------------------------------------------ 容缺受理
    @freeze_time("2026-09-28")
    def test_deferred_acceptance_and_cap_before_promised_limit(self):
        # accepted on Monday 28 September: the National Day holiday (1–7 October) does not count, Saturday
        # 10 October is a make-up working day; promised limit 10 → latest deadline 8 working days later
        case = self._ready()
        case.material_ids.filtered("may_pledge").write({"submitted": True, "compliant": True})
        case.material_ids.filtered("may_defer").write({"deferred": True})
        self.assertEqual(case._pledge_latest_deadline(date(2026, 9, 28)), date(2026, 10, 14))
        with self._raises(UserError, "2026-10-14"):
            case.action_accept_deferred(date(2026, 10, 15))
        with self.assertRaises(UserError):
            case.action_accept_deferred(date(2026, 9, 28))  # not after acceptance
        self.assertEqual(case.state, "received")
        self.assertFalse(case.pledge_ids)
        case.action_accept_deferred("2026-10-14")
        self.assertEqual(case.state, "review")
        self.assertEqual(case.accepted_date, date(2026, 9, 28))
        # the clock runs as for any accepted case
        self.assertEqual(case.due_date, date(2026, 10, 16))
        pledge = case.pledge_ids
        self.assertEqual((pledge.kind, pledge.state, pledge.deadline), ("defer", "open", date(2026, 10, 14)))
        self.assertEqual(pledge.material_ids.mapped("name"), ["食品安全管理制度"])
        self.assertEqual(pledge.reminder_date, date(2026, 10, 12))
        self.assertTrue(case.defer_open)
        self.assertIn("acceptance", case.document_ids.mapped("doc_type"))
        self.assertTrue(case.accept_delegation_id)
        # once accepted, the marks are frozen
        with self.assertRaises(UserError):
            case.material_ids.filtered("may_pledge").write({"by_pledge": True})

    @freeze_time("2026-09-28")
    def test_deferred_cap_twenty_working_days(self):
        case = self._ready(self.item_long)
        case.material_ids.filtered("may_pledge").write({"submitted": True, "compliant": True})
        case.material_ids.filtered("may_defer").write({"deferred": True})
        # promised limit 30 → 28 working days, but never more than 20 working days after acceptance
        with self._raises(UserError, "2026-10-30"):
            case.action_accept_deferred(date(2026, 11, 2))
        case.action_accept_deferred(date(2026, 10, 30))
        self.assertEqual(case.pledge_ids.deadline, date(2026, 10, 30))

    def test_key_and_undeferrable_materials_refused(self):
        case = self._received(item_id=self.item_p.id)
        key = case.material_ids.filtered(lambda m: m.name == "营业执照")
        with self._raises(ValidationError, "key material"):
            key.write({"deferred": True})
        case.material_ids.filtered(lambda m: m.name != "营业执照").write({"submitted": True, "compliant": True})
        case.material_ids.filtered("may_defer").write({"submitted": False, "compliant": False, "deferred": True})
        with self._raises(UserError, "营业执照"):
            case.action_accept_deferred(self.Holiday.add_working_days(case.received_date, 3))
        self.assertEqual(case.state, "received")
        # nothing deferred: normal acceptance, not under a pledge
        other = self._accepted(item_id=self.item_p.id)
        self.assertFalse(other.pledge_ids)

    def test_deferral_needs_the_acceptance_power(self):
        self.delegations.filtered(lambda d: d.grantee_user_id == self.clerk).with_user(self.manager).action_revoke()
        case = self._ready()
        case.material_ids.filtered("may_pledge").write({"submitted": True, "compliant": True})
        case.material_ids.filtered("may_defer").write({"deferred": True})
        with self._raises(AccessError, "Acceptance Decision"):
            case.action_accept_deferred(self.Holiday.add_working_days(case.received_date, 3))
        self.assertEqual(case.state, "received")
        self.assertFalse(self.env["gov.case.pledge"].search([("case_id", "=", case.id)]))

    def test_flagged_applicant_refused_until_lifted(self):
        other = self._received(applicant_name="李四")
        flag = self.env["gov.applicant.flag"].sudo().create({
            "identifier": PERSON_ID, "applicant_name": "张小三", "kind": "defer_broken",
            "reason": "逾期未补齐容缺材料。", "case_id": other.id})
        case = self._ready()
        case.material_ids.filtered("may_pledge").write({"submitted": True, "compliant": True})
        case.material_ids.filtered("may_defer").write({"deferred": True})
        deadline = self.Holiday.add_working_days(case.received_date, 3)
        with self._raises(UserError, "credit list"):
            case.action_accept_deferred(deadline)
        with self.assertRaises(AccessError):
            flag.with_user(self.clerk).action_lift("误列")
        with self.assertRaises(AccessError):
            flag.with_user(self.supervisor).action_lift("误列")
        flag.with_user(self.manager).action_lift("经核实为误列，予以移出。")
        self.assertFalse(flag.active)
        self.assertEqual(flag.lifted_by, self.manager)
        case.action_accept_deferred(deadline)
        self.assertEqual(case.state, "review")

    def test_decision_blocked_until_made_up(self):
        case = self._deferred(self.Holiday.add_working_days(date.today(), 3))
        case.action_step_done("初审通过")
        case.with_user(self.reviewer).action_step_done("同意", findings="现场与申报一致")
        with self._raises(UserError, "食品安全管理制度"):
            case.with_user(self.leader).action_step_done("同意")
        self.assertEqual(case.state, "review")
        pledge = case.pledge_ids
        with self.assertRaises(AccessError):
            pledge.with_user(self.reviewer).action_makeup()
        pledge.with_user(self.clerk).action_makeup()
        self.assertEqual(pledge.state, "fulfilled")
        self.assertTrue(pledge.material_ids.made_up)
        self.assertFalse(case.defer_open)
        case.with_user(self.leader).action_step_done("同意")
        self.assertEqual((case.state, case.decision), ("decided", "approve"))

    def test_output_blocked_until_made_up(self):
        # an item decided at acceptance: the output waits for the deferred materials
        case = self._deferred(self.Holiday.add_working_days(date.today(), 3), item=self.item_quick)
        self.assertEqual((case.state, case.decision), ("decided", "approve"))
        with self._raises(UserError, "deferred materials"):
            case.with_user(self.leader).action_output_sign()
        case.pledge_ids.with_user(self.clerk).action_makeup()
        case.with_user(self.leader).action_output_sign()
        self.assertEqual(case.output_state, "signed")

    def test_reminder_once(self):
        with freeze_time("2026-09-28"):
            case = self._deferred(date(2026, 10, 14))
        Pledge = self.env["gov.case.pledge"]
        reminders = lambda: case.activity_ids.filtered(lambda a: a.user_id == self.clerk)  # noqa: E731
        sms = lambda: case.message_ids.filtered(lambda m: case.applicant_phone in (m.body or ""))  # noqa: E731
        with freeze_time("2026-10-09"):
            Pledge._cron_pledge_deadlines()
        self.assertFalse(reminders())
        with freeze_time("2026-10-12"):
            Pledge._cron_pledge_deadlines()
            Pledge._cron_pledge_deadlines()
        case.invalidate_recordset()
        self.assertEqual(len(reminders()), 1)
        self.assertEqual(len(sms()), 1)
        self.assertIn("食品安全管理制度", sms().body)
        self.assertTrue(case.pledge_ids.reminder_sent)
        with freeze_time("2026-10-13"):
            Pledge._cron_pledge_deadlines()
        self.assertEqual(len(sms()), 1)
        self.assertEqual(case.state, "review")

    def test_expiry_denies_and_flags(self):
        with freeze_time("2026-09-28"):
            case = self._deferred(date(2026, 10, 14))
            case.action_step_done("初审通过")
        pledge = case.pledge_ids
        Pledge = self.env["gov.case.pledge"]
        with freeze_time("2026-10-14"):  # the last day is still in time
            Pledge._cron_pledge_deadlines()
            self.assertEqual(case.state, "review")
            self.assertFalse(pledge.is_overdue)
        with freeze_time("2026-10-15"):
            pledge.invalidate_recordset(["is_overdue"])
            self.assertTrue(pledge.is_overdue)
            self.assertIn(pledge, Pledge.search([("is_overdue", "=", True)]))
            Pledge._cron_pledge_deadlines()
            Pledge._cron_pledge_deadlines()
        self.assertEqual((case.state, case.decision), ("decided", "deny"))
        self.assertEqual(case.decision_date, date(2026, 10, 15))
        self.assertIn("食品安全管理制度", case.decision_reason)
        self.assertIn(pledge.name, case.decision_reason)
        self.assertIn("行政许可法", case.decision_legal_basis)
        self.assertFalse(case.current_step)
        self.assertEqual(len(case.document_ids.filtered(lambda d: d.doc_type == "decision_deny")), 1)
        self.assertEqual(pledge.state, "broken")
        flags = self.env["gov.applicant.flag"].search([("identifier", "=", PERSON_ID)])
        self.assertEqual(len(flags), 1)
        self.assertEqual((flags.kind, flags.case_id), ("defer_broken", case))
        self.assertTrue(case.activity_ids.filtered(lambda a: a.user_id == self.supervisor))
        # the same applicant comes back: every material is needed now
        again = self._ready()
        again.material_ids.filtered("may_defer").write({"deferred": True})
        with self._raises(UserError, "credit list"):
            again.action_accept_deferred(self.Holiday.add_working_days(again.received_date, 3))

    # ------------------------------------------------------------ 告知承诺制
    @freeze_time("2026-09-28")
    def test_pledge_decision_and_check_date(self):
        case = self._pledged()
        pledge = case.pledge_ids
        self.assertEqual((pledge.kind, pledge.state), ("commit", "open"))
        self.assertEqual(pledge.material_ids.mapped("name"), ["健康证明"])
        self.assertFalse(case.defer_open)
        self._decide(case)  # decided on the pledge
        self.assertEqual((case.state, case.decision), ("decided", "approve"))
        check = pledge.check_ids
        self.assertEqual(len(check), 1)
        expected = self.Holiday.add_working_days("2026-09-28", 30)
        self.assertEqual(check.due_date.isoformat(), expected)
        self.assertEqual(check.due_date, date(2026, 11, 13))
        self.assertTrue(check.activity_ids.filtered(lambda a: a.user_id == self.reviewer))
        self.assertEqual(check.with_user(self.reviewer).search([("id", "=", check.id)]), check)
        self.assertFalse(check.with_user(self.other_reviewer).search([("id", "=", check.id)]))
        # overdue: flagged once by the daily job
        with freeze_time("2026-11-16"):
            self.env["gov.pledge.check"]._cron_flag_overdue()
        self.assertTrue(check.is_overdue)
        self.assertTrue(check.activity_ids.filtered(lambda a: a.user_id == self.supervisor))
        with self.assertRaises(UserError):
            check.with_user(self.reviewer).action_record_check("true", " ")
        with self.assertRaises(AccessError):
            check.with_user(self.clerk).action_record_check("true", "核实无误")
        with self.assertRaises(AccessError):
            check.with_user(self.other_reviewer).action_record_check("true", "核实无误")
        check.with_user(self.reviewer).action_record_check("true", "调阅健康证明系统记录，与承诺一致。")
        self.assertEqual((check.state, check.result, check.checked_by), ("done", "true", self.reviewer))
        self.assertEqual(pledge.state, "fulfilled")
        self.assertFalse(case.output_revoked)

    def test_false_pledge_revokes_decision_and_flags(self):
        case = self._pledged(applicant_type="company", applicant_id_number=False,
                             applicant_uscc="91330402MA2JH0T223", applicant_name="嘉禾餐饮有限公司")
        self._decide(case)
        self._output(case)
        doc = case._decision_document()
        self.assertEqual(doc._verification(), ("valid", ""))
        check = case.pledge_ids.check_ids
        check.with_user(self.reviewer).action_record_check(False, "经向卫健部门核实，从业人员健康证明不存在。")
        self.assertEqual(check.result, "false")
        self.assertEqual(case.pledge_ids.state, "broken")
        self.assertTrue(case.output_revoked)
        self.assertEqual(case.output_state, "revoked")
        self.assertEqual(doc.state, "revoked")
        self.assertEqual(doc._verification()[0], "invalid")
        flag = self.env["gov.applicant.flag"].search([("identifier", "=", "91330402MA2JH0T223")])
        self.assertEqual(flag.kind, "false_pledge")
        self.assertTrue(case.activity_ids.filtered(lambda a: a.user_id == self.supervisor))

    def test_pledge_letter_pdf(self):
        with freeze_time("2026-09-28"):
            case = self._deferred(date(2026, 10, 14))
        pdf, _fmt = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "gov_hall_pledge.report_gov_case_pledge", case.pledge_ids.ids)
        text = "".join(pdf_text(pdf).split())
        self.assertIn("容缺受理承诺书", text)
        self.assertIn("食品安全管理制度", text)
        self.assertIn("2026年10月14日", text)
        self.assertIn("失信(违诺)名单", text)
        self.assertIn("申请人(签字或盖章)", text)

    @freeze_time("2026-09-28")
    def test_wizard_accepts_and_prints(self):
        case = self._ready()
        case.material_ids.filtered("may_defer").write({"deferred": True})
        case.material_ids.filtered("may_pledge").write({"by_pledge": True})
        action = case.action_open_pledge_accept()
        wizard = Form(self.env["gov.pledge.wizard"].with_user(self.clerk).with_context(**action["context"]))
        self.assertEqual(wizard.kind, "defer")
        self.assertEqual(wizard.latest_deadline, date(2026, 10, 14))
        self.assertEqual(wizard.deferred_names, "食品安全管理制度")
        self.assertEqual(wizard.pledged_names, "健康证明")
        wizard.makeup_deadline = date(2026, 10, 13)
        result = wizard.save().action_confirm()
        self.assertEqual(result["report_name"], "gov_hall_pledge.report_gov_case_pledge")
        self.assertEqual(case.state, "review")
        self.assertEqual(sorted(case.pledge_ids.mapped("kind")), ["commit", "defer"])

    # ------------------------------------------------------------ guard
    def test_guarded_fields_refused_to_every_role(self):
        with freeze_time("2026-09-28"):
            case = self._deferred(date(2026, 10, 14))
        pledge = case.pledge_ids
        flag = self.env["gov.applicant.flag"].sudo().create({
            "identifier": "11010519491231002X", "applicant_name": "张小三", "kind": "false_pledge",
            "reason": "承诺不实", "case_id": case.id})
        for user in (self.clerk, self.reviewer, self.leader):
            with self.assertRaises(AccessError):
                pledge.with_user(user).write({"state": "fulfilled"})
            with self.assertRaises(AccessError):
                pledge.with_user(user).write({"deadline": "2026-12-31"})
            with self.assertRaises(AccessError):
                case.material_ids.with_user(user).write({"made_up": True})
            with self.assertRaises(AccessError):
                self.env["gov.case.pledge"].with_user(user).create({"case_id": case.id, "kind": "defer"})
        for user in (self.supervisor, self.manager):
            with self.assertRaises(AccessError):
                flag.with_user(user).write({"active": False})
            with self.assertRaises(AccessError):
                pledge.with_user(user).write({"state": "broken"})
        with self.assertRaises(AccessError):
            flag.with_user(self.clerk).read(["reason"])
        with self.assertRaises(AccessError):
            case.material_ids.with_user(self.reviewer).write({"deferred": False})
        self.assertEqual(pledge.state, "open")

    def test_public_method_inventory(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_pledge", INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")
