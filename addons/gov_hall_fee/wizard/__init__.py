from . import gov_bank_import, gov_fee_daily_report, gov_fee_wizards
