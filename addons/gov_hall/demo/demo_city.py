"""Demo city: staff for every department and a few hundred cases in every state."""
import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command

from ..tools.idcheck import valid_resident_id
from ..tools.sealimg import draw_seal

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国志文斌宇浩凯鹏辉晨欣雪琳颖"


def _person(rng):
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    while True:
        body = "330402" + f"{rng.randint(1955, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" \
            + f"{rng.randint(0, 999):03d}"
        for check in "0123456789X":
            if valid_resident_id(body + check):
                return name, body + check


class GovCase(models.Model):
    _inherit = "gov.case"

    @api.model
    def _gov_demo_staff(self):
        """A window clerk and a reviewer per stationed department; the leader in charge gets a login."""
        Users = self.env["res.users"].with_context(no_reset_password=True)
        front = self.env.ref("gov_hall.group_gov_front_office")
        back = self.env.ref("gov_hall.group_gov_back_office")
        leader = self.env.ref("gov_hall.group_gov_leader")
        rng = random.Random(7)
        depts = self.env["hr.department"].search([("is_stationed", "=", True), ("gov_code", "!=", False)])
        comprehensive = self.env["gov.window"].search([("window_type", "=", "comprehensive")])
        for dept in depts:
            code = dept.gov_code.lower()
            if Users.search_count([("login", "=", f"{code}_clerk")]):
                continue
            specs = [(f"{code}_clerk", front, "窗口人员"), (f"{code}_review", back, "后台审核人员")]
            vals = []
            for login, group, _job in specs:
                name, _id = _person(rng)
                vals.append({"name": name, "login": login, "password": login, "lang": "zh_CN",
                             "tz": "Asia/Shanghai", "action_id": self.env.ref("gov_hall.gov_case_action").id,
                             "group_ids": [Command.link(self.env.ref("base.group_user").id),
                                           Command.link(group.id)]})
            users = Users.create(vals)
            employees = self.env["hr.employee"].create([
                {"name": u.name, "user_id": u.id, "department_id": dept.id, "job_title": job}
                for u, (_l, _g, job) in zip(users, specs)])
            dept.gov_window_ids.write({"employee_ids": [Command.link(employees[0].id)]})
            comprehensive[rng.randrange(len(comprehensive))].write(
                {"employee_ids": [Command.link(employees[0].id)]})
            if dept.gov_leader_id and not dept.gov_leader_id.user_id:
                user = Users.create({"name": dept.gov_leader_id.name, "login": f"{code}_leader",
                                     "password": f"{code}_leader", "lang": "zh_CN", "tz": "Asia/Shanghai",
                                     "group_ids": [Command.link(self.env.ref("base.group_user").id),
                                                   Command.link(leader.id)]})
                dept.gov_leader_id.user_id = user

    @api.model
    def _gov_demo_seals_and_delegations(self):
        """A department approval seal and authorization letters for every department, the Bureau seal."""
        Seal = self.env["gov.seal"]
        Delegation = self.env["gov.delegation"]
        if Seal.search_count([]):
            return
        bureau_user = self.env.ref("gov_hall.user_bureau", raise_if_not_found=False) or self.env.ref("base.user_admin")
        Seal.create({"name": "嘉禾市行政审批服务局印章", "seal_type": "bureau", "custodian_id": bureau_user.id,
                     "authorized_user_ids": [Command.link(self.env.ref("base.user_admin").id)],
                     "registration_number": "JH-ZWFW-0001", "image": draw_seal("嘉禾市行政审批服务局")})
        today = fields.Date.context_today(self)
        depts = self.env["hr.department"].search([("is_stationed", "=", True), ("gov_code", "!=", False)])
        seal_vals, deleg_vals = [], []
        for n, dept in enumerate(depts, start=1):
            leader = dept.gov_leader_id.user_id
            members = dept.member_ids.user_id
            clerks = members.filtered(lambda u: u.has_group("gov_hall.group_gov_front_office"))
            reviewers = members.filtered(lambda u: u.has_group("gov_hall.group_gov_back_office")) - leader
            if not leader:
                continue
            seal_vals.append({"name": f"{dept.name}行政审批专用章", "seal_type": "department",
                              "department_id": dept.id, "custodian_id": leader.id,
                              "authorized_user_ids": [Command.set(clerks.ids)],
                              "registration_number": f"JH-SP-{n:04d}",
                              "image": draw_seal(f"{dept.name}行政审批专用章")})
            common = {"department_id": dept.id, "grantor_id": (dept.manager_id or dept.gov_leader_id).id,
                      "date_from": today - timedelta(days=300), "scan": draw_seal(f"{dept.name}"),
                      "scan_filename": "signed.png"}
            # the leader expires in 20 days in one department: the reminder shows
            leader_to = today + timedelta(days=20 if dept.gov_code == "GAJ" else 400)
            deleg_vals.append(dict(common, grantee_user_id=leader.id, grantee_kind="leader", date_to=leader_to,
                                   power_accept=True, power_approve=True, power_certify=True, power_countersign=True,
                                   power_joint_organise=True, power_joint_participate=True))
            for clerk in clerks:
                deleg_vals.append(dict(common, grantee_user_id=clerk.id, grantee_kind="delegate",
                                       date_to=today + timedelta(days=400), power_accept=True,
                                       power_approve=True, power_certify=True, power_joint_organise=True))
            for reviewer in reviewers:
                deleg_vals.append(dict(common, grantee_user_id=reviewer.id, grantee_kind="delegate",
                                       date_to=today + timedelta(days=400), power_countersign=True,
                                       power_joint_participate=True))
        Seal.create(seal_vals)
        delegations = Delegation.create(deleg_vals)
        delegations.action_activate()
        # one revoked and one expired letter, for the record
        old = Delegation.create(dict(deleg_vals[0], date_from=today - timedelta(days=800),
                                     date_to=today - timedelta(days=400)))
        old.action_activate()
        old.write({"state": "expired"})

    def _gov_demo_output(self, complete=True):
        """Leader signature, department seal, Bureau seal — by the people who hold them."""
        for case in self:
            leader = case.department_id.gov_leader_id.user_id
            case.with_user(leader).action_output_sign()
            if not complete:
                continue
            case.with_user(leader).action_output_dept_seal()
            bureau_seal = self.env["gov.seal"].search([("seal_type", "=", "bureau")], limit=1)
            case.with_user(bureau_seal.custodian_id).action_output_bureau_seal()

    def _gov_demo_settle(self, rng, clerk, pay=True):
        """Hook: what the applicant does before the output (the fee addon issues the notice and pays)."""

    @api.model
    def _gov_demo_after_cases(self, created):
        """Hook: what follows the demo cases (the fee addon adds the statement's oddities)."""

    @api.model
    def _gov_demo_cases(self, count=300, setup=True, item_domain=(), seed=2026):
        """Cases in every state, driven through the same actions the buttons call."""
        if setup:
            self._gov_demo_staff()
            self._gov_demo_seals_and_delegations()
        rng = random.Random(seed)
        items = self.env["gov.item"].search([("state", "=", "published"), ("is_public", "=", True),
                                             ("child_ids", "=", False), ("max_visits", ">", 0), *item_domain])
        targets = ["draft", "received", "correction", "refused", "review", "review", "review",
                   "decided", "delivered", "closed", "closed", "closed"]
        created = self.browse()
        for n in range(count):
            item = items[rng.randrange(len(items))]
            windows = item.window_ids.filtered(
                lambda w, i=item: w.employee_ids.filtered(lambda e: e.department_id == i.department_id and e.user_id))
            if not windows:
                continue
            window = windows[rng.randrange(len(windows))]
            clerk = window.employee_ids.filtered(lambda e, i=item: e.department_id == i.department_id).user_id[:1]
            dept_users = item.department_id.member_ids.user_id
            reviewer = dept_users.filtered(lambda u: u.has_group("gov_hall.group_gov_back_office"))[:1]
            name, id_number = _person(rng)
            company = rng.random() < 0.35
            vals = {"item_id": item.id, "window_id": window.id, "applicant_phone": f"139{rng.randint(0, 99999999):08d}"}
            if company:
                vals.update({"applicant_type": "company", "applicant_name": f"嘉禾市{name[:1]}氏商贸有限公司",
                             "applicant_uscc": "91330402MA2JH0T223", "contact_name": name})
            else:
                vals.update({"applicant_type": "person", "applicant_name": name, "applicant_id_number": id_number})
            case = self.with_user(clerk).create(vals)
            created |= case
            target = targets[n % len(targets)]
            if target == "draft":
                continue
            case.action_receive()
            if target == "correction":
                case.material_ids.write({"submitted": True, "compliant": True})
                case.material_ids.filtered("required")[:1].write({"compliant": False, "note": "材料未加盖公章"})
                case.action_correction_notice()
                continue
            if target == "refused":
                case.action_refuse("申请事项不属于本机关职权范围",
                                   "《中华人民共和国行政许可法》第三十二条第一款第（二）项")
                continue
            case.material_ids.write({"submitted": True, "compliant": True})
            if target == "received":
                continue
            case.action_accept()
            for sign in case.countersign_ids:
                staff = sign.department_id.member_ids.user_id.filtered(
                    lambda u: u.has_group("gov_hall.group_gov_back_office"))[:1]
                if staff:
                    sign.with_user(staff).action_sign("同意，符合本部门审查要求。")
            stop_in_review = target == "review"
            while case.state == "review":
                office = case.current_office
                if stop_in_review and rng.random() < 0.5:
                    break
                actor = clerk if office == "front" else (
                    item.department_id.gov_leader_id.user_id if case.current_step == "approval"
                    and item.department_id.gov_leader_id.user_id else reviewer)
                if not actor or (case.countersign_pending and case.current_step == "approval"):
                    break
                step = case.current_step
                findings = "现场核查：场所、设施与申报一致。" if step == "inspection" else False
                case.with_user(actor).action_step_done("经审查，符合要求。", findings=findings)
                if stop_in_review:
                    break
            if case.state != "decided":
                continue
            if target == "decided":
                case._gov_demo_settle(rng, clerk, pay=(n // 12) % 2 == 0)
                if (n // 12) % 2 == 0:
                    case._gov_demo_output(complete=False)  # signed, seals still missing
                continue
            case._gov_demo_settle(rng, clerk)
            case._gov_demo_output()
            # 最多跑一次: results go by post unless the item allows a second visit (or, now and
            # then, the applicant insists on fetching them: the case is then flagged)
            fetch = item.max_visits > 1 or rng.random() < 0.1
            case.action_deliver("window" if fetch else rng.choice(["mail", "electronic"]))
            if target == "closed":
                case.action_close()
        # spread the dates over the past weeks (demo only)
        for case in created.filtered("received_date"):
            old = case.state in ("closed", "delivered") or (case.state == "review" and rng.random() < 0.4)
            shift = timedelta(days=rng.randint(0, 40) if old else rng.randint(0, 3))
            case.sudo().write({k: case[k] - shift for k in
                               ("received_date", "correction_deadline", "accepted_date", "decision_date",
                                "delivered_date", "closed_date") if case[k]})
        self._gov_demo_after_cases(created)
        if not setup:
            created._update_warning_levels_demo()
            return created
        # time limits: warning levels (and accountability for what is overdue), a few complaints
        created._update_warning_levels_demo()
        Complaint = self.env["gov.complaint"]
        complaints = [
            ("window", "窗口工作人员未一次性告知需要补正的材料，让我跑了两趟。", "yes"),
            ("hotline", "办件已超过承诺时限，仍未收到审批结果。", "yes"),
            ("web", "大厅排队时间过长，叫号系统不准。", "no"),
            ("phone", "咨询时工作人员解释不清楚收费标准。", "no"),
        ]
        sample = created.filtered(lambda c: c.state != "draft")
        for i, (channel, content, substantiated) in enumerate(complaints):
            case = sample[(i * 37) % len(sample)]
            Complaint.create({"channel": channel, "case_id": case.id, "department_id": case.department_id.id,
                              "complainant": case.applicant_name, "phone": case.applicant_phone,
                              "content": content, "state": "replied" if i % 2 == 0 else "new",
                              "reply": "已核实并督促整改。" if i % 2 == 0 else False,
                              "substantiated": substantiated if i % 2 == 0 else False})
        return created

    def _update_warning_levels_demo(self):
        self.filtered(lambda c: c.state == "review")._update_warning_levels()
