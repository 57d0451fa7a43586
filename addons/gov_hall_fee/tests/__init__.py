from . import test_fee, test_upload_limits
