from . import gov_case
