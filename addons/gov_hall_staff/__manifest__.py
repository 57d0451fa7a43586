{
    "name": "Government Service Hall: Stationed Staff",
    "summary": "进驻人员: stationed staff, rotation through the staffing office and the Bureau, uniforms "
               "charged to the dispatching department, badges, health checks and training",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "hr", "account"],
    "data": [
        "security/ir.model.access.csv",
        "data/gov_staff_data.xml",
        "report/gov_badge_report.xml",
        "views/gov_staff_views.xml",
        "views/gov_hall_staff_menus.xml",
    ],
    "demo": [
        "demo/gov_staff_demo.xml",
    ],
}
