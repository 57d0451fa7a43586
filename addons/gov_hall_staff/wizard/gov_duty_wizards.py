from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError


class GovConductAnswerWizard(models.TransientModel):
    _name = "gov.conduct.answer.wizard"
    _description = "Answer a Conduct Record"

    record_id = fields.Many2one("gov.conduct.record", required=True, ondelete="cascade")
    answer = fields.Text(required=True)

    def action_answer(self):
        self.record_id.action_answer(self.answer)
        return {"type": "ir.actions.act_window_close"}


class GovDutyRosterWizard(models.TransientModel):
    _name = "gov.duty.roster.wizard"
    _description = "Generate the Window Roster"

    month = fields.Date(required=True, default=lambda self: (fields.Date.context_today(self).replace(day=1)
                                                              + relativedelta(months=1)))
    window_ids = fields.Many2many("gov.window", string="Windows", required=True,
                                  default=lambda self: self.env["gov.window"].search([("employee_ids", "!=", False)]))
    period_ids = fields.Many2many("gov.duty.period", string="Periods", required=True,
                                  default=lambda self: self.env["gov.duty.period"].search([]))
    per_shift = fields.Integer("Clerks per Shift", default=0,
                               help="0: every clerk of the window on every shift; otherwise the window's clerks "
                                    "take turns, this many per shift, rotating each working day.")
    replace = fields.Boolean("Replace Planned Shifts", default=True,
                             help="Shifts of the month still planned for these windows are regenerated.")

    def action_generate(self):
        self.ensure_one()
        check_group(self.env, "gov_hall.group_gov_hr", self.env._("The window roster is kept by HR."))
        if self.per_shift < 0:
            raise UserError(self.env._("The number of clerks per shift cannot be negative."))
        shifts = self.env["gov.duty.shift"]._generate(self.month, self.window_ids, self.period_ids, self.per_shift,
                                                      self.replace)
        return {"type": "ir.actions.act_window", "res_model": "gov.duty.shift", "name": self.env._("Roster"),
                "view_mode": "list,calendar,form", "domain": [("id", "in", shifts.ids)]}
