"""The daily case-data exchange with the provincial / national platform (受理 / 过程 / 特别程序 / 结果).

One batch per day and attempt: the nightly job exports yesterday once; the Bureau may export a day
again, which makes a new version. The layout is in ``tools/layout.py``; each batch describes its
day as it ended (facts recorded later are left out), so a new version of a day repeats the first
unless the data were corrected in between.
"""
import csv
import io
import json
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import notify_users
from odoo.exceptions import UserError
from odoo.fields import Command, Domain

from ..tools import layout

TZ = pytz.timezone(layout.TIMEZONE)
CATCH_UP_DAYS = 7  # days the nightly job exports after an outage
DOC_TYPES = ("acceptance", "refusal", "decision_approve", "decision_deny")
CASE_FIELDS = ["name", "state", "item_id", "department_id", "window_id", "applicant_type", "applicant_name",
               "applicant_id_number", "applicant_uscc", "received_date", "accepted_date", "deemed_accepted",
               "decision", "decision_date", "decision_reason", "decision_legal_basis", "refuse_reason",
               "refuse_legal_basis", "delivered_date", "delivery_method", "case_type", "promised_limit",
               "legal_limit", "due_date", "result_line_id", "result_document_no"]


def _day_bounds(day):
    """UTC (naive, as stored) start and end of a Beijing-time day."""
    start = TZ.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
    return start, start + timedelta(days=1)


def _local(dt):
    return pytz.utc.localize(dt).astimezone(TZ).replace(tzinfo=None) if dt else None


def _at(local_dt, day):
    """The time of a fact recorded with its day only: the known moment when it fell on that day,
    else the day at 00:00:00."""
    if local_dt and local_dt.date() == day:
        return local_dt.replace(microsecond=0)
    return datetime.combine(day, time.min)


def _dt(value):
    return value.strftime(layout.DATETIME_FORMAT) if value else None


def _d(value):
    return value.strftime(layout.DATE_FORMAT) if value else None


