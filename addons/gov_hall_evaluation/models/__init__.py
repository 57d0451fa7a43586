from . import gov_evaluation, gov_rectification, gov_evaluation_appeal, gov_callback, gov_case
