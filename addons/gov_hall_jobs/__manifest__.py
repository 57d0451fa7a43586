{
    "name": "Government Service Hall: Background Jobs",
    "summary": "后台任务: long work (bulk PDFs, the city-wide warning job, statement imports) runs as queue jobs "
               "in chunks, each idempotent and retried on a serialization failure, with its progress shown "
               "to the user who started it",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "queue_job"],
    "data": [
        "security/ir.model.access.csv",
        "security/gov_job_rules.xml",
        "data/gov_job_data.xml",
        "views/gov_job_run_views.xml",
        "wizard/gov_job_print_views.xml",
        "views/gov_hall_jobs_menus.xml",
    ],
}
