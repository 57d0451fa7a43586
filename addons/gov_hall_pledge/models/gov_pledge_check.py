"""核查: after a decision taken on a 告知承诺 statement, the department checks that the pledge was true."""
from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import check_group, notify_users
from odoo.exceptions import AccessError, UserError

CHECK_RESULTS = [("true", "Pledge True"), ("false", "Pledge False")]


class GovPledgeCheck(models.Model):
    _name = "gov.pledge.check"
    _description = "Pledge Check"
    _inherit = ["mail.thread", "mail.activity.mixin", "gov.guarded.mixin"]
    _order = "state desc, due_date, id"
    _mail_post_access = "read"
    _gov_client_create = False
    _gov_client_unlink = False

    name = fields.Char("Check", required=True, readonly=True)
    pledge_id = fields.Many2one("gov.case.pledge", "Pledge", required=True, readonly=True, ondelete="restrict",
                                index=True)
    case_id = fields.Many2one(related="pledge_id.case_id", store=True, string="Case", index=True)
    department_id = fields.Many2one(related="pledge_id.department_id", store=True, string="Department",
                                    index=True)
    item_id = fields.Many2one(related="pledge_id.item_id", string="Item")
    applicant_name = fields.Char(related="pledge_id.applicant_name", string="Applicant")
    material_names = fields.Text(related="pledge_id.material_names", string="Materials Pledged")
    decision_date = fields.Date("Decided On", readonly=True)
    due_date = fields.Date("Check Due", required=True, readonly=True, index=True, tracking=True)
    state = fields.Selection([("pending", "To Check"), ("done", "Checked")], default="pending", required=True,
                             readonly=True, tracking=True, index=True)
    result = fields.Selection(CHECK_RESULTS, "Result", readonly=True, tracking=True)
    findings = fields.Text("Findings", readonly=True)
    checked_by = fields.Many2one("res.users", "Checked By", readonly=True)
    checked_date = fields.Date("Checked On", readonly=True)
    is_overdue = fields.Boolean("Overdue", readonly=True, index=True, tracking=True,
                                help="Flagged by the daily job when the check was not recorded by its due date.")

    _pending_due_idx = models.Index("(due_date) WHERE state = 'pending'")

    @api.model
    def _back_office_users(self, department):
        staff = self.env["hr.employee"].sudo().search([("department_id", "=", department.id),
                                                        ("user_id", "!=", False)]).user_id
        back = self.env.ref("gov_hall.group_gov_back_office").sudo().all_user_ids
        return (staff & back).with_env(self.env)

    @api.model
    def _schedule(self, pledges):
        """One check per notify-and-pledge statement of a case just approved."""
        Holiday = self.env["cn.holiday"]
        checks = self.browse()
        for pledge in pledges:
            case = pledge.case_id
            due = Holiday.add_working_days(case.decision_date, case.item_id.pledge_check_days)
            check = self.sudo().create({
                "name": pledge._doc_env()._("Check of %(pledge)s", pledge=pledge.name), "pledge_id": pledge.id,
                "decision_date": case.decision_date, "due_date": due})
            notify_users(check, self._back_office_users(case.department_id),
                         self.env._("Check the applicant's pledge"),
                         self.env._("Case %(case)s was decided on the applicant's pledge (%(materials)s): check it "
                                    "is true by %(date)s.", case=case.name, materials=pledge.material_names,
                                    date=due), date_deadline=fields.Date.to_date(due))
            case.sudo().message_post(body=self.env._(
                "Pledge check scheduled: due %(date)s.", date=due))
            checks |= check
        return checks

    def action_open_record(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "gov.pledge.wizard", "view_mode": "form",
                "target": "new", "context": {"default_mode": "check", "default_check_id": self.id}}

    def action_record_check(self, result, findings):
        """The back office records whether the pledge was true, with its findings."""
        self.ensure_one()
        check_group(self.env, "gov_hall.group_gov_back_office",
                    self.env._("Pledge checks are recorded by the back office of the department."))
        if self.department_id not in self.env.user.sudo().employee_ids.department_id:
            raise AccessError(self.env._("Only staff of %(dept)s record the checks of its cases.",
                                         dept=self.department_id.name))
        if result in (True, "true"):
            result = "true"
        elif result in (False, "false"):
            result = "false"
        else:
            raise UserError(self.env._("The result of a check is either true or false."))
        if not (findings or "").strip():
            raise UserError(self.env._("Record the findings of the check."))
        case = self.case_id
        case._lock()
        if self.state != "pending":
            raise UserError(self.env._("This check is already recorded."))
        today = fields.Date.context_today(self)
        # checked above: the department's back office; checks change only through this action
        self.sudo().write({"state": "done", "result": result, "findings": findings,
                           "checked_by": self.env.user.id, "checked_date": today})
        self.activity_ids.sudo().action_feedback(feedback=findings)
        pledge = self.pledge_id
        if result == "true":
            pledge.sudo().write({"state": "fulfilled", "fulfilled_date": today})
            message = self.env._("Pledge check: the pledge is true. %(findings)s", findings=findings)
            pledge.message_post(body=message)
            case.sudo().message_post(body=message)
            return True
        reason = pledge._doc_env()._(
            "The check found the applicant's pledge %(pledge)s false: %(findings)s", pledge=pledge.name,
            findings=findings)
        pledge.sudo().write({"state": "broken", "broken_date": today, "broken_reason": reason})
        self._revoke_decision(reason)
        self.env["gov.applicant.flag"]._flag(case, pledge, "false_pledge", reason)
        notify_users(case.sudo(), case._supervision_users() | case._leader_users(),
                     self.env._("False pledge: decision revoked"), reason)
        return True

    def _revoke_decision(self, reason):
        """A false pledge annuls the decision by law (行政许可法 art. 69): the department's finding is the act,
        so the core's revocation runs without its Bureau-manager check."""
        case = self.case_id
        if case.state not in ("decided", "delivered", "closed") or case.output_revoked:
            return
        case.sudo()._revoke_output(reason)

    @api.model
    def _cron_flag_overdue(self):
        """Daily: flag checks not recorded by their due date and tell supervision (once per check)."""
        today = fields.Date.context_today(self)
        late = self.search([("state", "=", "pending"), ("due_date", "<", today), ("is_overdue", "=", False)])
        if late:
            late.sudo().write({"is_overdue": True})
            for check in late:
                notify_users(check.sudo(), check.case_id._supervision_users(),
                             self.env._("Pledge check overdue"),
                             self.env._("The check of %(pledge)s was due on %(date)s.", pledge=check.pledge_id.name,
                                        date=check.due_date))
        return True
