from . import gov_assessment
