{
    "name": "Government Service Hall - Help Desk in the Annual Assessment",
    "summary": "效能考核 counts the substantiated 办不成事反映 of each department (lower is better)",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall_helpdesk", "gov_assessment"],
    "auto_install": True,
}
