from . import gov_item_import, gov_case_action_wizard, gov_supervision_export
from . import gov_rectification_wizard
