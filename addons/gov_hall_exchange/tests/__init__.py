from . import test_exchange, test_result_api
