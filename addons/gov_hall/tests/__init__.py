from . import test_catalog, test_import, test_public, test_report, test_upload_limits
from . import test_case, test_deadline, test_output
from . import test_security
