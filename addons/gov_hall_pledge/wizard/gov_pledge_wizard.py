from odoo import api, fields, models

from ..models.gov_pledge_check import CHECK_RESULTS


class GovPledgeWizard(models.TransientModel):
    """Acceptance under a pledge, recording a pledge check, lifting a credit flag."""
    _name = "gov.pledge.wizard"
    _description = "Pledge Wizard"

    mode = fields.Selection([("accept", "Accept under a Pledge"), ("check", "Record Pledge Check"),
                             ("lift", "Lift Credit Flag")], required=True, default="accept")
    case_id = fields.Many2one("gov.case", ondelete="cascade")
    kind = fields.Selection([("defer", "Deferred Materials (容缺受理)"), ("commit", "Notify-and-Pledge (告知承诺制)")],
                            "Kind", default="defer")
    makeup_deadline = fields.Date("Make-up Deadline")
    latest_deadline = fields.Date("Latest Allowed Deadline", compute="_compute_case_info")
    deferred_names = fields.Text("Deferred Materials", compute="_compute_case_info")
    pledged_names = fields.Text("Materials Replaced by Pledge", compute="_compute_case_info")
    check_id = fields.Many2one("gov.pledge.check", ondelete="cascade")
    result = fields.Selection(CHECK_RESULTS, "Result")
    findings = fields.Text("Findings")
    flag_id = fields.Many2one("gov.applicant.flag", ondelete="cascade")
    reason = fields.Text("Reason")

    @api.depends("case_id")
    def _compute_case_info(self):
        today = fields.Date.context_today(self)
        for wiz in self:
            case = wiz.case_id
            missing = case._missing_materials() if case else case
            wiz.deferred_names = "、".join(missing.filtered("deferred").mapped("name")) or False
            wiz.pledged_names = "、".join(missing.filtered("by_pledge").mapped("name")) or False
            wiz.latest_deadline = case._pledge_latest_deadline(today) if case else False

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "check":
            self.check_id.action_record_check(self.result, self.findings)
        elif self.mode == "lift":
            self.flag_id.action_lift(self.reason)
        elif self.kind == "defer":
            self.case_id.action_accept_deferred(self.makeup_deadline)
        else:
            self.case_id.action_accept_pledged()
        if self.mode == "accept":
            return self.case_id.pledge_ids.filtered(lambda p: p.state == "open").action_print()
        return {"type": "ir.actions.act_window_close"}
