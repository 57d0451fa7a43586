#!/usr/bin/env python3
"""Hourly jobs benchmark: the time-limit warning and accountability job over N open cases in review, and
the five-day rule (deemed acceptance) over N received cases, called as the scheduler calls them
(``gov.case._cron_update_warnings`` and ``gov.case._cron_deemed_acceptance``, tracking on).

The city's data is written in SQL (it is the input, not what is measured): 20 stationed departments with
their leader in charge, clerks and reviewers, items with promised limits of 10 to 60 working days, the
open cases as the previous working day's run left them (most green, a few thousand near a threshold, so
that today's first run moves some hundreds to yellow, orange or red and every case's working days used
by one), and the received cases of the last working days, of which ``--late`` passed their fifth working
day without a correction notice. The cases are committed and the table vacuumed before the jobs run, as
in a database where they have been there for days (rows written in the same transaction cost foreign-key
checks on every update, and never-updated rows leave no room for in-place updates); the jobs' work is
rolled back, then the cases are deleted. The city (users, departments, items) stays for the next run.

    python3 bench/warning_job.py -d DB [--cases 100000] [--late 2000] [odoo options]
"""
import argparse
import os
import random
import re
import time
from datetime import timedelta

DEPARTMENTS = 20
LIMITS = [(10, 0.3), (20, 0.3), (30, 0.2), (60, 0.2)]  # promised limit (working days), share of cases
NEAR_SHARE = 0.08  # cases anywhere between overdue and the full limit; the others are well within it
PREFIX = "WJB"  # names of the bench's cases, department codes, logins
LEVELS = ["normal", "yellow", "orange", "red"]


