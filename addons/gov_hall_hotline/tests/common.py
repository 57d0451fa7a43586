import base64
import csv
import io

from odoo.addons.gov_hall.tests.common import CaseFixture

HEADER = ["工单编号", "受理时间", "诉求类型", "标题", "诉求内容", "来电人", "联系电话", "涉及部门", "涉及事项",
          "办理时限"]


def order_row(number, category="咨询", received="2026-03-02 09:30:00", deadline="2026-03-09", **kw):
    row = {"工单编号": number, "受理时间": received, "诉求类型": category, "标题": kw.get("title", "营业执照办理咨询"),
           "诉求内容": kw.get("content", "来电人咨询个体工商户营业执照怎么办理、需要哪些材料。"),
           "来电人": kw.get("caller", "周先生"), "联系电话": kw.get("phone", "13857300101"),
           "涉及部门": kw.get("dept", "测试市场监督管理局"), "涉及事项": kw.get("item", ""), "办理时限": deadline}
    return row


def csv_bytes(rows, header=HEADER):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return buf.getvalue().encode("utf-8")


class HotlineFixture(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Order = cls.env["gov.hotline.order"]
        # the hall's time zone: file times are local
        for user in (cls.supervisor, cls.manager, cls.reviewer, cls.leader, cls.other_reviewer, cls.clerk):
            user.tz = "Asia/Shanghai"

    def _import(self, data, filename="orders.csv", user=None):
        wizard = self.env["gov.hotline.import.wizard"].with_user(user or self.supervisor).create(
            {"file": base64.b64encode(data), "filename": filename})
        wizard.action_import()
        return wizard.result

    def _order(self, number):
        return self.Order.search([("name", "=", number)])
