"""统一着装, health checks and training of stationed staff."""
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.gov_hall.models.gov_access import notify_users
from odoo.exceptions import UserError, ValidationError


class GovUniformIssue(models.Model):
    _name = "gov.uniform.issue"
    _description = "Uniform Issue"
    _inherit = ["mail.thread", "gov.guarded.mixin"]
    _order = "date desc, id desc"

    employee_id = fields.Many2one("hr.employee", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    items = fields.Char(required=True)
    sizes = fields.Char()
    currency_id = fields.Many2one("res.currency", "Currency", required=True,
                                  default=lambda self: self.env.company.currency_id)
    cost = fields.Monetary()
    paid_by = fields.Selection([("bureau", "Bureau"), ("department", "Dispatching Department")], required=True,
                               default="bureau")
    department_id = fields.Many2one("hr.department", "Charged Department")
    rotation_id = fields.Many2one("gov.rotation", readonly=True)
    move_id = fields.Many2one("account.move", "Charge", readonly=True, copy=False)
    replacement_due = fields.Date(compute="_compute_replacement_due", store=True)

    def _gov_locked_fields(self):
        locked = super()._gov_locked_fields()
        if any(rec.move_id or rec.rotation_id for rec in self):
            # charged to a department: the amount and whom it was charged to are on the invoice
            locked |= {"employee_id", "date", "items", "cost", "paid_by", "department_id"}
        return locked

    @api.ondelete(at_uninstall=False)
    def _unlink_except_charged(self):
        if any(rec.move_id or rec.rotation_id for rec in self):
            raise UserError(self.env._("A uniform charged to a department stays on record."))

    @api.depends("date")
    def _compute_replacement_due(self):
        for rec in self:
            rec.replacement_due = rec.date + relativedelta(years=2) if rec.date else False

    @api.constrains("cost")
    def _check_cost(self):
        for rec in self:
            if rec.cost < 0:
                raise ValidationError(self.env._("A uniform cost cannot be negative."))

    def _charge_department(self):
        """Invoice the dispatching department (its billing partner) for the uniform."""
        for rec in self.filtered(lambda r: r.paid_by == "department" and not r.move_id and r.cost):
            dept = rec.department_id
            partner = dept.gov_billing_partner_id
            if not partner:
                raise UserError(self.env._("%(dept)s has no billing partner to charge the uniform to.",
                                           dept=dept.name))
            journal = self.env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1)
            if not journal:
                raise UserError(self.env._("No sales journal to charge the uniform: configure Accounting."))
            move = self.env["account.move"].sudo().create({
                "move_type": "out_invoice", "partner_id": partner.id, "journal_id": journal.id,
                "invoice_date": rec.date, "ref": rec.rotation_id.name or False,
                "invoice_line_ids": [fields.Command.create({
                    "name": self.env._("Uniform for %(name)s (%(items)s)", name=rec.employee_id.name, items=rec.items),
                    "quantity": 1, "price_unit": rec.cost, "tax_ids": [fields.Command.clear()]})],
            })
            move.action_post()
            rec.sudo().move_id = move

    @api.model
    def _cron_uniform_reminder(self):
        """Monthly: HR gets the list of who is due for a replacement next month."""
        today = fields.Date.context_today(self)
        start = today.replace(day=1) + relativedelta(months=1)
        end = start + relativedelta(months=1, days=-1)
        due = self.env["hr.employee"].sudo().search([("gov_is_stationed", "=", True),
                                                     ("gov_uniform_due", "<=", end)])
        if not due:
            return
        names = "、".join(due.mapped("name"))
        self.env["gov.staff.reminder"]._remind(
            self.env._("Uniform replacement due by %(date)s", date=end),
            self.env._("Due for uniform replacement: %(names)s", names=names), due)


class GovHealthCheck(models.Model):
    _name = "gov.health.check"
    _inherit = ["gov.guarded.mixin"]
    _description = "Health Check"
    _order = "date desc"
    _gov_client_unlink = False

    employee_id = fields.Many2one("hr.employee", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    provider = fields.Char(required=True)
    result_summary = fields.Text("Result Summary")

    _employee_year_uniq = models.UniqueIndex("(employee_id, year)")

    def _gov_locked_fields(self):
        return super()._gov_locked_fields() | {"employee_id"}

    @api.depends("date")
    def _compute_year(self):
        for rec in self:
            rec.year = rec.date.year if rec.date else 0

    @api.constrains("employee_id", "date")
    def _check_one_per_year(self):
        for rec in self:
            if self.search_count([("employee_id", "=", rec.employee_id.id), ("year", "=", rec.date.year),
                                  ("id", "!=", rec.id)]):
                raise ValidationError(self.env._("%(name)s already has a health check in %(year)s.",
                                                 name=rec.employee_id.name, year=rec.date.year))

    @api.model_create_multi
    def create(self, vals_list):
        # the yearly uniqueness is checked before the insert, for a clear message
        for vals in vals_list:
            day = fields.Date.to_date(vals.get("date") or fields.Date.context_today(self))
            if vals.get("employee_id") and self.search_count([("employee_id", "=", vals["employee_id"]),
                                                              ("year", "=", day.year)]):
                name = self.env["hr.employee"].browse(vals["employee_id"]).name
                raise ValidationError(self.env._("%(name)s already has a health check in %(year)s.",
                                                 name=name, year=day.year))
        return super().create(vals_list)

    @api.model
    def _cron_health_reminder(self):
        """Who among the stationed staff has no health check this year."""
        year = fields.Date.context_today(self).year
        done = self.search([("year", "=", year)]).employee_id
        missing = self.env["hr.employee"].sudo().search([("gov_is_stationed", "=", True)]) - done
        if missing:
            self.env["gov.staff.reminder"]._remind(
                self.env._("Health checks missing in %(year)s", year=year),
                self.env._("No health check yet this year: %(names)s", names="、".join(missing.mapped("name"))),
                missing)


class GovStaffReminder(models.AbstractModel):
    _name = "gov.staff.reminder"
    _description = "Staff Reminders"

    @api.model
    def _remind(self, summary, note, employees):
        """One to-do per HR user on each employee concerned (not repeated while open)."""
        hr_users = self.env.ref("gov_hall.group_gov_hr").all_user_ids.filtered(lambda u: u.active and not u.share)
        hr_users -= self.env.ref("base.user_root")
        for emp in employees.sudo():
            open_acts = emp.activity_ids.filtered(lambda a: a.summary == summary)
            notify_users(emp, hr_users - open_acts.user_id, summary, note)


class GovTrainingSession(models.Model):
    _name = "gov.training.session"
    _description = "Training Session"
    _inherit = ["mail.thread"]
    _order = "date desc"

    name = fields.Char(required=True)
    kind = fields.Selection([("patriotic", "Patriotic Education"), ("etiquette", "Etiquette"),
                             ("business", "Business Skills"), ("service", "Service Standard (四功四到位)")],
                            required=True, default="business")
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float(required=True, default=2.0)
    trainer = fields.Char()
    attendee_ids = fields.Many2many("hr.employee", "gov_training_attendee_rel", "session_id", "employee_id",
                                    "Attendees")
    attendee_count = fields.Integer(compute="_compute_attendee_count")

    @api.depends("attendee_ids")
    def _compute_attendee_count(self):
        for rec in self:
            rec.attendee_count = len(rec.attendee_ids)

    @api.constrains("hours")
    def _check_hours(self):
        for rec in self:
            if rec.hours <= 0:
                raise ValidationError(self.env._("A training session lasts a positive number of hours."))
