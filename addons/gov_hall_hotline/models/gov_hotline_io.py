"""12345 work orders in and out: the platform's file (CSV/XLSX) or API payload, and the return file.

The layout is documented in ``tools/hotline_io.py``. A file or payload with any bad row is refused as a
whole, with every bad row named: nothing is half-written. Numbers already registered are not touched once
assigned ("already imported"); an order still waiting for assignment takes the platform's corrections.
"""
from odoo import api, fields, models
from odoo.addons.gov_hall.tools import catalog_io
from odoo.exceptions import UserError

from ..tools import hotline_io


class GovHotlineOrder(models.Model):
    _inherit = "gov.hotline.order"

    # ------------------------------------------------------------------ import
    @api.model
    def _gov_read_file(self, data, filename):
        """``[(row, {key: text})]`` of an uploaded file; UserError when the file cannot be read."""
        _ = self.env._
        try:
            table = catalog_io.read_table(data, filename)
            return hotline_io.table_records(table)
        except catalog_io.UploadLimitError as exc:
            raise UserError(catalog_io.describe_limit(exc, _)) from exc
        except catalog_io.CatalogFileError as exc:
            raise UserError(_("The file cannot be read as a CSV or XLSX file of 12345 work orders (%(reason)s).",
                              reason=str(exc))) from exc
        except hotline_io.HotlineFileError as exc:
            reason = str(exc)
            if reason.startswith("missing:"):
                raise UserError(_("The file lacks the columns %(cols)s of the 12345 layout.",
                                  cols=reason.split(":", 1)[1])) from exc
            raise UserError(_("The file holds no work orders.")) from exc

    @api.model
    def _gov_parse(self, records, unit="row"):
        """Parsed orders of ``records``; a UserError naming every bad row when any row is bad."""
        if not records:
            raise UserError(self.env._("The file holds no work orders."))
        orders, errors = hotline_io.parse_records(records)
        if errors:
            raise UserError(self._gov_error_message(errors, unit))
        return orders

    @api.model
    def _gov_error_message(self, errors, unit="row"):
        _ = self.env._
        reasons = {}
        for row, code, params in errors:
            if code == "no_deadline":
                text = _("a work order without deadline (%(column)s)", **params)
            elif code == "missing":
                text = _("%(column)s is empty", **params)
            elif code == "bad_date":
                text = _("%(column)s “%(value)s” is not a date", **params)
            elif code == "bad_category":
                text = _("unknown %(column)s “%(value)s” (one of %(allowed)s)", **params)
            elif code == "bad_revisit":
                text = _("unknown %(column)s “%(value)s” (one of %(allowed)s)", **params)
            elif code == "too_long":
                text = _("%(column)s is longer than %(limit)s characters", **params)
            elif code == "duplicate":
                text = _("work order number %(value)s appears twice (also row %(other)s)", **params)
            elif code == "deadline_before":
                text = _("the deadline %(deadline)s is before the time received", **params)
            else:
                text = _("not a work order object")
            reasons.setdefault(row, []).append(text)
        lines = [(_("Row %(row)s: %(reasons)s", row=row, reasons="; ".join(texts)) if unit == "row" else
                  _("Order %(row)s: %(reasons)s", row=row, reasons="; ".join(texts)))
                 for row, texts in sorted(reasons.items())]
        return _("Nothing was imported: every work order needs its number, time received, category, title, "
                 "request and deadline.\n%(lines)s", lines="\n".join(lines))

    @api.model
    def _gov_order_vals(self, values):
        return {"name": values["number"], "received_at": self._utc(values["received_at"]),
                "category": values["category"], "title": values["title"], "content": values["content"],
                "caller_name": values["caller_name"] or False, "caller_phone": values["caller_phone"] or False,
                "department_hint": values["department"] or False, "item_hint": values["item"] or False,
                "deadline": values["deadline"]}

    @api.model
    def _gov_register(self, parsed, source):
        """Create the new numbers, update those still waiting for assignment; the caller checked the rights.

        Returns ``{"created": [numbers], "updated": [numbers], "already": [numbers]}``."""
        numbers = [values["number"] for _row, values in parsed]
        Order = self.sudo()  # the hall registers the platform's orders: numbers and sources are its own
        existing = {o.name: o for o in Order.search([("name", "in", numbers)])}
        result = {"created": [], "updated": [], "already": []}
        new_vals = []
        for _row, values in parsed:
            vals = self._gov_order_vals(values)
            order = existing.get(values["number"])
            if not order:
                new_vals.append(dict(vals, source=source))
                result["created"].append(values["number"])
                continue
            changes = {k: v for k, v in vals.items() if k != "name" and (order[k] or False) != (v or False)}
            if order.state == "received" and changes:
                order.write(changes)
                result["updated"].append(values["number"])
            else:
                result["already"].append(values["number"])
        if new_vals:
            Order.create(new_vals)
        return result

    @api.model
    def _gov_import_file(self, data, filename):
        """The import wizard's service: supervision only, the whole file or nothing."""
        self._check_supervision()
        return self._gov_register(self._gov_parse(self._gov_read_file(data, filename)), "import")

    @api.model
    def _gov_api_receive(self, body):
        """POST /hall/api/v1/hotline/orders: one order or a list, as the platform's technical user."""
        if not self.env.user.has_group("gov_hall_hotline.group_hotline_api"):
            raise UserError(self.env._("Only the 12345 platform's technical user sends work orders."))
        items = body if isinstance(body, list) else [body]
        return self._gov_register(self._gov_parse(hotline_io.dict_records(items), unit="order"), "api")

    def _gov_api_values(self):
        """What the platform may know of its own order: state and the hall's answer, no internals."""
        self.ensure_one()
        return {"number": self.name, "state": self.state, "state_label": self._state_label(),
                "category": self.category, "deadline": self.deadline,
                "department": self.department_id.name or None, "reply": self.reply or None,
                "replied_at": self._local(self.replied_at), "revisit": self.revisit_result or None,
                "revisit_label": hotline_io.REVISIT_LABELS.get(self.revisit_result),
                "closed_at": self._local(self.closed_at), "overdue": self.is_overdue,
                "warning_level": self.warning_level}

    # ------------------------------------------------------------------ return file
    def _gov_export_rows(self):
        return [{
            "number": o.name, "received_at": self._local(o.received_at),
            "category": hotline_io.CATEGORY_LABELS[o.category], "title": o.title, "content": o.content,
            "caller_name": o.caller_name, "caller_phone": o.caller_phone, "department": o.department_hint,
            "item": o.item_hint, "deadline": o.deadline, "handled_by": o.department_id.name,
            "reply": o.reply, "replied_at": self._local(o.replied_at),
            "revisit": hotline_io.REVISIT_LABELS.get(o.revisit_result, ""), "closed_at": self._local(o.closed_at),
        } for o in self]

    def _gov_export_file(self, file_format="xlsx"):
        """``(bytes, filename)`` of the return file for these orders (supervision only)."""
        self._check_supervision()
        rows = self.sudo()._gov_export_rows()
        stamp = fields.Datetime.context_timestamp(self, fields.Datetime.now()).strftime("%Y%m%d%H%M")
        if file_format == "csv":
            return hotline_io.write_csv(rows), f"12345工单回传-{stamp}.csv"
        return hotline_io.write_xlsx(rows), f"12345工单回传-{stamp}.xlsx"
