from . import test_calendar, test_catalog, test_import, test_public, test_report
from . import test_case, test_deadline, test_output, test_staff
from . import test_fee, test_security
from . import test_upload_limits
