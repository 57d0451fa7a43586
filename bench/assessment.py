#!/usr/bin/env python3
"""Assessment benchmark: one annual assessment computed over a province-sized hall — 200 stationed departments,
5,000 stationed people, 500,000 cases of the year, 200,000 ratings, 250,000 judged shifts — timing the run the
Bureau's *计算* button starts (lines, every indicator for everybody, totals, ranks, proposed grades).
The hall's data is written in SQL (it is the input, not what is measured); everything rolls back.

    python3 bench/assessment.py -d DB [--departments 200] [--people 5000] [--cases 500000] [odoo options]
"""
import argparse
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--cases", type=int, default=500000)
    parser.add_argument("--year", type=int, default=2025)
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    year = args.year
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN", "tracking_disable": True})
        t_setup = time.perf_counter()
        # the city's other stationed departments and people are left out of this run
        cr.execute("UPDATE hr_department SET is_stationed = false WHERE is_stationed")
        cr.execute("UPDATE hr_employee SET gov_is_stationed = false WHERE gov_is_stationed")
        env.invalidate_all()
        depts = env["hr.department"].create([{"name": f"基准部门{i:03d}", "gov_code": f"BA{i:03d}",
                                              "is_stationed": True} for i in range(args.departments)])
        windows = env["gov.window"].create([{"name": f"BA{i:03d}", "window_type": "department",
                                             "department_id": d.id} for i, d in enumerate(depts)])
        per_dept = max(args.people // args.departments, 1)
        Employee = env["hr.employee"].with_context(tracking_disable=True, mail_create_nolog=True)
        employees = Employee.browse()
        for first in range(0, args.people, 250):  # batches: the people are input, not what is measured
            employees |= Employee.create([
                {"name": f"基准人员{i:05d}", "department_id": depts[i % len(depts)].id, "gov_is_stationed": True,
                 "gov_window_id": windows[i % len(depts)].id if (i // len(depts)) % per_dept < per_dept // 2
                 else False} for i in range(first, min(first + 250, args.people))])
            env.flush_all()
            # fresh statistics on the tables Odoo's employee creation searches, or each batch gets slower
            cr.execute("ANALYZE hr_version; ANALYZE hr_employee; ANALYZE resource_resource")
        print(f"  people created: {time.perf_counter() - t_setup:.1f} s", flush=True)
        users = env["res.users"].with_context(no_reset_password=True).create([
            {"name": f"基准窗口{i:03d}", "login": f"bench_assess_{i}"} for i in range(args.departments)])
        for user, emp in zip(users, employees[:args.departments]):
            emp.user_id = user
        company = env.company.id
        currency = env.company.currency_id.id
        env.flush_all()
        # one item per department (SQL: the catalog is not what is measured)
        cr.execute("""
            INSERT INTO gov_item (name, department_id, basic_code, implementation_code, item_type, case_type,
                                  legal_limit, promised_limit, state, version, max_visits, company_id, active,
                                  level, online_level, create_date, write_date, create_uid, write_uid)
            SELECT '基准事项' || d.id, d.id, 'BA' || d.id, 'BA' || d.id, 'licensing', 'promised', 20, 10,
                   'published', 1, 1, %s, true, 'main', 'partial', now(), now(), 1, 1
              FROM hr_department d WHERE d.id = ANY(%s)
            RETURNING id, department_id""", [company, depts.ids])
        item_of = {dept: item for item, dept in cr.fetchall()}
        window_of = {w.department_id.id: w.id for w in windows}
        print(f"  departments, windows, people, users: {time.perf_counter() - t_setup:.1f} s", flush=True)
        cr.execute("CREATE TEMP TABLE bench_people (emp int, dept int, win int) ON COMMIT DROP")
        cr.executemany("INSERT INTO bench_people VALUES (%s, %s, %s)", [
            (e.id, e.department_id.id, e.gov_window_id.id or windows[0].id) for e in employees])
        cr.execute("CREATE TEMP TABLE bench_map (dept int, item int, win int, clerk int, n int) ON COMMIT DROP")
        cr.executemany("INSERT INTO bench_map VALUES (%s, %s, %s, %s, %s)", [
            (d, item_of[d], window_of[d], users[i].id, i) for i, d in enumerate(depts.ids)])
        start = f"{year}-01-01"
        cr.execute("""
            INSERT INTO gov_case (name, company_id, item_id, department_id, window_id, clerk_id, state,
                                  applicant_type, applicant_name, applicant_phone, currency_id, exemption_state,
                                  received_date, accepted_date, decision_date, due_date, time_used_days,
                                  legal_limit, promised_limit, correction_count, visit_count, over_visits,
                                  create_date, write_date, create_uid, write_uid)
            SELECT 'BA' || g, %s, m.item, m.dept, m.win, m.clerk, 'closed', 'person', '申请人', '13900000000', %s,
                   'none', d, d, d + (3 + g %% 12), d + 14, 3 + g %% 12, 20, 10, (g %% 9 = 0)::int + (g %% 13 = 0)::int,
                   1 + (g %% 40 = 0)::int, g %% 40 = 0, now(), now(), 1, 1
              FROM generate_series(1, %s) g
              JOIN bench_map m ON m.n = g %% %s
             CROSS JOIN LATERAL (SELECT %s::date + (g %% 330) AS d) dd""",
                   [company, currency, args.cases, args.departments, start])
        cr.execute("""
            INSERT INTO gov_evaluation (name, level, score, is_bad, channel, service_number, department_id, user_id,
                                        state, rated_at, create_date, write_date, create_uid, write_uid)
            SELECT 'BE' || g, lv, lv::int, lv IN ('1', '2'), 'pad', 'BA' || g, m.dept, m.clerk, 'valid',
                   %s::timestamp + (g %% 330) * interval '1 day', now(), now(), 1, 1
              FROM generate_series(1, %s) g JOIN bench_map m ON m.n = g %% %s
             CROSS JOIN LATERAL (SELECT (ARRAY['5','5','5','4','4','3','1'])[1 + g %% 7] AS lv) l""",
                   [start, args.cases * 2 // 5, args.departments])
        period = env.ref("gov_hall_staff.duty_period_am").id
        cr.execute("""
            INSERT INTO gov_duty_shift (window_id, employee_id, department_id, date, period_id, status,
                                        late_minutes, early_minutes, create_date, write_date, create_uid, write_uid)
            SELECT p.win, p.emp, p.dept, %s::date + s, %s,
                   (ARRAY['present','present','present','present','present','present','late','early','leave',
                          'absent'])[1 + (p.emp + s) %% 10], 0, 0, now(), now(), 1, 1
              FROM bench_people p CROSS JOIN generate_series(0, 49) s""",
                   [start, period])
        cr.execute("""
            INSERT INTO gov_conduct_record (employee_id, department_id, date, kind, category, description, points,
                                            state, create_date, write_date, create_uid, write_uid)
            SELECT p.emp, p.dept, %s::date + (p.emp %% 300), 'violation', 'dress', '未佩戴工牌', -1,
                   'confirmed', now(), now(), 1, 1
              FROM bench_people p WHERE p.emp %% 4 = 0""", [start])
        print(f"  hall data written: {time.perf_counter() - t_setup:.1f} s", flush=True)
        cr.execute("ANALYZE gov_case; ANALYZE gov_evaluation; ANALYZE gov_duty_shift")
        env.invalidate_all()
        setup = time.perf_counter() - t_setup

        Plan = env["gov.assessment.plan"]
        plan = Plan.search([("year", "=", year)]) or Plan.create({"name": f"{year}年度考核方案（基准）", "year": year})
        if plan.state == "draft":
            plan.action_load_defaults()
            plan.action_confirm()
        run = env["gov.assessment"].create({"name": f"{year}年度效能考核（基准）", "plan_id": plan.id})
        env.flush_all()
        t0 = time.perf_counter()
        run.action_compute()
        env.flush_all()
        elapsed = time.perf_counter() - t0
        scores = env["gov.assessment.score"].search_count([("assessment_id", "=", run.id)])
        t0 = time.perf_counter()
        run.action_compute()  # a recompute after the Bureau's manual entries
        env.flush_all()
        again = time.perf_counter() - t0
        print(f"assessment: {len(run.department_line_ids)} departments, {len(run.staff_line_ids)} people, "
              f"{args.cases} cases, {scores} figures")
        print(f"  data set up in {setup:.1f} s (SQL, not measured)")
        print(f"  compute: {elapsed:.1f} s (target < 60 s); recompute: {again:.1f} s")
        cr.rollback()


if __name__ == "__main__":
    main()
