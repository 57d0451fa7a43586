"""容缺受理 and 告知承诺制 at the window: acceptance against the applicant's pledge."""
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .gov_applicant_flag import applicant_identifier

MAX_DEFER_DAYS = 20  # working days after acceptance, whatever the promised time limit
DECISION_MARGIN = 2  # the materials are in at least two working days before the promised limit


class GovCaseMaterial(models.Model):
    _inherit = "gov.case.material"

    is_key = fields.Boolean(related="item_material_id.is_key", string="Key Material")
    may_defer = fields.Boolean(related="item_material_id.may_defer", string="May Be Deferred")
    may_pledge = fields.Boolean(related="item_material_id.may_pledge", string="Replaceable by Pledge")
    deferred = fields.Boolean("Deferred (容缺)", help="Missing at acceptance, made up later against the "
                                                      "applicant's pledge.")
    by_pledge = fields.Boolean("By Pledge (告知承诺)", help="Replaced by the applicant's written pledge.")
    made_up = fields.Boolean("Made Up", readonly=True)
    made_up_date = fields.Date("Made Up On", readonly=True)

    @api.constrains("deferred", "by_pledge")
    def _check_pledge_marks(self):
        for line in self:
            if line.deferred and line.by_pledge:
                raise ValidationError(self.env._(
                    "%(name)s is either deferred or replaced by a pledge, not both.", name=line.name))
            if line.deferred and not line.item_material_id.may_defer:
                if line.item_material_id.is_key:
                    raise ValidationError(self.env._(
                        "%(name)s is a key material: a key material cannot be deferred (容缺).", name=line.name))
                raise ValidationError(self.env._(
                    "The catalog does not allow %(name)s to be deferred (容缺).", name=line.name))
            if line.by_pledge and not line.item_material_id.may_pledge:
                raise ValidationError(self.env._(
                    "The catalog does not allow %(name)s to be replaced by a pledge (告知承诺).", name=line.name))

    def write(self, vals):
        if {"deferred", "by_pledge"} & set(vals) and not self.env.su:
            self.env["gov.case"]._check_group("gov_hall.group_gov_front_office", self.env._(
                "Only window clerks mark materials as deferred or replaced by a pledge."))
            if set(self.mapped("case_id.state")) - {"draft", "received"}:
                raise UserError(self.env._("Materials are marked as deferred or pledged only while the case is "
                                           "being received."))
        return super().write(vals)


