{
    "name": "Government Service Hall - Online Applications (一网通办)",
    "summary": "一网通办: citizens and companies sign in on the portal with their phone and an SMS code, apply "
               "online for items open online, upload each material (type, size and hash checked), receive the "
               "one-time correction notice on the portal and by SMS, resubmit there, follow each case and "
               "download its notices and decision; verified materials and issued licences kept in the "
               "applicant's material library and reused",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "gov_hall_portal", "portal", "sms"],
    "data": [
        "security/ir.model.access.csv",
        "data/gov_online_data.xml",
        "views/gov_online_views.xml",
        "views/gov_online_templates.xml",
    ],
    "demo": [
        "demo/gov_online_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["gov_hall_online/static/tests/tours/**/*"],
    },
}
