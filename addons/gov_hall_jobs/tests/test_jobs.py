import io
import zipfile
from unittest.mock import patch

from odoo.addons.gov_hall.tests.common import CaseFixture, public_method_inventory
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user

OPENER = "opener: returns a window or URL action, writes nothing"
JOBS_INVENTORY = {
    "gov.job.run": {
        "action_retry": "the run's user or supervision; not done (re-enqueues unfinished chunks)",
        "action_download": OPENER,
        "action_update_warnings": "supervision (starts the warning job as the cron does)",
    },
    "gov.job.print.wizard": {
        "action_start": "hall staff who may read every chosen case; the job runs as them",
    },
}


class TestJobs(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(cls.env, login="t_plain", groups="base.group_user")

    def _overdue_cases(self, count):
        with freeze_time("2026-03-02"):
            return self.env["gov.case"].browse([self._accepted().id for _i in range(count)])

    def test_every_public_method_is_classified(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_jobs", JOBS_INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")

    def test_warning_job_in_chunks_once(self):
        cases = self._overdue_cases(3)
        self.assertEqual(set(cases.mapped("warning_level")), {"normal"})
        open_count = self.env["gov.case"].search_count([("state", "=", "review"), ("due_date", "!=", False)])
        with trap_jobs() as trap:
            run = self.env["gov.case"]._cron_update_warnings_jobs(chunk_size=2)
            chunks = run.chunk_ids
            self.assertEqual(len(chunks), (open_count + 1) // 2)
            trap.assert_jobs_count(len(chunks), only=run._job_chunk)
            for chunk in chunks:
                trap.assert_enqueued_job(run._job_chunk, args=(chunk.id,),
                                         properties={"identity_key": identity_exact})
            self.assertTrue(all(chunk.job_uuid for chunk in chunks))
            # enqueuing the same chunks again while they wait: no new job
            run._enqueue(chunks)
            trap.assert_jobs_count(len(chunks), only=run._job_chunk)
            self.assertEqual((run.state, run.progress, run.total_count), ("queued", 0.0, open_count))
            first = trap.enqueued_jobs[0]
            first.perform()
            if len(chunks) > 1:
                self.assertEqual(run.state, "running")
                self.assertEqual(run.done_count, 2)
                self.assertAlmostEqual(run.progress, 200.0 / open_count, places=1)
                self.assertTrue(run.date_start)
            # the same chunk performed twice (a retry): counted once
            first.perform()
            self.assertEqual(run.done_count, min(2, open_count))
            trap.perform_enqueued_jobs()
        self.assertEqual((run.state, run.done_count, run.progress), ("done", open_count, 100.0))
        self.assertTrue(run.date_end)
        self.assertEqual(set(cases.mapped("warning_level")), {"red"})
        accountability = self.env["gov.accountability"].search([("case_id", "in", cases.ids)])
        self.assertEqual(len(accountability), 3)
        # every chunk again, after the end: nothing counted, nothing created twice
        for chunk in chunks:
            self.assertEqual(run._job_chunk(chunk.id), "chunk already done")
        self.assertEqual(run.done_count, open_count)
        self.assertEqual(len(self.env["gov.accountability"].search([("case_id", "in", cases.ids)])), 3)
        # the user who started it is told
        self.assertIn(self.env.user.partner_id, run.message_ids[:1].partner_ids)

    def test_bulk_pdf_zip(self):
        cases = self._accepted() | self._accepted()
        wizard = self.env["gov.job.print.wizard"].with_user(self.clerk).with_context(
            active_model="gov.case", active_ids=cases.ids).create({"doc_type": "acceptance"})
        self.assertEqual(wizard.case_count, 2)
        with trap_jobs() as trap:
            action = wizard.action_start()
            run = self.env["gov.job.run"].with_user(self.clerk).browse(action["res_id"])
            self.assertEqual((run.user_id, run.kind, run.total_count), (self.clerk, "pdf", 2))
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].user_id, self.clerk.id)  # the job runs as the clerk
            trap.perform_enqueued_jobs()
        self.assertEqual((run.state, run.progress), ("done", 100.0))
        with zipfile.ZipFile(io.BytesIO(run.attachment_id.raw)) as archive:
            names = archive.namelist()
            self.assertEqual(len(names), 2)
            self.assertTrue(all(archive.read(n).startswith(b"%PDF") for n in names))
        self.assertTrue(all(name.endswith(".pdf") for name in names))
        self.assertEqual(run.action_download()["type"], "ir.actions.act_url")

    def test_failed_finishing_step_is_finished_again(self):
        cases = self._accepted()
        with trap_jobs() as trap:
            run = self.env["gov.job.run"].with_user(self.clerk)._start(
                "pdf", "测试收尾", cases, 5, "_job_render_documents", finish_method="_job_zip_documents",
                method_kwargs={"doc_type": "acceptance"})
            with patch.object(type(self.env["gov.case"]), "_job_zip_documents", side_effect=UserError("磁盘已满")):
                trap.perform_enqueued_jobs()
        self.assertEqual((run.state, run.error, run.progress), ("failed", "磁盘已满", 100.0))
        self.assertFalse(run.attachment_id)
        with trap_jobs() as trap:
            run.with_user(self.clerk).action_retry()
            trap.assert_jobs_count(0)  # the chunks are done: only the finishing step runs again
        self.assertEqual((run.state, run.error), ("done", False))
        self.assertTrue(run.attachment_id)

    def test_pdf_only_cases_the_user_may_read(self):
        case = self._accepted()
        # a reviewer of another department may not read the clerk's case: nothing is enqueued
        with trap_jobs() as trap:
            with self.assertRaises(AccessError):
                self.env["gov.job.print.wizard"].with_user(self.other_reviewer).with_context(
                    active_model="gov.case", active_ids=case.ids).create({"doc_type": "acceptance"})
            with self.assertRaises(AccessError):
                case.with_user(self.other_reviewer)._job_render_documents("acceptance")
        trap.assert_jobs_count(0)
        with self.assertRaises(AccessError):
            self.env["gov.job.print.wizard"].with_user(self.outsider).create({"doc_type": "acceptance"})
        wizard = self.env["gov.job.print.wizard"].with_user(self.clerk).create(
            {"doc_type": "decision_approve", "case_ids": [(6, 0, case.ids)]})
        with self.assertRaises(UserError):
            wizard.action_start()

    def test_guard_and_visibility(self):
        case = self._accepted()
        with trap_jobs():
            run = self.env["gov.job.run"].with_user(self.clerk)._start(
                "warning", "测试", case, 10, "_update_warning_levels")
        for user in (self.clerk, self.supervisor, self.manager):
            for vals in ({"state": "done"}, {"done_count": 99}, {"user_id": user.id}, {"method_name": "unlink"}):
                with self.assertRaises(AccessError):
                    run.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.env["gov.job.run"].with_user(self.clerk).create(
                {"name": "x", "kind": "pdf", "res_model": "gov.case", "method_name": "unlink"})
        with self.assertRaises(AccessError):
            run.with_user(self.clerk).unlink()
        self.assertEqual(self.env["gov.job.run"].with_user(self.clerk).search([]), run)
        self.assertEqual(self.env["gov.job.run"].with_user(self.reviewer).search([("id", "=", run.id)]).ids, [])
        with self.assertRaises(AccessError):
            run.with_user(self.reviewer).read(["state"])
        self.assertEqual(run.with_user(self.supervisor).read(["state"])[0]["state"], "queued")
        with self.assertRaises(AccessError):
            run.with_user(self.reviewer).action_retry()
        with self.assertRaises(AccessError):
            self.env["gov.job.run"].with_user(self.clerk).action_update_warnings()

    def test_failed_chunk_and_retry(self):
        case = self._accepted()  # under review: accepting it again is refused
        with trap_jobs() as trap:
            run = self.env["gov.job.run"].with_user(self.clerk)._start(
                "warning", "测试失败", case, 10, "action_accept")
            trap.perform_enqueued_jobs()
        self.assertEqual(run.state, "failed")
        self.assertTrue(run.error)
        self.assertEqual((run.chunk_ids.state, run.done_count), ("failed", 0))
        with trap_jobs() as trap:
            run.with_user(self.clerk).action_retry()
            self.assertEqual((run.state, run.chunk_finished_count, run.chunk_ids.state), ("running", 0, "pending"))
            trap.assert_jobs_count(1)
        # the supervision center enqueues it again: it still runs as the clerk who started it
        with trap_jobs() as trap:
            run.with_user(self.supervisor).action_retry()
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].user_id, self.clerk.id)
        with self.assertRaises(UserError):
            self.env["gov.job.run"].with_user(self.clerk)._start("pdf", "x", case, 1, "no_such_method")

    def test_supervision_starts_the_warning_job(self):
        self._overdue_cases(1)
        with trap_jobs() as trap:
            action = self.env["gov.job.run"].with_user(self.supervisor).action_update_warnings()
            run = self.env["gov.job.run"].browse(action["res_id"])
            self.assertEqual(run.user_id, self.supervisor)
            self.assertTrue(trap.enqueued_jobs)
            trap.perform_enqueued_jobs()
        self.assertEqual(run.state, "done")

    def test_concurrency_error_is_retried_whole(self):
        cases = self._overdue_cases(1)
        with trap_jobs() as trap:
            run = self.env["gov.job.run"]._start("warning", "测试重试", cases, 10, "_update_warning_levels")
            job = trap.enqueued_jobs[0]
            # a serialization failure (queue_job's runner turns it into a RetryableJobError): the chunk's
            # work is rolled back and raised again for queue_job to retry, nothing is counted
            with patch.object(type(self.env["gov.case"]), "_update_warning_levels",
                              side_effect=RetryableJobError("could not serialize access")), \
                    self.assertRaises(RetryableJobError):
                job.perform()
            self.assertEqual((run.chunk_ids.state, run.done_count, run.state), ("pending", 0, "queued"))
            job.perform()
        self.assertEqual((run.chunk_ids.state, run.done_count, run.state), ("done", 1, "done"))
        self.assertEqual(cases.warning_level, "red")
