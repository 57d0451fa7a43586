"""Legal facts change only inside the actions that check the rule.

Any ``create``, ``write`` or ``unlink`` is one JSON-RPC call away, and
``readonly=True`` only hides a field in the form. A model that inherits this
mixin declares what a client may never set directly:

* every field declared ``readonly=True`` in the model (state, decision, who and
  when, amounts, legal dates, numbers, links to seal uses, stored files, computed
  figures) — the web client never sends those, so the rule costs forms nothing;
* ``_gov_locked_fields()``: fields frozen by the record's own state (the
  applicant's identity once a case is accepted, the powers of a signed letter);
* ``_gov_client_create`` / ``_gov_client_unlink``: whether a client may create or
  delete rows at all (recorded steps, issued documents and the seal log are
  written only by the actions that produce them).

The actions check who may act and in which state, then write with ``sudo()``
(superuser mode, still as the acting user for tracking and authorship). The guard
lets superuser mode through and nothing else: no context key opens it.
"""
from odoo import api, models, tools
from odoo.exceptions import AccessError

# fields the ORM or mail maintain on their own
_FREE_PREFIXES = ("message_", "activity_", "website_message", "has_message", "rating_")
_FREE_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}


class GovGuardedMixin(models.AbstractModel):
    _name = "gov.guarded.mixin"
    _description = "Fields Changed Only Through Checked Actions"

    _gov_client_create = True
    _gov_client_unlink = True

    @api.model
    @tools.ormcache()
    def _gov_guarded_fields(self):
        """Names of the fields only checked actions may set (see the module docstring)."""
        return frozenset(
            name for name, field in self._fields.items()
            if field.readonly and name not in _FREE_FIELDS and not name.startswith(_FREE_PREFIXES)
            and (field.store or field.inverse or field.related))

    def _gov_locked_fields(self):
        """Fields frozen for these records by their state (in addition to the guarded ones)."""
        return set()

    def _gov_model_label(self):
        return self.env["ir.model"]._get(self._name).name or self._description

    def _gov_refuse(self, fnames):
        labels = "、".join(sorted(self._fields[f]._description_string(self.env) for f in fnames))
        raise AccessError(self.env._(
            "%(fields)s of %(model)s change only through the actions that check the rules, never by "
            "editing the record.", fields=labels, model=self._gov_model_label()))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            if not self._gov_client_create:
                raise AccessError(self.env._(
                    "%(model)s records are created only by the action that produces them.",
                    model=self._gov_model_label()))
            guarded = self._gov_guarded_fields()
            defaults = {key[8:] for key in self.env.context if key.startswith("default_")} & guarded
            if defaults:
                self._gov_refuse(defaults)
            for vals in vals_list:
                bad = {f for f in guarded & set(vals) if not self._gov_default_value(f, vals[f])}
                if bad:
                    self._gov_refuse(bad)
        self._gov_prepare_vals(vals_list)
        return super().create(vals_list)

    def _gov_prepare_vals(self, vals_list):
        """Server-side values of new rows (numbers, snapshots, who and when), set once the
        client's own values have passed the guard. Override, call super."""

    def _gov_default_value(self, fname, value):
        """A client may send a guarded field only with its empty or default value (forms do)."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return not value
        if not value:
            return True
        default = field.default(self) if field.default else False
        if field.type == "many2one" and hasattr(default, "id"):
            default = default.id
        return value == default

    def write(self, vals):
        if not self.env.su:
            bad = (self._gov_guarded_fields() | self._gov_locked_fields()) & set(vals)
            if bad:
                self._gov_refuse(bad)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_guarded(self):
        if not self._gov_client_unlink and not self.env.su:
            raise AccessError(self.env._("%(model)s records are kept on record and cannot be deleted.",
                                         model=self._gov_model_label()))
