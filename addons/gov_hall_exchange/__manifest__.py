{
    "name": "Government Service Hall - Case-data Exchange with the Province and the Nation",
    "summary": "办件信息共享: the daily export of cases for the provincial and national government-service platform "
               "(受理 / 过程 / 特别程序 / 结果, CSV and JSON in a documented layout, one batch per day, failing as a "
               "whole on a bad item code), and the register of the departments' dedicated networks and lines "
               "(专网/专线) with contracts, reminders and the results their systems report through the department API",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "gov_hall_portal"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/gov_exchange_batch_views.xml",
        "views/gov_dept_line_views.xml",
        "views/gov_hall_exchange_menus.xml",
    ],
    "demo": [
        "demo/gov_exchange_demo.xml",
    ],
}
