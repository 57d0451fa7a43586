"""Load a city's reference catalog (departments, windows, items) from a folder of CSV files."""
import csv
import io
import logging
import os

from odoo import api, models
from odoo.exceptions import UserError
from odoo.modules.module import get_module_path

_logger = logging.getLogger(__name__)

WINDOW_TYPES = {"综合窗口": "comprehensive", "专业窗口": "department", "咨询窗口": "consultation",
                "出件窗口": "output", "收费窗口": "bank"}


def default_catalog_dir():
    """The demo city's catalog, shipped inside the addon (``demo/catalog``)."""
    return os.path.join(get_module_path("gov_hall"), "demo", "catalog")


class GovItem(models.Model):
    _inherit = "gov.item"

    @api.model
    def _gov_load_catalog_dir(self, path=None):
        """Load departments.csv, windows.csv and items.csv from ``path``; return the report."""
        path = path or default_catalog_dir()
        if not os.path.isdir(path):
            raise UserError(self.env._("Catalog folder %(path)s not found.", path=path))
        self._gov_load_departments(os.path.join(path, "departments.csv"))
        self._gov_load_windows(os.path.join(path, "windows.csv"))
        with open(os.path.join(path, "items.csv"), "rb") as fh:
            report = self.gov_import_catalog(fh.read(), "items.csv")
        if report["errors"]:
            raise UserError("\n".join(report["errors"][:50]))
        _logger.info("catalog loaded from %s: %s items", path, report["created"])
        return report

    @api.model
    def _gov_read_csv(self, filename):
        with open(filename, "rb") as fh:
            from ..tools.catalog_io import decode_text
            return list(csv.DictReader(io.StringIO(decode_text(fh.read()))))

    @api.model
    def _gov_load_departments(self, filename):
        Dept = self.env["hr.department"]
        Partner = self.env["res.partner"]
        IrData = self.env["ir.model.data"]
        existing = {d.gov_code: d for d in Dept.search([("gov_code", "!=", False)])}
        rows = [r for r in self._gov_read_csv(filename) if r.get("部门编码") not in existing]
        if not rows:
            return
        partners = Partner.create([{
            "name": r.get("收费单位名称") or r["部门名称"], "is_company": True,
            "street": r.get("地址") or False, "company_registry": r.get("统一社会信用代码") or False,
        } for r in rows])
        depts = Dept.create([{
            "name": r["部门名称"], "gov_code": r["部门编码"], "is_stationed": True,
            "gov_uscc": r.get("统一社会信用代码") or False, "gov_billing_partner_id": p.id,
        } for r, p in zip(rows, partners)])
        heads = self.env["hr.employee"].create(
            [{"name": r["负责人"], "department_id": d.id, "job_title": "负责人"}
             for r, d in zip(rows, depts) if r.get("负责人")])
        leaders = self.env["hr.employee"].create(
            [{"name": r["分管领导"], "department_id": d.id, "job_title": "分管领导"}
             for r, d in zip(rows, depts) if r.get("分管领导")])
        head_by_dept = {e.department_id: e for e in heads}
        leader_by_dept = {e.department_id: e for e in leaders}
        for dept in depts:
            dept.write({"manager_id": head_by_dept.get(dept, dept.manager_id).id,
                        "gov_leader_id": leader_by_dept.get(dept, dept.gov_leader_id).id})
        IrData._update_xmlids([{"xml_id": f"gov_hall.gov_dept_{d.gov_code.lower()}", "record": d,
                                "noupdate": True} for d in depts])

    @api.model
    def _gov_load_windows(self, filename):
        Window = self.env["gov.window"]
        depts = {d.gov_code: d.id for d in self.env["hr.department"].search([("gov_code", "!=", False)])}
        existing = set(Window.with_context(active_test=False).search([]).mapped("name"))
        vals_list = []
        for seq, r in enumerate(self._gov_read_csv(filename), start=1):
            if r["窗口编号"] in existing:
                continue
            wtype = WINDOW_TYPES.get(r.get("窗口类型"), "department")
            vals_list.append({
                "name": r["窗口编号"], "label": r.get("窗口名称") or False, "window_type": wtype,
                "department_id": depts.get(r.get("部门编码")) or False,
                "area": r.get("区域") or False, "sequence": seq,
            })
        windows = Window.create(vals_list)
        self.env["ir.model.data"]._update_xmlids([
            {"xml_id": f"gov_hall.gov_window_{w.name.lower()}", "record": w, "noupdate": True}
            for w in windows])
