from . import gov_assessment_wizards
