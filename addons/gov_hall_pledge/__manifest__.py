{
    "name": "Government Service Hall - Pledges: 容缺受理 and 告知承诺制",
    "summary": "容缺受理: accept with non-key materials deferred against a signed pledge and a capped make-up "
               "deadline (no decision or output before they are made up; expiry ends the case with a denial); "
               "告知承诺制: proofs replaced by a written pledge, a follow-up check after the decision, a false "
               "pledge revokes the decision; applicant credit flags (失信/违诺) lifted only by the Bureau",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall"],
    "data": [
        "security/ir.model.access.csv",
        "security/gov_pledge_rules.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "report/gov_pledge_report.xml",
        "wizard/gov_pledge_wizard_views.xml",
        "views/gov_item_views.xml",
        "views/gov_case_views.xml",
        "views/gov_pledge_views.xml",
        "views/gov_pledge_menus.xml",
    ],
    "demo": [
        "demo/gov_pledge_demo.xml",
    ],
}
