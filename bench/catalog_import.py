#!/usr/bin/env python3
"""Catalog-import benchmark.

Imports N items (each with 4 materials, 1-2 fees, 4 steps) from a generated
CSV through ``gov.item.gov_import_catalog`` -- the path the UI wizard and the
command line take -- and, in the same run, a plain batch ``create`` of N
``res.partner`` records.  Prints both rates and their ratio; rolls back.

    python3 bench/catalog_import.py -d DB [--items 2000] [odoo options]
"""
import argparse
import csv
import io
import os
import sys
import time


def make_csv(n, dept_codes, windows):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "addons", "gov_hall"))
    from tools.catalog_io import COLUMNS
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS.values())
    for i in range(n):
        dept = dept_codes[i % len(dept_codes)]
        basic = f"9{i:011d}"
        row = {
            "department": dept, "basic_code": basic, "implementation_code": f"BENCH{basic}00",
            "version": "1", "name": f"基准测试事项{i:05d}", "parent": "", "level": "主项",
            "handling_type": "", "item_type": "行政许可", "legal_basis": "《中华人民共和国行政许可法》",
            "legal_limit": "20", "promised_limit": "10", "case_type": "承诺件", "max_visits": "1",
            "online_level": "部分网办", "is_public": "是", "steps": "初审:前台;复审:后台;审批:后台;发证:前台",
            "joint": "", "windows": ";".join(windows[: 1 + i % 2]),
            "materials": "申请书|原件|1|是;营业执照|复印件|1|是;身份证明|复印件|1|是;场所证明|复印件|1|否",
            "fees": "工本费|固定|10.00|件|103040501|财税〔2016〕79号"
                    + (";复垦费|单价|2.50|平方米||依据" if i % 2 else ""),
            "conditions": "申请材料齐全、符合法定形式", "state": "发布",
        }
        w.writerow(row[k] for k in COLUMNS)
    return out.getvalue().encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--items", type=int, default=2000)
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
        admin = env.ref("base.user_admin")
        env = env(user=admin.id)
        depts = env["hr.department"].create([
            {"name": f"基准部门{i}", "gov_code": f"BD{i:02d}", "is_stationed": True} for i in range(20)])
        windows = env["gov.window"].create([
            {"name": f"BW{i:02d}", "window_type": "comprehensive"} for i in range(10)])
        data = make_csv(args.items, depts.mapped("gov_code"), windows.mapped("name"))
        env.flush_all()

        t0 = time.perf_counter()
        report = env["gov.item"].gov_import_catalog(data, "bench.csv")
        env.flush_all()
        t_import = time.perf_counter() - t0
        assert report["created"] == args.items, report["errors"][:5]

        t0 = time.perf_counter()
        env["res.partner"].create([{"name": f"基准联系人{i}", "email": f"p{i}@example.com"}
                                   for i in range(args.items)])
        env.flush_all()
        t_partner = time.perf_counter() - t0
        cr.rollback()

    rate_import = args.items / t_import
    rate_partner = args.items / t_partner
    print(f"catalog import: {args.items} items (4 materials, 1-2 fees, 4 steps each) "
          f"in {t_import:.2f} s = {rate_import:.0f} items/s")
    print(f"res.partner batch create: {args.items} records in {t_partner:.2f} s "
          f"= {rate_partner:.0f} records/s")
    print(f"ratio import/create: {rate_import / rate_partner:.2f} (target >= 0.50)")


if __name__ == "__main__":
    main()
