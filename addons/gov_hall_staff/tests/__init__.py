from . import test_staff
from . import test_duty
