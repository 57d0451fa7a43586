import base64
from datetime import timedelta

from odoo import api, fields, models

LETTER = base64.b64encode(b"%PDF-1.4\n% demo power of attorney\n").decode()


class GovUnresolvedReport(models.Model):
    _inherit = "gov.unresolved.report"

    @api.model
    def _gov_demo_helpdesk(self):
        """Help-desk tasks and could-not-get-it-done reports of the demo city, each step done by the user whose
        job it is (the actions check them as they would in the hall)."""
        if self.search_count([]) or self.env["gov.help.task"].search_count([]):
            return
        users = {u.login: u for u in self.env["res.users"].search([("login", "in", [
            "clerk", "consult", "supervisor", "bureau", "rsj_clerk", "rsj_review", "clw_clerk", "clw_review",
            "zjj_clerk", "zjj_review", "zjj_leader", "mzj_review"])])}
        if len(users) < 12:
            return  # not the demo city
        depts = {d.gov_code: d for d in self.env["hr.department"].search([("gov_code", "in", ["RSJ", "CLW", "ZJJ",
                                                                                               "MZJ", "SCJ"])])}
        items = {i.name: i for i in self.env["gov.item"].search([("name", "in", [
            "职工基本养老保险退休待遇申领", "残疾人证新办", "建筑工程施工许可证核发", "食品经营许可（新办）"])])}
        # 赵敏 at the consultation desk leads the help desk
        users["consult"].sudo().group_ids = [fields.Command.link(self.env.ref(
            "gov_hall_helpdesk.group_help_desk_lead").id)]
        self._gov_demo_tasks(users, depts, items)
        self._gov_demo_reports(users, depts, items)

    @api.model
    def _gov_demo_tasks(self, users, depts, items):
        Task = self.env["gov.help.task"]
        lead = users["consult"]
        pension = Task.with_user(users["rsj_clerk"]).create({
            "applicant_name": "周桂兰", "applicant_phone": "13857301122", "kind": "elderly", "mode": "assist",
            "department_id": depts["RSJ"].id,
            "item_ids": [fields.Command.set(items["职工基本养老保险退休待遇申领"].ids)],
            "description": "78岁，视力不好，不会用自助机，需陪同填写基本养老金申领表并核对缴费年限。"})
        pension.with_user(lead).action_assign(users["rsj_clerk"] | users["rsj_review"])
        pension.with_user(users["rsj_clerk"]).action_start()
        pension.with_user(users["rsj_clerk"]).action_done("陪同填表、核对缴费记录，当场受理，告知到账时间。", 1.5, "5")
        disabled = Task.with_user(users["clw_clerk"]).create({
            "applicant_name": "钱志刚", "applicant_phone": "13905736688", "kind": "disabled", "mode": "assist",
            "department_id": depts["CLW"].id, "item_ids": [fields.Command.set(items["残疾人证新办"].ids)],
            "description": "轮椅出行，需协助在一楼办理残疾人证申请并预约残疾评定。"})
        disabled.with_user(lead).action_assign(users["clw_clerk"])
        disabled.with_user(users["clw_clerk"]).action_start()
        project = Task.with_user(users["zjj_clerk"]).create({
            "applicant_name": "嘉禾城建置业有限公司（经办人：吴浩）", "applicant_phone": "0573-82231100",
            "kind": "key_project", "mode": "agency", "proxy_letter": LETTER, "proxy_letter_filename": "授权委托书.pdf",
            "department_id": depts["ZJJ"].id, "item_ids": [fields.Command.set(items["建筑工程施工许可证核发"].ids)],
            "description": "市重点项目“南湖科创园一期”，委托帮办代办施工许可证，涉及人防、规划会签。"})
        project.with_user(lead).action_assign(users["zjj_clerk"] | users["zjj_review"])
        Task.with_user(users["clerk"]).create({
            "applicant_name": "孙老伯", "applicant_phone": "13706735521", "kind": "elderly", "mode": "assist",
            "department_id": depts["SCJ"].id,
            "description": "想办个体工商户变更，不清楚要带哪些材料。"})
        # one late errand: requested three weeks ago, still open
        Task.sudo().create({
            "applicant_name": "冯秀英", "applicant_phone": "13567321190", "kind": "complex", "mode": "agency",
            "proxy_letter": LETTER, "proxy_letter_filename": "委托书.pdf", "department_id": depts["MZJ"].id,
            "description": "代办养老机构备案补正，申请人行动不便。",
            "requested_on": fields.Date.context_today(self) - timedelta(days=21),
            "due_date": fields.Date.context_today(self) - timedelta(days=14),
            "registered_by_id": users["clerk"].id, "state": "assigned",
            "helper_ids": [fields.Command.set(users["mzj_review"].ids)], "assigned_by_id": lead.id})
        Task._cron_overdue()

    @api.model
    def _gov_demo_reports(self, users, depts, items):
        clerk, sup = users["clerk"], users["supervisor"]
        Report = self.with_user(clerk)
        base = {"applicant_name": "郑丽", "phone": "13957320011"}
        registered = Report.create(dict(base, attempted="办理食品经营许可（新办）", department_id=depts["SCJ"].id,
                                        item_id=items.get("食品经营许可（新办）", self.env["gov.item"]).id,
                                        cause="materials",
                                        description="窗口要求提供房东身份证原件，申请人认为不合理，办事指南未列明。"))
        assigned = Report.create(dict(base, applicant_name="何建华", phone="13857365544",
                                      attempted="职工养老保险关系转移接续", department_id=depts["RSJ"].id,
                                      cause="system", description="外省转入记录在系统里查不到，已跑了三次。"))
        assigned.with_user(sup).action_assign(depts["RSJ"], "请三个工作日内核实转移接续数据并联系申请人。")
        resolved = Report.create(dict(base, applicant_name="嘉禾南湖置业（经办人：陈晨）", phone="0573-82230011",
                                      attempted="建筑工程施工许可证核发", department_id=depts["ZJJ"].id,
                                      item_id=items["建筑工程施工许可证核发"].id, cause="coordination",
                                      description="人防会签迟迟没有意见，住建窗口称需等人防办。"))
        resolved.with_user(sup).action_assign(depts["ZJJ"], "牵头协调人防办，明确会签时限。")
        resolved.with_user(users["zjj_leader"]).action_reply("已与人防办联系，会签意见当日出具，许可证已制证。")
        resolved.with_user(sup).action_resolve("done", "协调后当日办结，窗口未主动协调，认定部门责任。", True)
        closed = Report.create(dict(base, applicant_name="林海", phone="13306734455", attempted="残疾人证新办",
                                    department_id=depts["CLW"].id, item_id=items["残疾人证新办"].id, cause="policy",
                                    description="户籍不在本市，窗口不予受理。"))
        closed.with_user(sup).action_assign(depts["CLW"], "请说明受理依据并答复申请人。")
        closed.with_user(users["clw_review"]).action_reply("依据《残疾人证管理办法》，由户籍所在地县级残联办理。")
        closed.with_user(sup).action_resolve("explained", "已向申请人解释须回户籍地办理，并提供异地代收渠道。", False)
        closed.with_user(clerk).action_feedback("satisfied", "申请人表示理解。")
        # overdue: registered two weeks ago, the department has not answered
        today = fields.Date.context_today(self)
        late = self.sudo().create(dict(
            base, applicant_name="唐先生", phone="13757326677", attempted="不动产抵押登记",
            department_id=depts["MZJ"].id,
            cause="buck_passing", description="民政与不动产窗口互相推诿，说不是本部门事项。",
            registered_by_id=clerk.id, registered_on=today - timedelta(days=14),
            deadline=self.env["cn.holiday"].add_working_days(today - timedelta(days=14), 5)))
        late.with_user(sup).action_assign(depts["MZJ"], "请明确牵头部门并答复申请人。")
        self._cron_overdue()
        return registered | assigned | resolved | closed | late
