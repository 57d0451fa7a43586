{
    "name": "Government Service Hall - Help Desk and Escalation",
    "summary": "帮办代办 and 办不成事反映: accompanied help and errands on the applicant's behalf with working-day "
               "due dates, and the \"could not get it done\" window whose reports the supervision center assigns, "
               "resolves within five working days and closes on the applicant's feedback",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall"],
    "data": [
        "security/gov_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "security/gov_helpdesk_rules.xml",
        "data/gov_helpdesk_data.xml",
        "wizard/gov_helpdesk_wizard_views.xml",
        "views/gov_help_task_views.xml",
        "views/gov_unresolved_report_views.xml",
        "views/res_company_views.xml",
        "views/gov_helpdesk_menus.xml",
    ],
    "demo": [
        "demo/gov_helpdesk_demo.xml",
    ],
}
