{
    "name": "Government Service Hall - Evaluation and Callbacks",
    "summary": "好差评: five-level ratings from the window pad, a single-use SMS link or the web (never by staff), "
               "rectification of bad ratings within 15 working days with a reply to the applicant, return visits, "
               "appeals decided by supervision, monthly callback sampling, statistics and the province export",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "gov_hall_queue"],
    "data": [
        "security/ir.model.access.csv",
        "security/gov_evaluation_rules.xml",
        "data/gov_evaluation_data.xml",
        "views/gov_evaluation_views.xml",
        "views/gov_evaluation_templates.xml",
    ],
    "demo": [
        "demo/gov_evaluation_demo.xml",
    ],
}
