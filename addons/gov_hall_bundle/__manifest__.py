{
    "name": "Government Service Hall - Life-event Bundles (一件事一次办)",
    "summary": "一件事一次办: life events bundling items of several departments, one combined material list and "
               "form, one acceptance at one window creating the departments' linked cases, parallel approval "
               "under a combined time limit (art. 42 cap), one combined fee notice, one delivery when all are "
               "done, and the bundles' public pages",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "gov_hall_fee", "gov_hall_portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/gov_bundle_rules.xml",
        "data/gov_bundle_data.xml",
        "report/gov_bundle_report.xml",
        "wizard/gov_bundle_wizard_views.xml",
        "views/gov_bundle_views.xml",
        "views/gov_bundle_application_views.xml",
        "views/gov_bundle_templates.xml",
        "views/gov_bundle_menus.xml",
    ],
    "demo": [
        "demo/gov_bundle_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["gov_hall_bundle/static/tests/tours/**/*"],
    },
}
