from odoo import api, fields, models
from odoo.exceptions import UserError


class GovInquiry(models.Model):
    """首问登记: every consultation and its first responder."""
    _name = "gov.inquiry"
    _description = "First Inquiry"
    _inherit = ["mail.thread", "gov.numbered.mixin"]
    _order = "date desc, id desc"
    _gov_sequence_code = "gov.inquiry"
    _gov_client_unlink = False  # 首问登记 is kept on record

    name = fields.Char("Number", required=True, readonly=True, default="/", copy=False)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    responder_id = fields.Many2one("res.users", "First Responder", required=True, index=True,
                                   default=lambda s: s.env.user, readonly=True, tracking=True)
    applicant_type = fields.Selection([("person", "Natural Person"), ("company", "Legal Person")],
                                      "Applicant Type", required=True, default="person")
    applicant_name = fields.Char("Applicant", required=True)
    applicant_phone = fields.Char("Contact Phone")
    applicant_id_number = fields.Char("Resident ID Number")
    applicant_uscc = fields.Char("Unified Social Credit Code")
    question = fields.Text("Question", required=True)
    item_id = fields.Many2one("gov.item", "Item Guided To", domain=[("state", "=", "published")])
    window_id = fields.Many2one("gov.window", "Window Guided To")
    outcome = fields.Selection([
        ("answered", "Answered"), ("guided", "Guided to a Window"), ("case", "Became a Case"),
        ("other", "Referred Elsewhere")], default="answered", required=True, tracking=True)
    step_consult = fields.Boolean("Consultation Given")
    step_register = fields.Boolean("Item Registered")
    step_guide = fields.Boolean("Applicant Guided")
    step_fill = fields.Boolean("Forms Filled In")
    case_id = fields.Many2one("gov.case", "Case", readonly=True)
    note = fields.Text()

    @api.onchange("item_id")
    def _onchange_item_id(self):
        if self.item_id and self.window_id not in self.item_id.window_ids:
            self.window_id = self.item_id.window_ids[:1]

    def action_convert_to_case(self):
        """Register the case at the guided window without retyping the applicant."""
        self.ensure_one()
        self.check_access("write")
        if self.case_id:
            raise UserError(self.env._("This inquiry already became case %(name)s.", name=self.case_id.name))
        if not self.item_id or not self.window_id:
            raise UserError(self.env._("Choose the item and the window the applicant is guided to."))
        case = self.env["gov.case"].create({
            "item_id": self.item_id.id, "window_id": self.window_id.id,
            "applicant_type": self.applicant_type, "applicant_name": self.applicant_name,
            "applicant_phone": self.applicant_phone or "-", "applicant_id_number": self.applicant_id_number,
            "applicant_uscc": self.applicant_uscc,
        })
        # the link between the inquiry and its case is made here, not by editing either record
        case.sudo().inquiry_id = self
        self.sudo().write({"case_id": case.id})
        self.write({"outcome": "case", "step_register": True, "step_guide": True})
        return {"type": "ir.actions.act_window", "res_model": "gov.case", "res_id": case.id,
                "view_mode": "form", "target": "current"}
