from odoo import api, models
from odoo.exceptions import AccessDenied


class ResUsers(models.Model):
    _inherit = "res.users"

    def _check_credentials(self, credential, env):
        """Portal applicants sign in with their phone and a one-time SMS code (credential type gov_sms).

        The national identity platform (国家政务服务平台统一身份认证) plugs in here the same way: a credential
        type whose check asks the platform to confirm the ticket it issued."""
        if credential.get("type") != "gov_sms":
            return super()._check_credentials(credential, env)
        user = self.env.user
        if not user._is_portal() or user.login != credential.get("login"):
            raise AccessDenied()
        if not self.env["gov.online.code"]._consume(credential["login"], credential.get("code")):
            raise AccessDenied()
        return {"uid": user.id, "auth_method": "gov_sms", "mfa": "default"}

    @api.model
    def _gov_online_user(self, phone):
        """The portal user of ``phone`` (its login), created on first sign-in."""
        user = self.sudo().with_context(active_test=False).search([("login", "=", phone)], limit=1)
        if user and not user._is_portal():
            return None  # staff accounts never sign in this way
        if not user:
            user = self.sudo().with_context(no_reset_password=True).create({
                "name": phone, "login": phone, "phone": phone, "lang": "zh_CN", "tz": "Asia/Shanghai",
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])]})
        return user
