#!/usr/bin/env python3
"""Case-data exchange benchmark: the nightly export of one busy day of a province-sized hall — N cases
received, accepted, stepped, suspended and decided that day over 100 departments — timing the export the
nightly job runs (collect the four tables, write four CSV files and the JSON, attach them). The hall's data
is written in SQL (it is the input, not what is measured); everything rolls back.

    python3 bench/exchange.py -d DB [--cases 20000] [odoo options]
"""
import argparse
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--day", default="2025-06-18")
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN", "tracking_disable": True})
        t_setup = time.perf_counter()
        depts = env["hr.department"].create([{"name": f"交换基准部门{i:03d}", "gov_code": f"EX{i:03d}",
                                              "is_stationed": True} for i in range(args.departments)])
        windows = env["gov.window"].create([{"name": f"EX{i:03d}", "window_type": "department",
                                             "department_id": d.id} for i, d in enumerate(depts)])
        company, currency = env.company.id, env.company.currency_id.id
        env.flush_all()
        cr.execute("""
            INSERT INTO gov_item (name, department_id, basic_code, implementation_code, item_type, case_type,
                                  legal_limit, promised_limit, state, version, max_visits, company_id, active,
                                  level, online_level, create_date, write_date, create_uid, write_uid)
            SELECT '交换基准事项' || d.id, d.id, lpad(d.id::text, 12, '0'), 'EX' || lpad(d.id::text, 16, '0'),
                   'licensing', 'promised', 20, 10, 'published', 1, 1, %s, true, 'main', 'partial',
                   now(), now(), 1, 1
              FROM hr_department d WHERE d.id = ANY(%s)
            RETURNING id, department_id""", [company, depts.ids])
        item_of = dict((dept, item) for item, dept in cr.fetchall())
        cr.execute("CREATE TEMP TABLE bench_map (dept int, item int, win int, n int) ON COMMIT DROP")
        cr.executemany("INSERT INTO bench_map VALUES (%s, %s, %s, %s)", [
            (d.id, item_of[d.id], w.id, i) for i, (d, w) in enumerate(zip(depts, windows))])
        day = args.day
        # a third received that day, a third accepted that day, a third decided that day
        cr.execute("""
            INSERT INTO gov_case (name, company_id, item_id, department_id, window_id, clerk_id, state,
                                  applicant_type, applicant_name, applicant_id_number, applicant_phone, currency_id,
                                  exemption_state, received_date, accepted_date, decision_date, decision, due_date,
                                  legal_limit, promised_limit, correction_count, visit_count, item_version,
                                  case_type, window_type, create_date, write_date, create_uid, write_uid)
            SELECT 'EX' || lpad(g::text, 8, '0'), %s, m.item, m.dept, m.win, 1,
                   (ARRAY['received', 'review', 'decided'])[1 + g %% 3], 'person', '交换申请人' || g,
                   '11010519491231002X', '13900000000', %s, 'none',
                   CASE g %% 3 WHEN 0 THEN %s::date ELSE %s::date - 5 END,
                   CASE g %% 3 WHEN 0 THEN NULL WHEN 1 THEN %s::date ELSE %s::date - 4 END,
                   CASE g %% 3 WHEN 2 THEN %s::date END, CASE g %% 3 WHEN 2 THEN 'approve' END,
                   %s::date + 14, 20, 10, 0, 1, 1, 'promised', 'department', now(), now(), 1, 1
              FROM generate_series(1, %s) g JOIN bench_map m ON m.n = g %% %s""",
                   [company, currency, day, day, day, day, day, day, args.cases, args.departments])
        cr.execute("""
            INSERT INTO gov_case_step (case_id, step, office, user_id, date, opinion, decision,
                                       create_date, write_date, create_uid, write_uid)
            SELECT c.id, CASE WHEN c.state = 'decided' THEN 'approval' ELSE 'first_review' END,
                   CASE WHEN c.state = 'decided' THEN 'back' ELSE 'front' END, 1, %s::date + time '10:30',
                   '同意', CASE WHEN c.state = 'decided' THEN 'approve' END, now(), now(), 1, 1
              FROM gov_case c WHERE c.name LIKE 'EX%%' AND c.state IN ('review', 'decided')""", [day])
        cr.execute("""
            INSERT INTO gov_case_suspension (case_id, kind, reason, start_date, state,
                                             create_date, write_date, create_uid, write_uid)
            SELECT c.id, 'testing', '委托检验', %s::date, 'running', now(), now(), 1, 1
              FROM gov_case c WHERE c.name LIKE 'EX%%' AND c.state = 'review' AND c.id %% 25 = 0""", [day])
        cr.execute("ANALYZE gov_case; ANALYZE gov_case_step; ANALYZE gov_case_suspension")
        env.invalidate_all()
        setup = time.perf_counter() - t_setup
        Batch = env["gov.exchange.batch"]
        t0 = time.perf_counter()
        batch = Batch._export_day(day, trigger="manual", reason="benchmark")
        env.flush_all()
        elapsed = time.perf_counter() - t0
        size = sum(len(a.raw or b"") for a in batch.attachment_ids)
        print(f"exchange: {args.cases} cases on {day} over {args.departments} departments → batch {batch.state}, "
              f"{batch.case_count} cases, {size / 1048576:.1f} MB of files")
        print(f"  data set up in {setup:.1f} s (SQL, not measured)")
        print(f"  nightly export: {elapsed:.1f} s ({args.cases / elapsed:.0f} cases/s)")
        cr.rollback()


if __name__ == "__main__":
    main()
