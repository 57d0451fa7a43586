"""Demo city on duty: last month's and this month's roster, attendance with late arrivals and one absence,
leave in each state, conduct records, one joint inspection, activities."""
import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class GovDutyShift(models.Model):
    _inherit = "gov.duty.shift"

    @api.model
    def _gov_demo_duty(self):
        rng = random.Random(15)
        today = fields.Date.context_today(self)
        company = self.env.company
        # the demo city can be tried at any hour: the windows' lists decide until a hall switches the roster on
        company.gov_roster_enforced = False
        company.resource_calendar_id.tz = "Asia/Shanghai"
        windows = self.env["gov.window"].search([("employee_ids", "!=", False)])
        periods = self.env["gov.duty.period"].search([])
        staff = windows.employee_ids
        for emp in staff:
            leader = emp.department_id.gov_leader_id.user_id
            emp.write({"tz": "Asia/Shanghai", **({"leave_manager_id": leader.id} if leader else {})})
        this_month = today.replace(day=1)
        last_month = this_month - relativedelta(months=1)
        shifts = self._generate(last_month, windows, periods, per_shift=1) | \
            self._generate(this_month, windows, periods, per_shift=1)
        # a leave last month, covered by a colleague: the sheet shows it
        hr_user = self.env.ref("gov_hall.user_hr")
        Leave = self.env["hr.leave"].with_context(leave_skip_date_check=True, mail_notrack=True,
                                                  tracking_disable=True)
        # a window clerk and a colleague of the department who is not on the roster (back office): the
        # colleague covers the window during leave, or takes a swapped shift
        pairs = []
        for clerk in staff.filtered("department_id").sorted("id"):
            mates = self.env["hr.employee"].search([("department_id", "=", clerk.department_id.id),
                                                    ("id", "not in", staff.ids)], limit=1)
            if mates and clerk.user_id:
                pairs.append((clerk, mates))
        types = [self.env.ref(f"gov_hall_staff.leave_type_{code}") for code in ("personal", "sick", "annual",
                                                                               "compensatory")]
        workdays = sorted({s.date for s in shifts})
        past_days = [d for d in workdays if d < today]
        future_days = [d for d in workdays if d > today + timedelta(days=1)]
        if pairs and past_days:
            who, cover = pairs[0]
            day = past_days[len(past_days) // 2]
            leave = Leave.create({"employee_id": who.id, "holiday_status_id": types[1].id, "request_date_from": day,
                                  "request_date_to": day, "gov_cover_employee_id": cover.id,
                                  "name": "感冒发烧，医院就诊"})
            self._gov_demo_approve(leave, hr_user, final=True)
        # attendance for every past shift: most on time, some late, one absence without leave
        now = fields.Datetime.now()
        past = self.search([("end", "<", now), ("status", "=", "planned")], order="start")
        absent = past[len(past) // 3] if past else self.browse()
        vals = []
        for shift in past - absent:
            late = rng.random() < 0.04
            start = shift.start + timedelta(minutes=rng.randint(8, 35) if late else -rng.randint(2, 25))
            end = shift.end + timedelta(minutes=rng.randint(0, 12))
            vals.append({"employee_id": shift.employee_id.id, "check_in": start, "check_out": min(end, now)})
        self.env["hr.attendance"].with_context(tracking_disable=True).create(vals)
        past._evaluate_attendance(now)
        # leave to come, in each state
        if len(pairs) >= 4 and len(future_days) >= 4:
            for n, state in enumerate(("confirm", "validate1", "validate", "refuse")):
                who, cover = pairs[n + 1] if n + 1 < len(pairs) else pairs[n]
                day = future_days[n]
                leave = Leave.create({"employee_id": who.id, "holiday_status_id": types[n % len(types)].id,
                                      "request_date_from": day, "request_date_to": day,
                                      "gov_cover_employee_id": cover.id,
                                      "name": ["家中有事", "腰伤复查", "年休假", "加班调休"][n]})
                if state in ("validate1", "validate"):
                    self._gov_demo_approve(leave, hr_user, final=state == "validate")
                elif state == "refuse":
                    leave.with_user(who.department_id.gov_leader_id.user_id or hr_user).sudo().action_refuse()
        # shift swaps: one approved by the leader, one waiting
        for n, (who, mate) in enumerate(pairs[-2:]):
            shift = self.search([("employee_id", "=", who.id), ("start", ">", now), ("status", "=", "planned")],
                                order="start", limit=1)
            if not shift:
                continue
            swap = self.env["gov.duty.swap"].with_user(who.user_id or hr_user).create({
                "shift_id": shift.id, "new_employee_id": mate.id,
                "reason": ["孩子学校家长会，与同事对调班次", "参加市里组织的业务培训"][n]})
            leader = who.department_id.gov_leader_id.user_id
            if n == 0 and leader:
                swap.with_user(leader).action_approve()
        self._gov_demo_conduct(staff, rng)
        self._gov_demo_inspection(windows, today)
        self._gov_demo_activities(staff, windows, today)

    def _gov_demo_approve(self, leave, hr_user, final):
        leader = leave.employee_id.department_id.gov_leader_id.user_id
        leave.with_user(leader).action_approve()
        if final:
            leave.with_user(hr_user).action_approve()

    @api.model
    def _gov_demo_conduct(self, staff, rng):
        supervisor = self.env.ref("gov_hall.user_supervisor")
        Conduct = self.env["gov.conduct.record"].with_user(supervisor)
        people = staff.sorted("id")
        today = fields.Date.context_today(self)
        records = Conduct.create([
            {"employee_id": people[0].id, "category": "dress", "kind": "violation", "points": -1,
             "rule": "驻厅人员统一着装、佩戴工牌规定", "description": "上午巡查时未佩戴工牌，已当场提醒。",
             "date": today - timedelta(days=12)},
            {"employee_id": people[3].id, "category": "absence", "kind": "violation", "points": -2,
             "rule": "窗口工作人员离岗须登记并安排顶岗",
             "description": "工作时间离开窗口约40分钟，未登记、未安排顶岗。",
             "date": today - timedelta(days=8)},
            {"employee_id": people[5].id, "category": "home_meeting", "kind": "violation", "points": -2,
             "rule": "驻厅期间不得参加原单位业务会议（服务局同意的除外）",
             "description": "工作日上午返回原单位参加科室例会，未经服务局同意。", "date": today - timedelta(days=5)},
            {"employee_id": people[7].id, "category": "service", "kind": "commendation", "points": 2,
             "rule": "“四功四到位”服务标准", "description": "主动为行动不便的老人上门帮办，群众送来锦旗。",
             "date": today - timedelta(days=3)},
            {"employee_id": people[9].id, "category": "manner", "kind": "violation", "points": -1,
             "rule": "文明用语规范", "description": "回答咨询时语气生硬，经回访核实。",
             "date": today - timedelta(days=1)},
        ])
        records[:4].action_confirm()
        answerer = records[1].employee_id.user_id
        if answerer:
            records[1].with_user(answerer).action_answer("当时帮助一位群众到自助区打印材料，已向窗口负责人说明，今后离岗先登记。")

    @api.model
    def _gov_demo_inspection(self, windows, today):
        supervisor = self.env.ref("gov_hall.user_supervisor")
        Inspection = self.env["gov.inspection"].with_user(supervisor)
        depts = windows.department_id.sorted("id")
        insp = Inspection.create({
            "title": "窗口作风建设和“一次性告知”落实情况联合督查",
            "date_start": today - timedelta(days=25),
            "unit_ids": [Command.set([self.env.ref("gov_hall_staff.inspection_unit_discipline").id,
                                      self.env.ref("gov_hall_staff.inspection_unit_staffing").id,
                                      self.env.ref("gov_hall_staff.inspection_unit_legal").id])],
            "window_ids": [Command.set(windows[:6].ids)], "department_ids": [Command.set(depts[:3].ids)],
            "focus": "窗口纪律、着装、一次性告知单与办事指南一致性、超时办件",
            "member_ids": [Command.create({"name": "周建国", "role": "leader"}),
                           Command.create({"name": "吴敏", "unit_id": self.env.ref(
                               "gov_hall_staff.inspection_unit_discipline").id}),
                           Command.create({"name": "郑卫东", "unit_id": self.env.ref(
                               "gov_hall_staff.inspection_unit_staffing").id}),
                           Command.create({"name": "孙丽", "unit_id": self.env.ref(
                               "gov_hall_staff.inspection_unit_legal").id})]})
        insp.action_start()
        findings = self.env["gov.inspection.finding"].with_user(supervisor).create([
            {"inspection_id": insp.id, "department_id": depts[0].id, "window_id": windows[0].id,
             "description": "一次性告知单所列材料与办事指南不一致（多列一项证明）", "rule": "一次性告知制",
             "severity": "serious", "limit_days": 10},
            {"inspection_id": insp.id, "department_id": depts[1 % len(depts)].id,
             "description": "窗口桌面摆放个人物品，未按要求摆放岗位牌", "rule": "窗口规范化建设标准",
             "limit_days": 5}])
        findings.action_issue()
        done, late = findings.rectification_id
        # issued when the campaign found it, 25 days ago: the second one is overdue by now
        started = today - timedelta(days=25)
        for rect in (done, late):
            rect.sudo().deadline = self.env["cn.holiday"].add_working_days(started, rect.limit_days)
        leader = done.handler_id or supervisor
        done.with_user(leader).sudo().action_report("已删除多余证明，办事指南与告知单统一修订并重新公示。")
        done.with_user(supervisor).action_accept()
        self.env["gov.rectification"].search([("id", "in", (done | late).ids)])._update_warning_levels()

    @api.model
    def _gov_demo_activities(self, staff, windows, today):
        Activity = self.env["gov.staff.activity"]
        people = staff.sorted("id")
        dept = windows.department_id[:1]
        Activity.create([
            {"name": "赴杭州市民中心学习“最多跑一次”改革经验", "kind": "study_visit", "hours": 8,
             "date": today - timedelta(days=40), "place": "杭州市民中心", "organizer": "市行政审批服务局",
             "attendee_ids": [Command.set(people[:12].ids)]},
            {"name": "创建“青年文明号”窗口推进会", "kind": "post_building", "hours": 2, "honour": "青年文明号",
             "date": today - timedelta(days=20), "attendee_ids": [Command.set(people[::2].ids)]},
            {"name": "“巾帼文明岗”创建交流", "kind": "post_building", "hours": 1.5, "honour": "巾帼文明岗",
             "date": today - timedelta(days=18), "attendee_ids": [Command.set(people[1::3].ids)]},
            {"name": "大厅党支部主题党日", "kind": "party", "hours": 3, "date": today - timedelta(days=14),
             "attendee_ids": [Command.set(people[:20].ids)]},
            {"name": "团支部青年理论学习小组", "kind": "league", "hours": 2, "date": today - timedelta(days=9),
             "attendee_ids": [Command.set(people[::3].ids)]},
            {"name": "职工趣味运动会", "kind": "sports", "hours": 4, "date": today - timedelta(days=30),
             "attendee_ids": [Command.set(people.ids)]},
            {"name": f"{dept.name}分管领导到窗口走访", "kind": "leader_visit", "hours": 1.5,
             "date": today - timedelta(days=6), "department_id": dept.id, "visitor_id": dept.gov_leader_id.id,
             "window_ids": [Command.set(dept.gov_window_ids.ids)],
             "problems_solved": "协调增派一名后台审核人员，高峰期开设潮汐窗口。",
             "attendee_ids": [Command.set(dept.gov_window_ids.employee_ids.ids)]},
        ])

