from . import test_online_pledge
