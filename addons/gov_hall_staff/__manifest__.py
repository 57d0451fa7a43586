{
    "name": "Government Service Hall: Stationed Staff",
    "summary": "进驻人员: stationed staff, rotation, uniforms, badges, health checks and training; window rosters, "
               "attendance and leave through Odoo HR, conduct records and the hall's activities",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "hr", "hr_attendance", "hr_holidays", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/gov_staff_rules.xml",
        "data/gov_staff_data.xml",
        "report/gov_badge_report.xml",
        "views/gov_staff_views.xml",
        "views/gov_duty_views.xml",
        "views/gov_hall_staff_menus.xml",
    ],
    "demo": [
        "demo/gov_staff_demo.xml",
    ],
}
