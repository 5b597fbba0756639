"""Validators of values typed the same way in several apps (phone numbers, catalog codes)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Digits, separated by spaces, dots or hyphens, parts in parentheses, an optional leading "+".
_PHONE_TEXT = re.compile(r"\+?[0-9 .\-()]+")
_HOTLINE_PREFIXES = ("1800", "1900")


def _parentheses_balanced(text: str) -> bool:
    """Whether every "(" closes before the next opens, and every ")" closes one: "(0254) 3.123.456"."""
    inside = False
    for char in text:
        if char == "(":
            if inside:
                return False
            inside = True
        elif char == ")":
            if not inside:
                return False
            inside = False
    return not inside


def _is_national_number(digits: str) -> bool:
    """Whether `digits` (without the leading 0 or +84) is a Vietnamese number of the 2018 plan: a
    landline of 10 digits (area code 2x or 2xx) or another number of 9 (mobiles 3x, 5x, 7x, 8x, 9x)."""
    if not digits or digits[0] in "01":
        return False
    return len(digits) == (10 if digits[0] == "2" else 9)


def is_vietnamese_phone(value: str) -> bool:
    """Whether `value` is one Vietnamese phone number as people write it.

    Accepted: a mobile number of 10 digits or a landline of 11 (area code 02x included), starting
    with 0 ("0912 345 678", "(0254) 3.123.456", "0254-3123456"); the same with +84 instead of the 0
    ("+84 912 345 678", "(+84) 254 3123456", also "+84 (0) 912..."); the same without its leading 0,
    as Excel keeps a number typed into a number cell ("912345678"); a 1800/1900 line of 8 or 10
    digits. Refused: letters or other signs, two numbers in one, too few or too many digits.
    """
    text = " ".join(str(value).split())
    if not _PHONE_TEXT.fullmatch(text.replace("(+", "(", 1)) or not _parentheses_balanced(text):
        return False
    digits = re.sub(r"\D", "", text)
    if text.lstrip("(").startswith("+"):
        if not digits.startswith("84"):
            return False
        national = digits[2:]
        return _is_national_number(national[1:] if national.startswith("0") else national)  # "+84 (0) 912..."
    if digits.startswith(_HOTLINE_PREFIXES):
        return len(digits) in (8, 10)
    return _is_national_number(digits[1:] if digits.startswith("0") else digits)


PHONE_MESSAGE = _(
    "Số điện thoại không hợp lệ. Ghi một số điện thoại bằng chữ số: di động 10 số, cố định 11 số kèm mã vùng "
    "(có thể cách nhau bằng dấu cách, dấu chấm, dấu gạch ngang, mã vùng trong ngoặc đơn, hoặc bắt đầu bằng "
    "+84), ví dụ 0912 345 678, (0254) 3.123.456, +84 912 345 678."
)


def validate_phone(value) -> None:
    """Refuse a value that is not one Vietnamese phone number (`is_vietnamese_phone`); empty passes."""
    if value is None or not str(value).strip():
        return
    if not is_vietnamese_phone(value):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


CODE_LETTER_MESSAGE = _(
    "Mã phải có ít nhất một chữ cái (ví dụ bc_2025 chứ không phải 2025): mã chỉ gồm chữ số dễ nhầm với số "
    "thứ tự (id) của bản ghi."
)


def code_has_letter(value: str) -> bool:
    """Whether `value` has a letter: a code of digits only ("2025") reads as an id where the API
    takes "an id or a code"."""
    return any(char.isalpha() for char in str(value))


def validate_code_has_letter(value) -> None:
    """Refuse a code without a letter (`code_has_letter`); empty is left to the field's own check."""
    if value is None or not str(value).strip():
        return
    if not code_has_letter(value):
        raise ValidationError(CODE_LETTER_MESSAGE, code="code_without_letter")