def city(env):
    """The bench's departments, staff and items: created on the first run, found on the next ones."""
    from odoo.fields import Command

    depts = env["hr.department"].search([("gov_code", "=like", f"{PREFIX}%")], order="gov_code")
    if len(depts) < DEPARTMENTS:
        groups = {role: env.ref(f"gov_hall.group_gov_{group}") for role, group in (
            ("sup", "supervision"), ("leader", "leader"), ("clerk", "front_office"), ("reviewer", "back_office"))}
        depts = env["hr.department"].create([{"name": f"预警基准部门{i:02d}", "gov_code": f"{PREFIX}{i:02d}",
                                              "is_stationed": True} for i in range(DEPARTMENTS)])
        people = [(False, "sup", i) for i in range(3)] + [
            (d, role, i) for d in depts for role, count in (("leader", 1), ("clerk", 4), ("reviewer", 2))
            for i in range(count)]
        users = env["res.users"].with_context(no_reset_password=True).create([{
            "name": f"{d.name if d else '预警'}{role}{i}", "email": f"{role}{i}.{d.id if d else 0}@example.com",
            "login": f"{PREFIX.lower()}_{d.gov_code.lower() if d else 'city'}_{role}{i}",
            "group_ids": [Command.link(groups[role].id)]} for d, role, i in people])
        env["hr.employee"].create([{"name": u.name, "user_id": u.id, "department_id": d.id}
                                   for (d, _role, _i), u in zip(people, users) if d])
        window = env["gov.window"].create({"name": PREFIX, "window_type": "comprehensive"})
        items = env["gov.item"].create([{
            "name": f"预警基准事项{d.gov_code}-{limit}", "department_id": d.id,
            "basic_code": f"{d.gov_code}{limit:07d}", "implementation_code": f"{d.gov_code}{limit:07d}0001",
            "item_type": "licensing", "case_type": "promised", "promised_limit": limit, "legal_limit": 2 * limit,
            "material_ids": [Command.create({"name": "申请书"})],
            "step_ids": [Command.create({"step": "first_review", "office": "front"}),
                         Command.create({"step": "approval", "office": "back"})],
            "window_ids": [Command.set(window.ids)]} for d in depts for limit, _share in LIMITS])
        items.with_user(env.ref("base.user_admin")).action_publish()
    staff = {}  # dept id → {role: [users]}
    for user in env["res.users"].search([("login", "=like", f"{PREFIX.lower()}_{PREFIX.lower()}%")], order="login"):
        code, role = user.login.split("_")[1:3]
        staff.setdefault(code.upper(), {}).setdefault(role.rstrip("0123456789"), []).append(user)
    for dept in depts:
        if not dept.gov_leader_id:
            dept.gov_leader_id = staff[dept.gov_code]["leader"][0].employee_ids[:1]
    items = env["gov.item"].search([("department_id", "in", depts.ids), ("state", "=", "published")])
    window = env["gov.window"].search([("name", "=", PREFIX)], limit=1)
    return depts, {d.id: staff[d.gov_code] for d in depts}, items, window


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--late", type=int, default=2000)
    parser.add_argument("--jobs", default="warning,deemed", help="which jobs to time (comma-separated)")
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    rng = random.Random(19)
    n = args.cases
    like = f"{PREFIX}-%"

    def cleanup(cr):
        cr.execute("DELETE FROM mail_followers WHERE res_model = 'gov.case' AND res_id IN "
                   "(SELECT id FROM gov_case WHERE name LIKE %s)", [like])
        cr.execute("DELETE FROM gov_case WHERE name LIKE %s", [like])
        cr.commit()

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
        cleanup(cr)  # what an interrupted run left
        t_setup = time.perf_counter()
        Case, Holiday, Level = env["gov.case"], env["cn.holiday"], env["gov.warning.level"]
        depts, staff, items, window = city(env)
        item_of = {(it.department_id.id, it.promised_limit): it for it in items}
        template = Case.create({"name": f"{PREFIX}-template", "item_id": items[0].id, "window_id": window.id,
                                "applicant_name": "模板", "applicant_id_number": "11010519491231002X",
                                "applicant_phone": "13900000000"})
        env.flush_all()

        # --------------------------------------------------------- the calendar
        today = odoo.fields.Date.context_today(Case)
        days = [today + timedelta(days=d) for d in range(-900, 400)]
        work = [d for d in days if Holiday.is_workday(d)]
        past = [d for d in work if d <= today]  # working days up to today
        ahead = [d for d in work if d > today]  # working days after today
        index = {d: i for i, d in enumerate(work)}
        previous_run = past[-2]  # the run of the working day before: one working day has passed since
        levels = Level._levels()

        def state_on(day, accepted, due, limit):
            """(level, overdue, used) as the warning job computes them on ``day``."""
            if due >= day:
                left, overdue = Holiday.working_days_between(day, due), 0
            else:
                overdue = Holiday.working_days_between(due, day)
                left = -overdue
            used = Holiday.working_days_between(accepted, day) if accepted <= day else 0
            return Level._level_for(levels, left, limit), overdue, used

        memo = {}

        def review_row(limit, left):
            if (limit, left) not in memo:
                due = ahead[left - 1] if left > 0 else past[left - 1]  # ``left`` working days left today
                accepted = work[index[due] - limit]
                legal_due = work[index[accepted] + 2 * limit]
                memo[limit, left] = (accepted, due, legal_due, *state_on(previous_run, accepted, due, limit),
                                     state_on(today, accepted, due, limit)[0])
            return memo[limit, left]

        # ------------------------------------------------------------ the cases
        limits, weights = zip(*LIMITS)
        rows, figures, expected = [], [], {}
        for k in range(n):
            dept = depts[k % DEPARTMENTS].id
            limit = rng.choices(limits, weights)[0]
            if rng.random() < NEAR_SHARE:
                left = rng.randint(-15, limit)
            else:
                left = rng.randint(limit // 2 + 2, limit)
            accepted, due, legal_due, level, overdue, used, level_today = review_row(limit, left or 1)
            if LEVELS.index(level_today) > LEVELS.index(level):
                expected[level_today] = expected.get(level_today, 0) + 1
            clerks = staff[dept]["clerk"]
            rows.append((f"{PREFIX}-R{k:07d}", item_of[dept, limit].id, dept, limit, 2 * limit,
                         clerks[k % len(clerks)].id, accepted, accepted, due, legal_due, "review",
                         work[index[accepted] + 5]))
            figures.append((used, overdue, level))
        late = set(rng.sample(range(n), min(args.late, n)))
        for k in range(n):
            dept = depts[k % DEPARTMENTS].id
            limit = rng.choices(limits, weights)[0]
            received = past[-(rng.randint(7, 9) if k in late else rng.randint(1, 5))]  # working days ago
            deadline = work[index[received] + 5]
            if k not in late and deadline < today:
                received, deadline = past[-1], work[index[past[-1]] + 5]
            clerks = staff[dept]["clerk"]
            rows.append((f"{PREFIX}-A{k:07d}", item_of[dept, limit].id, dept, limit, 2 * limit,
                         clerks[k % len(clerks)].id, received, None, None, None, "received", deadline))
        varied = ("name", "item_id", "department_id", "promised_limit", "legal_limit", "clerk_id", "received_date",
                  "accepted_date", "due_date", "legal_due_date", "state", "correction_deadline")
        cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'gov_case' "
                   "AND column_name NOT IN %s", [(*varied, "id", "current_step", "applicant_name")])
        kept = [r[0] for r in cr.fetchall()]
        for start in range(0, len(rows), 20000):
            cr.execute(f"""
                INSERT INTO gov_case ({", ".join(f'"{c}"' for c in kept)}, {", ".join(varied)},
                                      current_step, applicant_name)
                SELECT {", ".join(f't."{c}"' for c in kept)}, v.*,
                       CASE WHEN v.state = 'review' THEN 'first_review' END, '申请人' || right(v.name, 5)
                  FROM gov_case t,
                       unnest(%s::varchar[], %s::int[], %s::int[], %s::int[], %s::int[], %s::int[], %s::date[],
                              %s::date[], %s::date[], %s::date[], %s::varchar[], %s::date[]) AS v({", ".join(varied)})
                 WHERE t.id = %s""", [*map(list, zip(*rows[start:start + 20000])), template.id])
        # the previous working day's run: its figures and levels, in one update as that run wrote them
        cr.execute("""
            UPDATE gov_case c SET time_used_days = v.used, days_overdue = v.overdue, warning_level = v.level
              FROM unnest(%s::varchar[], %s::int[], %s::int[], %s::varchar[]) AS v(name, used, overdue, level)
             WHERE c.name = v.name""", [[r[0] for r in rows[:n]], *map(list, zip(*figures))])
        # a third of the open cases had their first review done by a reviewer: the approval step is next
        cr.execute("SELECT id, department_id FROM gov_case WHERE name LIKE %s AND id %% 3 = 0",
                   [f"{PREFIX}-R%"])
        stepped = cr.fetchall()
        cr.execute("""
            INSERT INTO gov_case_step (case_id, step, office, user_id, date, opinion, create_date, write_date,
                                       create_uid, write_uid)
            SELECT c.id, 'first_review', 'front', v.uid, c.accepted_date + time '15:00', '初审通过',
                   now(), now(), 1, 1
              FROM unnest(%s::int[], %s::int[]) AS v(cid, uid) JOIN gov_case c ON c.id = v.cid""",
                   [[cid for cid, _d in stepped], [staff[d]["reviewer"][cid % 2].id for cid, d in stepped]])
        cr.execute("UPDATE gov_case SET current_step = 'approval' WHERE id = ANY(%s)",
                   [[cid for cid, _d in stepped]])
        # the receiving clerk follows each case, as the ORM's create does
        cr.execute("""
            WITH f AS (
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT 'gov.case', c.id, u.partner_id FROM gov_case c JOIN res_users u ON u.id = c.clerk_id
                 WHERE c.name LIKE %s AND c.id != %s RETURNING id)
            INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
            SELECT f.id, %s FROM f""", [like, template.id, env.ref("mail.mt_comment").id])
        cr.commit()
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE gov_case")
        cr.execute("VACUUM ANALYZE gov_case_step")
        cr.execute("VACUUM ANALYZE mail_followers")
        cr._cnx.autocommit = False
        setup = time.perf_counter() - t_setup

    try:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
            run_jobs(env, args, n, len(late), expected, setup, today, previous_run)
            cr.rollback()
    finally:
        with registry.cursor() as cr:
            cleanup(cr)


