"""Who handles the fiscal special account."""
from odoo.addons.gov_hall.models.gov_access import check_group


def _check_finance(env):
    if not env.su:
        check_group(env, "gov_hall.group_gov_finance", env._("Only finance handles the fiscal special account."))
