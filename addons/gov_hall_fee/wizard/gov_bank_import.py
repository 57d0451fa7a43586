"""Import a statement of the fiscal special account, as the stationed bank exports
it, through the OCA sheet parser and a per-bank layout (configuration, not code)."""
import base64
import re
from datetime import date, datetime

from odoo import api, fields, models
from odoo.addons.gov_hall.tools import catalog_io
from odoo.exceptions import UserError

from ..models.gov_fee_access import _check_finance

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日",
                "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y%m%d %H:%M:%S", "%Y-%m-%d %H:%M")
NUMBER_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")
EMPTY = ("", "None", "-", "--")


class AccountStatementImportSheetParser(models.TransientModel):
    _inherit = "account.statement.import.sheet.parser"

    # Chinese banks export GB18030/GBK or UTF-8 with or without BOM: the layout's encoding
    # first, then those, instead of guessing.
    def _parse_lines_csv(self, mapping, data_file, currency_code):
        if not self.env.context.get("gov_bank_import"):
            return super()._parse_lines_csv(mapping, data_file, currency_code)
        text = None
        for encoding in dict.fromkeys([mapping.file_encoding or "utf-8", "utf-8-sig", "gb18030"]):
            try:
                text = data_file.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise UserError(self.env._("The file is neither UTF-8 nor GB18030 text: is it the bank's statement?"))
        text = text.lstrip("\ufeff")
        options = {"delimiter": mapping._get_column_delimiter_character() or ","}
        if mapping.quotechar:
            options["quotechar"] = mapping.quotechar
        all_rows = catalog_io.read_csv(text, catalog_io.MAX_STATEMENT_ROWS, **options)
        rows = iter(all_rows)
        header = self.parse_header_csv(rows, mapping)
        columns = {name: self._get_column_indexes(header, name, mapping) for name in self._get_column_names()}
        label_line = mapping.header_lines_skip_count
        footer_line = len(all_rows) - mapping.footer_lines_skip_count
        return self._parse_rows(mapping, currency_code, (rows, label_line, footer_line), columns)

    # streamed read-only, within the upload limits, instead of loading the whole workbook
    def _parse_lines_xlsx(self, mapping, data_file, currency_code):
        if not self.env.context.get("gov_bank_import"):
            return super()._parse_lines_xlsx(mapping, data_file, currency_code)
        table = catalog_io.read_xlsx(data_file, catalog_io.MAX_STATEMENT_ROWS, active=True)
        width = max((len(values) for values in table), default=0)
        table = [[*values, *[None] * (width - len(values))][mapping.offset_column:] for values in table]
        header = []
        if not mapping.no_header:
            index = max(mapping.header_lines_skip_count, 1) - 1
            header = [str(value or "").strip() for value in (table[index] if index < len(table) else [])]
        # the values as the OCA parser gives them: dates in the layout's format, the rest as text
        all_rows = [[value.strftime(mapping.timestamp_format) if isinstance(value, datetime) else str(value)
                     for value in values] for values in table]
        columns = {name: self._get_column_indexes(header, name, mapping) for name in self._get_column_names()}
        label_line = mapping.header_lines_skip_count
        footer_line = len(all_rows) - mapping.footer_lines_skip_count
        return self._parse_rows(mapping, currency_code, (iter(all_rows[label_line:]), label_line, footer_line),
                                columns)

    def _get_column_names(self):
        names = super()._get_column_names()
        if self.env.context.get("gov_bank_import"):
            names = [*names, "gov_skip_column"]
        return names

    def _get_column_indexes(self, header, column_name, mapping):
        if not self.env.context.get("gov_bank_import") or mapping.no_header:
            return super()._get_column_indexes(header, column_name, mapping)
        names = [n for n in (mapping[column_name] or "").split(",") if n] if mapping[column_name] else []
        missing = [n for n in names if n not in header]
        if missing:
            raise UserError(self.env._(
                "Column “%(col)s” is not in the file's header (%(header)s): this is not the layout of "
                "%(layout)s, or the header is on another line.", col=missing[0],
                header="、".join(h for h in header if h)[:200] or self.env._("empty"), layout=mapping.name))
        return [header.index(n) for n in names]

    def _parse_rows(self, mapping, currency_code, data, columns):
        if not self.env.context.get("gov_bank_import"):
            return super()._parse_rows(mapping, currency_code, data, columns)
        rows, label_line, footer_line = data
        skip = re.compile(mapping.gov_skip_pattern) if mapping.gov_skip_pattern else None
        # summary lines (合计, 本页小计) are told by one column, the date's unless the layout names
        # another: a payment whose remark begins with 合计 is a payment
        skip_columns = columns.get("gov_skip_column") or columns["timestamp_column"]
        lines = []
        for index, row in enumerate(rows, label_line):
            if index >= footer_line:
                continue
            values = [v.strip() if isinstance(v, str) else v for v in row]
            if not any(v not in EMPTY for v in values if isinstance(v, str)) and not any(
                    v is not None and not isinstance(v, str) for v in values):
                continue
            if skip and any(i < len(values) and isinstance(values[i], str) and skip.search(values[i])
                            for i in skip_columns):
                continue
            try:
                line = self._parse_one_line(mapping, currency_code, values, columns)
            except (ValueError, TypeError, UserError) as exc:
                message = exc.args[0] if exc.args else str(exc)
                raise UserError(self.env._("Row %(row)s of the file: %(error)s", row=index + 1,
                                           error=message)) from exc
            if line:
                line["gov_row"] = index + 1  # the file's row, for the messages about it
                lines.append(line)
        return lines

    def _parse_one_line(self, mapping, currency_code, values, columns):
        if self.env.context.get("gov_bank_import"):
            idx = columns["timestamp_column"][0] if columns["timestamp_column"] else None
            if idx is not None and idx < len(values):
                values = list(values)
                values[idx] = self._gov_parse_date(values[idx], mapping)
        return super()._parse_one_line(mapping, currency_code, values, columns)

    @api.model
    def _gov_parse_date(self, value, mapping):
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, (int, float)):
            value = str(int(value))
        text = (value or "").strip()
        if text.endswith(".0") and text[:-2].isdigit():
            text = text[:-2]
        for fmt in dict.fromkeys([mapping.timestamp_format, *DATE_FORMATS]):
            try:
                return datetime.strptime(text, fmt)
            except (ValueError, TypeError):
                continue
        raise ValueError(self.env._("the date “%(value)s” is not a date (expected 2026-11-26, 2026/11/26 or "
                                    "20261126)", value=text))

    @api.model
    def _parse_decimal(self, value, mapping):
        if not self.env.context.get("gov_bank_import") or not isinstance(value, str):
            return super()._parse_decimal(value, mapping)
        text = value.strip()
        if text in EMPTY:
            return 0.0
        thousands, decimal = mapping._get_float_separators()
        cleaned = text.replace("¥", "").replace("￥", "").replace("元", "").replace(" ", "").replace("\u00a0", "")
        if thousands:
            cleaned = cleaned.replace(thousands, "")
        if decimal and decimal != ".":
            cleaned = cleaned.replace(decimal, ".")
        if cleaned.startswith("(") and cleaned.endswith(")"):
            cleaned = "-" + cleaned[1:-1]
        if not NUMBER_RE.match(cleaned):
            raise ValueError(self.env._("the amount “%(value)s” is not a number", value=text))
        return float(cleaned)


