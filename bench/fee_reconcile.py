#!/usr/bin/env python3
"""Fee reconciliation benchmark: a statement of the stationed bank with N lines
(ICBC layout, GB18030 CSV, account lines above the header, thousands separators,
a summary line) imported through the bank-layout parser and matched with N
payment notices by payment code — 95 % exact, the rest partial, over, unknown
or without a code. Prints the time of each phase; then the same file again
(every line recognised as imported before), and the booking in Accounting of a
smaller statement whose notices carry their journal entries. Rolls back.

    python3 bench/fee_reconcile.py -d DB [--lines 10000] [--post 300] [odoo options]
"""
import argparse
import csv
import io
import time
from datetime import date


def statement_csv(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["中国工商银行对公账户明细"])
    w.writerow(["账号：1204060009300888888", "户名：嘉禾市财政局非税收入财政专户"])
    w.writerow(["起止日期：2026-11-26 至 2026-11-26"])
    w.writerow(["交易日期", "交易时间", "摘要", "借方发生额(支出)", "贷方发生额(收入)", "余额", "对方户名", "对方账号",
                "附言", "交易流水号"])
    balance = total = 0.0
    for i, (amount, memo) in enumerate(rows):
        balance += amount
        total += amount
        w.writerow(["2026-11-26", "09:00:00", "非税缴款", "", f"{amount:,.2f}", f"{balance:,.2f}", f"缴款人{i}",
                    "6222021202001234567", memo, f"BENCH20261126{i:07d}"])
    w.writerow(["合计", "", f"笔数：{len(rows)}", "0.00", f"{total:,.2f}", "", "", "", "", ""])
    return buf.getvalue().encode("gb18030")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--lines", type=int, default=10000)
    parser.add_argument("--post", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="print where the matching spends its time")
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([*odoo_args, "-d", args.database, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.database)
    n = args.lines
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN", "tracking_disable": False})
        from odoo.addons.gov_hall.tools.paycode import make_code
        acc = env["gov.payment.notice"]._fee_accounting()
        journal = acc["fiscal_journal"]
        mapping = env.ref("gov_hall_fee.bank_mapping_icbc")
        dept = env["hr.department"].create({"name": "基准收费部门", "gov_code": "BENCHF", "is_stationed": True})
        window = env["gov.window"].create({"name": "BENCHFW", "window_type": "comprehensive"})
        item = env["gov.item"].create({
            "name": "基准收费事项", "department_id": dept.id, "basic_code": "BENCHF000001",
            "implementation_code": "BENCHF000001", "item_type": "licensing", "case_type": "promised",
            "legal_limit": 20, "promised_limit": 10, "window_ids": [(6, 0, window.ids)],
            "material_ids": [(0, 0, {"name": "申请表"})], "step_ids": [(0, 0, {"step": "approval", "office": "back"})]})
        item.with_user(env.ref("base.user_admin")).action_publish()
        cases = env["gov.case"].create([{
            "item_id": item.id, "window_id": window.id, "applicant_name": f"申请人{i}",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13900000000"} for i in range(100)])
        partner = env["res.partner"].create({"name": "基准缴款人"})
        t0 = time.perf_counter()
        codes = [make_code("330400", 2026, 80000000 + i) for i in range(n)]
        env["gov.payment.notice"].create([{
            "case_id": cases[i % 100].id, "department_id": dept.id, "partner_id": partner.id,
            "payer_name": f"缴款人{i}", "payment_code": codes[i], "due_date": date(2026, 12, 31),
            "amount_total": 50.0 + (i % 7) * 10} for i in range(n)])
        env.flush_all()
        print(f"setup: {n} payment notices (without journal entries) in {time.perf_counter() - t0:.1f} s")

        rows = []
        for i, code in enumerate(codes):
            due = 50.0 + (i % 7) * 10
            kind = i % 100
            if kind < 95:
                rows.append((due, f"缴款码{code}"))
            elif kind < 97:
                rows.append((due - 10, f"缴款码{code}"))
            elif kind == 97:
                rows.append((due + 100, f"JKM{code}"))
            elif kind == 98:
                rows.append((due, f"缴款码{make_code('330400', 2026, 70000000 + i)}"))
            else:
                rows.append((due, "现金缴存"))
        data = statement_csv(rows)
        Import = env["gov.bank.import"]

        t0 = time.perf_counter()
        transactions = Import._parse(journal, mapping, data, "bench.csv")
        t_parse = time.perf_counter() - t0
        t1 = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats
            prof = cProfile.Profile()
            prof.enable()
        statement = env["gov.bank.statement"]._create_from_transactions(
            journal, transactions, "bench", mapping=mapping, filename="bench.csv", data=data)
        env.flush_all()
        if args.profile:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        t_match = time.perf_counter() - t1
        total = time.perf_counter() - t0
        matched = len(statement.line_ids.filtered(lambda x: x.match_state == "matched"))
        paid = env["gov.payment.notice"].search_count([("payment_code", "in", codes), ("payment_state", "=", "paid")])
        print(f"import of a {n}-line statement: parse {t_parse:.1f} s, match + create {t_match:.1f} s, "
              f"total {total:.1f} s ({n / total:.0f} lines/s); {matched} matched, "
              f"{len(statement.line_ids) - matched} unmatched with a reason, {paid} notices paid with a receipt")
        t0 = time.perf_counter()
        try:
            Import._import(journal, mapping, data, "bench.csv")
        except odoo.exceptions.UserError:
            pass
        print(f"same file again: refused (all {n} lines imported before) in {time.perf_counter() - t0:.1f} s")

        # booking in Accounting: notices with their journal entries, one statement, reconciled
        m = args.post
        t0 = time.perf_counter()
        notices = env["gov.payment.notice"].create([{
            "case_id": cases[i % 100].id, "department_id": dept.id, "partner_id": partner.id,
            "payer_name": f"记账{i}", "payment_code": make_code("330400", 2026, 60000000 + i),
            "due_date": date(2026, 12, 31), "amount_total": 80.0,
            "line_ids": [(0, 0, {"name": "工本费", "amount": 80.0, "unit_price": 80.0})]} for i in range(m)])
        notices._create_move()
        env.flush_all()
        print(f"setup: {m} notices with posted journal entries in {time.perf_counter() - t0:.1f} s")
        st2 = env["gov.bank.statement"]._create_from_transactions(journal, [{
            "date": date(2026, 11, 27), "amount": 80.0, "remark": f"缴款码{x.payment_code}", "bank_ref": f"P{i}"}
            for i, x in enumerate(notices)], "bench-post")
        t0 = time.perf_counter()
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
        st2._post_to_ledger()
        env.flush_all()
        if args.profile:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
        took = time.perf_counter() - t0
        reconciled = len(notices.filtered(lambda x: x.move_id.payment_state == "paid"))
        print(f"booking a {m}-line statement in Accounting (one entry, {reconciled} receivables reconciled): "
              f"{took:.1f} s ({m / took:.0f} lines/s)")
        cr.rollback()


if __name__ == "__main__":
    main()
