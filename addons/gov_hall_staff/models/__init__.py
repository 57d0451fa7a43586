from . import hr_employee, gov_rotation, gov_staff_care, gov_duty, gov_duty_hr, gov_conduct, gov_inspection
