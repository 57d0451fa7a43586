#!/usr/bin/env python3
"""Import a catalog file (CSV/XLSX) into an Odoo database from the command line.

    python3 data/import_catalog.py -d gov_demo [--partial] [odoo options] items.csv

Runs the same validation as the UI wizard (gov.item.gov_import_catalog) as the
Bureau manager user ``--login`` (default admin); prints each rejected row with
its row number and reason in Chinese; exit code 1 when rows were rejected.
"""
import argparse
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--partial", action="store_true", help="import the valid rows only")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--lang", default="zh_CN")
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", args.login)], limit=1)
        if not user:
            sys.exit(f"no user {args.login}")
        env = env(user=user.id, context={"lang": args.lang})
        with open(args.file, "rb") as fh:
            data = fh.read()
        try:
            report = env["gov.item"].gov_import_catalog(data, args.file, partial=args.partial)
        except odoo.exceptions.UserError as exc:
            sys.exit(str(exc))
        for line in report["errors"]:
            print(line)
        print(f"rows {report['rows']}, created {report['created']}, rejected {len(report['errors'])}")
        if report["errors"] and not report["created"]:
            cr.rollback()
            sys.exit(1)
        cr.commit()


if __name__ == "__main__":
    main()
