from . import gov_attendance_sheet
from . import gov_duty_wizards
