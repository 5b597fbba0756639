"""Parse ids that come from the request (query strings, form data) without ever raising."""

MAX_ID = 2**63 - 1  # the largest value of a BigAutoField on PostgreSQL and SQLite


def parse_id(value) -> int | None:
    """Return `value` as a database id, or None when it is not a positive 64-bit integer."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None
