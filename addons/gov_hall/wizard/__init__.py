from . import gov_item_import, gov_case_action_wizard, gov_supervision_export
