from odoo.addons.gov_hall.tests.common import CaseFixture, public_method_inventory
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

YEAR = 2025  # the demo city has its plan of 2026
INVENTORY = {
    "gov.assessment": {
        "action_compute_background": "assessment manager; draft/computed/review (the job checks again)",
    },
}


class TestAssessmentJobs(CaseFixture):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assessor = new_test_user(cls.env, login="t_job_assessor",
                                     groups="gov_assessment.group_assessment_manager")
        cls.clerk_emp.gov_is_stationed = True
        plan = cls.env["gov.assessment.plan"].with_user(cls.assessor).create({"name": f"{YEAR}年度考核方案",
                                                                               "year": YEAR})
        plan.action_load_defaults()
        plan.action_confirm()
        cls.assessment = cls.env["gov.assessment"].with_user(cls.assessor).create(
            {"name": f"{YEAR}年度考核", "plan_id": plan.id})

    def test_every_public_method_is_classified(self):
        unknown, stale = public_method_inventory(self.env, "gov_assessment_jobs", INVENTORY)
        self.assertFalse(unknown, f"public methods not classified: {unknown}")
        self.assertFalse(stale, f"inventory lists methods that no longer exist: {stale}")

    def test_compute_in_the_background_once(self):
        assessment = self.assessment.with_user(self.assessor)
        with trap_jobs() as trap:
            action = assessment.action_compute_background()
            run = self.env["gov.job.run"].with_user(self.assessor).browse(action["res_id"])
            self.assertEqual((run.kind, run.user_id, run.assessment_ids, run.progress),
                             ("assessment", self.assessor, self.assessment, 0.0))
            trap.assert_jobs_count(1)
            self.assertEqual(assessment.action_compute_background()["res_id"], run.id)  # waiting: not twice
            trap.assert_jobs_count(1)
            self.assertEqual(assessment.state, "draft")
            trap.perform_enqueued_jobs()
        self.assertEqual((run.state, run.progress), ("done", 100.0))
        self.assertEqual((assessment.state, assessment.computed_by_id), ("computed", self.assessor))
        self.assertIn(self.dept, assessment.department_line_ids.department_id)
        scores = assessment.line_ids.score_ids
        self.assertTrue(scores)
        self.assertEqual(run._job_chunk(run.chunk_ids.id), "chunk already done")
        self.assertEqual(assessment.line_ids.score_ids, scores)

    def test_only_assessment_managers(self):
        with trap_jobs() as trap:
            for user in (self.clerk, self.supervisor):
                with self.assertRaises(AccessError):
                    self.assessment.with_user(user).action_compute_background()
            trap.assert_jobs_count(0)
        with self.assertRaises(AccessError):
            self.assessment.with_user(self.clerk)._gov_job_compute()
