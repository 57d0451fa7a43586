{
    "name": "China Working-day Calendar",
    "summary": "中国法定工作日历: the State Council's holidays and make-up workdays per year, a provisional "
               "year computed from the statutory holidays, and working-day arithmetic "
               "(add_working_days, working_days_between) for any addon that counts legal time limits",
    "version": "19.0.1.0.0",
    "category": "Localization",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["mail"],
    "external_dependencies": {"python": ["chinesecalendar", "lunar-python"]},
    "data": [
        "security/cn_workday_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_data.xml",
        "data/ir_cron_data.xml",
        "data/cn_calendar_data.xml",
        "views/cn_calendar_views.xml",
        "views/cn_workday_menus.xml",
    ],
}
