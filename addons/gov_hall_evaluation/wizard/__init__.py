from . import gov_evaluation_wizards, gov_evaluation_export
