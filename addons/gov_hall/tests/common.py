import inspect

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
