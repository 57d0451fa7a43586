"""Sign-in by phone and SMS code: one-time codes, stored hashed, short-lived, throttled."""
import hashlib
import hmac
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

CODE_MINUTES = 5
MAX_CODES_PER_HOUR = 5
MAX_ATTEMPTS = 5


def _digest(phone, code):
    return hashlib.sha256(f"{phone}:{code}".encode()).hexdigest()


class GovOnlineCode(models.Model):
    """One SMS code. Nobody reads these rows through the ORM's access rules: only the sign-in does."""
    _name = "gov.online.code"
    _description = "Sign-in Code"
    _order = "id desc"

    phone = fields.Char(required=True, index=True)
    code_hash = fields.Char(required=True)
    expires_at = fields.Datetime(required=True)
    attempts = fields.Integer()
    used = fields.Boolean()
    remote_addr = fields.Char()

    @api.model
    def _normalize(self, phone):
        digits = "".join(ch for ch in (phone or "") if ch.isdigit())
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        if len(digits) != 11 or not digits.startswith("1"):
            raise UserError(self.env._("Enter an 11-digit mobile number."))
        return digits

    @api.model
    def _send(self, phone, remote_addr=None):
        """Text a new code to ``phone`` (at most five an hour per number)."""
        phone = self._normalize(phone)
        since = fields.Datetime.now() - timedelta(hours=1)
        if self.sudo().search_count([("phone", "=", phone), ("create_date", ">=", since)]) >= MAX_CODES_PER_HOUR:
            raise UserError(self.env._("Too many codes were asked for this number: try again in an hour."))
        code = f"{secrets.randbelow(10**6):06d}"
        self.sudo().create({"phone": phone, "code_hash": _digest(phone, code), "remote_addr": remote_addr,
                            "expires_at": fields.Datetime.now() + timedelta(minutes=CODE_MINUTES)})
        self.env["sms.sms"].sudo().create({"number": phone, "body": self.env._(
            "[%(hall)s] Your sign-in code is %(code)s, valid for %(minutes)s minutes. Never give it to anyone.",
            hall=self.env.company.name, code=code, minutes=CODE_MINUTES)})
        return phone

    @api.model
    def _consume(self, phone, code):
        """True once for the latest valid code of ``phone``; every wrong try counts."""
        phone = self._normalize(phone)
        latest = self.sudo().search([("phone", "=", phone), ("used", "=", False),
                                     ("expires_at", ">=", fields.Datetime.now())], limit=1)
        if not latest or latest.attempts >= MAX_ATTEMPTS:
            return False
        if not hmac.compare_digest(latest.code_hash, _digest(phone, (code or "").strip())):
            latest.attempts += 1
            return False
        latest.used = True
        return True

    @api.autovacuum
    def _gc_codes(self):
        self.sudo().search([("expires_at", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
