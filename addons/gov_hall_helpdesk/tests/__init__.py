from . import test_helpdesk
