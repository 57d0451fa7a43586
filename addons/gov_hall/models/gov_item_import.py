"""Catalog import service: a CSV/XLSX file of items checked row by row, then created in one batch."""
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import catalog_io
from ..tools.catalog_io import split_fields, split_list
from .gov_item import CASE_TYPES, HANDLING_TYPES, ITEM_TYPES, LEVELS, ONLINE_LEVELS

_logger = logging.getLogger(__name__)

# Chinese labels accepted in the file, next to the English keys.
ZH = {
    "item_type": dict(zip(["行政许可", "行政确认", "行政给付", "行政裁决", "其他行政权力", "公共服务",
                           "便民服务"], [k for k, _ in ITEM_TYPES])),
    "level": {"主项": "main", "子项": "sub", "办理项": "handling"},
    "handling_type": {"新设": "new", "变更": "change", "延续": "renew", "注销": "cancel"},
    "case_type": {"即办件": "immediate", "承诺件": "promised"},
    "online_level": {"线下办理": "offline", "部分网办": "partial", "全程网办": "full"},
    "step": {"初审": "first_review", "复审": "second_review", "勘查": "inspection",
             "审批": "approval", "发证": "certificate"},
    "office": {"前台": "front", "后台": "back"},
    "form": {"原件": "original", "复印件": "copy", "电子件": "electronic", "电子": "electronic"},
    "fee_mode": {"固定": "fixed", "单价": "unit"},
    "bool": {"是": True, "否": False, "y": True, "n": False, "1": True, "0": False,
             "true": True, "false": False, "yes": True, "no": False},
    "state": {"发布": "published", "已发布": "published", "草稿": "draft"},
}
KEYS = {
    "item_type": {k for k, _ in ITEM_TYPES}, "level": {k for k, _ in LEVELS},
    "handling_type": {k for k, _ in HANDLING_TYPES}, "case_type": {k for k, _ in CASE_TYPES},
    "online_level": {k for k, _ in ONLINE_LEVELS},
}


