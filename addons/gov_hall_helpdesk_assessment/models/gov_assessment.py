"""The department indicator “substantiated could-not-get-it-done reports”: a count, lower is better."""
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# kind: (target, label, direction, best, worst), as gov_assessment's KINDS
HELPDESK_KINDS = {
    "unresolved_substantiated": ("department", "Substantiated Could-not-get-it-done Reports", "lower", 0.0, 5.0),
}


class GovAssessmentIndicator(models.Model):
    _inherit = "gov.assessment.indicator"

    kind = fields.Selection(selection_add=[(k, v[1]) for k, v in HELPDESK_KINDS.items()],
                            ondelete={k: "cascade" for k in HELPDESK_KINDS})

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind not in HELPDESK_KINDS:
            return super()._onchange_kind()
        target, _label, direction, best, worst = HELPDESK_KINDS[self.kind]
        labels = dict(self._fields["kind"]._description_selection(self.env))
        self.target = target
        self.name = self.name or labels[self.kind]
        self.direction, self.best, self.worst = direction, best, worst
        return None

    @api.constrains("kind", "target", "weight", "min_value", "max_value", "best", "worst")
    def _check_indicator(self):
        ours = self.filtered(lambda i: i.kind in HELPDESK_KINDS)
        for ind in ours:
            if ind.target != HELPDESK_KINDS[ind.kind][0]:
                raise ValidationError(self.env._("%(name)s scores departments only.", name=ind.name))
            if ind.weight < 0:
                raise ValidationError(self.env._("A weight cannot be negative."))
            if ind.best == ind.worst:
                raise ValidationError(self.env._("%(name)s needs different figures for the full and the zero score.",
                                                 name=ind.name))
        return super(GovAssessmentIndicator, self - ours)._check_indicator()


class GovAssessmentSource(models.AbstractModel):
    _inherit = "gov.assessment.source"

    def _fig_unresolved_substantiated(self, date_from, date_to):
        """Reports resolved in the period with the assigned department at fault, per department."""
        return self._count(self._rows("""
            SELECT assigned_department_id, count(*) FROM gov_unresolved_report
             WHERE substantiated AND state IN ('resolved', 'closed') AND resolved_on BETWEEN %s AND %s
             GROUP BY assigned_department_id""", [date_from, date_to]))
