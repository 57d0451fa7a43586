from odoo import models


def reserve_numbers(sequence, count):
    """``count`` consecutive numbers of ``sequence`` (sudo'ed ir.sequence) in one round trip.

    A "no gap" sequence without date ranges is a counter row: it is moved by ``count`` in one
    locked UPDATE (rolled back with the transaction, so a failed batch burns no number) instead
    of one SELECT FOR UPDATE + UPDATE per record; any other sequence numbers one by one."""
    if not count:
        return []
    if sequence.implementation != "no_gap" or sequence.use_date_range:
        return [sequence._next() for _i in range(count)]
    step = sequence.number_increment
    sequence.flush_recordset(["number_next"])
    sequence.env.cr.execute("UPDATE ir_sequence SET number_next = number_next + %s WHERE id = %s "
                            "RETURNING number_next - %s", [step * count, sequence.id, step * count])
    first = sequence.env.cr.fetchone()[0]
    sequence.invalidate_recordset(["number_next"])
    return [sequence.get_next_char(first + i * step) for i in range(count)]


class GovNumberedMixin(models.AbstractModel):
    """Records numbered from an ir.sequence at creation (name = "/" until then).

    The number is a guarded field: the client sends "/" (or nothing), the server
    numbers the row once the guard has checked the client's values."""
    _name = "gov.numbered.mixin"
    _inherit = ["gov.guarded.mixin"]
    _description = "Numbered Record"
    _gov_sequence_code = None

    def _gov_prepare_vals(self, vals_list):
        super()._gov_prepare_vals(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(self._gov_sequence_code) or "/"
