from . import gov_exchange_export
