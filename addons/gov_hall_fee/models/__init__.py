from . import gov_fee_access, account_journal, account_statement_import_sheet_mapping, account_move
from . import gov_payment_notice, gov_fee, gov_bank_statement, gov_bank_line, gov_fee_remittance
