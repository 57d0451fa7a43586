{
    "name": "Government Service Hall: Unified Fees",
    "summary": "统一收费: payment notices with payment codes, the fiscal special account, bank statement "
               "import and matching, numbered receipts, remittance, ledger booking, the daily reconciliation "
               "workbook, and no output before payment",
    "version": "19.0.1.0.0",
    "category": "Services/Government",
    "author": "Gov Hall Project",
    "license": "LGPL-3",
    "depends": ["gov_hall", "account", "l10n_cn", "report_xlsx", "account_statement_import_sheet_file",
                "account_statement_import_sheet_file_xlsx"],
    "external_dependencies": {"python": ["cn2an", "openpyxl"]},
    "data": [
        "security/gov_hall_fee_security.xml",
        "security/ir.model.access.csv",
        "data/gov_fee_data.xml",
        "report/gov_fee_report.xml",
        "views/gov_fee_views.xml",
        "views/gov_hall_fee_menus.xml",
    ],
    "demo": [
        "demo/gov_fee_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["gov_hall_fee/static/tests/tours/**/*"],
    },
}
