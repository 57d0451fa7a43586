from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _gov_case_domain(self, path=""):
        """Cases this user works on, as a domain on ``path`` (``"case_id"`` from a case's record).

        The lead or a joint department of the item is one of the user's departments, the case was
        received at one of the user's windows, or the user received it.  The one definition the
        record rules of cases and of everything that follows a case evaluate (``user._gov_case_domain(…)``).
        """
        self.ensure_one()
        prefix = f"{path}." if path else ""
        departments = self.employee_ids.department_id.ids
        return ["|", "|", "|",
                (f"{prefix}department_id", "in", departments),
                (f"{prefix}item_id.joint_department_ids", "in", departments),
                (f"{prefix}window_id.employee_ids.user_id", "in", [self.id]),
                (f"{prefix}clerk_id", "=", self.id)]
