from . import test_calendar, test_catalog, test_import, test_public, test_report
from . import test_case, test_deadline, test_output
from . import test_security
