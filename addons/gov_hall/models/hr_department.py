from stdnum.cn import uscc

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrDepartment(models.Model):
    _inherit = "hr.department"

    is_stationed = fields.Boolean(
        "Stationed Department", index=True, tracking=True,
        help="A department stationed in the government service center (进驻部门).")
    gov_code = fields.Char("Department Code", index=True, tracking=True)
    gov_uscc = fields.Char(
        "Unified Social Credit Code", size=18,
        help="18-character code of the implementing body; prefix of its item implementation codes.")
    gov_leader_id = fields.Many2one(
        "hr.employee", "Leader in Charge", tracking=True,
        help="分管领导: takes acceptance and approval decisions under a signed authorization.")
    gov_billing_partner_id = fields.Many2one(
        "res.partner", "Billing Partner",
        help="Partner that receives the department's charges (e.g. uniforms of rotated staff).")
    gov_comprehensive_accept = fields.Boolean(
        "Accepted at Comprehensive Windows", tracking=True,
        help="无差别受理: any comprehensive window receives and accepts this department's published items "
             "(unless an item is kept for the department's own windows); its back office decides.")
    gov_item_ids = fields.One2many("gov.item", "department_id", "Items")
    gov_item_count = fields.Integer("Item Count", compute="_compute_gov_item_count")
    gov_window_ids = fields.One2many("gov.window", "department_id", "Windows")

    _gov_code_uniq = models.UniqueIndex("(gov_code, company_id) WHERE gov_code IS NOT NULL",
                                        "The department code must be unique.")

    @api.depends("gov_item_ids")
    def _compute_gov_item_count(self):
        counts = dict(self.env["gov.item"]._read_group(
            [("department_id", "in", self.ids)], ["department_id"], ["__count"]))
        for dept in self:
            dept.gov_item_count = counts.get(dept, 0)

    @api.constrains("gov_uscc")
    def _check_gov_uscc(self):
        for dept in self.filtered("gov_uscc"):
            if not uscc.is_valid(dept.gov_uscc):
                raise ValidationError(self.env._(
                    "%(code)s is not a valid unified social credit code (department %(name)s).",
                    code=dept.gov_uscc, name=dept.name))

    def action_view_gov_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("gov_hall.gov_item_action")
        action["domain"] = [("department_id", "=", self.id)]
        action["context"] = {"default_department_id": self.id}
        return action
