from . import demo_staff, demo_duty
