"""Demo city: two applicants of 嘉禾市 who applied online — one case waiting, one asked to correct, one
accepted (its materials now in the applicant's library)."""
import logging

from odoo import api, models

_logger = logging.getLogger(__name__)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class GovCase(models.Model):
    _inherit = "gov.case"

    @api.model
    def _gov_demo_online(self):
        if self.search_count([("is_online", "=", True)]):
            return
        Users = self.env["res.users"]
        first = Users._gov_online_user("13957300001")
        first.write({"name": "孙丽华", "password": "13957300001"})
        second = Users._gov_online_user("13957300002")
        second.write({"name": "嘉禾市禾丰餐饮管理有限公司", "password": "13957300002"})
        items = self.env["gov.item"].search([("state", "=", "published"), ("is_public", "=", True),
                                             ("online_level", "in", ("partial", "full")),
                                             ("department_id.gov_code", "=", "SCJ"), ("case_type", "=", "promised")],
                                            limit=3)
        clerk = self.env["res.users"].search([("login", "=", "scj_clerk")], limit=1)
        if len(items) < 1 or not clerk:
            _logger.warning("online demo: no SCJ item open online or no scj_clerk")
            return
        person = {"applicant_type": "person", "applicant_name": "孙丽华", "applicant_id_number": "330402198807150024"}
        plans = [(first, person, "accepted"), (first, person, "correction"), (second, person, "received")]
        for n, (user, applicant, target) in enumerate(plans):
            item = items[n % len(items)]
            uploads = {m.id: (f"{m.name}.pdf", PDF) for m in item.material_ids if m.required}
            try:
                with self.env.cr.savepoint():
                    case = self._gov_online_submit(user, item, applicant, uploads, {}, "electronic")
                    if target == "received":
                        continue
                    case = case.with_user(clerk)
                    required = case.material_ids.filtered("required")
                    required.write({"compliant": True})
                    if target == "correction":
                        required[:1].write({"compliant": False, "note": "扫描件不清晰，请上传原件彩色扫描件"})
                        case.action_correction_notice()
                    else:
                        case.action_accept()
            except Exception as exc:
                _logger.warning("online demo case not created: %s", exc)
