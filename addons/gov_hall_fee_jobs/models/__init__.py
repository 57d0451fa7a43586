from . import gov_job_run
from . import account_journal
