{
    "name": "Government Service Hall: Fees in the Background",
    "summary": "后台导入: a bank statement of the fiscal special account imported and matched as a queue job, "
               "once per file, with its progress and its statement shown to the finance user",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall_fee", "gov_hall_jobs"],
    "auto_install": True,
    "data": [
        "views/gov_fee_jobs_views.xml",
    ],
}
