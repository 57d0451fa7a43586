from . import test_assessment
