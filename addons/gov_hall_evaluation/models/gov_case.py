import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import AccessError


class GovCase(models.Model):
    _inherit = "gov.case"

    evaluation_ids = fields.One2many("gov.evaluation", "case_id", "Ratings")

    def action_close(self):
        res = super().action_close()
        # every closed case gets a single-use rating link by SMS (the applicant rates; staff never do)
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for case in self.sudo().filtered("applicant_phone"):
            link = self.env["gov.evaluation.token"]._issue("sms", case=case)
            self.env["sms.sms"].sudo().create({"number": case.applicant_phone, "body": self.env._(
                "[%(hall)s] Case %(number)s is closed. Please rate our service: %(url)s",
                hall=self.env.company.name, number=case.name, url=f"{base}/hall/evaluate/{link.token}")})
        return res


class GovWindow(models.Model):
    _inherit = "gov.window"

    # not a legal fact of the window (a manager may still delete the window): guarded by create/write below
    pad_key = fields.Char("Rating Pad Key", copy=False, groups="gov_hall.group_gov_bureau_manager",
                          help="The window's rating pad opens /hall/pad/<key>: the applicant rates there, never "
                               "the clerk.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("pad_key" in vals for vals in vals_list):
            raise AccessError(self.env._("A rating pad key is made only by its button."))
        return super().create(vals_list)

    def write(self, vals):
        if "pad_key" in vals and not self.env.su:
            raise AccessError(self.env._("A rating pad key is made only by its button."))
        return super().write(vals)

    def action_new_pad_key(self):
        """A new key for the window's rating pad (the old pad stops working)."""
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Only Bureau managers set up rating pads."))
        for window in self:
            window.sudo().pad_key = secrets.token_urlsafe(18)
        return True

    def _pad_pending(self):
        """What the pad asks to rate: the window's last service finished in the last 10 minutes, not rated yet."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(minutes=10)
        Ticket = self.env["gov.queue.ticket"].sudo()
        ticket = Ticket.search([("window_id", "=", self.id), ("state", "=", "done"), ("finished_at", ">=", since)],
                               order="finished_at desc, id desc", limit=1)
        if not ticket:
            return Ticket
        rated = self.env["gov.evaluation"].sudo().search_count(
            ["|", ("ticket_id", "=", ticket.id), ("case_id", "in", ticket.case_ids.ids), ("channel", "=", "pad")])
        return Ticket if rated else ticket
