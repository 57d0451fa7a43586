"""Catalog: which materials are key, which may be deferred (容缺) or replaced by a pledge (告知承诺)."""
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# 告知承诺核查期限: counted in working days from the decision, like every time limit of the hall
DEFAULT_CHECK_DAYS = 30


class GovItemMaterial(models.Model):
    _inherit = "gov.item.material"

    is_key = fields.Boolean("Key Material",
                            help="关键材料: the application cannot be examined without it; never deferred.")
    may_defer = fields.Boolean("May Be Deferred",
                               help="容缺受理: may be missing at acceptance and made up later against the "
                                    "applicant's signed pledge.")
    may_pledge = fields.Boolean("Replaceable by Pledge",
                                help="告知承诺制: the proof may be replaced by the applicant's written pledge; "
                                     "the department checks the pledge after the decision.")

    @api.constrains("is_key", "may_defer")
    def _check_key_not_deferred(self):
        for line in self:
            if line.is_key and line.may_defer:
                raise ValidationError(self.env._(
                    "%(name)s is a key material: a key material cannot be deferred (容缺); only non-key "
                    "materials may be made up after acceptance.", name=line.name))


class GovItem(models.Model):
    _inherit = "gov.item"

    pledge_check_days = fields.Integer(
        "Pledge Check Period (working days)", default=DEFAULT_CHECK_DAYS, tracking=True,
        help="告知承诺核查期限: working days after the decision within which the department checks the "
             "applicant's pledges.")
    allows_defer = fields.Boolean("Allows Deferred Acceptance", compute="_compute_allows_pledges", store=True,
                                  help="At least one material may be deferred (容缺受理).")
    allows_pledge = fields.Boolean("Allows Notify-and-Pledge", compute="_compute_allows_pledges", store=True,
                                   help="At least one proof may be replaced by a written pledge (告知承诺制).")

    @api.depends("material_ids.may_defer", "material_ids.may_pledge")
    def _compute_allows_pledges(self):
        for item in self:
            item.allows_defer = any(item.material_ids.mapped("may_defer"))
            item.allows_pledge = any(item.material_ids.mapped("may_pledge"))

    @api.constrains("pledge_check_days")
    def _check_pledge_check_days(self):
        for item in self:
            if item.pledge_check_days < 1:
                raise ValidationError(self.env._(
                    "The pledge check period of %(name)s must be at least one working day.", name=item.name))
