from . import gov_assessment_plan, gov_assessment_source, gov_assessment, gov_assessment_payment
