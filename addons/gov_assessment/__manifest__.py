{
    "name": "Government Service Hall: Annual Assessment",
    "summary": "效能考核: the Bureau's annual assessment of stationed departments and staff from the hall's data, "
               "manual scores, grades within the 15–20 % excellent quota, committee approval, rewards",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "gov_hall_staff", "gov_hall_evaluation", "account"],
    "data": [
        "security/gov_assessment_security.xml",
        "security/ir.model.access.csv",
        "data/gov_assessment_data.xml",
        "report/gov_assessment_report.xml",
        "views/gov_assessment_views.xml",
    ],
    "demo": [
        "demo/gov_assessment_demo.xml",
    ],
}
