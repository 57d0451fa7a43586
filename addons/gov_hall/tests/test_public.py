from odoo.tests import HttpCase, tagged

from .common import GovHallCase


@tagged("post_install", "-at_install")
class TestPublicItemPage(HttpCase, GovHallCase):

    def test_public_and_secret(self):
        item = self._item(publish=True)
        res = self.url_open(f"/hall/item/{item.implementation_code}")
        self.assertEqual(res.status_code, 200)
        self.assertIn("食品经营许可申请书", res.text)
        self.assertIn("10.00 元", res.text)
        item.with_user(self.manager).write({"is_public": False})
        self.assertEqual(self.url_open(f"/hall/item/{item.implementation_code}").status_code, 404)
        draft = self._item(implementation_code="11330400MB0000000X00017200700001")
        self.assertEqual(self.url_open(f"/hall/item/{draft.implementation_code}").status_code, 404)

    def test_catalog_tour(self):
        self.start_tour("/odoo/gov-items", "gov_catalog_tour", login="admin")
