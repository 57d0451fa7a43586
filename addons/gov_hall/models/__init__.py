# order matters: base models first, then the ones that extend them
from . import ir_cron, gov_guarded, gov_numbered, hr_department, gov_window, gov_item
from . import gov_item_import, gov_catalog_loader, res_users
from . import gov_inquiry, gov_case, gov_case_document
from . import gov_deadline, gov_warning, gov_accountability, gov_rectification
from . import gov_delegation, gov_seal, gov_output, gov_verification
