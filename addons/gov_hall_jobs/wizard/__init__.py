from . import gov_job_print
