from odoo import api, models


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _gov_progress(self, done, remaining):
        """Commit a batch of the hall's jobs when run by the scheduler (19.0 batching: returns the
        seconds left, 0 = stop); a direct call (a test, a button) stays one transaction."""
        if not self.env.context.get("ir_cron_progress_id"):
            self.env.flush_all()
            return float("inf")
        return self._commit_progress(done, remaining=remaining)
