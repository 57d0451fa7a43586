from . import test_staff
