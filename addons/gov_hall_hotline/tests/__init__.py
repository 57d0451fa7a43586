from . import test_hotline_io, test_hotline, test_hotline_api