class GovBankImport(models.TransientModel):
    _name = "gov.bank.import"
    _description = "Import a Fiscal Account Statement"

    journal_id = fields.Many2one("account.journal", "Fiscal Account", required=True,
                                 domain=[("gov_fiscal_account", "=", True)],
                                 default=lambda s: s.env["account.journal"].search(
                                     [("gov_fiscal_account", "=", True)], limit=1))
    mapping_id = fields.Many2one("account.statement.import.sheet.mapping", "Bank Layout", required=True,
                                 default=lambda s: s.env["account.journal"].search(
                                     [("gov_fiscal_account", "=", True)], limit=1).default_sheet_mapping_id)
    data_file = fields.Binary("Statement File", required=True)
    filename = fields.Char()

    @api.onchange("journal_id")
    def _onchange_journal(self):
        if self.journal_id.default_sheet_mapping_id:
            self.mapping_id = self.journal_id.default_sheet_mapping_id

    @api.model
    def _parse(self, journal, mapping, data, filename):
        """Transactions of the file as dicts (date, amount, remark, ref, payer, bank serial)."""
        Parser = self.env["account.statement.import.sheet.parser"].with_context(
            journal_id=journal.id, gov_bank_import=True)
        try:
            catalog_io.check_size(data)
            sheet_type = Parser._get_sheet_type(data)
            if sheet_type not in ("csv", "xlsx"):
                raise catalog_io.CatalogFileError(sheet_type)
            lines = getattr(Parser, f"_parse_lines_{sheet_type}")(mapping, data, journal.currency_id.name
                                                                   or journal.company_id.currency_id.name)
        except catalog_io.UploadLimitError as exc:
            raise UserError(catalog_io.describe_limit(exc, self.env._)) from exc
        except catalog_io.CatalogFileError as exc:
            raise UserError(self.env._("%(file)s is not a CSV or XLSX statement.", file=filename or "")) from exc
        if not lines:
            raise UserError(self.env._("No transactions found in %(file)s with the layout %(layout)s.",
                                       file=filename or "", layout=mapping.name))
        return [{
            "date": line["timestamp"].date(), "amount": line["amount"],
            "remark": " ".join(filter(None, [line.get("description"), line.get("notes")])) or False,
            "ref": line.get("reference") or False, "payer_name": line.get("partner_name") or False,
            "payer_account": line.get("bank_account") or False, "bank_ref": line.get("transaction_id") or False,
            "gov_row": line["gov_row"],
        } for line in lines]

    @api.model
    def _import(self, journal, mapping, data, filename):
        _check_finance(self.env)
        transactions = self._parse(journal, mapping, data, filename)
        name = f"{journal.code} {filename or fields.Date.context_today(self)}"
        return self.env["gov.bank.statement"]._create_from_transactions(
            journal, transactions, name, mapping=mapping, filename=filename, data=data)

    def action_import(self):
        self.ensure_one()
        statement = self._import(self.journal_id, self.mapping_id, base64.b64decode(self.data_file), self.filename)
        self.env.ref("gov_hall_fee.ir_cron_gov_bank_post")._trigger()
        return {"type": "ir.actions.act_window", "res_model": "gov.bank.statement", "res_id": statement.id,
                "view_mode": "form", "target": "current"}


class GovBankLineResolve(models.TransientModel):
    _name = "gov.bank.line.resolve"
    _description = "Resolve a Fiscal Account Transaction"

    line_id = fields.Many2one("gov.bank.line", required=True, readonly=True)
    amount = fields.Monetary(related="line_id.amount")
    currency_id = fields.Many2one(related="line_id.currency_id")
    reason = fields.Selection(related="line_id.reason")
    reason_detail = fields.Char(related="line_id.reason_detail")
    resolution = fields.Selection([("notice", "Pays this payment notice"), ("refund", "Refund to the payer"),
                                   ("ignored", "Other, explained below")], required=True, default="notice")
    notice_id = fields.Many2one("gov.payment.notice", "Payment Notice",
                                domain=[("state", "=", "issued"), ("payment_state", "in", ("unpaid", "partial"))])
    note = fields.Text("Explanation", required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.resolution == "notice":
            if not self.notice_id:
                raise UserError(self.env._("Choose the payment notice this transaction pays."))
            self.line_id.action_resolve_notice(self.notice_id, self.note)
        else:
            self.line_id.action_resolve_other(self.resolution, self.note)
        return {"type": "ir.actions.act_window_close"}
