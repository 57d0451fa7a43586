import re
from datetime import date, timedelta
from unittest.mock import patch

from odoo.addons.gov_hall.tests.common import PERSON_ID, CaseFixture, public_method_inventory
from odoo.addons.gov_hall_online.tools import files
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ONLINE_INVENTORY = {
    "gov.material.library": {"action_withdraw": "back office (checked)"},
    "gov.case": {"action_accept": "core checks; then the library", "action_deliver": "core checks; then the licence",
                 "action_correction_notice": "core checks; then the SMS"},
}


class OnlineFixture(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.applicant = cls.env["res.users"]._gov_online_user("13800000001")
        cls.other_applicant = cls.env["res.users"]._gov_online_user("13800000002")
        cls.applicant.name = "赵小云"
        cls.online_window = cls.env.ref("gov_hall_online.gov_window_online")

    def _submit(self, user=None, item=None, uploads=None, library=None, token=None, **applicant):
        item = item or self.item
        vals = {"applicant_type": "person", "applicant_name": "赵小云", "applicant_id_number": PERSON_ID}
        vals.update(applicant)
        if uploads is None:
            uploads = {m.id: (f"{m.name}.pdf", PDF) for m in item.material_ids if m.required}
        return self.env["gov.case"]._gov_online_submit(user or self.applicant, item, vals, uploads, library or {},
                                                        "electronic", token=token)


@tagged("post_install", "-at_install")
class TestOnline(OnlineFixture):

    @freeze_time("2026-09-28 02:00:00")
    def test_online_path_to_electronic_delivery(self):
        case = self._submit()
        self.assertEqual((case.state, case.window_id, case.is_online), ("received", self.online_window, True))
        self.assertEqual(case.visit_count, 0)  # nobody came to the hall
        # five working days: National Day skipped, the make-up Saturday counted
        self.assertEqual(case.correction_deadline, date(2026, 10, 10))
        licence_line = case.material_ids.filtered(lambda m: m.name == "营业执照")
        self.assertEqual(licence_line.attachment_id.mimetype, "application/pdf")
        self.assertEqual(licence_line.file_sha256, files.sha256(PDF))
        self.assertTrue(licence_line.submitted)
        self.assertFalse(case.material_ids.filtered(lambda m: not m.required).attachment_id)
        # the department's clerk finds the licence unreadable: one correction notice, on the portal and by SMS
        case = case.with_user(self.clerk)
        case.material_ids.filtered("required").write({"compliant": True})
        licence_line.with_user(self.clerk).write({"compliant": False, "note": "扫描件不清晰"})
        case.action_correction_notice()
        self.assertEqual(case.state, "correction")
        sms = self.env["sms.sms"].search([("number", "=", "13800000001")])
        self.assertEqual(len(sms), 1)
        self.assertIn(case.name, sms.body)
        self.assertIn("营业执照", sms.body)
        # the applicant answers on the portal (no visit), another applicant cannot
        with self.assertRaises(UserError):
            case.sudo()._gov_online_resubmit(self.other_applicant, {licence_line.id: ("x.pdf", PDF)})
        with self.assertRaises(UserError):
            case.sudo()._gov_online_resubmit(self.applicant, {})  # nothing uploaded
        case.sudo()._gov_online_resubmit(self.applicant, {licence_line.id: ("营业执照.png", PNG)})
        self.assertEqual((case.state, case.visit_count), ("received", 0))
        self.assertEqual(licence_line.attachment_id.mimetype, "image/png")
        self.assertTrue(licence_line.resubmitted)
        with self.assertRaises(UserError):  # a second submission of the same correction
            case.sudo()._gov_online_resubmit(self.applicant, {licence_line.id: ("x.pdf", PDF)})
        licence_line.with_user(self.clerk).write({"compliant": True})
        case.action_accept()
        self.assertEqual(case.state, "review")
        library = self.env["gov.material.library"].search([("partner_id", "=", self.applicant.partner_id.id)])
        self.assertEqual(sorted(library.mapped("name")), ["营业执照", "食品经营许可申请书"])
        self.assertEqual(library[0].valid_until, date(2027, 9, 28))
        # decided, output, delivered electronically: the decision waits on the portal, the licence in the library
        case.action_step_done("初审通过")
        case.with_user(self.reviewer).action_step_done("同意", findings="现场与申报一致")
        case.with_user(self.leader).action_step_done("同意", decision="approve")
        self._output(case)
        case.action_deliver("electronic")
        self.assertEqual((case.state, case.visit_count), ("delivered", 0))
        docs = case._portal_documents()
        self.assertIn("decision_approve", docs.mapped("doc_type"))
        decision = docs.filtered(lambda d: d.doc_type == "decision_approve")
        doc, pdf = case._portal_file(decision.id)
        self.assertTrue(pdf.startswith(b"%PDF"))
        licence = self.env["gov.material.library"].search([("kind", "=", "licence"),
                                                           ("partner_id", "=", self.applicant.partner_id.id)])
        self.assertEqual(licence.source_case_id, case)
        self.assertEqual(licence.attachment_id, doc.attachment_id)

    def test_material_reuse_and_expiry(self):
        first = self._submit()
        first.with_user(self.clerk).material_ids.filtered("required").write({"compliant": True})
        first.with_user(self.clerk).action_accept()
        entries = self.env["gov.material.library"].search([("source_case_id", "=", first.id)])
        self.assertEqual(len(entries), 2)
        by_material = {m.id: entries.filtered(lambda e, n=m.name: e.name == n).id
                       for m in self.item.material_ids if m.required}
        second = self._submit(uploads={}, library=by_material)
        self.assertEqual(second.material_ids.filtered("required").library_id, entries)
        self.assertEqual(second.material_ids.filtered("required").library_case_id, first)  # what the clerk sees
        self.assertTrue(all(second.material_ids.filtered("required").mapped("attachment_id")))
        # an entry offered for another material is refused
        swapped = dict(zip(by_material, reversed(list(by_material.values()))))
        with self.assertRaises(UserError):
            self._submit(uploads={}, library=swapped)
        # another applicant cannot use these entries; an expired entry is refused
        with self.assertRaises(UserError):
            self._submit(user=self.other_applicant, uploads={}, library=by_material)
        entries.sudo().write({"valid_until": date.today() - timedelta(days=1)})
        with self.assertRaises(UserError) as err:
            self._submit(uploads={}, library=by_material)
        self.assertIn("expired on", str(err.exception))
        cases = self.env["gov.case"].search_count([("online_user_id", "=", self.applicant.id)])
        self.assertEqual(cases, 2)  # nothing half-written

    def test_bad_input(self):
        Case = self.env["gov.case"]
        count = Case.search_count([])
        required = self.item.material_ids.filtered("required")
        with self.assertRaises(UserError) as err:  # an executable named .pdf
            self._submit(uploads={m.id: ("申请书.pdf", b"MZ\x90\x00" + b"\0" * 100) for m in required})
        self.assertIn("PDF", str(err.exception))
        with patch.object(files, "MAX_BYTES", 100):
            with self.assertRaises(UserError) as err:
                self._submit(uploads={m.id: ("big.pdf", PDF + b"\0" * 200) for m in required})
        self.assertIn("MB", str(err.exception))
        with self.assertRaises(UserError):  # a required material missing
            self._submit(uploads={required[0].id: ("a.pdf", PDF)})
        self.item.sudo().online_level = "offline"
        with self.assertRaises(UserError) as err:
            self._submit()
        self.assertIn("not open for online applications", str(err.exception))
        self.item.sudo().online_level = "partial"
        with self.assertRaises(UserError):  # staff do not apply on the portal
            self._submit(user=self.clerk)
        with self.assertRaises(ValidationError):
            self._submit(applicant_id_number="110105194912310021")
        self.assertEqual(Case.search_count([]), count)
        # the same application sent twice: one case
        first = self._submit(token="f00d")
        with self.assertRaises(UserError) as err:
            self._submit(token="f00d")
        self.assertIn(first.name, str(err.exception))
        self.assertEqual(Case.search_count([]), count + 1)

    def test_who_sees_and_changes_what(self):
        case = self._submit()
        with self.assertRaises(AccessError):  # portal users never read cases through the ORM
            case.with_user(self.applicant).read(["name"])
        for user in (self.clerk, self.reviewer, self.manager):
            for vals in ({"online_user_id": self.other_applicant.id}, {"is_online": False},
                         {"delivery_choice": "mail"}):
                with self.assertRaises(AccessError):
                    case.with_user(user).write(vals)
            with self.assertRaises(AccessError):
                case.material_ids[0].with_user(user).write({"file_sha256": "0" * 64})
        first = self._submit()
        first.with_user(self.clerk).material_ids.filtered("required").write({"compliant": True})
        first.with_user(self.clerk).action_accept()
        entry = self.env["gov.material.library"].search([("source_case_id", "=", first.id)], limit=1)
        with self.assertRaises(AccessError):
            entry.with_user(self.clerk).write({"valid_until": "2099-01-01"})
        with self.assertRaises(AccessError):
            entry.with_user(self.clerk).action_withdraw()
        entry.with_user(self.reviewer).action_withdraw()
        self.assertFalse(entry.active)

    def test_sms_codes(self):
        Code = self.env["gov.online.code"]
        with self.assertRaises(UserError):
            Code._send("12345")
        phone = Code._send("+86 138 0000 0009")
        self.assertEqual(phone, "13800000009")
        body = self.env["sms.sms"].search([("number", "=", phone)], limit=1).body
        code = re.search(r"\b(\d{6})\b", body).group(1)
        self.assertFalse(Code._consume(phone, "000000" if code != "000000" else "111111"))
        self.assertTrue(Code._consume(phone, code))
        self.assertFalse(Code._consume(phone, code))  # once
        for _i in range(4):
            Code._send(phone)
        with self.assertRaises(UserError):
            Code._send(phone)  # five an hour
        # a staff login is never taken over by a phone sign-in
        self.assertFalse(self.env["res.users"]._gov_online_user(self.clerk.login))

    def test_public_methods_inventory(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_online", ONLINE_INVENTORY)
        self.assertFalse(unknown, f"public methods nobody classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")
