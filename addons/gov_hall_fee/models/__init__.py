from . import gov_payment_notice, gov_fee, gov_bank, gov_fee_demo
