import inspect
import subprocess
import tempfile
import unicodedata
from datetime import date

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

ORM_METHODS = {"create", "write", "unlink", "copy", "default_get", "get_workbook_options", "generate_xlsx_report"}


def public_method_inventory(env, module, inventory):
    """(unknown, stale): public methods that ``module`` defines on any model and ``inventory``
    ({model: {method: who may call it}}) does not classify, and entries that no longer exist."""
    found = {}
    for name in env.registry:
        for cls in type(env[name]).__mro__:  # every class of the model, overrides included
            for attr, func in vars(cls).items():
                if attr.startswith("_") or attr in ORM_METHODS or not inspect.isfunction(func):
                    continue
                if (getattr(func, "__module__", "") or "").startswith(f"odoo.addons.{module}."):
                    found.setdefault(name, set()).add(attr)
    unknown = {m: sorted(ms - set(inventory.get(m, {}))) for m, ms in found.items()
               if ms - set(inventory.get(m, {}))}
    stale = {m: sorted(set(ms) - found.get(m, set())) for m, ms in inventory.items()
             if set(ms) - found.get(m, set())}
    return unknown, stale


class GovHallCase(TransactionCase):
    """Shared fixture: two stationed departments, windows, users per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(cls.env, login="t_bureau", groups="gov_hall.group_gov_bureau_manager")
        cls.clerk = new_test_user(cls.env, login="t_clerk", groups="gov_hall.group_gov_front_office")
        cls.reviewer = new_test_user(cls.env, login="t_reviewer", groups="gov_hall.group_gov_back_office")
        cls.finance = new_test_user(cls.env, login="t_finance", groups="gov_hall.group_gov_finance")
        Dept = cls.env["hr.department"]
        cls.dept = Dept.create({"name": "测试市场监督管理局", "gov_code": "TSCJ", "is_stationed": True})
        cls.dept2 = Dept.create({"name": "测试自然资源和规划局", "gov_code": "TZRZ", "is_stationed": True})
        Window = cls.env["gov.window"]
        cls.window = Window.create({"name": "T01", "label": "测试专业窗口", "window_type": "department",
                                    "department_id": cls.dept.id})
        cls.window2 = Window.create({"name": "T02", "label": "测试综合窗口", "window_type": "comprehensive"})

    @classmethod
    def _item_vals(cls, **kw):
        vals = {
            "name": "食品经营许可（新办）",
            "department_id": cls.dept.id,
            "basic_code": "000172007000",
            "implementation_code": "11330400MB0000000X00017200700000",
            "item_type": "licensing",
            "case_type": "promised",
            "legal_limit": 20,
            "promised_limit": 10,
            "legal_basis": "《中华人民共和国食品安全法》第三十五条",
            "material_ids": [
                Command.create({"name": "食品经营许可申请书", "form": "original", "copies": 1}),
                Command.create({"name": "营业执照", "form": "copy", "copies": 1}),
                Command.create({"name": "场所平面图", "form": "original", "copies": 1, "required": False}),
            ],
            "fee_ids": [Command.create({"name": "许可证工本费", "fee_mode": "fixed", "amount": 10.0,
                                        "revenue_code": "103040501", "legal_basis": "财税〔2016〕79号"})],
            "step_ids": [Command.create({"step": "first_review", "office": "front"}),
                         Command.create({"step": "inspection", "office": "back"}),
                         Command.create({"step": "approval", "office": "back"})],
            "window_ids": [Command.set([cls.window.id])],
        }
        vals.update(kw)
        return vals

    @classmethod
    def _item(cls, publish=False, **kw):
        item = cls.env["gov.item"].with_user(cls.manager).create(cls._item_vals(**kw))
        if publish:
            item.action_publish()
        return item.with_user(cls.env.user)


def pdf_text(pdf):
    """Text of a PDF as a citizen copying it would get it (NFKC-normalised)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        out = subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout.decode())


PERSON_ID = "11010519491231002X"
COMPANY_USCC = "91330402MA2JH0T223"


class CaseFixture(GovHallCase):
    """Departments, staff on duty, a published item and case helpers."""
    _fixture_fees = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.leader = new_test_user(cls.env, login="t_leader", groups="gov_hall.group_gov_leader")
        cls.other_reviewer = new_test_user(cls.env, login="t_rev2", groups="gov_hall.group_gov_back_office")
        cls.supervisor = new_test_user(cls.env, login="t_sup", groups="gov_hall.group_gov_supervision")
        cls.clerk_emp = Employee.create({"name": "窗口王", "user_id": cls.clerk.id, "department_id": cls.dept.id})
        Employee.create({"name": "后台陈", "user_id": cls.reviewer.id, "department_id": cls.dept.id})
        cls.leader_emp = Employee.create({"name": "分管刘", "user_id": cls.leader.id, "department_id": cls.dept.id})
        Employee.create({"name": "规划局审核", "user_id": cls.other_reviewer.id, "department_id": cls.dept2.id})
        cls.dept.gov_leader_id = cls.leader_emp
        cls.window.employee_ids = [Command.link(cls.clerk_emp.id)]
        # the item charges no fee unless a test case of the fee addon asks for it
        cls.item = cls._item(publish=True, **({} if cls._fixture_fees else {"fee_ids": []}))
        # authorizations and seals (the output rules of the policy)
        Delegation = cls.env["gov.delegation"]
        common = {"grantor_id": cls.leader_emp.id, "date_from": date(2020, 1, 1), "date_to": date(2035, 12, 31),
                  "scan": "aGVsbG8=", "scan_filename": "scan.pdf"}
        cls.delegations = Delegation.create([
            dict(common, department_id=cls.dept.id, grantee_user_id=cls.clerk.id, grantee_kind="delegate",
                 power_accept=True, power_certify=True, power_joint_organise=True),
            dict(common, department_id=cls.dept.id, grantee_user_id=cls.leader.id, power_approve=True,
                 power_certify=True, power_countersign=True),
            dict(common, department_id=cls.dept2.id, grantee_user_id=cls.other_reviewer.id,
                 grantee_kind="delegate", power_countersign=True, power_joint_participate=True),
        ])
        cls.delegations.with_user(cls.manager).action_activate()
        Seal = cls.env["gov.seal"]
        Seal.search([("seal_type", "=", "bureau")]).write({"state": "retired"})  # the demo city's
        cls.dept_seal = Seal.create({"name": "测试审批专用章", "seal_type": "department",
                                     "department_id": cls.dept.id, "custodian_id": cls.leader.id,
                                     "authorized_user_ids": [Command.link(cls.clerk.id)]})
        cls.bureau_seal = Seal.create({"name": "测试服务局印章", "seal_type": "bureau",
                                       "custodian_id": cls.manager.id})

    def _case(self, **kw):
        vals = {"item_id": self.item.id, "window_id": self.window.id, "applicant_name": "张小三",
                "applicant_id_number": PERSON_ID, "applicant_phone": "13900000000"}
        vals.update(kw)
        return self.env["gov.case"].with_user(self.clerk).create(vals)

    def _received(self, **kw):
        case = self._case(**kw)
        case.action_receive()
        return case

    def _output(self, case):
        case.with_user(self.leader).action_output_sign()
        case.with_user(self.leader).action_output_dept_seal()
        case.with_user(self.manager).action_output_bureau_seal()

    def _accepted(self, **kw):
        case = self._received(**kw)
        case.material_ids.write({"submitted": True, "compliant": True})
        case.action_accept()
        return case
