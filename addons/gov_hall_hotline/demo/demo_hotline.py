"""Demo city: the 12345 platform's technical user and work orders in every state, through the real actions."""
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Command

from ..tools.hotline_io import parse_records

# number suffix, days ago received, working days allowed, category, title, content, caller, phone,
# department code, item hint, target state, reply
ORDERS = [
    ("0101", 9, 10, "咨询", "营业执照办理需要哪些材料",
     "来电人准备开一家小餐馆，咨询个体工商户营业执照在政务服务中心怎么办理、需要带哪些材料、多久能拿到。",
     "周先生", "13857300101", "SCJ", "个体工商户设立登记", "closed",
     "已电话联系来电人：个体工商户设立登记可在政务服务中心二楼市场监管综合窗口或网上办理，"
     "需携带经营者身份证、经营场所证明；材料齐全当场办结，营业执照当场发放。"),
    ("0102", 4, 5, "投诉", "政务服务中心窗口排队时间长",
     "来电人反映上周三上午在市场监管窗口办理变更登记，排队等候近两个小时，叫号屏显示的等候人数与实际不符，希望改进。",
     "钱女士", "13957300102", "SCJ", "", "replied",
     "经核实，当日上午因系统升级导致叫号延迟。我局已增开两个综合窗口，并安排专人引导分流；已向来电人致歉并说明情况。"),
    ("0103", 8, 10, "建议", "建议社保业务增加午间延时服务",
     "来电人在企业上班，只能中午办事，建议社保窗口中午不休息，或开通更多网上办理渠道。",
     "孙先生", "13757300103", "RSJ", "", "revisited",
     "感谢建议。自下月起社保窗口实行午间延时服务（12:00-13:30），养老保险等 32 项业务已可在网上办理。"),
    ("0104", 2, 5, "求助", "社保卡丢失如何补办", "来电人社保卡丢失，急需就医使用，求助尽快补办。",
     "李女士", "13657300104", "RSJ", "社会保障卡补领", "assigned", ""),
    ("0105", 0, 5, "咨询", "不动产登记需要多长时间", "来电人购买二手房，咨询不动产转移登记办理时限和所需材料。",
     "吴先生", "13557300105", "ZRZY", "不动产转移登记", "received", ""),
    ("0106", 12, 5, "投诉", "施工许可申请超期未办结",
     "来电人反映公司建设工程施工许可申请已受理多日，超过承诺时限仍未办结，窗口答复在审核中。",
     "郑经理", "13457300106", "ZJJ", "建筑工程施工许可证核发", "assigned", ""),
    ("0107", 10, 10, "表扬", "表扬户籍窗口工作人员耐心细致",
     "来电人为八十岁老母亲办理户口迁移，公安窗口工作人员主动上门取件、耐心解释，特致电表扬。",
     "冯女士", "13357300107", "GAJ", "", "closed", "已将表扬转达窗口及所在科室，并纳入窗口服务考评加分。"),
    ("0108", 7, 10, "举报", "反映一家餐饮店无证经营",
     "来电人举报人民路一家小吃店未取得食品经营许可证即营业，卫生状况差。",
     "匿名", "", "SCJ", "食品经营许可", "returned", "已转市场监管执法大队处理。"),
]


class GovHotlineOrder(models.Model):
    _inherit = "gov.hotline.order"

    @api.model
    def _gov_demo_hotline(self):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        if not Users.search_count([("login", "=", "hotline_api")]):
            Users.create({"name": "12345热线平台（接口）", "login": "hotline_api", "password": "hotline_api",
                          "lang": "zh_CN", "tz": "Asia/Shanghai",
                          "group_ids": [Command.set([self.env.ref("gov_hall_hotline.group_hotline_api").id])]})
        supervisor = self.env.ref("gov_hall.user_supervisor", raise_if_not_found=False)
        if not supervisor or self.search_count([("name", "=like", "JH12345-%")]):
            return
        Holiday = self.env["cn.holiday"]
        Dept = self.env["hr.department"]
        today = fields.Date.context_today(self)
        stamp = today.strftime("%Y%m")
        rows = []
        for suffix, ago, days, category, title, content, caller, phone, code, item, _state, _reply in ORDERS:
            received = datetime.combine(today - timedelta(days=ago), time(9, 10 + int(suffix[-1]) * 5))
            dept = Dept.search([("gov_code", "=", code)], limit=1)
            rows.append((int(suffix), {
                "number": f"JH12345-{stamp}{suffix}", "received_at": received, "category": category,
                "title": title, "content": content, "caller_name": caller, "caller_phone": phone,
                "department": dept.name or code, "item": item,
                "deadline": fields.Date.to_date(Holiday.add_working_days(received.date(), days))}))
        orders, errors = parse_records(rows)
        if errors:
            return
        self.with_user(supervisor)._gov_register(orders, "import")
        for spec in ORDERS:
            suffix, code, target, reply = spec[0], spec[8], spec[10], spec[11]
            order = self.search([("name", "=", f"JH12345-{stamp}{suffix}")])
            dept = Dept.search([("gov_code", "=", code)], limit=1)
            if target == "received" or not dept:
                continue
            order.with_user(supervisor).action_assign(dept, "请核实来电人反映的情况，按时限答复来电人并回复办理结果。")
            if target == "assigned":
                continue
            answer = self._gov_demo_answerer(dept)
            if not answer:
                continue
            order.with_user(answer).action_reply(reply)
            if target == "replied":
                continue
            if target == "returned":
                order.with_user(supervisor).action_revisit(
                    "unsatisfied", "来电人表示该店仍在营业，要求告知查处结果。")
                continue
            order.with_user(supervisor).action_revisit("satisfied", "来电人对答复表示满意。")
            if target == "closed":
                order.with_user(supervisor).action_close()
        self.search([("state", "in", ("received", "assigned"))])._update_warning_levels()

    @api.model
    def _gov_demo_answerer(self, dept):
        users = dept.member_ids.user_id.filtered(lambda u: u.has_group("gov_hall.group_gov_back_office"))
        return users[:1] or dept.gov_leader_id.user_id