class GovExchangeBatch(models.Model):
    _name = "gov.exchange.batch"
    _description = "Case-data Exchange Batch"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "day desc, version desc"
    _gov_client_create = False
    _gov_client_unlink = False

    name = fields.Char("Batch", required=True, readonly=True)
    day = fields.Date("Day", required=True, readonly=True, index=True)
    version = fields.Integer("Version", required=True, readonly=True, default=1)
    state = fields.Selection([("draft", "Exporting"), ("done", "Exported"), ("failed", "Failed")],
                             default="draft", required=True, readonly=True, tracking=True, index=True)
    trigger = fields.Selection([("cron", "Nightly Job"), ("manual", "Bureau (Manual)")], "Exported By",
                               required=True, readonly=True, default="cron")
    reason = fields.Text("Reason for Exporting Again", readonly=True)
    user_id = fields.Many2one("res.users", "User", readonly=True)
    exported_at = fields.Datetime("Exported At", readonly=True)
    case_count = fields.Integer("Cases", readonly=True)
    acceptance_count = fields.Integer("Acceptance Rows", readonly=True)
    process_count = fields.Integer("Process Rows", readonly=True)
    special_count = fields.Integer("Special Procedure Rows", readonly=True)
    result_count = fields.Integer("Result Rows", readonly=True)
    attachment_ids = fields.Many2many("ir.attachment", "gov_exchange_batch_attachment_rel", "batch_id",
                                      "attachment_id", "Files", readonly=True)
    error = fields.Text("Errors", readonly=True)
    failed_case_ids = fields.Many2many("gov.case", "gov_exchange_batch_failed_case_rel", "batch_id", "case_id",
                                       "Cases Blocking the Batch", readonly=True)

    _day_version_uniq = models.Constraint("UNIQUE (day, version)", "A day has one batch per version.")

    # ------------------------------------------------------------ actions
    def action_open_export(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.exchange.export.wizard", "view_mode": "form",
                "target": "new", "context": {"default_day": fields.Date.to_string(self.day)}}

    # -------------------------------------------------------------- export
    @api.model
    def _exchange_today(self):
        return fields.Date.context_today(self.with_context(tz=layout.TIMEZONE))

    @api.model
    def _exchange_lang(self):
        """Errors go to the province in Chinese whoever runs the export."""
        return self.env["res.lang"]._get_code("zh_CN") or self.env.lang

    @api.model
    def _export_day(self, day, trigger="cron", reason=False):
        """Export one day as a new batch version (callers check who may export)."""
        day = fields.Date.to_date(day)
        Batch = self.sudo()  # batches are written only here; the caller is kept as the author
        last = Batch._read_group([("day", "=", day)], [], ["version:max"])[0][0] or 0
        batch = Batch.create({"name": f"{day:%Y%m%d}-v{last + 1}", "day": day, "version": last + 1,
                              "trigger": trigger, "reason": reason or False, "user_id": self.env.uid})
        data = self._exchange_collect(day)
        now = fields.Datetime.now()
        if data["problems"]:
            message = self._exchange_error(day, data["problems"])
            batch.write({"state": "failed", "error": message, "exported_at": now,
                         "failed_case_ids": [Command.set([case.id for case, _msg in data["problems"]])]})
            batch.message_post(body=message)
            return batch.with_env(self.env)
        tables = data["tables"]
        stem = f"cases_{day:%Y%m%d}_v{batch.version}"
        files = [(f"{stem}_{table}.csv", "text/csv", self._exchange_csv(table, tables[table]))
                 for table in layout.TABLE_ORDER]
        payload = {"layout_version": layout.LAYOUT_VERSION, "day": _d(day), "batch": batch.name,
                   "generated_at": _dt(_local(now)), "timezone": layout.TIMEZONE,
                   "counts": {table: len(tables[table]) for table in layout.TABLE_ORDER},
                   "tables": tables}
        files.append((f"{stem}.json", "application/json",
                      json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")))
        attachments = self.env["ir.attachment"].sudo().create([
            {"name": name, "raw": raw, "mimetype": mimetype, "res_model": self._name, "res_id": batch.id}
            for name, mimetype, raw in files])
        batch.write({"state": "done", "exported_at": now, "attachment_ids": [Command.set(attachments.ids)],
                     "case_count": len(data["cases"]),
                     **{f"{table}_count": len(tables[table]) for table in layout.TABLE_ORDER}})
        return batch.with_env(self.env)

    @api.model
    def _exchange_csv(self, table, rows):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator=layout.CSV_NEWLINE)
        writer.writerow(layout.headers(table))
        keys = [col.key for col in layout.columns(table)]
        writer.writerows([[layout.csv_value(row[key]) for key in keys] for row in rows])
        return buf.getvalue().encode(layout.CSV_ENCODING)

    @api.model
    def _exchange_error(self, day, problems):
        env = self.with_context(lang=self._exchange_lang()).env
        lines = []
        texts = {
            "missing_code": lambda v: env._("item %(item)s has no implementation code", item=v["item"]),
            "bad_code": lambda v: env._("the implementation code %(code)s of item %(item)s is not 12 to 36 digits "
                                        "or capital letters", code=v["code"], item=v["item"]),
            "missing_version": lambda v: env._("item %(item)s has no version", item=v["item"]),
            "missing_dept_code": lambda v: env._("department %(dept)s has no department code", dept=v["dept"]),
            "long_case_no": lambda v: env._("the case number is longer than %(max)s characters", max=v["max"]),
        }
        for case, (kind, values) in problems:
            lines.append(f"{case.name}：{texts[kind](values)}")
        return env._("The batch of %(day)s was not exported: %(count)s case(s) cannot be exchanged. Correct the "
                     "item catalog or the department, then export the day again.\n%(cases)s",
                     day=_d(day), count=len(problems), cases="\n".join(lines))

    @api.model
    def _exchange_collect(self, day):
        """The four tables of a day, with set-based reads: a fixed number of queries whatever the day holds."""
        env = self.env(su=True)  # the exchange covers every department's cases
        start, end = _day_bounds(day)
        Step = env["gov.case.step"]
        day_steps = Step.search_fetch([("date", ">=", start), ("date", "<", end)], ["case_id"])
        suspensions = env["gov.case.suspension"].search_fetch(
            Domain("start_date", "=", day) | Domain("end_date", "=", day),
            ["case_id", "kind", "reason", "start_date", "end_date", "state"], order="case_id, start_date, id")
        extensions = env["gov.case.extension"].search_fetch(
            Domain("state", "in", ["approved", "rejected"]) & (
                Domain("decided_on", "=", day)
                | (Domain("decided_on", "=", False) & Domain("write_date", ">=", start)
                   & Domain("write_date", "<", end))),
            ["case_id", "days", "reason", "state", "create_date", "decided_on", "write_date"], order="case_id, id")
        linked = day_steps.case_id | suspensions.case_id | extensions.case_id
        events = Domain.OR([Domain(fname, "=", day) for fname in
                            ("received_date", "accepted_date", "decision_date", "delivered_date")]
                           + [Domain("id", "in", linked.ids)])
        cases = env["gov.case"].search_fetch(Domain("state", "!=", "draft") & events, CASE_FIELDS,
                                             order="name, id")
        cases.item_id.fetch(["implementation_code", "version", "name"])
        cases.department_id.fetch(["gov_code", "gov_uscc", "name"])
        steps = Step.search_fetch([("case_id", "in", cases.ids), ("date", "<", end)],
                                  ["case_id", "step", "date", "user_id", "opinion", "decision"],
                                  order="case_id, date, id")
        steps.user_id.fetch(["name"])
        docs = env["gov.case.document"].search_fetch(
            [("case_id", "in", cases.ids), ("doc_type", "in", DOC_TYPES)],
            ["case_id", "doc_type", "number", "create_date"], order="id")
        steps_of = steps.grouped("case_id")
        docs_of = docs.grouped("case_id")

        problems = []
        for case in cases:
            item = case.item_id
            problem = layout.code_problem(item.implementation_code, item.version)
            values = {"item": item.name or "", "code": item.implementation_code or ""}
            if problem:
                problems.append((case, (problem, values)))
            elif not case.department_id.gov_code:
                problems.append((case, ("missing_dept_code", {"dept": case.department_id.name or ""})))
            elif len(case.name) > layout.CASE_NO_MAX:
                problems.append((case, ("long_case_no", {"max": layout.CASE_NO_MAX})))
        if problems:
            return {"problems": problems, "cases": cases, "tables": {}}

        tables = {table: [] for table in layout.TABLE_ORDER}
        accepted_at = {}
        for case in cases:
            case_docs = docs_of.get(case, env["gov.case.document"])
            row, accepted_at[case] = self._exchange_acceptance(case, day, case_docs)
            tables["acceptance"].append(row)
            tables["process"] += self._exchange_process(case, start, end, steps_of.get(case, Step),
                                                        accepted_at[case])
            result = self._exchange_result(case, day, case_docs, steps_of.get(case, Step), accepted_at[case])
            if result:
                tables["result"].append(result)
        for susp in suspensions:
            ended = susp.end_date and susp.end_date <= day
            tables["special"].append(dict(self._exchange_key(susp.case_id), **{
                "special_no": f"SUS-{susp.id}", "kind": layout.SPECIAL_KINDS[susp.kind],
                "reason": layout.clip(susp.reason or "", "special", "reason"),
                "start_date": _d(susp.start_date), "end_date": _d(susp.end_date) if ended else None,
                "limit_days": susp._working_days(day) if ended else None,
                "status": "已结束" if ended else "进行中"}))
        for ext in extensions:
            decided = ext.decided_on or _local(ext.write_date).date()
            requested = min(_local(ext.create_date).date(), decided)
            tables["special"].append(dict(self._exchange_key(ext.case_id), **{
                "special_no": f"EXT-{ext.id}", "kind": layout.SPECIAL_KINDS["extension"],
                "reason": layout.clip(ext.reason or "", "special", "reason"),
                "start_date": _d(requested), "end_date": _d(decided), "limit_days": ext.days,
                "status": "已批准" if ext.state == "approved" else "未批准"}))
        return {"problems": [], "cases": cases, "tables": tables}

    @api.model
    def _exchange_key(self, case):
        return {"case_no": case.name, "impl_code": case.item_id.implementation_code,
                "item_version": case.item_id.version}

    @api.model
    def _exchange_acceptance(self, case, day, docs):
        """受理信息 as the day ended, and the acceptance moment (None if not accepted by then)."""
        accepted = case.accepted_date and case.accepted_date <= day
        refused = not case.decision and case.refuse_reason and case.decision_date and case.decision_date <= day
        accepted_at = None
        if accepted:
            doc = docs.filtered(lambda d: d.doc_type == "acceptance")[:1]
            accepted_at = _at(_local(doc.create_date) if doc else None, case.accepted_date)
            status = "视为受理" if case.deemed_accepted else "已受理"
        else:
            status = "不予受理" if refused else "已收件"
        person = case.applicant_type == "person"
        dept = case.department_id
        row = dict(self._exchange_key(case), **{
            "item_name": layout.clip(case.item_id.name, "acceptance", "item_name"),
            "dept_code": dept.gov_code, "dept_uscc": dept.gov_uscc or None,
            "dept_name": layout.clip(dept.name, "acceptance", "dept_name"),
            "window_no": layout.clip(case.window_id.name, "acceptance", "window_no") or None,
            "applicant_type": layout.APPLICANT_TYPES[case.applicant_type],
            "applicant_name": layout.clip(case.applicant_name, "acceptance", "applicant_name"),
            "applicant_id_type": layout.APPLICANT_ID_TYPES[case.applicant_type],
            "applicant_id": layout.mask_id(case.applicant_id_number) if person else (case.applicant_uscc or ""),
            "received_date": _d(case.received_date), "accept_status": status, "accepted_at": _dt(accepted_at),
            "case_type": layout.CASE_TYPES[case.case_type],
            "promised_limit": case.promised_limit, "legal_limit": case.legal_limit,
            "due_date": _d(case.due_date) if accepted else None,
        })
        return row, accepted_at

    @api.model
    def _exchange_process(self, case, start, end, steps, accepted_at):
        """过程信息: the steps done that day; each starts when the previous one (or the acceptance) ended."""
        rows = []
        previous = accepted_at
        for seq, step in enumerate(steps, start=1):
            finished = _local(step.date).replace(microsecond=0)
            started = previous or finished
            previous = finished
            if not start <= step.date < end:
                continue
            employee = step.user_id.employee_ids[:1]
            rows.append(dict(self._exchange_key(case), **{
                "seq": seq, "step_name": layout.STEP_NAMES[step.step],
                "handler": layout.clip(step.user_id.name, "process", "handler"),
                "handler_dept": layout.clip(employee.department_id.name or case.department_id.name,
                                            "process", "handler_dept"),
                "opinion": layout.clip(step.opinion, "process", "opinion"),
                "started_at": _dt(started), "finished_at": _dt(finished)}))
        return rows

    @api.model
    def _exchange_result(self, case, day, docs, steps, accepted_at):
        """结果信息 of a case decided, refused or delivered that day (as the day ended), else None."""
        if not case.decision_date or case.decision_date > day:
            return None
        delivered = case.delivered_date and case.delivered_date <= day
        if case.decision_date != day and not (delivered and case.delivered_date == day):
            return None
        if case.decision:
            step = steps.filtered("decision")[-1:]
            finished = _at(_local(step.date) if step else None, case.decision_date)
            if accepted_at and finished < accepted_at:
                finished = accepted_at  # decided at acceptance (an item without review steps)
            doc = docs.filtered(lambda d: d.doc_type in ("decision_approve", "decision_deny"))[-1:]
            result, reason, basis = layout.RESULTS[case.decision], case.decision_reason, case.decision_legal_basis
        elif case.refuse_reason:
            doc = docs.filtered(lambda d: d.doc_type == "refusal")[-1:]
            finished = _at(_local(doc.create_date) if doc else None, case.decision_date)
            result, reason, basis = layout.RESULTS["refused"], case.refuse_reason, case.refuse_legal_basis
        else:
            return None
        line = case.result_line_id
        return dict(self._exchange_key(case), **{
            "result": result, "finished_at": _dt(finished),
            "reason": layout.clip(reason, "result", "reason") or None,
            "legal_basis": layout.clip(basis, "result", "legal_basis") or None,
            "doc_no": case.result_document_no or doc.number or None,
            "delivery_method": layout.DELIVERY_METHODS.get(case.delivery_method) if delivered else None,
            "delivered_date": _d(case.delivered_date) if delivered else None,
            "reported_via": "部门专线" if line else "大厅系统",
            "reporting_system": layout.clip(line.name, "result", "reporting_system") if line else None})

    # --------------------------------------------------------------- cron
    @api.model
    def _cron_export(self):
        """Nightly: yesterday, once (and the days missed since the last batch, up to a week)."""
        yesterday = self._exchange_today() - timedelta(days=1)
        Batch = self.sudo()
        latest = Batch.search([("day", "<=", yesterday)], order="day desc", limit=1).day
        first = max(latest + timedelta(days=1), yesterday - timedelta(days=CATCH_UP_DAYS - 1)) if latest \
            else yesterday
        days = [first + timedelta(days=n) for n in range((yesterday - first).days + 1)]
        managers = self.env.ref("gov_hall.group_gov_bureau_manager").all_user_ids - self.env.ref("base.user_root")
        for n, day in enumerate(days, start=1):
            batch = self._export_day(day, "cron")
            if batch.state == "failed":
                notify_users(batch, managers, self.env._("Exchange batch failed"), batch.error)
            if not self.env["ir.cron"]._gov_progress(1, len(days) - n):
                break
        return True

    def _check_day_over(self, day):
        if day >= self._exchange_today():
            raise UserError(self.env._("Only a day that is over can be exported: the latest is yesterday."))