class GovItem(models.Model):
    _inherit = "gov.item"

    @api.model
    def gov_import_catalog(self, data, filename, partial=False):
        """Validate and import a catalog file; the path of the UI wizard and the CLI.

        Returns ``{"rows": n, "created": n, "errors": [str], "items": ids}``.
        Unless ``partial``, nothing is written when any row is rejected.
        """
        self._check_can_manage()
        _ = self.env._
        try:
            rows = catalog_io.map_rows(catalog_io.read_table(data, filename))
        except catalog_io.UploadLimitError as exc:
            raise UserError(catalog_io.describe_limit(exc, _)) from exc
        except catalog_io.CatalogFileError as exc:
            reason = str(exc)
            if reason.startswith("missing:"):
                raise UserError(_("The file lacks required columns: %(cols)s.",
                                  cols=reason.split(":", 1)[1])) from exc
            raise UserError(_("The file cannot be read as a CSV or XLSX catalog (%(reason)s).",
                              reason=reason)) from exc
        if not rows:
            raise UserError(_("The file holds no item rows."))
        ctx = self._gov_import_context()
        errors, parsed = [], []
        seen = {}
        for number, row in rows:
            vals, row_errors = self._gov_import_parse_row(row, ctx)
            key = (row.get("implementation_code"), row.get("department"), vals.get("version"))
            if key in seen:
                row_errors.append(_("duplicate implementation code %(code)s (also row %(row)s)",
                                    code=key[0], row=seen[key]))
            else:
                seen[key] = number
            if row_errors:
                errors.append(_("Row %(row)s: %(reasons)s", row=number, reasons="; ".join(row_errors)))
            else:
                parsed.append((number, row, vals))
        # parents named in the file must be valid rows of the file or existing items
        good_codes = {row["implementation_code"] for _n, row, _v in parsed}
        bad_parent = [(n, r) for n, r, _v in parsed
                      if r.get("parent") and r["parent"] not in good_codes
                      and r["parent"] not in ctx["existing_items"]]
        while bad_parent:
            for n, r in bad_parent:
                errors.append(_("Row %(row)s: parent item %(code)s is neither in the catalog nor a "
                                "valid row of the file", row=n, code=r["parent"]))
            dropped = {n for n, _r in bad_parent}
            parsed = [p for p in parsed if p[0] not in dropped]
            good_codes = {row["implementation_code"] for _n, row, _v in parsed}
            bad_parent = [(n, r) for n, r, _v in parsed
                          if r.get("parent") and r["parent"] not in good_codes
                          and r["parent"] not in ctx["existing_items"]]
        report = {"rows": len(rows), "created": 0, "errors": errors, "items": []}
        if errors and not partial:
            return report
        items = self._gov_import_create(parsed, ctx)
        report["created"] = len(items)
        report["items"] = items.ids
        return report

    @api.model
    def _gov_import_context(self):
        depts = self.env["hr.department"].search_fetch([("gov_code", "!=", False)], ["gov_code"])
        windows = self.env["gov.window"].search_fetch([], ["name"])
        existing = self.with_context(active_test=False).search_fetch(
            [], ["implementation_code", "department_id", "version", "state"])
        return {
            "departments": {d.gov_code: d.id for d in depts},
            "windows": {w.name: w.id for w in windows},
            "existing": {(i.implementation_code, i.department_id.id, i.version) for i in existing},
            "existing_items": {i.implementation_code: i.id for i in existing
                               if i.state != "retired"},
        }

    @api.model
    def _gov_import_parse_row(self, row, ctx):
        _ = self.env._
        errs = []

        def choice(key, raw, required=True):
            raw = (raw or "").strip()
            if not raw:
                if required:
                    errs.append(_("%(col)s is empty", col=catalog_io.COLUMNS[key]))
                return False
            val = ZH.get(key, {}).get(raw) or (raw if raw in KEYS.get(key, ()) else None)
            if not val:
                errs.append(_("%(col)s has an unknown value “%(val)s”", col=catalog_io.COLUMNS[key],
                              val=raw))
            return val or False

        def integer(key, default=0):
            raw = (row.get(key) or "").strip()
            if not raw:
                return default
            try:
                value = int(float(raw))
            except ValueError:
                errs.append(_("%(col)s is not a whole number: “%(val)s”",
                              col=catalog_io.COLUMNS[key], val=raw))
                return default
            if value < 0:
                errs.append(_("%(col)s cannot be negative", col=catalog_io.COLUMNS[key]))
            return value

        for key in catalog_io.REQUIRED:
            if not row.get(key):
                errs.append(_("%(col)s is empty", col=catalog_io.COLUMNS[key]))
        dept_id = ctx["departments"].get(row.get("department"))
        if row.get("department") and not dept_id:
            errs.append(_("unknown department code %(code)s", code=row["department"]))
        basic = (row.get("basic_code") or "").upper()
        impl = (row.get("implementation_code") or "").upper()
        if basic and (len(basic) != 12 or not basic.isalnum()):
            errs.append(_("basic code %(code)s must be 12 digits or letters", code=basic))
        if impl and (len(impl) > 36 or not impl.isalnum()):
            errs.append(_("implementation code %(code)s must be at most 36 digits or letters",
                          code=impl))
        if basic and impl and basic not in impl:
            errs.append(_("implementation code %(code)s does not contain the basic code", code=impl))
        version = integer("version", 1) or 1
        if (impl, dept_id, version) in ctx["existing"]:
            errs.append(_("item %(code)s version %(version)s already exists in the catalog",
                          code=impl, version=version))
        level = choice("level", row.get("level"), required=False) or "main"
        handling_type = choice("handling_type", row.get("handling_type"), required=False)
        if level == "handling" and not handling_type:
            errs.append(_("a handling item needs its handling type"))
        if level != "main" and not row.get("parent"):
            errs.append(_("a sub-item or handling item needs its parent implementation code"))
        legal = integer("legal_limit")
        promised = integer("promised_limit")
        case_type = choice("case_type", row.get("case_type"))
        if promised > legal:
            errs.append(_("promised time limit %(p)s exceeds the legal time limit %(l)s",
                          p=promised, l=legal))
        if case_type == "immediate" and promised:
            errs.append(_("an immediate item has a promised time limit of 0"))
        if case_type == "promised" and not promised:
            errs.append(_("a promised item needs its promised time limit"))
        is_public = True
        if row.get("is_public"):
            is_public = ZH["bool"].get(row["is_public"].strip().lower())
            if is_public is None:
                errs.append(_("%(col)s must be 是 or 否", col=catalog_io.COLUMNS["is_public"]))
                is_public = True
        state = choice("state", row.get("state"), required=False) if row.get("state") else "published"

        steps = []
        for part in split_list(row.get("steps")):
            step_raw, _sep, office_raw = part.partition(":")
            step = ZH["step"].get(step_raw.strip())
            office = ZH["office"].get(office_raw.strip() or "后台")
            if not step or not office:
                errs.append(_("process step “%(val)s” is not like 初审:前台", val=part))
                continue
            if step in {s[2]["step"] for s in steps}:
                errs.append(_("process step %(val)s appears twice", val=step_raw))
                continue
            steps.append(fields.Command.create({"step": step, "office": office}))

        materials = []
        for part in split_list(row.get("materials")):
            bits = [*split_fields(part), "", "", ""]
            name, form_raw, copies_raw, req_raw = bits[:4]
            form = ZH["form"].get(form_raw or "原件")
            required = ZH["bool"].get((req_raw or "是").lower())
            try:
                copies = int(copies_raw or 1)
            except ValueError:
                copies = 0
            if not name or not form or required is None or copies < 1:
                errs.append(_("material “%(val)s” is not like 名称|原件|1|是", val=part))
                continue
            materials.append(fields.Command.create({"name": name, "form": form, "copies": copies,
                                                    "required": required}))
        fees = []
        for part in split_list(row.get("fees")):
            bits = split_fields(part) + [""] * 6
            name, mode_raw, amount_raw, unit, code, basis = bits[:6]
            mode = ZH["fee_mode"].get(mode_raw or "固定")
            try:
                amount = float((amount_raw or "").replace(",", ""))
            except ValueError:
                amount = None
            if not name or not mode or amount is None:
                errs.append(_("fee “%(val)s” is not like 名称|固定|10.00|件|编码|依据", val=part))
                continue
            if amount < 0:
                errs.append(_("fee %(name)s cannot be negative", name=name))
                continue
            if mode == "unit" and not unit:
                errs.append(_("fee %(name)s is charged by unit price but names no unit", name=name))
                continue
            fees.append(fields.Command.create({
                "name": name, "fee_mode": mode, "amount": amount, "unit_name": unit or False,
                "revenue_code": code or False, "legal_basis": basis or False}))

        joint = []
        for code in split_list(row.get("joint")):
            if code not in ctx["departments"]:
                errs.append(_("unknown joint-approval department %(code)s", code=code))
            elif ctx["departments"][code] == dept_id:
                errs.append(_("the lead department cannot be its own joint-approval department"))
            else:
                joint.append(ctx["departments"][code])
        windows = []
        for number in split_list(row.get("windows")):
            if number not in ctx["windows"]:
                errs.append(_("unknown window %(code)s", code=number))
            else:
                windows.append(ctx["windows"][number])
        if state == "published":
            if not materials:
                errs.append(_("a published item needs at least one material"))
            if not windows:
                errs.append(_("a published item must be served by at least one window"))
            if not steps:
                errs.append(_("a published item needs its process steps"))
        if not row.get("materials") and state != "published":
            pass
        vals = {
            "name": row.get("name"), "department_id": dept_id, "basic_code": basic,
            "implementation_code": impl, "version": version, "level": level,
            "handling_type": handling_type if level == "handling" else False,
            "item_type": choice("item_type", row.get("item_type")) if row.get("item_type") else False,
            "legal_basis": row.get("legal_basis") or False,
            "conditions": row.get("conditions") or False,
            "legal_limit": legal, "promised_limit": promised, "case_type": case_type,
            "max_visits": integer("max_visits", 1),
            "online_level": choice("online_level", row.get("online_level"), required=False) or "partial",
            "is_public": is_public, "step_ids": steps, "material_ids": materials, "fee_ids": fees,
            "joint_department_ids": [fields.Command.set(joint)],
            "window_ids": [fields.Command.set(windows)],
            "_state": state,
        }
        return vals, errs

    @api.model
    def _gov_import_create(self, parsed, ctx):
        """Create in batches, parents first; publish what the file says is published."""
        # gov_import_catalog checked the Bureau manager and validated every row: written as the server
        Item = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        codes = dict(ctx["existing_items"])
        by_level = defaultdict(list)
        for _n, row, vals in parsed:
            by_level[vals["level"]].append((row, vals))
        created = Item.browse()
        to_publish = Item.browse()
        for level in ("main", "sub", "handling"):
            batch = by_level.get(level)
            if not batch:
                continue
            vals_list = []
            states = []
            for row, row_vals in batch:
                vals = dict(row_vals)
                states.append(vals.pop("_state"))
                if row.get("parent"):
                    vals["parent_id"] = codes[row["parent"]]
                vals_list.append(vals)
            items = Item.create(vals_list)
            for item, state in zip(items, states):
                codes[item.implementation_code] = item.id
                if state == "published":
                    to_publish |= item
            created |= items
        if to_publish:
            to_publish._check_publishable()
            to_publish.write({"state": "published", "date_from": fields.Date.context_today(self)})
        _logger.info("catalog import: %s items created, %s published", len(created), len(to_publish))
        return created
