{
    "name": "Government Service Hall - Public Portal and Department API",
    "summary": "信息公开 and 部门专网接口: the public item catalog with guide PDFs and blank forms, case progress "
               "lookup with a second factor and a throttle, the public decisions list with masked names, and a "
               "JSON API per department (API keys) to take tickets, report review steps and push ratings, with "
               "its OpenAPI document and a log of every call",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "gov_hall_queue", "gov_hall_evaluation"],
    "data": [
        "security/ir.model.access.csv",
        "views/gov_portal_templates.xml",
        "views/gov_api_views.xml",
    ],
}
