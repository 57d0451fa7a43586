from . import res_company, gov_help_task, gov_unresolved_report
