{
    "name": "Government Service Hall - 12345 Hotline Work Orders",
    "summary": "12345 热线工单: work orders of the city hotline imported from the platform's CSV/XLSX file or "
               "received through its API key, assigned by supervision to a stationed department, replied, "
               "revisited and closed, with deadline warnings, complaints counted with the hall's complaints "
               "and the return file for the platform",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "gov_hall_portal"],
    "external_dependencies": {"python": ["openpyxl", "xlsxwriter"]},
    "data": [
        "security/gov_hotline_security.xml",
        "security/ir.model.access.csv",
        "security/gov_hotline_rules.xml",
        "data/gov_hotline_data.xml",
        "views/gov_hotline_views.xml",
        "views/gov_hotline_wizard_views.xml",
        "views/gov_hotline_menus.xml",
    ],
    "demo": [
        "demo/gov_hotline_demo.xml",
    ],
}
