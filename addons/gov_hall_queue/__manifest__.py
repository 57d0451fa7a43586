{
    "name": "Government Service Hall - Queue",
    "summary": "叫号: queues per business over the hall's windows, tickets from a touch kiosk or a card reader, "
               "priority applicants and appointments first, one-button calling without duplicates, the hall "
               "display with spoken calls, 'my place' pages with the estimated wait, SMS when the turn nears, "
               "waiting statistics",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "sms"],
    "data": [
        "security/ir.model.access.csv",
        "data/gov_queue_data.xml",
        "views/gov_queue_views.xml",
        "views/gov_queue_booking_views.xml",
        "views/gov_queue_templates.xml",
    ],
    "demo": [
        "demo/gov_queue_demo.xml",
    ],
}
