"""Helpers frozen for data migrations (the migration loader skips modules starting with "_").

Never change what these return: migrations that ran with them must stay reproducible. When the
application's own code (core.text.fold) changes, copy a new version here under a new name.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold_v1(text):
    """core.text.fold as of November 2026: lower case, no diacritics, đ → d, spaces collapsed."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
