from . import gov_item_import
