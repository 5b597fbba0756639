"""Vietnamese text helpers: diacritic-insensitive folding used for search everywhere, numbers
written the active language's way."""

import datetime
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


class _Marks(dict):
    """A str.translate() table deleting combining marks, filled in as characters are met (the
    whole of Unicode would take a noticeable moment to scan; a text uses a few dozen characters)."""

    def __missing__(self, code: int):
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_MARKS = _Marks()


def clean_text(value) -> str:
    """Return a value as text: NFC-normalised (Vietnamese typed in NFD matches), spaces collapsed.

    Used on every cell an import reads, and for the names compared by `name_key()`.
    """
    if value is None:
        return ""
    if type(value) is str:  # the common case first: every cell of every row goes through here
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        return " ".join(value.split())
    if isinstance(value, bool):
        value = str(value)
    elif isinstance(value, float) and value.is_integer():
        value = str(int(value))  # a code typed as a number may arrive as 12.0
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


@functools.lru_cache(maxsize=100_000)
def name_key(value: str) -> str:
    """Return the key two names are compared by: case-insensitive, diacritics kept ("Ấp 1" = "ấp 1").

    Imports compare typed names with it; the registry also stores it (Initiative.name_key) so
    that the database refuses the same name registered twice.
    """
    return clean_text(value).casefold()


def namesake(rows, name: str):
    """Return the first of `rows` (objects with a `name`) whose name compares equal to `name` by
    `name_key()`, or None: the check of forms that refuse what the imports refuse."""
    key = name_key(name)
    return next((row for row in rows if name_key(row.name) == key), None)


def fold(text: str | None) -> str:
    """Return `text` lower-cased, without diacritics, đ → d, spaces collapsed.

    "Xã Long Điền" → "xa long dien". The same function folds the stored search column and the
    user's query, so matching is diacritic-insensitive on SQLite and PostgreSQL alike. Imports
    fold every name they write (search columns, audit entries), hence the translate table rather
    than a loop over the characters.
    """
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).translate(_MARKS)
    return " ".join(text.lower().split())  # str.split() and the regex \s agree on what a space is


def search_words(text: str | None) -> list[str]:
    """Return the words of a search query, folded (see `fold()`), that can match anything.

    Control and format characters are dropped ("%00" in a URL: PostgreSQL refuses NUL in a
    query, SQLite ends the pattern there and matches every row), and so is a word without a
    letter or a digit ("–", "!!!"), which only narrows a search by punctuation. A query left
    with no word is no query: callers show what they show for an empty one.
    """
    if not text:
        return []
    text = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    return [word for word in fold(text).split(" ") if any(char.isalnum() for char in word)]


_DIGITS = re.compile(r"\d+")


def natural_key(text: str | None) -> str:
    """Return a sort key that orders Vietnamese names as people read them.

    Diacritics are folded (so "Đông" sorts with "Dong", not after "Z") and numbers compare by
    value: "Khu phố 2" before "Khu phố 10".
    """
    return _DIGITS.sub(lambda match: match.group().zfill(8), fold(text))


def format_number(value, places: int | None = None) -> str:
    """10700.00 → "10.700", 1.50 → "1,5" in Vietnamese (grouping and decimal comma of the active language).

    Trailing zeros are dropped. With `places`, the number is first rounded half up to that many
    decimals (2/3 → "0,67" with places=2).
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == 0:
        number = Decimal(0)  # not "-0" nor "0E-2"
    return formats.number_format(number.normalize(), use_l10n=True, force_grouping=True)
