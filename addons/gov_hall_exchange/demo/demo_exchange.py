"""Demo city: the dedicated lines of 公安, 市场监管, 人社 and 不动产 (one contract ending soon), a suspension and
an extension on cases in review, and the exchange batch of yesterday."""
from datetime import timedelta

from odoo import api, models

LINES = [
    # department code, system, kind, carrier, bandwidth, contract, contract start/end (days from today), contact
    ("GAJ", "公安人口信息系统", "private_network", "公安信息网（中国电信承载）", "100M", "JHGA-ZX-2024-017",
     -700, 20, "刘建军", "0573-82011011"),
    ("SCJ", "市场主体登记注册系统", "leased_line", "中国联通", "50M", "JHSJ-ZX-2025-003", -300, 430,
     "沈晓燕", "0573-82022033"),
    ("RSJ", "金保工程社会保险信息系统", "private_network", "中国移动（金保专网）", "100M", "JHRS-JB-2023-011",
     -900, 200, "陆志明", "0573-82033044"),
    ("ZRZY", "不动产登记信息管理平台", "internet_vpn", "中国电信", "20M", "JHBDC-VPN-2025-008", -120, 610,
     "钱丽萍", "0573-82044055"),
]


class GovDeptLine(models.Model):
    _inherit = "gov.dept.line"

    @api.model
    def _gov_demo_exchange(self):
        if self.search_count([]):
            return
        Batch = self.env["gov.exchange.batch"]
        today = Batch._exchange_today()
        bureau = self.env.ref("gov_hall.user_bureau")
        depts = {d.gov_code: d for d in self.env["hr.department"].search(
            [("gov_code", "in", [spec[0] for spec in LINES])])}
        lines = self.create([{
            "department_id": depts[code].id, "name": system, "line_kind": kind, "carrier": carrier,
            "bandwidth": bandwidth, "contract_no": contract, "contract_start": today + timedelta(days=start),
            "contract_end": today + timedelta(days=end), "contact_name": contact, "contact_phone": phone,
        } for code, system, kind, carrier, bandwidth, contract, start, end, contact, phone in LINES if code in depts])
        lines.with_user(bureau).action_activate()
        # the time limit stopped for a test yesterday, and an extension the Bureau approved
        yesterday = today - timedelta(days=1)
        cases = self.env["gov.case"].search([("state", "=", "review"), ("accepted_date", "<=", yesterday),
                                             ("is_suspended", "=", False), ("extension_ids", "=", False)],
                                            order="id", limit=2)
        for n, case in enumerate(cases):
            reviewer = case.department_id.member_ids.user_id.filtered(
                lambda u: u.has_group("gov_hall.group_gov_back_office"))[:1]
            if not reviewer:
                continue
            if n == 0:
                suspension = self.env["gov.case.suspension"].with_user(reviewer).create({
                    "case_id": case.id, "kind": "testing", "start_date": yesterday,
                    "reason": "申请人送检样品，等待第三方检验检测机构出具检测报告。"})
                suspension.with_user(reviewer).action_end(end_date=yesterday)
            else:
                extension = self.env["gov.case.extension"].with_user(reviewer).create({
                    "case_id": case.id, "days": min(5, case.item_id.extension_cap or 5),
                    "reason": "需组织专家现场核查，十个工作日内无法作出决定，经批准延长。"})
                extension.with_user(bureau).action_approve()
        Batch.with_user(bureau)._export_day(yesterday, "cron")