class GovCase(models.Model):
    _inherit = "gov.case"

    allows_defer = fields.Boolean(related="item_id.allows_defer")
    allows_pledge = fields.Boolean(related="item_id.allows_pledge")
    pledge_ids = fields.One2many("gov.case.pledge", "case_id", "Pledges", readonly=True)
    pledge_count = fields.Integer(compute="_compute_pledge_count", string="Pledge Count")
    defer_open = fields.Boolean("Awaiting Deferred Materials", compute="_compute_pledge_info", store=True,
                                index=True)
    makeup_deadline = fields.Date("Make-up Deadline", compute="_compute_pledge_info", store=True)

    @api.depends("pledge_ids.state", "pledge_ids.deadline", "pledge_ids.kind")
    def _compute_pledge_info(self):
        for case in self:
            open_defer = case.pledge_ids.filtered(lambda p: p.kind == "defer" and p.state == "open")
            case.defer_open = bool(open_defer)
            case.makeup_deadline = min(open_defer.mapped("deadline")) if open_defer else False

    def _compute_pledge_count(self):
        for case in self:
            case.pledge_count = len(case.pledge_ids)

    # ------------------------------------------------------------ helpers
    def _check_not_flagged(self):
        for case in self:
            flags = self.env["gov.applicant.flag"]._active_for(applicant_identifier(case))
            if flags:
                raise UserError(self.env._(
                    "Applicant %(name)s (%(id)s) is on the credit list (失信/违诺) since %(date)s: %(reason)s "
                    "Deferred acceptance (容缺受理) and notify-and-pledge (告知承诺制) are not available; the "
                    "application needs every material.", name=case.applicant_name, id=flags[0].identifier,
                    date=flags[0].date, reason=flags[0].reason))

    def _pledge_latest_deadline(self, start):
        """Latest make-up deadline for an acceptance on ``start``, or False when the item's promised limit
        leaves no room: two working days before the promised limit, and at most 20 working days."""
        self.ensure_one()
        Holiday = self.env["cn.holiday"]
        promised = self.item_id.promised_limit if self.case_type == "promised" else 0
        if promised - DECISION_MARGIN < 1:
            return False
        return min(fields.Date.to_date(Holiday.add_working_days(start, promised - DECISION_MARGIN)),
                   fields.Date.to_date(Holiday.add_working_days(start, MAX_DEFER_DAYS)))

    def _missing_materials(self):
        # materials covered by the pledge signed in this acceptance do not block it; the pledge exists only
        # once action_accept_deferred / action_accept_pledged have checked it
        missing = super()._missing_materials()
        covered = self.pledge_ids.filtered(lambda p: p.state in ("open", "fulfilled")).material_ids
        return missing - covered

    def _accept_with_pledges(self, kind, deadline=False):
        self.ensure_one()
        self._check_group("gov_hall.group_gov_front_office", self.env._("Only window clerks accept cases."))
        self._lock()
        self._check_state("received")
        self._check_not_flagged()
        missing = self._missing_materials()
        deferred = missing.filtered("deferred")
        pledged = missing.filtered("by_pledge")
        other = missing - deferred - pledged
        if other:
            raise UserError(self.env._(
                "Case %(name)s cannot be accepted: %(materials)s missing or not compliant and neither deferred "
                "nor replaced by a pledge (key materials are never deferred). Issue a one-time correction notice "
                "instead.", name=self.name, materials="、".join(other.mapped("name"))))
        if kind == "defer" and not deferred:
            raise UserError(self.env._("No missing material is marked as deferred: accept the case normally, or "
                                       "mark the materials the applicant will bring later."))
        if kind == "commit":
            if not pledged:
                raise UserError(self.env._("No missing proof is marked as replaced by the applicant's pledge."))
            if deferred:
                raise UserError(self.env._("Some materials are deferred: accept under 容缺 with a make-up "
                                           "deadline."))
        today = fields.Date.context_today(self)
        if deferred:
            deadline = fields.Date.to_date(deadline) if deadline else False
            if not deadline:
                raise UserError(self.env._("Give the date by which the deferred materials are made up."))
            if deadline <= today:
                raise UserError(self.env._("The make-up deadline must be after the day of acceptance."))
            latest = self._pledge_latest_deadline(today)
            if not latest:
                raise UserError(self.env._(
                    "%(item)s is decided within %(days)s working days: too short for deferred acceptance (the "
                    "materials must be in two working days before the promised time limit).",
                    item=self.item_id.name, days=self.item_id.promised_limit))
            if deadline > latest:
                raise UserError(self.env._(
                    "The make-up deadline %(date)s is too late: the materials must be in two working days before "
                    "the promised time limit and at most %(max)s working days after acceptance. The latest "
                    "allowed date is %(latest)s.", date=deadline, max=MAX_DEFER_DAYS, latest=latest))
        Pledge = self.env["gov.case.pledge"]
        common = {"case_id": self.id, "identifier": applicant_identifier(self), "date": today,
                  "clerk_id": self.env.user.id}
        vals_list = []
        if deferred:
            vals_list.append(dict(common, kind="defer", material_ids=[fields.Command.set(deferred.ids)],
                                  material_names="、".join(deferred.mapped("name")), deadline=deadline,
                                  reminder_date=Pledge._reminder_date_for(deadline)))
        if pledged:
            vals_list.append(dict(common, kind="commit", material_ids=[fields.Command.set(pledged.ids)],
                                  material_names="、".join(pledged.mapped("name"))))
        with self.env.cr.savepoint():
            # checked above; the pledge is what lets the core's acceptance pass the missing materials
            pledges = Pledge.sudo().create(vals_list).with_env(self.env)
            self.action_accept()
        for pledge in pledges:
            if pledge.kind == "defer":
                body = self.env._("Accepted under 容缺受理: %(materials)s to be made up by %(date)s (pledge "
                                  "%(pledge)s). No decision or output before they are in.",
                                  materials=pledge.material_names, date=pledge.deadline, pledge=pledge.name)
            else:
                body = self.env._("Accepted under 告知承诺制: %(materials)s replaced by the applicant's pledge "
                                  "%(pledge)s, to be checked after the decision.",
                                  materials=pledge.material_names, pledge=pledge.name)
            self.message_post(body=body)
        self._pledge_after_decision()
        return True

    def _pledge_after_decision(self):
        """A decided case: its notify-and-pledge statements are checked (approval) or no longer needed."""
        for case in self.filtered(lambda c: c.state == "decided"):
            commits = case.pledge_ids.filtered(lambda p: p.kind == "commit" and p.state == "open"
                                               and not p.check_ids)
            if not commits:
                continue
            if case.decision == "approve":
                self.env["gov.pledge.check"]._schedule(commits)
            else:
                commits.sudo().write({"state": "void"})

    # ------------------------------------------------------------ actions
    def action_accept_deferred(self, makeup_deadline):
        """容缺受理: accept with the deferred materials to be made up by ``makeup_deadline``."""
        return self._accept_with_pledges("defer", makeup_deadline)

    def action_accept_pledged(self):
        """告知承诺制: accept with proofs replaced by the applicant's written pledge."""
        return self._accept_with_pledges("commit")

    def action_open_pledge_accept(self):
        self.ensure_one()
        kind = "defer" if self.material_ids.filtered("deferred") else "commit"
        return {"type": "ir.actions.act_window", "res_model": "gov.pledge.wizard", "view_mode": "form",
                "target": "new", "context": {"default_mode": "accept", "default_case_id": self.id,
                                             "default_kind": kind}}

    def action_view_pledges(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.case.pledge", "name": self.env._("Pledges"),
                "view_mode": "list,form", "domain": [("case_id", "=", self.id)], "context": {"create": False}}

    def action_step_done(self, *args, **kwargs):
        self.ensure_one()
        if self.state == "review" and self.defer_open and (
                self.current_step == "approval" or not self._next_step_after(self.current_step)):
            raise UserError(self.env._(
                "Case %(name)s cannot be decided: the deferred materials (%(materials)s) are due by %(date)s "
                "under the applicant's pledge and are not all made up.", name=self.name,
                materials="、".join(self.pledge_ids.filtered(lambda p: p.state == "open" and p.kind == "defer")
                                   .material_ids.filtered(lambda m: not m.made_up).mapped("name")),
                date=self.makeup_deadline))
        res = super().action_step_done(*args, **kwargs)
        self._pledge_after_decision()
        return res

    def _check_ready_for_output(self):
        super()._check_ready_for_output()
        for case in self.filtered("defer_open"):
            raise UserError(self.env._(
                "Case %(name)s has no output while deferred materials are outstanding (due %(date)s).",
                name=case.name, date=case.makeup_deadline))
