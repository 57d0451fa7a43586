{
    "name": "Government Service Hall - Pledges Signed Online",
    "summary": "容缺/告知承诺 on the online hall: the applicant signs the pledge for the materials the catalog allows "
               "instead of uploading them; the department accepts under the pledge as at the window",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall_online", "gov_hall_pledge"],
    "auto_install": True,
    "data": [
        "views/gov_online_pledge_templates.xml",
    ],
}
