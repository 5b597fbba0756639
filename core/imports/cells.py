"""The columns of an import's sheets, the problems it reports, and reading a cell's value:
Vietnamese dates and numbers, names matched without case or diacritics."""

import datetime
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from core.text import clean_text, fold, name_key
from core.validators import PHONE_MESSAGE, is_vietnamese_phone

DATE_PATTERN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# yyyy-mm-dd (ISO 8601), as programs and some spreadsheets write a date as text.
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A date cell holding a bare number: often Excel's serial number of a date (45839 is 01/07/2025)
# that lost its date format.
BARE_NUMBER = re.compile(r"^\d+([.,]\d+)?$")
# Vietnamese number formats: "10.700", "1.234,5", "10700", "10700,5" (dot groups thousands,
# comma marks decimals). "1.5" is refused rather than guessed: is it 1,5 or a typo for 1.500?
GROUPED_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
PLAIN_NUMBER = re.compile(r"^\d+(?:,\d+)?$")

#
# Columns and problems
#


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its key, its header in the template and how it is checked."""

    key: str
    header: str
    required: bool = False
    max_length: int | None = None
    kind: str = "text"  # text, date, email, phone, number, integer, or "index" (the STT column, ignored)
    text_format: bool = False  # formatted as text in the template (leading zeros, dates)
    added_later: bool = False  # a last column added to the template: files made before read it as empty

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


@dataclass
class Problem:
    """One problem of the file, located as Excel shows it (sheet, row number, column letter)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: Column | None = None
    position: int | None = None  # 1-based column index, for the letter
    code: str = ""  # "formula": the cell's other problems follow from it and are not shown

    def as_dict(self) -> dict:
        letter = get_column_letter(self.position) if self.position else ""
        header = self.column.header if self.column else ""
        if letter:
            where = f"{self.sheet} · {letter} ({header})" if header else f"{self.sheet} · {letter}"
        else:
            where = self.sheet
        return {
            "sheet": self.sheet,
            "row": self.row,
            "letter": letter,
            "header": header,
            "column": where,
            "message": self.message,
        }


def sort_problems(problems: list[Problem], sheets: Sequence[str]) -> None:
    """Sort `problems` in place as a reader goes through the file: by sheet, row, then column.
    A cell whose formula has no stored result keeps that problem only."""
    formulas = {(p.sheet, p.row, p.position) for p in problems if p.code == "formula"}
    if formulas:
        problems[:] = [p for p in problems if p.code == "formula" or (p.sheet, p.row, p.position) not in formulas]
    order = {sheet: index for index, sheet in enumerate(sheets)}
    problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.position or 0))


def cell_problem(columns: Sequence[Column], sheet: str, row: int, key: str, message: str) -> Problem:
    """Return a problem of the cell of column `key` in `row`."""
    position = next(i for i, c in enumerate(columns, start=1) if c.key == key)
    return Problem(message=message, sheet=sheet, row=row, column=columns[position - 1], position=position)


#
# Cell values
#


@dataclass
class SheetRow:
    """A non-blank data row: its Excel row number and its values by column key.

    Values are text, except that a date column keeps a real date and a number column keeps a
    real number when the cell holds one (so 10700.5 typed as a number is not re-read as text).
    """

    number: int
    values: dict[str, Any]


_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


@functools.lru_cache(maxsize=100_000)
def match_key(value) -> str:
    """Return the key a typed name is matched by: folded (no case, no diacritics) and with every
    dash written as "-" without spaces around it ("Văn hóa – xã hội" = "van hoa-xa hoi").

    Cached: a list names the same organizations, fields and places over and over."""
    return _DASHES.sub("-", fold(clean_text(value)))


def header_key(value) -> str:
    return fold(clean_text(value).replace("*", ""))


