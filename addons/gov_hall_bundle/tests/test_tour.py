from odoo.tests import HttpCase, tagged

from .test_bundle import BundleFixture


@tagged("post_install", "-at_install")
class TestBundleTour(HttpCase, BundleFixture):

    def test_clerk_accepts_bundle_at_comprehensive_window(self):
        self.bundle.with_user(self.manager).action_reset_draft()
        self.bundle.field_ids.write({"required": False})
        self.bundle.with_user(self.manager).action_publish()
        self.start_tour("/odoo/action-gov_hall_bundle.gov_bundle_application_action", "gov_bundle_tour",
                        login="t_clerk")
        app = self.env["gov.bundle.application"].search([("applicant_name", "=", "李四")])
        self.assertEqual(app.state, "accepted")
        self.assertEqual(app.window_id, self.window2)
        self.assertEqual(len(app.case_ids), 2)
        self.assertEqual(set(app.case_ids.mapped("window_type")), {"comprehensive"})
