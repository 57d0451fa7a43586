from . import test_helpdesk_assessment
