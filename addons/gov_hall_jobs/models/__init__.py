from . import gov_job_run
from . import gov_case
