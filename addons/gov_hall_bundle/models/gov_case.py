from odoo import fields, models
from odoo.exceptions import UserError


class GovCase(models.Model):
    _inherit = "gov.case"

    bundle_application_id = fields.Many2one("gov.bundle.application", "Bundle Application", readonly=True,
                                            copy=False, index="btree_not_null", ondelete="restrict")
    bundle_id = fields.Many2one(related="bundle_application_id.bundle_id", string="Life Event", store=True,
                                index="btree_not_null")
    bundle_stage = fields.Integer("Bundle Stage", readonly=True, copy=False)
    bundle_due_date = fields.Date(related="bundle_application_id.due_date", string="Combined Due Date")
    form_value_ids = fields.One2many("gov.case.form.value", "case_id", "Combined Form", readonly=True)

    def action_step_done(self, *args, **kwargs):
        """A later stage of a bundle is decided only once the earlier stages are."""
        for case in self.filtered(lambda c: c.bundle_application_id and c.state == "review"):
            deciding = case.current_step == "approval" or not case._next_step_after(case.current_step)
            earlier = case.bundle_application_id.case_ids.filtered(
                lambda c, s=case.bundle_stage: c.bundle_stage < s and c.state not in ("decided", "delivered", "closed"))
            if deciding and earlier:
                raise UserError(self.env._(
                    "Case %(name)s belongs to stage %(stage)s of %(bundle)s: it is decided after %(cases)s.",
                    name=case.name, stage=case.bundle_stage, bundle=case.bundle_id.name,
                    cases="、".join(f"{c.name}（{c.item_id.name}）" for c in earlier)))
        return super().action_step_done(*args, **kwargs)

    def _do_accept(self, accepted_date, deemed=False):
        """The five-day rule accepts the members of an application left in 收件: once every member is
        accepted, so is the application, from the day of receipt."""
        res = super()._do_accept(accepted_date, deemed=deemed)
        if deemed:
            for app in self.bundle_application_id.filtered(lambda a: a.state == "received"):
                if all(c.accepted_date for c in app.case_ids):
                    app._accepted_on(min(app.case_ids.mapped("accepted_date")), deemed=True)
        return res

    def action_view_bundle_application(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.bundle.application", "view_mode": "form",
                "res_id": self.bundle_application_id.id}


class GovCaseFormValue(models.Model):
    _name = "gov.case.form.value"
    _description = "Combined Form Value of a Case"
    _inherit = ["gov.guarded.mixin"]
    _order = "case_id, sequence, id"
    _gov_client_create = False
    _gov_client_unlink = False

    case_id = fields.Many2one("gov.case", required=True, readonly=True, ondelete="cascade", index=True)
    sequence = fields.Integer(readonly=True)
    name = fields.Char("Field", required=True, readonly=True)
    value = fields.Char("Value", readonly=True)
