from . import hr_employee, gov_rotation, gov_staff_care
