from . import test_assessment_jobs
