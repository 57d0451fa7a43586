import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.demo.demo_city import _person

# (item name, {material: flags}) — written in superuser mode: the items are published and their
# material lists are frozen for clients
CATALOG = [
    ("食品经营许可（新办）", {
        "食品经营许可申请书": {"is_key": True},
        "营业执照": {"is_key": True},
        "主要设备设施布局及操作流程等文件": {"may_defer": True},
        "食品安全管理制度": {"may_defer": True},
        "法定代表人（负责人）身份证明": {"may_pledge": True},
    }),
    ("食品生产许可", {
        "食品生产许可申请书": {"is_key": True},
        "营业执照": {"is_key": True},
        "食品安全管理制度": {"may_defer": True},
        "食品安全专业技术人员和管理人员名单": {"may_pledge": True},
    }),
]


class GovCasePledge(models.Model):
    _inherit = "gov.case.pledge"

    @api.model
    def _gov_demo_pledges(self):
        if self.search_count([]):
            return
        items = self.env["gov.item"]
        for name, flags in CATALOG:
            item = items.search([("name", "=", name), ("state", "=", "published")], limit=1)
            if not item:
                continue
            for line in item.material_ids:
                if line.name in flags:
                    line.sudo().write(flags[line.name])
            item.sudo().pledge_check_days = 20
            items |= item
        if not items:
            return
        rng = random.Random(1949)
        today = fields.Date.context_today(self)

        def new_case(item, company=False):
            window = item.window_ids.filtered(
                lambda w: w.employee_ids.filtered(lambda e: e.department_id == item.department_id and e.user_id))[:1]
            clerk = window.employee_ids.filtered(lambda e: e.department_id == item.department_id).user_id[:1]
            name, id_number = _person(rng)
            vals = {"item_id": item.id, "window_id": window.id,
                    "applicant_phone": f"139{rng.randint(0, 99999999):08d}"}
            if company:
                vals.update({"applicant_type": "company", "applicant_name": f"嘉禾市{name[:1]}记餐饮管理有限公司",
                             "applicant_uscc": "91330402MA2JH0T223", "contact_name": name})
            else:
                vals.update({"applicant_type": "person", "applicant_name": name, "applicant_id_number": id_number})
            case = self.env["gov.case"].with_user(clerk).create(vals)
            case.action_receive()
            case.material_ids.write({"submitted": True, "compliant": True})
            return case

        def defer(case):
            lines = case.material_ids.filtered("may_defer")[:1]
            lines.write({"submitted": False, "compliant": False, "deferred": True})
            case.action_accept_deferred(case._pledge_latest_deadline(today))
            return case.pledge_ids.filtered(lambda p: p.kind == "defer")

        def pledge(case):
            case.material_ids.filtered("may_pledge").write({"submitted": False, "compliant": False,
                                                             "by_pledge": True})
            case.action_accept_pledged()
            return case.pledge_ids.filtered(lambda p: p.kind == "commit")

        def decide(case):
            reviewer = case.department_id.member_ids.user_id.filtered(
                lambda u: u.has_group("gov_hall.group_gov_back_office"))[:1]
            leader = case.department_id.gov_leader_id.user_id
            while case.state == "review":
                actor = case.clerk_id if case.current_office == "front" else (
                    leader if case.current_step == "approval" and leader else reviewer)
                findings = "现场核查：经营场所、设备设施与申报一致。" if case.current_step == "inspection" else False
                case.with_user(actor).action_step_done("经审查，符合要求。", findings=findings)

        food = items[0]
        # 1. materials still awaited
        defer(new_case(food))
        # 2. made up in time, then decided
        case = new_case(items[-1], company=True)
        defer(case).action_makeup()
        # 3. not made up: the deadline passed a few days ago, the daily job ended the case
        case = new_case(food)
        broken = defer(case)
        past = today - timedelta(days=3)
        broken.sudo().write({"deadline": past, "reminder_date": past - timedelta(days=2), "reminder_sent": True,
                             "date": past - timedelta(days=3)})
        case.sudo().write({"received_date": past - timedelta(days=3), "accepted_date": past - timedelta(days=3)})
        self._cron_pledge_deadlines()
        # 4. decided on the pledge: the department's check is due
        case = new_case(food, company=True)
        pledge(case)
        decide(case)
        # 5. decided on the pledge and checked: true
        case = new_case(items[-1])
        pledge(case)
        decide(case)
        check = case.pledge_ids.check_ids[:1]
        checker = self.env["gov.pledge.check"]._back_office_users(case.department_id)[:1]
        if check and checker:
            check.with_user(checker).action_record_check(
                "true", "电话核实并调阅人社参保记录：食品安全专业技术人员和管理人员在岗，与承诺一致。")
