from . import test_fee_jobs
