"""出件: leader signature, department approval seal, Bureau seal — in that order — and
the authorizations every decision rests on."""
from odoo import api, fields, models
from odoo.exceptions import UserError

from .gov_access import check_group

DECISION_DOCS = ("decision_approve", "decision_deny")
# 二(十): the department's approval seal goes on the acceptance-stage documents as well
ACCEPTANCE_DOCS = ("acceptance", "correction", "refusal")


class GovCase(models.Model):
    _inherit = "gov.case"

    accept_delegation_id = fields.Many2one("gov.delegation", "Acceptance Authorization", readonly=True, copy=False)
    output_signed_by = fields.Many2one("res.users", "Signed By (Leader)", readonly=True, copy=False)
    output_signed_at = fields.Datetime("Signed At", readonly=True, copy=False)
    output_sign_delegation_id = fields.Many2one("gov.delegation", "Signature Authorization", readonly=True,
                                                copy=False)
    output_dept_seal_log_id = fields.Many2one("gov.seal.log", "Department Seal Use", readonly=True, copy=False)
    output_bureau_seal_log_id = fields.Many2one("gov.seal.log", "Bureau Seal Use", readonly=True, copy=False)
    output_revoked = fields.Boolean("Output Revoked", readonly=True, copy=False, tracking=True)
    output_revoke_reason = fields.Text("Reason for Revoking", readonly=True, copy=False)
    output_state = fields.Selection(
        [("none", "Not Started"), ("signed", "Signed"), ("dept_sealed", "Department Seal Applied"),
         ("complete", "Complete"), ("revoked", "Revoked")], compute="_compute_output_state", store=True,
        string="Output", index=True, tracking=True)

    @api.depends("output_signed_by", "output_dept_seal_log_id", "output_bureau_seal_log_id", "output_revoked")
    def _compute_output_state(self):
        for case in self:
            if case.output_revoked:
                case.output_state = "revoked"
            elif case.output_bureau_seal_log_id:
                case.output_state = "complete"
            elif case.output_dept_seal_log_id:
                case.output_state = "dept_sealed"
            elif case.output_signed_by:
                case.output_state = "signed"
            else:
                case.output_state = "none"

    # -------------------------------------------------- authorizations
    def action_accept(self):
        Delegation = self.env["gov.delegation"]
        by_dept = {dept: Delegation._require(dept, "power_accept") for dept in self.department_id}
        # 二(九): accepting a joint-approval case organises it; that power is on the letter too
        for dept in self.filtered("item_id.joint_department_ids").department_id:
            Delegation._require(dept, "power_joint_organise")
        found = {case.id: by_dept[case.department_id] for case in self}
        res = super().action_accept()
        for delegation, cases in self.grouped(lambda c: found[c.id]).items():
            cases.sudo().write({"accept_delegation_id": delegation.id})
        return res

    def action_step_done(self, *args, **kwargs):
        self.ensure_one()
        if self.state == "review" and self.current_step == "approval":
            # refused before anything is written
            self.env["gov.delegation"]._require(self.department_id, "power_approve")
        return super().action_step_done(*args, **kwargs)

    def _create_step(self, vals):
        if vals.get("step") == "approval":
            vals["delegation_id"] = self.env["gov.delegation"]._require(self.department_id, "power_approve").id
        return super()._create_step(vals)

    def action_deliver(self, method="window"):
        for case in self:
            if case.state == "decided" and case.output_state != "complete":
                raise UserError(self.env._(
                    "Case %(name)s cannot be delivered: its output needs the leader's signature, then the "
                    "department approval seal, then the Bureau seal.", name=case.name))
        certify = self.filtered(lambda c: c.decision == "approve"
                                and c.item_id.step_ids.filtered(lambda s: s.step == "certificate"))
        for case in certify:
            self.env["gov.delegation"]._require(case.department_id, "power_certify")
        return super().action_deliver(method)

    # ------------------------------------------------------------ output
    def _decision_document(self):
        self.ensure_one()
        return self.document_ids.filtered(lambda d: d.doc_type in DECISION_DOCS)[-1:]

    def action_output_sign(self):
        self.ensure_one()
        self._lock()
        self._check_state("decided")
        if self.output_signed_by:
            raise UserError(self.env._("The output of %(name)s is already signed.", name=self.name))
        self._check_ready_for_output()
        delegation = self.env["gov.delegation"]._require(self.department_id, "power_approve")
        self.sudo().write({"output_signed_by": self.env.user.id, "output_signed_at": fields.Datetime.now(),
                           "output_sign_delegation_id": delegation.id})
        return True

    def _make_documents(self, doc_type):
        docs = super()._make_documents(doc_type)
        if doc_type in ACCEPTANCE_DOCS:
            for dept_docs in docs.grouped(lambda d: d.case_id.department_id).values():
                seal = dept_docs[0].case_id._seal_of("department")
                logs = seal._use_many([(doc.case_id, doc, doc._title()) for doc in dept_docs])
                for doc, log in zip(dept_docs, logs):
                    doc.sudo().seal_log_id = log
        return docs

    def _check_ready_for_output(self):
        """Hook: raise if the output must wait (the fee addon: no output before payment)."""

    def _seal_of(self, seal_type):
        domain = [("seal_type", "=", seal_type), ("state", "=", "active")]
        if seal_type == "department":
            domain.append(("department_id", "=", self.department_id.id))
        seal = self.env["gov.seal"].sudo().search(domain, limit=1)
        if not seal:
            raise UserError(self.env._("No seal of this kind is registered for %(dept)s.",
                                       dept=self.department_id.name))
        return seal

    def action_output_dept_seal(self):
        self.ensure_one()
        self._lock()
        self._check_state("decided")
        if not self.output_signed_by:
            raise UserError(self.env._("Order of output: the leader signs before the department seal is applied."))
        if self.output_dept_seal_log_id:
            raise UserError(self.env._("The department seal is already applied."))
        log = self._seal_of("department")._use(self, self._decision_document(), self.env._("Output of the decision"))
        self.sudo().write({"output_dept_seal_log_id": log.id})
        return True

    def action_output_bureau_seal(self):
        self.ensure_one()
        self._lock()
        self._check_state("decided")
        if not self.output_dept_seal_log_id:
            raise UserError(self.env._("Order of output: the Bureau seal comes last, after the leader's signature "
                                       "and the department approval seal."))
        if self.output_bureau_seal_log_id:
            raise UserError(self.env._("The Bureau seal is already applied."))
        log = self._seal_of("bureau")._use(self, self._decision_document(), self.env._("Output of the decision"))
        self.sudo().write({"output_bureau_seal_log_id": log.id})
        return True

    def action_revoke_output(self, reason):
        """The decision is annulled: its documents become invalid."""
        check_group(self.env, "gov_hall.group_gov_bureau_manager", self.env._("Only the Bureau revokes an output."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for revoking the output."))
        return self._revoke_output(reason)

    def _revoke_output(self, reason):
        """The writes of a revocation: its documents become invalid. Callers check who may revoke."""
        self._lock()
        self._check_state("decided", "delivered", "closed")
        self.sudo().write({"output_revoked": True, "output_revoke_reason": reason})
        self.document_ids.filtered(lambda d: d.doc_type in DECISION_DOCS).sudo().write({"state": "revoked"})
        for case in self:
            case.message_post(body=self.env._("Output revoked: %(reason)s", reason=reason))
        return True


class GovCaseStepDelegation(models.Model):
    _inherit = "gov.case.step"

    delegation_id = fields.Many2one("gov.delegation", "Authorization", readonly=True)


class GovCaseCountersign(models.Model):
    _inherit = "gov.case.countersign"

    delegation_id = fields.Many2one("gov.delegation", "Authorization", readonly=True)

    def action_sign(self, opinion):
        self.ensure_one()
        # 二(九): taking part in a joint approval and signing its countersign are both delegated powers
        self.env["gov.delegation"]._require(self.department_id, "power_joint_participate")
        delegation = self.env["gov.delegation"]._require(self.department_id, "power_countersign")
        res = super().action_sign(opinion)
        self.sudo().write({"delegation_id": delegation.id})
        return res
