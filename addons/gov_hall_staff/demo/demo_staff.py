"""Demo city: every hall employee on the roster, staff at every window, uniforms, health checks, rotations."""
import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Command

LETTER = "JVBERi0xLjQKJcTl8uXrCg=="  # a token PDF standing in for the scanned 公函
SIZES = ["165/84A", "170/88A", "175/92A", "180/96A"]


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model
    def _gov_demo_staff_records(self):
        rng = random.Random(88)
        today = fields.Date.context_today(self)
        Window = self.env["gov.window"]
        # a person at every window that has nobody yet (consultation, output, bank…)
        for window in Window.search([("employee_ids", "=", False)]):
            emp = self.create({"name": f"{window.name}窗口值守员", "department_id": window.department_id.id or False,
                               "job_title": "窗口工作人员"})
            window.employee_ids = [Command.link(emp.id)]
        staff = Window.search([]).employee_ids
        for n, emp in enumerate(staff.sorted("id"), start=1):
            since = today - timedelta(days=rng.randint(200, 1800))
            emp.write({
                "gov_is_stationed": True, "gov_stationed_since": since,
                "gov_dispatch_department_id": emp.department_id.id,
                "gov_window_id": Window.search([("employee_ids", "in", emp.ids)], limit=1).id,
                "gov_badge_number": f"JH{n:04d}", "gov_size_top": rng.choice(SIZES),
                "gov_size_bottom": rng.choice(SIZES), "gov_size_shoes": str(rng.randint(36, 44)),
            })
        # the back office and the leaders in charge of the stationed departments work in the hall too (no window)
        rng_back = random.Random(89)
        depts = self.env["hr.department"].search([("is_stationed", "=", True)])
        back = self.search([("department_id", "in", depts.ids), ("user_id", "!=", False),
                            ("id", "not in", staff.ids)])
        for n, emp in enumerate(back.sorted("id"), start=len(staff) + 1):
            emp.write({
                "gov_is_stationed": True, "gov_stationed_since": today - timedelta(days=rng_back.randint(200, 1800)),
                "gov_dispatch_department_id": emp.department_id.id, "gov_badge_number": f"JH{n:04d}",
            })
        # uniforms: most issued within two years, some due next month
        issues = []
        for emp in staff:
            months = 23 if rng.random() < 0.15 else rng.randint(1, 20)
            issues.append({"employee_id": emp.id, "date": today - relativedelta(months=months),
                           "items": "春秋装一套、衬衫两件、领带一条", "cost": 1200.0, "paid_by": "bureau"})
        self.env["gov.uniform.issue"].create(issues)
        # health checks this year for most; the others are due
        self.env["gov.health.check"].create([
            {"employee_id": emp.id, "date": today.replace(month=3, day=rng.randint(1, 28)),
             "provider": "嘉禾市人民医院体检中心", "result_summary": "未见明显异常"}
            for emp in staff if rng.random() < 0.8])
        # training
        Training = self.env["gov.training.session"]
        Training.create([
            {"name": "爱国主义教育专题学习", "kind": "patriotic", "date": today - timedelta(days=60), "hours": 3,
             "attendee_ids": [Command.set(staff.ids)]},
            {"name": "政务服务礼仪规范培训", "kind": "etiquette", "date": today - timedelta(days=30), "hours": 2,
             "attendee_ids": [Command.set(staff[: len(staff) // 2].ids)]},
            {"name": "“四功四到位”服务标准培训", "kind": "service", "date": today - timedelta(days=10), "hours": 4,
             "attendee_ids": [Command.set(staff.ids)]},
        ])
        self._gov_demo_rotations(staff, rng)

    @api.model
    def _gov_demo_rotations(self, staff, rng):
        Rotation = self.env["gov.rotation"]
        hr_user = self.env.ref("gov_hall.user_hr")
        staffing = self.env.ref("gov_hall.user_staffing")
        bureau = self.env.ref("gov_hall.user_bureau")
        senior = staff.filtered(lambda e: e.gov_stationed_months >= 26 and e.department_id.gov_billing_partner_id)
        states = ["draft", "submitted", "staffing_reviewed", "approved", "done", "rejected"]
        for i, target in enumerate(states):
            out = senior[i * 3 % len(senior)]
            newcomer = self.create({"name": f"新入驻人员{i + 1}", "department_id": out.department_id.id,
                                    "job_title": "窗口工作人员", "gov_size_top": "170/88A",
                                    "gov_size_bottom": "170/88A", "gov_size_shoes": "40"})
            rot = Rotation.with_user(hr_user).create({
                "dispatch_department_id": out.department_id.id, "outgoing_id": out.id, "incoming_id": newcomer.id,
                "reason": "因工作需要，原窗口人员派驻期满，申请调换。", "letter": LETTER,
                "letter_filename": "公函.pdf"})
            if target == "draft":
                continue
            rot.action_submit()
            if target == "submitted":
                continue
            if target == "rejected":
                rot.with_user(staffing).action_reject("公函未加盖单位公章，请补充后重新提交。")
                continue
            rot.with_user(staffing).action_staffing_review()
            if target == "staffing_reviewed":
                continue
            rot.with_user(bureau).action_bureau_approve()
            if target == "approved":
                continue
            rot.with_user(hr_user).action_done()
