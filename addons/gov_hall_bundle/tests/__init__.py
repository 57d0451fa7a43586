from . import test_bundle, test_tour
