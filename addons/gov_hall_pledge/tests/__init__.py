from . import test_pledge
