from . import gov_bank_import
