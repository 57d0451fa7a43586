from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import GovHallCase


@tagged("post_install", "-at_install")
class TestCatalog(GovHallCase):

    def test_publish_and_lock(self):
        item = self._item()
        self.assertEqual(item.state, "draft")
        item.with_user(self.manager).action_publish()
        self.assertEqual(item.state, "published")
        self.assertTrue(item.date_from)
        self.assertTrue(item.has_fees)
        # legal elements are frozen once published
        with self.assertRaises(UserError):
            item.with_user(self.manager).write({"promised_limit": 5})
        with self.assertRaises(UserError):
            item.material_ids[0].with_user(self.manager).write({"copies": 2})
        with self.assertRaises(UserError):
            item.with_user(self.manager).write({"fee_ids": [Command.create({"name": "新费", "amount": 1})]})
        with self.assertRaises(UserError):
            item.fee_ids.with_user(self.manager).unlink()
        # non-legal elements still change
        item.with_user(self.manager).write({"conditions": "具备相应的经营场所"})
        with self.assertRaises(UserError):
            item.with_user(self.manager).unlink()

    def test_new_version(self):
        item = self._item(publish=True)
        action = item.with_user(self.manager).action_new_version()
        v2 = self.env["gov.item"].browse(action["res_id"])
        self.assertEqual((v2.version, v2.state, v2.previous_version_id), (2, "draft", item))
        self.assertEqual(v2.implementation_code, item.implementation_code)
        self.assertEqual(len(v2.material_ids), 3)
        self.assertEqual(v2.window_ids, item.window_ids)
        v2.with_user(self.manager).write({"promised_limit": 5})
        v2.material_ids[2].with_user(self.manager).unlink()
        # the old version is still in force until the new one is published
        self.assertEqual(item.state, "published")
        v2.with_user(self.manager).action_publish()
        self.assertEqual(item.state, "retired")
        self.assertEqual(v2.state, "published")
        # the old version stays readable, unchanged
        self.assertEqual(item.promised_limit, 10)
        self.assertEqual(len(item.material_ids), 3)
        self.assertEqual(self.env["gov.item"]._gov_public_item(item.implementation_code), v2)
        with self.assertRaises(UserError):
            item.with_user(self.manager).action_new_version()

    def test_limits(self):
        with self.assertRaises(ValidationError):
            self._item(promised_limit=25)
        with self.assertRaises(ValidationError):
            self._item(case_type="immediate", promised_limit=3)
        with self.assertRaises(ValidationError):
            self._item(legal_limit=-1, promised_limit=0)
        immediate = self._item(case_type="immediate", promised_limit=0, legal_limit=0)
        self.assertEqual(immediate.promised_limit, 0)

    def test_duplicate_code_within_version(self):
        self._item()
        # backed by the database: two Bureau users at once cannot both create it
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._item(name="重复")

    def test_bad_codes(self):
        with self.assertRaises(ValidationError):
            self._item(basic_code="12345")
        with self.assertRaises(ValidationError):
            self._item(implementation_code="X" * 37)
        with self.assertRaises(ValidationError):
            self._item(implementation_code="11330400MB0000000X99999999999900")

    def test_negative_fee(self):
        with self.assertRaises(ValidationError):
            self._item(fee_ids=[Command.create({"name": "工本费", "amount": -5})])
        with self.assertRaises(ValidationError):
            self._item(fee_ids=[Command.create({"name": "复垦费", "fee_mode": "unit", "amount": 2.5})])

    def test_publish_requires_materials_windows_steps(self):
        item = self._item(material_ids=[], window_ids=[])
        with self.assertRaises(UserError) as ctx:
            item.with_user(self.manager).action_publish()
        self.assertIn(item.name, str(ctx.exception))
        self.assertEqual(item.state, "draft")
        item2 = self._item(implementation_code="11330400MB0000000X00017200700001", window_ids=[])
        with self.assertRaises(UserError):
            item2.with_user(self.manager).action_publish()
        self.assertEqual(item2.state, "draft")

    def test_last_window_stays(self):
        item = self._item(publish=True)
        with self.assertRaises(ValidationError):
            self.window.with_user(self.manager).write({"item_ids": [Command.unlink(item.id)]})
        with self.assertRaises(ValidationError):
            item.with_user(self.manager).write({"window_ids": [Command.clear()]})
        # a second window first, then the first one may go
        item.with_user(self.manager).write({"window_ids": [Command.link(self.window2.id)]})
        self.window.with_user(self.manager).write({"item_ids": [Command.unlink(item.id)]})
        self.assertEqual(item.window_ids, self.window2)

    def test_hierarchy(self):
        main = self._item(level="main")
        with self.assertRaises(ValidationError):
            self._item(implementation_code="11330400MB0000000X00017200700001", level="handling",
                       parent_id=main.id)  # handling type missing
        handling = self._item(implementation_code="11330400MB0000000X00017200700002", level="handling",
                              parent_id=main.id, handling_type="change", name="食品经营许可（变更）")
        self.assertEqual(main.child_ids, handling)
        with self.assertRaises(ValidationError):
            self._item(implementation_code="11330400MB0000000X00017200700003", level="sub",
                       parent_id=handling.id)
        with self.assertRaises(ValidationError):
            self._item(implementation_code="11330400MB0000000X00017200700004", level="sub")

    def test_joint_department(self):
        item = self._item(joint_department_ids=[Command.set([self.dept2.id])])
        self.assertTrue(item.is_joint)
        with self.assertRaises(ValidationError):
            self._item(implementation_code="11330400MB0000000X00017200700005",
                       joint_department_ids=[Command.set([self.dept.id])])

    def test_access_per_role(self):
        item = self._item(publish=True)
        for user in (self.clerk, self.reviewer, self.finance):
            self.assertEqual(item.with_user(user).name, "食品经营许可（新办）")
            with self.assertRaises(AccessError):
                item.with_user(user).write({"conditions": "x"})
            with self.assertRaises(AccessError):
                self.env["gov.item"].with_user(user).create(self._item_vals(
                    implementation_code="11330400MB0000000X00017200700009"))
            with self.assertRaises(AccessError):
                self.window.with_user(user).write({"label": "x"})
            with self.assertRaises(AccessError):
                item.with_user(user).action_retire()
        # windows and departments are readable by clerks
        self.assertTrue(self.window.with_user(self.clerk).item_ids)

    def test_form_ui(self):
        with Form(self.env["gov.item"].with_user(self.manager)) as form:
            form.name = "公共场所卫生许可"
            form.department_id = self.dept
            form.basic_code = "000117002000"
            form.implementation_code = "11330400MB0000000X00011700200000"
            form.legal_limit = 20
            form.promised_limit = 7
            with form.material_ids.new() as line:
                line.name = "卫生许可证申请表"
            with form.step_ids.new() as step:
                step.step = "approval"
            form.window_ids.add(self.window)
        item = form.record
        item.action_publish()
        self.assertEqual(item.state, "published")
        self.assertEqual(item.step_ids.office, "back")

    def test_window_rules(self):
        with self.assertRaises(ValidationError):
            self.env["gov.window"].with_user(self.manager).create(
                {"name": "T09", "window_type": "department"})
        item = self._item(publish=True)
        self.assertIn(item, self.window.item_ids)
        self.assertEqual(self.window.item_count, 1)
        with self.assertRaises(ValidationError):
            self.window.with_user(self.manager).unlink()
