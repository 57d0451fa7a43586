from . import gov_online_code, gov_material_library, gov_case, gov_window, res_users
