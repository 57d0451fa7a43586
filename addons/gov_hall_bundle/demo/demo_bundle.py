"""Demo city: five life-event bundles of 嘉禾市 and applications received at window A01."""
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command

_logger = logging.getLogger(__name__)

# (name, code, for, lead department, own limit, guide, [(department code, item name, stage, optional)],
#  [(form field, type, options, items fed (names) or None)])
BUNDLES = [
    ("我要开餐馆", "restaurant", "company", "SCJ", 0,
     "开办餐馆涉及的营业执照、食品经营许可、公共场所卫生许可和招牌设置审批一次申请、并联审批，"
     "营业执照办结后发放食品经营许可等后续证照。",
     [("SCJ", "企业登记注册", 1, False), ("SCJ", "食品经营许可", 2, False), ("WJW", "公共场所卫生许可", 2, False),
      ("CGJ", "设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批", 2, True)],
     [("餐馆名称", "char", "", None), ("经营场所地址", "char", "", None), ("经营面积（平方米）", "number", "", None),
      ("经营项目", "selection", "热食类食品制售,冷食类食品制售,糕点类食品制售,自制饮品制售", ["食品经营许可"]),
      ("招牌尺寸（平方米）", "number", "", ["设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批"])]),
    ("新生儿出生一件事", "newborn", "person", "WJW", 0,
     "新生儿出生后，父母一次申请即可办理出生登记（落户）、医保参保登记、社会保障卡申领和生育津贴支付。",
     [("GAJ", "出生登记", 1, False), ("YBJ", "基本医疗保险参保登记", 2, False), ("RSJ", "社会保障卡申领", 2, False),
      ("YBJ", "生育津贴支付", 2, True)],
     [("新生儿姓名", "char", "", None), ("出生日期", "date", "", None), ("出生医学证明编号", "char", "", None),
      ("性别", "selection", "男,女", None), ("监护人银行账号", "char", "", ["生育津贴支付"])]),
    ("企业开办一件事", "company-start", "company", "SCJ", 1,
     "企业设立登记、住房公积金单位缴存登记、职工参保登记一表申请，一个工作日内办结。",
     [("SCJ", "企业登记注册", 1, False), ("GJJ", "住房公积金单位缴存登记", 1, False),
      ("YBJ", "基本医疗保险参保登记", 1, False)],
     [("企业名称", "char", "", None), ("注册资本（万元）", "number", "", None), ("住所", "char", "", None),
      ("职工人数", "number", "", None)]),
    ("小型建设项目施工许可一件事", "small-project", "company", "ZRZY", 20,
     "社会投资简易低风险工程建设项目：规划许可、消防设计审查、人防报建和施工许可一次申请，"
     "分阶段并联审批，承诺 20 个工作日内全部办结。",
     [("ZRZY", "建设工程规划许可证核发", 1, False), ("ZJJ", "建设工程消防设计审查", 2, False),
      ("RFB", "应建防空地下室的民用建筑项目报建审批", 2, False), ("ZJJ", "建筑工程施工许可证核发", 3, False)],
     [("项目名称", "char", "", None), ("建设地点", "char", "", None), ("总建筑面积（平方米）", "number", "", None),
      ("工程造价（万元）", "number", "", ["建筑工程施工许可证核发"])]),
    ("退休一件事", "retirement", "person", "RSJ", 0,
     "职工退休时一次申请养老保险待遇、住房公积金提取，并可同时办理异地就医备案。",
     [("RSJ", "职工基本养老保险退休待遇申领", 1, False), ("GJJ", "离休退休提取住房公积金", 1, False),
      ("YBJ", "异地就医备案", 1, True)],
     [("退休日期", "date", "", None), ("养老金发放银行账号", "char", "", None),
      ("异地安置地", "char", "", ["异地就医备案"])]),
]
APPLICANTS = [("陈晓东", "330402198503120010"), ("林雨萱", "330402199207250026"), ("周建国", "330402196406300010")]


