import importlib.util
import json
import os
import re
from datetime import date, timedelta

from odoo.addons.gov_hall.tests.common import COMPANY_USCC, CaseFixture, public_method_inventory
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import SQL

DAY = date(2026, 3, 10)  # a Tuesday
EXCHANGE_INVENTORY = {
    "gov.exchange.batch": {
        "action_open_export": "readers of the batches: opens the export wizard, which checks the Bureau",
    },
    "gov.exchange.export.wizard": {
        "action_export": "Bureau managers; a day that is over; a reason to export a day again",
    },
    "gov.dept.line": {
        "action_activate": "Bureau managers; a line being registered, with its contract and contact",
        "action_terminate": "Bureau managers; a line in use",
        "action_view_results": "readers of the register: opens the cases (record rules apply)",
        "action_view_api_calls": "readers of the register: opens the API log (its access rules apply)",
    },
    "gov.case.extension": {
        "action_approve": "the core's Bureau check, then the day of the decision is recorded",
        "action_reject": "the core's Bureau check, then the day of the decision is recorded",
    },
}
VALIDATOR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "exchange_validator.py")


def _validator():
    """The repository's pure-Python validator (tests/exchange_validator.py), when the addon sits in it."""
    if not os.path.exists(VALIDATOR):
        return None
    spec = importlib.util.spec_from_file_location("gov_exchange_validator_for_odoo_tests", VALIDATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestExchange(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item2 = cls._item(publish=True, fee_ids=[], name="食品经营许可（变更）", basic_code="000172007001",
                              implementation_code="11330400MB0000000X00017200700100")
        cls.Batch = cls.env["gov.exchange.batch"]

    # ------------------------------------------------------------ scenario
    def _scenario(self):
        """Four cases around Tuesday 10 March 2026: what the batch of that day must hold."""
        with freeze_time("2026-03-09 02:00:00"):
            early = self._accepted(applicant_name="李早")
        with freeze_time("2026-03-10 02:00:00"):
            early.with_user(self.clerk).action_step_done("初审通过")
            case = self._accepted()
            case.with_user(self.clerk).action_step_done("材料齐全，同意")
            suspension = self.env["gov.case.suspension"].with_user(self.reviewer).create({
                "case_id": case.id, "kind": "testing", "reason": "样品送检"})
            suspension.with_user(self.reviewer).action_end()
            extension = self.env["gov.case.extension"].with_user(self.reviewer).create({
                "case_id": case.id, "days": 5, "reason": "需组织专家论证"})
            extension.with_user(self.manager).action_approve()
            case.with_user(self.reviewer).action_step_done("现场核查一致", findings="场所与平面图一致")
            case.with_user(self.leader).action_step_done("同意许可")
            self._output(case)
            case.with_user(self.clerk).action_deliver("mail")
            refused = self._received(applicant_type="company", applicant_name="嘉禾市好味道餐饮有限公司",
                                     applicant_id_number=False, applicant_uscc=COMPANY_USCC)
            refused.with_user(self.clerk).action_refuse("不属于本机关职权范围", "《行政许可法》第三十二条")
            pending = self._received(item_id=self.item2.id, applicant_name="王待")
        return early, case, refused, pending, suspension, extension

    def _export(self, day=DAY, reason=False):
        wizard = self.env["gov.exchange.export.wizard"].with_user(self.manager).create(
            {"day": day, "reason": reason})
        action = wizard.action_export()
        return self.Batch.browse(action["res_id"])

    def _files(self, batch):
        files = {att.name: att.raw for att in batch.attachment_ids}
        payload = json.loads(next(raw for name, raw in files.items() if name.endswith(".json")))
        csvs = {table: next(raw for name, raw in files.items() if name.endswith(f"_{table}.csv"))
                for table in ("acceptance", "process", "special", "result")}
        return payload, csvs

    # --------------------------------------------------------------- tests
    def test_batch_content(self):
        early, case, refused, pending, suspension, extension = self._scenario()
        with freeze_time("2026-03-11 02:00:00"):
            batch = self._export()
        self.assertEqual(batch.state, "done", batch.error)
        self.assertEqual(batch.user_id, self.manager)
        self.assertEqual(batch.trigger, "manual")
        self.assertEqual((batch.case_count, batch.acceptance_count, batch.process_count, batch.special_count,
                          batch.result_count), (4, 4, 4, 2, 2))
        self.assertEqual(len(batch.attachment_ids), 5)
        payload, csvs = self._files(batch)
        tables = payload["tables"]
        head = {row["case_no"]: row for row in tables["acceptance"]}
        self.assertEqual(set(head), {early.name, case.name, refused.name, pending.name})
        row = head[case.name]
        self.assertEqual((row["impl_code"], row["item_version"]), (self.item.implementation_code, 1))
        self.assertEqual(row["applicant_name"], "张小三")  # inter-government: the full name
        self.assertEqual(row["applicant_id"], "110105********002X")  # the ID masked
        self.assertEqual((row["accept_status"], row["accepted_at"]), ("已受理", "2026-03-10 00:00:00"))
        self.assertEqual((row["promised_limit"], row["legal_limit"], row["case_type"]), (10, 20, "承诺件"))
        self.assertEqual(head[early.name]["accepted_at"], "2026-03-09 00:00:00")
        self.assertEqual(head[refused.name]["applicant_id"], COMPANY_USCC)
        self.assertEqual((head[refused.name]["accept_status"], head[refused.name]["accepted_at"]), ("不予受理", None))
        self.assertEqual(head[pending.name]["accept_status"], "已收件")
        self.assertEqual(head[pending.name]["impl_code"], self.item2.implementation_code)
        steps = [(r["case_no"], r["seq"], r["step_name"]) for r in tables["process"]]
        self.assertEqual(sorted(steps), sorted([(early.name, 1, "初审"), (case.name, 1, "初审"),
                                                (case.name, 2, "勘查"), (case.name, 3, "审批")]))
        first = next(r for r in tables["process"] if r["case_no"] == case.name and r["seq"] == 1)
        self.assertEqual((first["started_at"], first["finished_at"]), ("2026-03-10 00:00:00", "2026-03-10 10:00:00"))
        self.assertEqual(first["handler"], self.clerk.name)
        special = {r["kind"]: r for r in tables["special"]}
        self.assertEqual(special["检验检测"]["special_no"], f"SUS-{suspension.id}")
        self.assertEqual((special["检验检测"]["start_date"], special["检验检测"]["end_date"],
                          special["检验检测"]["status"], special["检验检测"]["limit_days"]),
                         ("2026-03-10", "2026-03-10", "已结束", 1))
        self.assertEqual(special["延期"]["special_no"], f"EXT-{extension.id}")
        self.assertEqual((special["延期"]["status"], special["延期"]["limit_days"], special["延期"]["end_date"]),
                         ("已批准", 5, "2026-03-10"))
        results = {r["case_no"]: r for r in tables["result"]}
        decision_doc = case.document_ids.filtered(lambda d: d.doc_type == "decision_approve")
        self.assertEqual((results[case.name]["result"], results[case.name]["finished_at"],
                          results[case.name]["doc_no"], results[case.name]["delivery_method"],
                          results[case.name]["reported_via"]),
                         ("准予", "2026-03-10 10:00:00", decision_doc.number, "邮寄送达", "大厅系统"))
        self.assertEqual((results[refused.name]["result"], results[refused.name]["legal_basis"]),
                         ("不予受理", "《行政许可法》第三十二条"))
        # the CSV files: UTF-8 with BOM, Chinese headers
        self.assertTrue(csvs["acceptance"].startswith("\ufeff办件编号,事项实施编码,事项版本".encode()))
        validator = _validator()
        if validator:
            self.assertEqual(validator.validate_files(json.dumps(payload).encode(), csvs), [])

    def test_cron_once_then_new_versions_by_the_bureau(self):
        early, _case, *_rest = self._scenario()
        with freeze_time("2026-03-11 02:00:00"):
            self.Batch._cron_export()
            first = self.Batch.search([("day", "=", DAY)])
            self.assertEqual((len(first), first.state, first.version, first.trigger), (1, "done", 1, "cron"))
            self.Batch._cron_export()  # idempotent: the day is exported once
            self.assertEqual(self.Batch.search_count([("day", "=", DAY)]), 1)
            # a step done today does not change the batch of yesterday
            early.with_user(self.reviewer).action_step_done("现场核查一致", findings="一致")
            with self.assertRaises(UserError):  # a new version needs its reason
                self._export()
            with self.assertRaises(UserError):  # today is not over
                self._export(day=date(2026, 3, 11), reason="补报")
            with self.assertRaises(AccessError):  # only the Bureau exports
                self.env["gov.exchange.export.wizard"].with_user(self.supervisor).create({"day": DAY}).action_export()
            second = self._export(reason="省平台要求重报")
        self.assertEqual((second.version, second.trigger, second.reason), (2, "manual", "省平台要求重报"))
        self.assertEqual(self._files(second)[0]["tables"], self._files(first)[0]["tables"])
        with freeze_time("2026-03-12 02:00:00"):
            self.Batch._cron_export()  # the next night: the next day only
        self.assertEqual(self.Batch.search([("day", "in", [DAY, date(2026, 3, 11)])]).mapped("day"),
                         [date(2026, 3, 11), DAY, DAY])
        # the wizard opens on yesterday and says when the day was already exported
        with freeze_time("2026-03-11 02:00:00"):
            form = Form(self.env["gov.exchange.export.wizard"].with_user(self.manager))
            self.assertEqual(form.day, DAY)
            self.assertTrue(form.already_exported)

    def test_bad_item_code_fails_the_whole_batch(self):
        _early, case, _refused, pending, *_rest = self._scenario()
        self.env.cr.execute(SQL("UPDATE gov_item SET implementation_code = %s WHERE id = %s",
                                "bad-code", self.item2.id))
        self.env.invalidate_all()
        with freeze_time("2026-03-11 02:00:00"):
            self.Batch._cron_export()
        batch = self.Batch.search([("day", "=", DAY)])
        self.assertEqual(batch.state, "failed")
        self.assertFalse(batch.attachment_ids)
        self.assertEqual(batch.acceptance_count + batch.process_count + batch.result_count, 0)
        self.assertEqual(batch.failed_case_ids, pending)
        self.assertIn(pending.name, batch.error)
        self.assertIn("bad-code", batch.error)
        self.assertNotIn(case.name, batch.error)
        self.assertIn("批次未导出", batch.error)  # in Chinese, whoever exports (the nightly job here)
        self.assertIn("不是 12 至 36 位数字或大写字母", batch.error)
        self.assertIn(self.manager, batch.activity_ids.user_id)  # the Bureau is told
        # a missing version fails it too, naming the case; once the catalog is right the day goes out
        self.env.cr.execute(SQL("UPDATE gov_item SET implementation_code = %s, version = 0 WHERE id = %s",
                                "11330400MB0000000X00017200700100", self.item2.id))
        self.env.invalidate_all()
        with freeze_time("2026-03-11 02:00:00"):
            again = self._export(reason="修正后重报")
        self.assertEqual(again.state, "failed")
        self.assertIn(pending.name, again.error)
        self.env.cr.execute(SQL("UPDATE gov_item SET version = 1 WHERE id = %s", self.item2.id))
        self.env.invalidate_all()
        with freeze_time("2026-03-11 02:00:00"):
            fixed = self._export(reason="修正后重报")
        self.assertEqual((fixed.state, fixed.version), ("done", 3))

    def test_guarded_writes(self):
        with freeze_time("2026-03-11 02:00:00"):
            batch = self._export()
        self.assertEqual(batch.state, "done")  # an empty day is still a batch
        for user in (self.manager, self.supervisor):
            with self.assertRaises(AccessError):
                batch.with_user(user).write({"state": "failed"})
            with self.assertRaises(AccessError):
                self.Batch.with_user(user).create({"name": "x", "day": DAY, "version": 9})
            with self.assertRaises(AccessError):
                batch.with_user(user).unlink()
        with self.assertRaises(AccessError):
            batch.with_user(self.clerk).read(["state"])
        line = self.env["gov.dept.line"].with_user(self.manager).create({
            "name": "市场主体登记注册系统", "department_id": self.dept.id, "contract_no": "HT-1",
            "contract_end": date(2027, 1, 1), "contact_name": "沈", "contact_phone": "0573-1"})
        for user in (self.manager, self.supervisor):
            with self.assertRaises(AccessError):
                line.with_user(user).write({"state": "active"})
        case = self._accepted()
        for user in (self.manager, self.clerk, self.leader):
            with self.assertRaises(AccessError):
                case.with_user(user).write({"result_line_id": line.id})
        with self.assertRaises(AccessError):
            self.env["gov.case.extension"].with_user(self.reviewer).create(
                {"case_id": case.id, "days": 2, "reason": "x"}).write({"decided_on": DAY})

    def test_line_register_and_reminder(self):
        Line = self.env["gov.dept.line"]
        with self.assertRaises(AccessError):
            Line.with_user(self.clerk).search([])
        line = Line.with_user(self.manager).create({"name": "公安人口信息系统", "department_id": self.dept.id,
                                                    "line_kind": "private_network", "carrier": "中国电信"})
        with self.assertRaises(UserError):  # no contract yet
            line.action_activate()
        line.write({"contract_no": "JHGA-ZX-2024-017", "contract_start": date(2024, 1, 1),
                    "contract_end": date.today() + timedelta(days=20), "contact_name": "刘建军",
                    "contact_phone": "0573-82011011"})
        with self.assertRaises(AccessError):
            line.with_user(self.supervisor).action_activate()
        line.action_activate()
        self.assertEqual(line.state, "active")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            line.write({"contract_start": date.today() + timedelta(days=30)})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():  # the API user works in the department
            line.write({"api_user_id": self.other_reviewer.id})
        Line._cron_contract_reminder()
        self.assertTrue(line.reminder_sent)
        self.assertIn(self.manager, line.activity_ids.user_id)
        activities = len(line.activity_ids)
        Line._cron_contract_reminder()
        self.assertEqual(len(line.activity_ids), activities)  # once per contract end
        line.write({"contract_end": date.today() + timedelta(days=400)})  # renewed
        self.assertFalse(line.reminder_sent)
        self.assertFalse(Line.with_user(self.manager).search(
            [("id", "=", line.id), ("contract_end", "<=", date.today() + timedelta(days=30))]))
        with self.assertRaises(UserError):
            line.unlink()  # in use: stays in the register
        line.action_terminate()
        self.assertEqual(line.state, "terminated")

    def test_public_method_inventory(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_exchange", EXCHANGE_INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")

    def test_layout_constants(self):
        from ..tools import layout
        self.assertEqual(layout.code_problem("11330400MB0000000X00017200700000", 1), None)
        self.assertEqual(layout.code_problem("11330400mb", 1), "bad_code")
        self.assertEqual(layout.code_problem(False, 1), "missing_code")
        self.assertEqual(layout.code_problem("11330400MB0000000X00017200700000", 0), "missing_version")
        self.assertTrue(all(re.match(r"^[a-z_]+$", col.key) for t in layout.TABLE_ORDER
                            for col in layout.columns(t)))