def run_jobs(env, args, n, late, expected, setup, today, previous_run):
    cr = env.cr
    Case = env["gov.case"]

    def counts():
        cr.execute("""SELECT (SELECT count(*) FROM mail_message WHERE model = 'gov.case'),
                             (SELECT count(*) FROM mail_activity a JOIN ir_model m ON m.id = a.res_model_id
                               WHERE m.model = 'gov.case'),
                             (SELECT count(*) FROM gov_accountability),
                             (SELECT count(*) FROM mail_notification),
                             (SELECT count(*) FROM mail_mail)""")
        return cr.fetchone()

    def level_counts():
        cr.execute("SELECT warning_level, count(*) FROM gov_case WHERE name LIKE %s GROUP BY 1", [f"{PREFIX}-R%"])
        return dict(cr.fetchall())

    sql_times, cpu = {}, {}
    if os.environ.get("BENCH_SQL"):  # database time by statement (its first words)
        from odoo.sql_db import Cursor
        plain_execute = Cursor.execute

        def execute(self, query, params=None, log_exceptions=True):
            start = time.perf_counter()
            try:
                return plain_execute(self, query, params, log_exceptions)
            finally:
                key = re.sub(r"\s+", " ", str(query))[:100]
                spent, count = sql_times.get(key, (0.0, 0))
                sql_times[key] = (spent + time.perf_counter() - start, count + 1)
        Cursor.execute = execute

    def timed(job):
        sql_times.clear()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats
            prof = cProfile.Profile()
            prof.enable()
        t0, c0 = time.perf_counter(), time.process_time()
        job()
        env.flush_all()
        cr.precommit.run()  # tracking values and the like, as the scheduler's commit writes them
        elapsed = time.perf_counter() - t0
        cpu[job.__name__] = time.process_time() - c0
        if os.environ.get("BENCH_PROFILE"):
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        for key, (spent, count) in sorted(sql_times.items(), key=lambda kv: -kv[1][0])[:12]:
            print(f"    SQL {spent:6.2f} s {count:6d}x {key}")
        return elapsed

    jobs = args.jobs.split(",")
    print(f"warning job bench: {n} cases in review and {n} received ({late} late) set up in {setup:.1f} s "
          f"(SQL, not measured); today {today}, previous run {previous_run}")
    if "warning" in jobs:
        print(f"  levels before: {level_counts()}; expected rises: {expected}")
        cr.execute("CREATE TEMP TABLE bench_level ON COMMIT DROP AS "
                   "SELECT id, warning_level FROM gov_case WHERE name LIKE %s", [f"{PREFIX}-R%"])
        before = counts()
        t_warn = timed(Case._cron_update_warnings)
        after = counts()
        cr.execute("SELECT count(*) FROM gov_case c JOIN bench_level b ON b.id = c.id "
                   "WHERE c.warning_level != b.warning_level")
        changes = cr.fetchone()[0]
        cr.execute("SELECT pg_stat_get_xact_tuples_updated('gov_case'::regclass), "
                   "pg_stat_get_xact_tuples_hot_updated('gov_case'::regclass)")
        updated, hot = cr.fetchone()
        print(f"  levels after: {level_counts()}")
        print(f"warning job: {n} open cases, {changes} level changes, {t_warn:.1f} s (target < 10 s)")
        print(f"  {after[0] - before[0]} chatter messages, {after[1] - before[1]} activities, "
              f"{after[2] - before[2]} accountability records, {after[3] - before[3]} notifications, "
              f"{after[4] - before[4]} mails; Odoo process CPU {cpu['_cron_update_warnings']:.1f} s; "
              f"{updated} case rows updated ({hot} in place)")

    if "deemed" in jobs:
        env.invalidate_all()
        before = counts()
        t_deemed = timed(Case._cron_deemed_acceptance)
        after = counts()
        cr.execute("SELECT count(*), count(*) FILTER (WHERE accepted_date = received_date AND due_date IS NOT NULL) "
                   "FROM gov_case WHERE name LIKE %s AND deemed_accepted AND state = 'review'", [f"{PREFIX}-A%"])
        accepted, dated = cr.fetchone()
        print(f"deemed acceptance: {n} received cases, {accepted} accepted, {t_deemed:.1f} s (target < 10 s)")
        print(f"  {dated} accepted from receipt with a due date; {after[0] - before[0]} chatter messages, "
              f"{after[1] - before[1]} activities, {after[3] - before[3]} notifications, "
              f"{after[4] - before[4]} mails; Odoo process CPU {cpu['_cron_deemed_acceptance']:.1f} s")


if __name__ == "__main__":
    main()
