"""后台任务: a long piece of work split into chunks, each a queue job run as the user who started it.

``env["gov.job.run"]._start(kind, name, records, chunk_size, method_name, ...)`` records the run and
its chunks and enqueues one job per chunk. A chunk job calls ``method_name`` on its records once: the
chunk row is locked and marked done in the same transaction as the work, so a job performed twice
(a retry after a serialization failure, a re-enqueued chunk) does nothing the second time. The run's
counts grow by one ``UPDATE ... SET done_count = done_count + n`` (no lost update: a concurrent chunk
waits for the row, then fails to serialize and queue_job retries it); the chunk that finishes the last
one finishes the run and tells its user.
"""
import logging

import psycopg2

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact
from odoo.exceptions import AccessError, UserError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

def _failure_message(exc):
    """What the run's user reads about a failed chunk, or None for an error queue_job retries (a
    serialization failure, a lock not obtained, a RetryableJobError): those are raised again."""
    if isinstance(exc, RetryableJobError):
        return None
    if isinstance(exc, psycopg2.OperationalError) and exc.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
        return None
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc) or type(exc).__name__


STATES = [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")]


class GovJobRun(models.Model):
    _name = "gov.job.run"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _description = "Background Job"
    _order = "id desc"
    _gov_client_create = False
    _gov_client_unlink = False

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Started By", required=True, readonly=True, index=True,
                              default=lambda s: s.env.user, ondelete="restrict")
    kind = fields.Selection([("pdf", "Bulk Document PDFs"), ("warning", "Time Limit Warnings")],
                            required=True, readonly=True)
    state = fields.Selection(STATES, default="queued", required=True, readonly=True, index=True, tracking=True)
    res_model = fields.Char("Model", required=True, readonly=True)
    method_name = fields.Char("Work Method", required=True, readonly=True)
    finish_method = fields.Char("Finishing Method", readonly=True)
    method_kwargs = fields.Json("Arguments", readonly=True)
    as_superuser = fields.Boolean("Runs in Superuser Mode", readonly=True,
                                  help="Started by a scheduled job or a checked action in superuser mode: "
                                       "its chunks run again the same way.")
    total_count = fields.Integer("Total", readonly=True, default=0)
    done_count = fields.Integer("Done", readonly=True, default=0)
    chunk_count = fields.Integer("Number of Chunks", readonly=True, default=0)
    chunk_finished_count = fields.Integer("Chunks Finished", readonly=True, default=0)
    progress = fields.Float("Progress (%)", compute="_compute_progress", digits=(5, 1))
    attachment_id = fields.Many2one("ir.attachment", "Result", readonly=True, ondelete="set null")
    attachment_name = fields.Char(related="attachment_id.name", string="Result File")
    error = fields.Text("Error", readonly=True)
    date_start = fields.Datetime("Started", readonly=True)
    date_end = fields.Datetime("Ended", readonly=True)
    chunk_ids = fields.One2many("gov.job.chunk", "run_id", "Chunks", readonly=True)

    @api.depends("total_count", "done_count", "state")
    def _compute_progress(self):
        for run in self:
            if run.total_count:
                run.progress = min(100.0, 100.0 * run.done_count / run.total_count)
            else:
                run.progress = 100.0 if run.state == "done" else 0.0

    # ------------------------------------------------------------ actions
    def action_retry(self):
        """Enqueue again the chunks of a run that did not finish: the done ones are never redone,
        and a chunk whose job is still waiting is not enqueued twice."""
        for run in self:
            if run.user_id != self.env.user and not self.env.user.has_group("gov_hall.group_gov_supervision"):
                raise AccessError(self.env._("Only the user who started a background job or the supervision "
                                             "center may run it again."))
            if run.state == "done":
                raise UserError(self.env._("%(name)s is done: there is nothing to run again.", name=run.name))
        for run in self:
            sudo_run = run.sudo()  # counts and states are written only by the job code
            failed = sudo_run.chunk_ids.filtered(lambda c: c.state == "failed")
            if failed:
                failed.write({"state": "pending", "error": False})
                failed.flush_recordset()
                self.env.cr.execute(SQL(
                    "UPDATE gov_job_run SET chunk_finished_count = COALESCE(chunk_finished_count, 0) - %s "
                    "WHERE id = %s", len(failed), run.id))
            sudo_run.invalidate_recordset()
            sudo_run.write({"state": "running" if sudo_run.date_start else "queued", "error": False,
                            "date_end": False})
            pending = sudo_run.chunk_ids.filtered(lambda c: c.state == "pending")
            if pending:
                run._enqueue(pending)
            else:  # every chunk is done, the finishing step failed: finish again, as the run's user
                run.with_user(sudo_run.user_id).sudo(sudo_run.as_superuser)._finish()
        return True

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("This background job has no result file."))
        return {"type": "ir.actions.act_url", "target": "new",
                "url": f"/web/content/{self.attachment_id.id}?download=true"}

    @api.model
    def action_update_warnings(self):
        """The supervision center runs the city-wide warning job now, in the background."""
        check_group(self.env, "gov_hall.group_gov_supervision",
                    self.env._("Only the supervision center runs the warning job."))
        # the warning job writes figures of every department: it runs as the cron does
        run = self.env["gov.case"].sudo()._cron_update_warnings_jobs()
        if not run:
            raise UserError(self.env._("No case under review has a due date: there is nothing to check."))
        return run.with_env(self.env)._action_open()

    def _action_open(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.job.run", "res_id": self.id,
                "view_mode": "form", "target": "current", "name": self.name}

    # ------------------------------------------------------------- API
    @api.model
    def _start(self, kind, name, records_or_ids, chunk_size, method_name, res_model=None, finish_method=None,
               method_kwargs=None, identity_key=None, priority=None, total=None):
        """Record a run of ``method_name`` over the records in chunks of ``chunk_size`` and enqueue one
        job per chunk, run as the current user (the caller checks first that the user may do the work).

        ``getattr(chunk_records, method_name)(**method_kwargs)`` does the work; it may return a dict of
        result fields of the run (``_job_result_fields``). ``finish_method`` is called on the model by
        the last chunk, as ``model.finish_method(run, **method_kwargs)``. ``identity_key``: a key of the
        work itself (a file's hash), so that the same work enqueued twice runs once; by default the key
        of each chunk job is ``identity_exact`` (the run, the method and the chunk).
        """
        if isinstance(records_or_ids, models.BaseModel):
            res_model, ids = records_or_ids._name, records_or_ids.ids
        else:
            ids = list(records_or_ids)
        if not res_model or not hasattr(self.env[res_model], method_name):
            raise UserError(self.env._("A background job needs a model and one of its methods."))
        chunk_size = max(int(chunk_size or 1), 1)
        chunks = [ids[i:i + chunk_size] for i in range(0, len(ids), chunk_size)] or [[]]
        # the run's counts and states are written by the job code only
        run = self.sudo().create({
            "name": name, "user_id": self.env.user.id, "kind": kind, "res_model": res_model,
            "method_name": method_name, "finish_method": finish_method or False,
            "method_kwargs": method_kwargs or {}, "as_superuser": self.env.su,
            "total_count": len(ids) if total is None else total,
            "chunk_count": len(chunks),
            "chunk_ids": [fields.Command.create({"sequence": seq, "res_ids": chunk})
                          for seq, chunk in enumerate(chunks, start=1)],
        })
        run = run.with_env(self.env)
        run._enqueue(run.sudo().chunk_ids, identity_key=identity_key, priority=priority)
        return run

    def _enqueue(self, chunks, identity_key=None, priority=None):
        """One job per chunk, run as the user who started the run (also when another user enqueues
        the unfinished chunks again)."""
        self.ensure_one()
        facts = self.sudo()
        run = self.with_user(facts.user_id).sudo(facts.as_superuser)
        for chunk in chunks:
            options = {"description": self.env._("%(run)s (part %(seq)s of %(count)s)", run=self.name,
                                                 seq=chunk.sequence, count=self.chunk_count),
                       "identity_key": f"{identity_key}:{chunk.sequence}" if identity_key else identity_exact}
            if priority is not None:
                options["priority"] = priority
            job = run.with_delay(**options)._job_chunk(chunk.id)
            if job is not None and getattr(job, "uuid", None):
                chunk.sudo().job_uuid = job.uuid

    @api.model
    def _job_result_fields(self):
        """Fields of the run a work method may set by returning them (the bridges add theirs)."""
        return set()

    def _job_chunk(self, chunk_id):
        """Queue job: the work of one chunk, once, then the run's counts."""
        self.ensure_one()
        cr = self.env.cr
        started = fields.Datetime.now()
        # the chunk row is locked until this transaction ends: the same chunk performed twice at
        # once waits here, then sees it done
        cr.execute(SQL("SELECT state FROM gov_job_chunk WHERE id = %s AND run_id = %s FOR UPDATE",
                       chunk_id, self.id))
        row = cr.fetchone()
        if not row or row[0] != "pending":
            return "chunk already done" if row else "chunk not found"
        run = self.sudo()  # counts and states are written by the job code only
        chunk = run.chunk_ids.browse(chunk_id)
        chunk.invalidate_recordset()
        records = self.env[run.res_model].browse(chunk.res_ids or []).exists()  # as the job's user
        error = False
        try:
            with cr.savepoint():
                values = getattr(records, run.method_name)(**(run.method_kwargs or {}))
                if isinstance(values, dict):
                    allowed = self._job_result_fields()
                    run.write({k: v for k, v in values.items() if k in allowed})
        except Exception as exc:
            error = _failure_message(exc)
            if error is None:
                raise  # a concurrency error: queue_job retries the whole chunk
            _logger.info("background job %s, chunk %s failed: %s", run.id, chunk_id, exc)
        done = 0 if error else len(chunk.res_ids or [])
        chunk.write({"state": "failed" if error else "done", "error": error, "done_count": done})
        self.env.flush_all()
        cr.execute(SQL("""
            UPDATE gov_job_run
               SET done_count = COALESCE(done_count, 0) + %(done)s,
                   chunk_finished_count = COALESCE(chunk_finished_count, 0) + 1,
                   state = CASE WHEN state = 'queued' THEN 'running' ELSE state END,
                   date_start = COALESCE(date_start, %(started)s),
                   error = COALESCE(%(error)s, error),
                   write_date = (now() at time zone 'UTC')
             WHERE id = %(id)s
         RETURNING chunk_finished_count, chunk_count""", done=done, started=started, error=error or None,
                       id=self.id))
        finished, count = cr.fetchone()
        run.invalidate_recordset()
        if finished >= count:
            self._finish()
        return error or f"{done} done"

    def _finish(self):
        """Called by the chunk that finished last: the finishing step, the run's end, its user told."""
        self.ensure_one()
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(SQL("""
            UPDATE gov_job_run SET state = 'running'
             WHERE id = %s AND state IN ('queued', 'running')
               AND NOT EXISTS (SELECT 1 FROM gov_job_chunk WHERE run_id = %s AND state != 'done')
         RETURNING id""", self.id, self.id))
        ok = bool(cr.fetchone())
        run = self.sudo()
        run.invalidate_recordset()
        if run.state == "done":
            return
        error = False
        if ok and run.finish_method:
            try:
                with cr.savepoint():
                    getattr(self.env[run.res_model], run.finish_method)(self, **(run.method_kwargs or {}))
            except Exception as exc:
                error = _failure_message(exc)
                if error is None:
                    raise
        state = "done" if ok and not error else "failed"
        run.write({"state": state, "date_end": fields.Datetime.now(),
                   **({"error": error} if error else {})})
        run._notify_user()

    def _notify_user(self):
        run = self.sudo()
        if run.state == "done":
            body = self.env._("%(name)s is done: %(done)s of %(total)s.", name=run.name, done=run.done_count,
                              total=run.total_count)
        else:
            body = self.env._("%(name)s failed: %(error)s", name=run.name, error=run.error or "")
        # from OdooBot: a message of the user's own is not notified to the user
        run.message_post(body=body, partner_ids=run.user_id.partner_id.ids, message_type="comment",
                         subtype_xmlid="mail.mt_note", author_id=self.env.ref("base.partner_root").id)
        run.user_id._bus_send("simple_notification", {
            "type": "success" if run.state == "done" else "danger",
            "title": self.env._("Background job"), "message": body, "sticky": run.state != "done"})


class GovJobChunk(models.Model):
    _name = "gov.job.chunk"
    _inherit = ["gov.guarded.mixin"]
    _description = "Background Job Chunk"
    _order = "run_id, sequence"
    _gov_client_create = False
    _gov_client_unlink = False

    run_id = fields.Many2one("gov.job.run", required=True, readonly=True, ondelete="cascade", index=True)
    sequence = fields.Integer(readonly=True)
    res_ids = fields.Json("Record IDs", readonly=True)
    state = fields.Selection([("pending", "Pending"), ("done", "Done"), ("failed", "Failed")], default="pending",
                             required=True, readonly=True)
    done_count = fields.Integer("Done", readonly=True)
    error = fields.Text(readonly=True)
    job_uuid = fields.Char("Queue Job", readonly=True, copy=False)
