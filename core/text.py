"""Vietnamese text helpers: diacritic-insensitive folding used for search everywhere."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Return `text` lower-cased, without diacritics, đ → d, spaces collapsed.

    "Xã Long Điền" → "xa long dien". The same function folds the stored search column and the
    user's query, so matching is diacritic-insensitive on SQLite and PostgreSQL alike.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


_DIGITS = re.compile(r"\d+")


def natural_key(text: str | None) -> str:
    """Return a sort key that orders Vietnamese names as people read them.

    Diacritics are folded (so "Đông" sorts with "Dong", not after "Z") and numbers compare by
    value: "Khu phố 2" before "Khu phố 10".
    """
    return _DIGITS.sub(lambda match: match.group().zfill(8), fold(text))
