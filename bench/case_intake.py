#!/usr/bin/env python3
"""Intake benchmark: N cases received, materials checked and accepted through the
methods the clerk's buttons call (create → action_receive → material check →
action_accept), beside a plain batch ``create`` of N ``res.partner`` records in
the same run.  Prints both rates and their ratio; rolls back.

    python3 bench/case_intake.py -d DB [--cases 1000] [odoo options]
"""
import argparse
import os
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=1000)
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.fields import Command
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    n = args.cases
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN", "tracking_disable": False})
        dept = env["hr.department"].create({"name": "基准部门", "gov_code": "BENCHC", "is_stationed": True})
        window = env["gov.window"].create({"name": "BENCHW", "window_type": "comprehensive"})
        clerk = env["res.users"].create({
            "name": "基准窗口", "login": "bench_clerk",
            "group_ids": [Command.link(env.ref("gov_hall.group_gov_front_office").id)]})
        env["hr.employee"].create({"name": "基准窗口", "user_id": clerk.id, "department_id": dept.id})
        window.employee_ids = clerk.employee_ids
        delegation = env["gov.delegation"].create({
            "department_id": dept.id, "grantor_id": clerk.employee_ids.id, "grantee_user_id": clerk.id,
            "grantee_kind": "delegate", "power_accept": True, "date_from": "2020-01-01", "date_to": "2099-12-31",
            "scan": "aGVsbG8=", "scan_filename": "scan.pdf"})
        delegation.action_activate()
        # the clerk stamps each acceptance notice with the department's approval seal (二(十))
        env["gov.seal"].create({"name": "基准部门行政审批专用章", "seal_type": "department", "department_id": dept.id,
                                "custodian_id": clerk.id})
        item = env["gov.item"].create({
            "name": "基准事项", "department_id": dept.id, "basic_code": "BENCH0000001",
            "implementation_code": "BENCH0000001", "item_type": "licensing", "case_type": "promised",
            "legal_limit": 20, "promised_limit": 10,
            "material_ids": [Command.create({"name": f"材料{i}"}) for i in range(4)],
            "step_ids": [Command.create({"step": "first_review", "office": "front"}),
                         Command.create({"step": "approval", "office": "back"})],
            "window_ids": [Command.set(window.ids)]})
        item.with_user(env.ref("base.user_admin")).action_publish()
        env.flush_all()
        Case = env["gov.case"].with_user(clerk)

        phases = {}
        t0 = start = time.perf_counter()
        cases = Case.create([{
            "item_id": item.id, "window_id": window.id, "applicant_name": f"申请人{i}",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13900000000"} for i in range(n)])
        env.flush_all()
        phases["create"], t0 = time.perf_counter() - t0, time.perf_counter()
        cases.action_receive()
        env.flush_all()
        phases["receive"], t0 = time.perf_counter() - t0, time.perf_counter()
        cases.material_ids.write({"submitted": True, "compliant": True})
        env.flush_all()
        phases["check"], t0 = time.perf_counter() - t0, time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats
            prof = cProfile.Profile()
            prof.enable()
        cases.action_accept()
        env.flush_all()
        if os.environ.get("BENCH_PROFILE"):
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        phases["accept"] = time.perf_counter() - t0
        t_cases = time.perf_counter() - start
        assert set(cases.mapped("state")) == {"review"}

        t0 = time.perf_counter()
        env["res.partner"].create([{"name": f"基准联系人{i}", "email": f"p{i}@example.com"} for i in range(n)])
        env.flush_all()
        t_partner = time.perf_counter() - t0
        cr.rollback()

    rate_cases, rate_partner = n / t_cases, n / t_partner
    print(f"case intake: {n} cases created, received, checked (4 materials) and accepted "
          f"in {t_cases:.2f} s = {rate_cases:.0f} cases/s")
    print("  phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
    print(f"res.partner batch create: {n} records in {t_partner:.2f} s = {rate_partner:.0f} records/s")
    print(f"ratio intake/create: {rate_cases / rate_partner:.2f} (target >= 0.30)")


if __name__ == "__main__":
    main()
