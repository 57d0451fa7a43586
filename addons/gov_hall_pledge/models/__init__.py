from . import gov_item, gov_applicant_flag, gov_case_pledge, gov_pledge_check, gov_case
