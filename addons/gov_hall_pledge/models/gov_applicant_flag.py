"""失信（违诺）名单: applicants who broke a 容缺 pledge or made a false 告知承诺 statement."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.exceptions import UserError

FLAG_KINDS = [("defer_broken", "Deferred Materials Not Made Up"), ("false_pledge", "False Pledge")]


def applicant_identifier(case):
    """The applicant's resident ID number or unified social credit code, as flags record it."""
    value = case.applicant_id_number if case.applicant_type == "person" else case.applicant_uscc
    return (value or "").strip().upper()


class GovApplicantFlag(models.Model):
    _name = "gov.applicant.flag"
    _description = "Applicant Credit Flag"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _order = "date desc, id desc"
    _rec_name = "applicant_name"
    _mail_post_access = "read"
    _rec_names_search = ["applicant_name", "identifier"]
    _gov_client_create = False
    _gov_client_unlink = False

    identifier = fields.Char("ID Number / Credit Code", required=True, readonly=True, index=True)
    applicant_name = fields.Char("Applicant", required=True, readonly=True)
    kind = fields.Selection(FLAG_KINDS, "Kind", required=True, readonly=True, index=True)
    reason = fields.Text("Reason", required=True, readonly=True)
    case_id = fields.Many2one("gov.case", "Source Case", readonly=True, ondelete="restrict", index=True)
    pledge_id = fields.Many2one("gov.case.pledge", "Pledge", readonly=True, ondelete="restrict")
    department_id = fields.Many2one(related="case_id.department_id", store=True, string="Department")
    date = fields.Date("Flagged On", required=True, readonly=True, default=fields.Date.context_today)
    active = fields.Boolean(default=True, readonly=True, tracking=True)
    lift_reason = fields.Text("Reason for Lifting", readonly=True, tracking=True)
    lifted_by = fields.Many2one("res.users", "Lifted By", readonly=True, tracking=True)
    lifted_date = fields.Date("Lifted On", readonly=True)

    _active_idx = models.Index("(identifier) WHERE active")

    @api.model
    def _active_for(self, identifier):
        """Active flags of an applicant (superuser read: the window needs the answer, not the list)."""
        if not identifier:
            return self.browse()
        return self.sudo().search([("identifier", "=", identifier), ("active", "=", True)])

    @api.model
    def _flag(self, case, pledge, kind, reason):
        """Flag the applicant of ``case`` once per pledge; returns the flag."""
        existing = self.sudo().with_context(active_test=False).search([("pledge_id", "=", pledge.id)], limit=1)
        if existing:
            return existing
        flag = self.sudo().create({
            "identifier": applicant_identifier(case), "applicant_name": case.applicant_name, "kind": kind,
            "reason": reason, "case_id": case.id, "pledge_id": pledge.id,
            "date": fields.Date.context_today(self)})
        case.sudo().message_post(body=self.env._(
            "The applicant is flagged (失信/违诺): %(reason)s. Deferred acceptance and notify-and-pledge are "
            "refused until the Bureau lifts the flag.", reason=reason))
        return flag

    def action_open_lift(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.pledge.wizard", "view_mode": "form",
                "target": "new", "context": {"default_mode": "lift", "default_flag_id": self.id}}

    def action_lift(self, reason):
        """The Bureau lifts the flag (credit repaired, error corrected), with its reason."""
        check_group(self.env, "gov_hall.group_gov_bureau_manager",
                    self.env._("Only Bureau managers lift an applicant's credit flag."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for lifting the flag."))
        if self.filtered(lambda f: not f.active):
            raise UserError(self.env._("This flag is already lifted."))
        # checked above: only the Bureau gets here; flags are written by actions only
        self.sudo().write({"active": False, "lift_reason": reason, "lifted_by": self.env.user.id,
                           "lifted_date": fields.Date.context_today(self)})
        for flag in self:
            flag.message_post(body=self.env._("Flag lifted: %(reason)s", reason=reason))
        return True
