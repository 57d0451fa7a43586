import base64
import io
from datetime import date, datetime

import openpyxl

from odoo.addons.gov_hall.tests.common import public_method_inventory
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time

from .common import HotlineFixture, csv_bytes, order_row

OPENER = "opener: returns a window action, writes nothing"
INVENTORY = {
    "gov.hotline.order": {
        "action_assign": "supervision; received",
        "action_reply": "back office or leader of the assigned department; assigned",
        "action_revisit": "supervision; replied (unsatisfied: back to the department once)",
        "action_close": "supervision; revisited",
        "action_open_assign": OPENER,
        "action_open_reply": OPENER,
        "action_open_revisit": OPENER,
    },
    "gov.hotline.step.wizard": {"action_confirm": "calls the order's checked action of the step"},
    "gov.hotline.import.wizard": {"action_import": "supervision (checked by the import service)"},
    "gov.hotline.export.wizard": {"action_export": "supervision"},
}


@freeze_time("2026-03-02 10:00:00")
class TestHotline(HotlineFixture):

    def _assigned(self, number, **kw):
        self._import(csv_bytes([order_row(number, **kw)]))
        order = self._order(number)
        order.with_user(self.supervisor).action_assign(self.dept, "请核实并按时答复来电人。")
        return order

    # ------------------------------------------------------------------ the whole trip
    def test_round_trip_csv(self):
        data = csv_bytes([order_row("JH-001"), order_row("JH-002", category="建议", title="建议增加午间服务",
                                                          dept="TSCJ")])
        result = self._import(data)
        self.assertIn("2", result)
        first, second = self._order("JH-001"), self._order("JH-002")
        self.assertEqual((first.state, first.source, first.category), ("received", "import", "consult"))
        self.assertEqual(first.received_at, datetime(2026, 3, 2, 1, 30))  # 09:30 in Shanghai
        self.assertEqual(first.deadline, date(2026, 3, 9))
        self.assertEqual(first.caller_phone, "13857300101")
        # the platform's code of the department is a hint the assignment wizard follows
        wizard = self.env["gov.hotline.step.wizard"].with_user(self.supervisor).new(
            {"order_id": second.id, "step": "assign"})
        wizard._onchange_order()
        self.assertEqual(wizard.department_id, self.dept)
        orders = first | second
        orders.with_user(self.supervisor).action_assign(self.dept, "请核实并按时答复来电人。")
        self.assertEqual(set(orders.mapped("state")), {"assigned"})
        self.assertTrue(orders.activity_ids.filtered(lambda a: a.user_id == self.leader))
        orders.with_user(self.reviewer).action_reply("已电话联系来电人，告知办理流程和所需材料。")
        self.assertEqual(first.replied_by_id, self.reviewer)
        orders.with_user(self.supervisor).action_revisit("satisfied", "来电人表示满意。")
        self.assertEqual(first.state, "revisited")
        orders.with_user(self.supervisor).action_close()
        self.assertEqual(first.state, "closed")
        # re-importing the platform's file changes nothing: already imported
        again = self._import(data)
        self.assertIn("JH-001", again)
        self.assertEqual(self.Order.search_count([("name", "in", ["JH-001", "JH-002"])]), 2)
        for fmt in ("csv", "xlsx"):
            export = self.env["gov.hotline.export.wizard"].with_user(self.supervisor).with_context(
                active_model="gov.hotline.order", active_ids=orders.ids).create({"file_format": fmt})
            self.assertEqual(export.order_ids, orders)
            export.action_export()
            self.assertTrue(export.filename.endswith(fmt))
            content = base64.b64decode(export.file)
            parsed = self.Order.with_user(self.supervisor)._gov_parse(
                self.Order._gov_read_file(content, export.filename))
            by_number = {values["number"]: values for _row, values in parsed}
            self.assertEqual(set(by_number), {"JH-001", "JH-002"})
            self.assertEqual(by_number["JH-001"]["reply"], "已电话联系来电人，告知办理流程和所需材料。")
            self.assertEqual(by_number["JH-001"]["handled_by"], self.dept.name)
            self.assertEqual(by_number["JH-001"]["revisit"], "satisfied")
            self.assertEqual(by_number["JH-001"]["received_at"], datetime(2026, 3, 2, 9, 30))
            self.assertEqual(by_number["JH-001"]["closed_at"], datetime(2026, 3, 2, 18, 0))
            # the return file re-imported is "already imported": nothing new, nothing changed
            report = self._import(content, export.filename)
            self.assertIn("JH-002", report)
            self.assertEqual(self.Order.search_count([("name", "like", "JH-00")]), 2)
            self.assertEqual(first.reply, "已电话联系来电人，告知办理流程和所需材料。")
        # a date range: the orders closed today
        ranged = self.env["gov.hotline.export.wizard"].with_user(self.supervisor).create(
            {"date_from": date(2026, 3, 2), "date_to": date(2026, 3, 2)})
        self.assertEqual(ranged._orders().filtered(lambda o: o.name.startswith("JH-")), orders)
        with self.assertRaises(AccessError):
            self.env["gov.hotline.export.wizard"].with_user(self.reviewer).create({})

    def test_xlsx_import_and_update_before_assignment(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["工单编号", "受理时间", "诉求类型", "标题", "诉求内容", "来电人", "联系电话", "涉及部门",
                      "办理时限"])
        sheet.append(["JH-X1", datetime(2026, 3, 2, 8, 5), "求助", "社保卡丢失补办", "急需就医，求助尽快补办。",
                      "李女士", 13657300104, "人社局", date(2026, 3, 6)])
        sheet.append(["JH-X2", "2026/03/02 08:30", "表扬", "表扬户籍窗口", "工作人员耐心细致。", "", "", "",
                      "2026年3月9日"])
        buf = io.BytesIO()
        book.save(buf)
        self._import(buf.getvalue(), "工单.xlsx")
        x1, x2 = self._order("JH-X1"), self._order("JH-X2")
        self.assertEqual((x1.category, x1.deadline, x1.caller_phone), ("help", date(2026, 3, 6), "13657300104"))
        self.assertEqual(x1.received_at, datetime(2026, 3, 2, 0, 5))
        self.assertEqual((x2.category, x2.deadline), ("praise", date(2026, 3, 9)))
        # the platform corrects an order not yet assigned: updated; an assigned one: already imported
        x2.with_user(self.supervisor).action_assign(self.dept, "请转达表扬。")
        result = self._import(csv_bytes([order_row("JH-X1", category="求助", title="社保卡补办（更正）",
                                                   received="2026-03-02 08:05", deadline="2026-03-06"),
                                         order_row("JH-X2", category="表扬", title="改了也不变")]))
        self.assertIn("JH-X1", result)
        self.assertEqual(x1.title, "社保卡补办（更正）")
        self.assertEqual(x2.title, "表扬户籍窗口")

    def test_bad_file_refused_as_a_whole(self):
        data = csv_bytes([order_row("JH-B1"), order_row("JH-B2", deadline=""), order_row("JH-B3", category="投拆"),
                          order_row("JH-B4", received="昨天上午")])
        with self.assertRaises(UserError) as err:
            self._import(data)
        message = str(err.exception)
        for row in ("Row 3", "Row 4", "Row 5"):
            self.assertIn(row, message)
        self.assertNotIn("Row 2", message)
        self.assertIn("without deadline", message)
        self.assertFalse(self.Order.search([("name", "like", "JH-B")]))
        # in Chinese, as the hall reads it
        with self.assertRaises(UserError) as err:
            self.Order.with_user(self.supervisor).with_context(lang="zh_CN")._gov_import_file(data, "x.csv")
        self.assertIn("第 3 行", str(err.exception))
        self.assertIn("没有办理时限", str(err.exception))
        # and a work order typed in by hand without deadline
        with self.assertRaisesRegex(ValidationError, "without deadline"):
            self.Order.with_user(self.supervisor).create({"name": "JH-M1", "category": "consult", "title": "t",
                                                          "content": "c"})
        with self.assertRaises(UserError):  # a department's staff imports nothing
            self._import(csv_bytes([order_row("JH-B9")]), user=self.reviewer)

    # ------------------------------------------------------------------ complaints
    def test_complaint_order_counts_as_complaint(self):
        Complaint = self.env["gov.complaint"]
        before = Complaint.search_count([("channel", "=", "hotline")])
        self._import(csv_bytes([order_row("JH-C1", category="投诉", title="窗口排队时间长", caller="钱女士")]))
        order = self._order("JH-C1")
        complaint = order.complaint_id
        self.assertTrue(complaint)
        self.assertEqual((complaint.channel, complaint.complainant, complaint.hotline_order_id),
                         ("hotline", "钱女士", order))
        self.assertEqual(complaint.date, date(2026, 3, 2))
        self.assertEqual(Complaint.search_count([("channel", "=", "hotline")]), before + 1)
        order.with_user(self.supervisor).action_assign(self.dept, "请核实排队情况。")
        self.assertEqual(complaint.department_id, self.dept)
        order.with_user(self.leader).action_reply("已增开两个综合窗口并安排专人引导。")
        self.assertIn("已增开两个综合窗口", complaint.message_ids[0].body)
        # supervision goes on with the complaint in its own flow
        complaint.with_user(self.supervisor).action_handle()
        self.assertEqual(complaint.state, "handling")
        self._import(csv_bytes([order_row("JH-C2", category="咨询")]))
        self.assertFalse(self._order("JH-C2").complaint_id)

    # ------------------------------------------------------------------ flow rules
    def test_revisit_returns_once(self):
        order = self._assigned("JH-R1")
        with self.assertRaises(UserError):
            order.with_user(self.supervisor).action_revisit("satisfied")  # not replied yet
        with self.assertRaises(AccessError):
            order.with_user(self.supervisor).action_reply("监察中心不代答")
        with self.assertRaises(AccessError):
            order.with_user(self.clerk).action_reply("窗口人员不答复")
        with self.assertRaises(UserError):
            order.with_user(self.reviewer).action_reply("  ")
        order.with_user(self.reviewer).action_reply("已转执法大队处理。")
        with self.assertRaises(AccessError):
            order.with_user(self.reviewer).action_revisit("satisfied")
        with self.assertRaises(UserError):
            order.with_user(self.supervisor).action_revisit("unsatisfied", "")
        order.with_user(self.supervisor).action_revisit("unsatisfied", "来电人要求告知查处结果。")
        self.assertEqual((order.state, order.return_count), ("assigned", 1))
        order.with_user(self.reviewer).action_reply("已查处，责令停业整改。")
        order.with_user(self.supervisor).action_revisit("unsatisfied", "仍不满意。")
        self.assertEqual((order.state, order.revisit_result), ("revisited", "unsatisfied"))
        with self.assertRaises(AccessError):
            order.with_user(self.reviewer).action_close()
        order.with_user(self.supervisor).action_close()
        self.assertEqual(order.closed_by_id, self.supervisor)
        with self.assertRaises(UserError):
            order.with_user(self.supervisor).action_close()
        with self.assertRaises(UserError):
            self._order("JH-R1").with_user(self.supervisor).action_assign(self.dept, "再派")

    def test_record_rules_and_personal_data(self):
        order = self._assigned("JH-S1")
        self._import(csv_bytes([order_row("JH-S2")]))
        waiting = self._order("JH-S2")
        mine = [("name", "like", "JH-S")]  # the demo city has orders of its own
        for user in (self.reviewer, self.leader, self.clerk):
            self.assertEqual(self.Order.with_user(user).search(mine), order)
            self.assertEqual(order.with_user(user).caller_phone, "13857300101")
        for user in (self.other_reviewer, self.finance):
            self.assertFalse(self.Order.with_user(user).search(mine))
            with self.assertRaises(AccessError):
                order.with_user(user).read(["caller_name", "caller_phone"])
        for user in (self.supervisor, self.manager):
            self.assertEqual(self.Order.with_user(user).search(mine), order | waiting)
        with self.assertRaises(AccessError):
            order.with_user(self.other_reviewer).action_reply("别的部门")
        self.assertEqual(self.Order.with_user(self.reviewer).search([("is_my_department", "=", True), *mine]), order)

    def test_guarded_writes_as_each_role(self):
        order = self._assigned("JH-G1")
        roles = (self.clerk, self.reviewer, self.leader, self.other_reviewer, self.supervisor, self.manager,
                 self.finance)
        for user in roles:
            for vals in ({"state": "closed"}, {"reply": "改答复"}, {"department_id": self.dept2.id},
                         {"warning_level": "normal"}, {"is_overdue": False}, {"title": "改标题"},
                         {"deadline": "2026-12-31"}, {"name": "JH-G9"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    order.with_user(user).write(vals)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                order.with_user(user).unlink()
        for user in (self.reviewer, self.clerk):
            with self.assertRaises(AccessError):
                self.Order.with_user(user).create({"name": "JH-G2", "category": "consult", "title": "t",
                                                   "content": "c", "deadline": "2026-03-09"})
        with self.assertRaises(AccessError):  # nobody creates an order already closed
            self.Order.with_user(self.supervisor).create({"name": "JH-G3", "category": "consult", "title": "t",
                                                          "content": "c", "deadline": "2026-03-09",
                                                          "state": "closed"})
        # supervision corrects what the platform sent while the order waits for assignment
        manual = self.Order.with_user(self.supervisor).create({"name": "JH-G4", "category": "consult",
                                                                "title": "电话登记", "content": "c",
                                                                "deadline": "2026-03-09"})
        self.assertEqual(manual.source, "manual")
        manual.with_user(self.supervisor).write({"title": "电话登记（更正）"})
        self.assertEqual(manual.title, "电话登记（更正）")

    # ------------------------------------------------------------------ warnings
    def test_overdue_levels_notified_once(self):
        order = self._assigned("JH-W1", deadline="2026-03-09")  # 5 working days from Monday 2 March

        def run(day):
            with freeze_time(day):
                self.Order._cron_update_warnings()

        levels = []
        for day in ("2026-03-03", "2026-03-05", "2026-03-05", "2026-03-09", "2026-03-10", "2026-03-11"):
            run(day)
            levels.append((order.warning_level, order.days_left, order.is_overdue))
        self.assertEqual(levels, [("normal", 4, False), ("yellow", 2, False), ("yellow", 2, False),
                                  ("orange", 0, False), ("red", -1, True), ("red", -2, True)])
        leader_acts = order.activity_ids.filtered(lambda a: a.user_id == self.leader)
        # assignment + yellow + orange + red, each once
        self.assertEqual(len(leader_acts), 4)
        self.assertEqual(len(order.activity_ids.filtered(lambda a: a.user_id == self.supervisor)), 1)
        self.assertEqual(self.Order.search([("is_overdue", "=", True), ("name", "like", "JH-W")]), order)
        order.with_user(self.reviewer).action_reply("迟到的答复。")
        self.assertFalse(order.is_overdue)
        self.assertEqual(order.warning_level, "red")  # it was overdue: the record says so
        run("2026-03-12")
        self.assertEqual(order.warning_level, "red")

    def test_public_method_inventory(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_hotline", INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")