class GovBundle(models.Model):
    _inherit = "gov.bundle"

    @api.model
    def _gov_demo_bundles(self):
        if self.search_count([("code", "=", "restaurant")]):
            return
        Item = self.env["gov.item"]
        Dept = self.env["hr.department"]
        bundles = self.browse()
        for name, code, subject, lead, limit, guide, members, form in BUNDLES:
            member_vals, items = [], {}
            for dept_code, item_name, stage, optional in members:
                item = Item.search([("name", "=", item_name), ("state", "=", "published"),
                                    ("department_id.gov_code", "=", dept_code)], limit=1)
                if not item:
                    _logger.warning("demo bundle %s: no published item %s", name, item_name)
                    continue
                items[item_name] = item
                member_vals.append(Command.create({"item_id": item.id, "stage": stage, "optional": optional,
                                                   "sequence": len(member_vals) + 1}))
            field_vals = [Command.create({
                "name": label, "field_type": kind, "options": options or False, "sequence": n,
                "item_ids": [Command.set([items[i].id for i in fed if i in items])] if fed else []})
                for n, (label, kind, options, fed) in enumerate(form, start=1)]
            lead_dept = Dept.search([("gov_code", "=", lead)], limit=1)
            bundles |= self.create({"name": name, "code": code, "subject": subject, "lead_department_id": lead_dept.id,
                                    "own_limit": limit, "description": f"<p>{guide}</p>",
                                    "member_ids": member_vals, "field_ids": field_vals})
        # the departments accept at the comprehensive windows (无差别受理); the clerk of A01 holds their
        # acceptance authorizations and may use their acceptance seals
        departments = bundles.member_ids.item_id.department_id
        departments.write({"gov_comprehensive_accept": True})
        clerk = self.env.ref("gov_hall.user_clerk", raise_if_not_found=False)
        if clerk:
            self._gov_demo_comprehensive_clerk(clerk, departments)
        for bundle in bundles:
            try:
                with self.env.cr.savepoint():
                    bundle.action_publish()
            except Exception as exc:
                _logger.warning("demo bundle %s not published: %s", bundle.name, exc)
        if clerk:
            self._gov_demo_applications(clerk)

    @api.model
    def _gov_demo_comprehensive_clerk(self, clerk, departments):
        Delegation = self.env["gov.delegation"]
        today = fields.Date.context_today(self)
        vals = []
        for dept in departments:
            if Delegation._find(clerk, dept, "power_accept"):
                continue
            grantor = dept.manager_id or dept.gov_leader_id
            if not grantor:
                continue
            vals.append({"department_id": dept.id, "grantor_id": grantor.id, "grantee_user_id": clerk.id,
                         "grantee_kind": "delegate", "power_accept": True, "date_from": today - timedelta(days=30),
                         "date_to": today + timedelta(days=365), "scan": "aGVsbG8=", "scan_filename": "signed.pdf"})
        if vals:
            Delegation.create(vals).action_activate()
        seals = self.env["gov.seal"].search([("seal_type", "=", "department"), ("department_id", "in", departments.ids),
                                             ("state", "=", "active")])
        seals.write({"authorized_user_ids": [Command.link(clerk.id)]})

    @api.model
    def _gov_demo_applications(self, clerk):
        window = self.env.ref("gov_hall.gov_window_a01", raise_if_not_found=False)
        if not window:
            return
        Application = self.env["gov.bundle.application"].with_user(clerk)
        plans = [("newborn", APPLICANTS[1], "accepted"), ("retirement", APPLICANTS[2], "accepted"),
                 ("restaurant", APPLICANTS[0], "received"), ("company-start", APPLICANTS[0], "draft")]
        for code, (name, id_number), target in plans:
            bundle = self.search([("code", "=", code), ("state", "=", "published")], limit=1)
            if not bundle:
                continue
            try:
                with self.env.cr.savepoint():
                    app = Application.create({"bundle_id": bundle.id, "window_id": window.id,
                                              "applicant_name": name, "applicant_id_number": id_number,
                                              "applicant_phone": "13905730101"})
                    for value in app.value_ids:
                        value.value = self._gov_demo_value(value.field_id)
                    if target == "draft":
                        continue
                    app.action_receive()
                    app.action_mark_all_compliant()
                    if target == "accepted":
                        app.action_accept()
            except Exception as exc:
                _logger.warning("demo application %s not created: %s", code, exc)

    @api.model
    def _gov_demo_value(self, field):
        if field.field_type == "date":
            return str(fields.Date.context_today(self) - timedelta(days=10))
        if field.field_type == "number":
            return "120"
        if field.field_type == "selection":
            return field._choices()[0]
        samples = {"新生儿姓名": "林小满", "出生医学证明编号": "Q330123456", "餐馆名称": "嘉禾味道小馆",
                   "经营场所地址": "嘉禾市南湖区中山东路 128 号", "养老金发放银行账号": "6222 0212 0000 1234 567",
                   "异地安置地": "海南省三亚市", "企业名称": "嘉禾市禾丰餐饮管理有限公司",
                   "住所": "嘉禾市南湖区禾兴路 66 号",
                   "项目名称": "嘉禾市南湖区社区卫生服务站改建工程", "建设地点": "嘉禾市南湖区东栅街道",
                   "监护人银行账号": "6217 0000 1111 2222 333"}
        return samples.get(field.name, "—")
