"""Applicant identifiers: resident ID (居民身份证) and unified social credit code."""
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def valid_resident_id(value):
    """Compact 18-character resident ID if valid (check character, birth date), else None.

    The birthplace is not looked up (stdnum's region database is not needed
    for the checksum and cannot be read from inside Odoo's import system).
    """
    number = ric.compact(value or "")
    if len(number) != 18 or not number[:17].isdigit():
        return None
    try:
        ric.get_birth_date(number)
    except StdnumError:
        return None
    return number if ric.calc_check_digit(number) == number[-1] else None


def valid_uscc(value):
    """Compact unified social credit code if valid (check character), else None."""
    try:
        return uscc.validate(value or "")
    except StdnumError:
        return None


def mask_name(name):
    """张三 → 张*, 张小三 → 张*三, for public pages."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
