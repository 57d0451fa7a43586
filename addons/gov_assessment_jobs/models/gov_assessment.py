from odoo import fields, models

COMPUTABLE = ("draft", "computed", "review")


class GovJobRun(models.Model):
    _inherit = "gov.job.run"

    kind = fields.Selection(selection_add=[("assessment", "Assessment Computation")],
                            ondelete={"assessment": "cascade"})
    assessment_ids = fields.Many2many("gov.assessment", string="Assessments", readonly=True)


class GovAssessment(models.Model):
    _inherit = "gov.assessment"

    def action_compute_background(self):
        """Compute in the background, as this assessment manager, one job per assessment; an assessment
        already waiting or being computed is not enqueued again."""
        self._check_manager()
        self._check_state(COMPUTABLE, self.env._("The figures are frozen once the assessment is submitted."))
        Run = self.env["gov.job.run"]
        running = Run.sudo().search([("kind", "=", "assessment"), ("state", "in", ("queued", "running")),
                                     ("assessment_ids", "in", self.ids)], limit=1)
        if running:
            return running.with_env(self.env)._action_open()
        run = Run._start("assessment", self.env._("Assessment computation: %(names)s",
                                                  names="、".join(self.mapped("name"))),
                         self, 1, "_gov_job_compute")
        run.sudo().assessment_ids = self  # the run's facts are written by the job code only
        return run._action_open()

    def _gov_job_compute(self):
        """Queue job: the same computation as the Compute button (recomputing gives the same figures and
        keeps the manual scores, so a chunk performed again does no harm)."""
        self._check_manager()
        self._check_state(COMPUTABLE, self.env._("The figures are frozen once the assessment is submitted."))
        for assessment in self:
            assessment._compute_all()
