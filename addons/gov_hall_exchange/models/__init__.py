from . import gov_dept_line, gov_api_log, gov_case, gov_exchange_batch
