"""信息公开: the public catalog, progress lookup (with a second factor and a throttle) and decisions list."""
import hashlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.tools.idcheck import mask_name

LOOKUP_LIMIT = 10          # failed progress lookups per address ...
LOOKUP_WINDOW_MIN = 10     # ... within this many minutes
PAGE_SIZE = 30


class GovItem(models.Model):
    _inherit = "gov.item"

    @api.model
    def _gov_public_domain(self):
        """What may be disclosed: published and public items (the same filter as the guide page)."""
        return [("state", "=", "published"), ("is_public", "=", True)]

    @api.model
    def _gov_public_catalog(self, query=None, department_id=None, item_type=None, page=1):
        domain = self._gov_public_domain()
        if query:
            domain += ["|", ("name", "ilike", query), ("implementation_code", "=ilike", query)]
        if department_id:
            domain += [("department_id", "=", department_id)]
        if item_type:
            domain += [("item_type", "=", item_type)]
        Item = self.sudo()
        total = Item.search_count(domain)
        items = Item.search_fetch(domain, ["name", "implementation_code", "department_id", "item_type",
                                           "promised_limit", "case_type", "online_level"],
                                  order="department_id, name", limit=PAGE_SIZE, offset=(max(page, 1) - 1) * PAGE_SIZE)
        return items, total


class GovCase(models.Model):
    _inherit = "gov.case"

    def _gov_public_progress(self):
        """What the progress page shows: no name, ID, phone or address — only the case's course."""
        self.ensure_one()
        labels = dict(self._fields["state"]._description_selection(self.env))
        step_labels = dict(self.env["gov.case.step"]._fields["step"]._description_selection(self.env))
        return {
            "number": self.name, "item": self.item_id.name, "department": self.department_id.name,
            "state": labels[self.state], "received": self.received_date, "accepted": self.accepted_date,
            "due": self.due_date, "decided": self.decision_date,
            "steps": [(step_labels.get(s.step, s.step), s.date) for s in self.step_ids.sorted("date")],
        }

    @api.model
    def _gov_public_decisions(self, page=1):
        """Decisions of disclosed items, newest first: persons' names masked, companies' names kept."""
        domain = [("decision", "!=", False), ("decision_date", "!=", False),
                  ("item_id.is_public", "=", True), ("item_id.state", "in", ("published", "retired"))]
        Case = self.sudo()
        total = Case.search_count(domain)
        cases = Case.search_fetch(domain, ["name", "item_id", "department_id", "decision", "decision_date",
                                           "applicant_type", "applicant_name"],
                                  order="decision_date desc, id desc", limit=PAGE_SIZE,
                                  offset=(max(page, 1) - 1) * PAGE_SIZE)
        labels = dict(self._fields["decision"]._description_selection(self.env))
        rows = [{"number": c.name, "item": c.item_id.name, "department": c.department_id.name,
                 "decision": labels.get(c.decision), "date": c.decision_date,
                 "holder": c.applicant_name if c.applicant_type == "company" else mask_name(c.applicant_name)}
                for c in cases]
        return rows, total


class GovPortalThrottle(models.Model):
    """Failed progress lookups per client address (hashed), to slow down guessing."""
    _name = "gov.portal.throttle"
    _description = "Lookup Throttle"

    key = fields.Char(required=True, index=True)
    at = fields.Datetime(required=True, index=True)

    @api.model
    def _key(self, address):
        return hashlib.sha256(f"progress:{address}".encode()).hexdigest()[:32]

    @api.model
    def _blocked(self, address):
        since = fields.Datetime.now() - timedelta(minutes=LOOKUP_WINDOW_MIN)
        return self.sudo().search_count([("key", "=", self._key(address)), ("at", ">=", since)]) >= LOOKUP_LIMIT

    @api.model
    def _fail(self, address):
        self.sudo().create({"key": self._key(address), "at": fields.Datetime.now()})

    @api.autovacuum
    def _gc_old(self):
        self.sudo().search([("at", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()

    @api.model
    def _lookup(self, address, number, phone_tail):
        """The case for ``number`` if the phone's last four digits match; None otherwise or when throttled."""
        if self._blocked(address):
            return None
        number, phone_tail = (number or "").strip(), (phone_tail or "").strip()
        case = self.env["gov.case"].sudo().search([("name", "=", number)], limit=1) if number else None
        if not case or len(phone_tail) != 4 or not (case.applicant_phone or "").endswith(phone_tail) \
                or not case.item_id.is_public:
            self._fail(address)
            return None
        return case
