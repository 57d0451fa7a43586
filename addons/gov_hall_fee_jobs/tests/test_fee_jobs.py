import base64

from odoo.addons.gov_hall.tests.common import public_method_inventory
from odoo.addons.gov_hall_fee.tests.test_fee import BANK_DIR, FeeFixture
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import AccessError

FILE = "icbc_fiscal_20261126.csv"
FEE_JOBS_INVENTORY = {
    "gov.bank.import": {
        "action_import_background": "finance (checked before the file is stored; the job checks again)",
    },
    "gov.job.run": {
        "action_view_statement": "opener: returns a window action, writes nothing",
    },
}


class TestFeeJobs(FeeFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.env["account.journal"].create({"name": "测试财政专户", "code": "TCZH", "type": "bank",
                                                         "gov_fiscal_account": True})
        cls.icbc = cls.env.ref("gov_hall_fee.bank_mapping_icbc")
        cls.data = (BANK_DIR / FILE).read_bytes()

    def _wizard(self, user=None):
        return self.env["gov.bank.import"].with_user(user or self.finance).create({
            "journal_id": self.journal.id, "mapping_id": self.icbc.id,
            "data_file": base64.b64encode(self.data), "filename": FILE})

    def _lines(self):
        lines = self.env["gov.bank.line"].search([("journal_id", "=", self.journal.id)], order="unique_key")
        return [(line.unique_key, line.date, line.amount, line.match_state, line.reason, line.bank_ref,
                 line.payer_name) for line in lines]

    def test_every_public_method_is_classified(self):
        unknown, stale = public_method_inventory(self.env, "gov_hall_fee_jobs", FEE_JOBS_INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")

    def test_background_import_same_as_sync_and_once(self):
        # what the synchronous import gives, then undone
        savepoint = self.env.cr.savepoint()
        sync = self.env["gov.bank.import"].with_user(self.finance)._import(self.journal, self.icbc, self.data, FILE)
        expected = (sync.name, sync.date_from, sync.date_to, sync.skipped_count, self._lines())
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.assertFalse(self._lines())

        with trap_jobs() as trap:
            action = self._wizard().action_import_background()
            run = self.env["gov.job.run"].with_user(self.finance).browse(action["res_id"])
            self.assertEqual((run.kind, run.user_id, run.state, run.progress), ("statement", self.finance,
                                                                                 "queued", 0.0))
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(run._job_chunk, args=(run.chunk_ids.id,),
                                     properties={"identity_key": f"gov.bank.import:{run.file_hash}:1"})
            # the same file again while the first waits: the same run, no second job
            again = self._wizard().action_import_background()
            self.assertEqual(again["res_id"], run.id)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual((run.state, run.progress), ("done", 100.0))
        statement = run.statement_id
        self.assertTrue(statement)
        self.assertEqual((statement.name, statement.date_from, statement.date_to, statement.skipped_count,
                          self._lines()), expected)
        self.assertEqual(run.action_view_statement()["res_id"], statement.id)
        # the uploaded file is kept on the run
        attachment = self.env["ir.attachment"].search([("res_model", "=", "gov.job.run"), ("res_id", "=", run.id)])
        self.assertEqual(attachment.raw, self.data)
        # the job performed again (a replay after a crash): nothing imported twice
        self.assertEqual(run._job_chunk(run.chunk_ids.id), "chunk already done")
        # a second run of the same file: refused by the line keys, the run says why
        with trap_jobs() as trap:
            action = self._wizard().action_import_background()
            second = self.env["gov.job.run"].with_user(self.finance).browse(action["res_id"])
            self.assertNotEqual(second, run)
            trap.perform_enqueued_jobs()
        self.assertEqual(second.state, "failed")
        self.assertIn("imported before", second.error)
        self.assertFalse(second.statement_id)
        self.assertEqual(self._lines(), expected[4])
        self.assertEqual(self.env["gov.bank.statement"].search_count([("journal_id", "=", self.journal.id)]), 1)

    def test_only_finance(self):
        wizard = self._wizard()
        with trap_jobs() as trap:
            for user in (self.clerk, self.reviewer, self.supervisor):
                with self.assertRaises(AccessError):
                    wizard.with_user(user).action_import_background()
            trap.assert_jobs_count(0)
        # the job itself refuses a user who is not finance
        with self.assertRaises(AccessError):
            self.journal.with_user(self.clerk)._gov_job_import_statement(0, self.icbc.id, FILE)
