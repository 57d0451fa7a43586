"""Payment codes (缴款码) for fee notices and the amount in capitals.

A payment code is 20 digits: the six-digit administrative division code of the
city, the two-digit year, an eleven-digit running number and a check digit
computed with ISO 7064 MOD 11,10 (GB/T 17710), which catches every single-digit
error and every transposition of adjacent digits.
"""
import re

import cn2an

CODE_LENGTH = 20
CODE_RE = re.compile(r"(?<!\d)(\d{20})(?!\d)")


def check_digit(digits):
    """ISO 7064 MOD 11,10 check digit of a string of decimal digits."""
    product = 10
    for char in digits:
        total = (product + int(char)) % 10 or 10
        product = (total * 2) % 11
    return str((11 - product) % 10)


def make_code(region, year, serial):
    body = f"{region:0>6}"[:6] + f"{year % 100:02d}" + f"{serial:011d}"
    if len(body) != CODE_LENGTH - 1 or not body.isdigit():
        raise ValueError(f"payment code body must be 19 digits: {body!r}")
    return body + check_digit(body)


def is_valid(code):
    code = (code or "").strip()
    return len(code) == CODE_LENGTH and code.isdigit() and check_digit(code[:-1]) == code[-1]


def find_codes(*texts):
    """Every 20-digit run in the texts, in order, without repeats."""
    seen = []
    for text in texts:
        for code in CODE_RE.findall(text or ""):
            if code not in seen:
                seen.append(code)
    return seen


def rmb_upper(amount):
    """人民币大写, e.g. 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    text = cn2an.an2cn(f"{round(amount or 0.0, 2):.2f}", "rmb")
    if text.endswith("角"):
        text += "整"
    return text
