{
    "name": "Government Service Hall: Assessment in the Background",
    "summary": "后台考核计算: an annual assessment computed as a queue job by the assessment manager who asked, "
               "once at a time, with its progress shown under My Background Jobs",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_assessment", "gov_hall_jobs"],
    "auto_install": True,
    "data": [
        "views/gov_assessment_jobs_views.xml",
    ],
}
