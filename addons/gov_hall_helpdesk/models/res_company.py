from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    gov_help_agency_days = fields.Integer(
        "Errand on Behalf: Time Limit (working days)", default=5,
        help="Working days after the request within which an errand done on the applicant's behalf is finished.")
    gov_help_assist_days = fields.Integer(
        "Accompanied Help: Time Limit (working days)", default=0,
        help="Working days after the request within which accompanied help is finished (0: the same day).")
    gov_unresolved_days = fields.Integer(
        "Could-not-get-it-done Reports: Time Limit (working days)", default=5,
        help="Working days after registration within which the supervision center resolves a report.")