def parse_date(value) -> datetime.date | None:
    """Return the date of a cell: a real date, or text dd/mm/yyyy (also with "." or "-") or
    yyyy-mm-dd; None if empty. Raise ValueError if invalid.

    Every import reads its date columns through this (check_cells, then the validations)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date) or not value:
        return value or None
    if match := DATE_PATTERN.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE_PATTERN.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(value)
    return datetime.date(year, month, day)


def date_problem(value) -> str | None:
    """Return what is wrong with a date cell, or None if it holds a date (or nothing)."""
    try:
        parse_date(value)
    except ValueError:
        if isinstance(value, str) and BARE_NUMBER.match(value):
            return _(
                "“%(value)s” là một số, không phải ngày: ghi ngày dạng dd/mm/yyyy (ví dụ 01/07/2025) "
                "hoặc định dạng ô là ngày."
            ) % {"value": value}
        return _("Ngày không hợp lệ, dùng dd/mm/yyyy.")
    return None


def parse_number(value, decimal_places: int = 2) -> Decimal | None:
    """Return the number of a cell, written the Vietnamese way ("10.700", "1.234,5") or stored as a
    number; None if empty. Raise ValueError if it is not such a number or has more decimals.

    A number cell keeps its value; float noise from Excel arithmetic (0.1 + 0.2) is rounded to
    `decimal_places`, a real extra decimal is refused.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(value)
        if value.is_integer():
            return Decimal(int(value))
        number = Decimal(repr(value))
        rounded = number.quantize(Decimal(1).scaleb(-decimal_places))
        if abs(number - rounded) > Decimal("1e-9"):
            raise ValueError(value)
        return rounded.normalize()
    text = str(value).replace("\u00a0", "").replace(" ", "")
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not (GROUPED_NUMBER.match(digits) or PLAIN_NUMBER.match(digits)):
        raise ValueError(value)
    try:
        number = Decimal(digits.replace(".", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(value) from error
    if -number.as_tuple().exponent > decimal_places:
        raise ValueError(value)
    return -number if negative else number


def check_cells(columns: Sequence[Column], sheet: str, row: SheetRow, problems: list[Problem]) -> bool:
    """Check required, length, date, number, e-mail and phone of every cell of `row`; return whether all passed.

    Number cells must be ≥ 0 (the quantities imports carry are counts and amounts).
    """
    ok = True
    for column in columns:
        value = row.values[column.key]
        message = None
        if column.required and value in ("", None):
            message = _("Bắt buộc, chưa nhập.")
        elif column.kind == "date" and value:
            message = date_problem(value)
        elif column.kind in {"number", "integer"} and value not in ("", None):
            message = _number_problem(value, integer=column.kind == "integer")
        elif column.max_length and isinstance(value, str) and len(value) > column.max_length:
            message = _("Dài quá %(max)s ký tự (hiện có %(length)s ký tự).") % {
                "max": column.max_length,
                "length": len(value),
            }
        elif column.kind == "email" and value:
            try:
                validate_email(value)
            except ValidationError:
                message = _("Thư điện tử không hợp lệ.")
        elif column.kind == "phone" and value not in ("", None) and not is_vietnamese_phone(value):
            message = str(PHONE_MESSAGE)
        if message:
            problems.append(cell_problem(columns, sheet, row.number, column.key, message))
            ok = False
    return ok


def _number_problem(value, integer: bool) -> str | None:
    try:
        number = parse_number(value, decimal_places=0 if integer else 2)
    except ValueError:
        if integer:
            return _("“%(value)s” không phải số nguyên.") % {"value": clean_text(value)}
        return _(
            "“%(value)s” không phải số hợp lệ: ghi số theo dạng 10.700 hoặc 1.234,5 "
            "(dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân, tối đa 2 chữ số thập phân)."
        ) % {"value": clean_text(value)}
    if number is not None and number < 0:
        return _("Không được là số âm.")
    if number is not None and number >= Decimal(10) ** 16:
        return _("Số quá lớn.")
    return None


#
# Lookups
#


def lookup_by_name(items, name=lambda item: item.name, codes=lambda item: (item.code,)) -> dict[str, Any]:
    """Map each item's name (case-insensitive, then without diacritics when unambiguous) and codes to it."""
    lookup: dict[str, Any] = {}
    folded: dict[str, list] = {}
    for item in items:
        folded.setdefault(match_key(name(item)), []).append(item)
    for key, matches in folded.items():
        if len(matches) == 1:
            lookup[key] = matches[0]
    for item in items:
        for code in codes(item):
            if code:
                lookup[code.casefold()] = item
        lookup[name_key(name(item))] = item
    return lookup


def find_by_name(lookup: dict, value: str):
    """Return the item of `lookup_by_name` that `value` names, or None."""
    return lookup.get(name_key(value)) or lookup.get(match_key(value))
