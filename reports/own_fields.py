"""The report's own fields a save may change besides its figures and prose: the document number
and who signs (the signature block of the Word document). Each has its rule (why a value cannot
be stored) and its stored form; services.save_report applies them, the entry page and the API
check them first."""

from django.utils.translation import gettext as _

from reports.models import Report

NUMBER_MAX_LENGTH = Report._meta.get_field("number").max_length
SIGNER_TITLE_MAX_LENGTH = Report._meta.get_field("signer_title").max_length
SIGNER_TITLE_MAX_LINES = 2  # "KT. TRƯỞNG KHỐI" and "PHÓ TRƯỞNG KHỐI" when a deputy signs
SIGNER_NAME_MAX_LENGTH = Report._meta.get_field("signer_name").max_length


def _too_long(message: str, value: str, maximum: int) -> str | None:
    return message % {"max": maximum, "length": len(value)} if len(value) > maximum else None


def number_problem(number: str) -> str | None:
    """Return why `number` cannot be the report's document number (None when it can)."""
    message = _("Số văn bản dài tối đa %(max)s ký tự (đang có %(length)s ký tự).")
    return _too_long(message, number.strip(), NUMBER_MAX_LENGTH)


def signer_title_lines(title: str) -> list[str]:
    """Return the lines of a signer's title as stored and printed: stripped, empty ones dropped."""
    return [line.strip() for line in title.splitlines() if line.strip()]


def signer_title_problem(title: str) -> str | None:
    """Return why `title` cannot be the signer's title (None when it can)."""
    lines = signer_title_lines(title)
    if len(lines) > SIGNER_TITLE_MAX_LINES:
        return _(
            "Chức vụ người ký có tối đa %(max)s dòng (đang có %(count)s dòng): một dòng như TRƯỞNG KHỐI, hoặc hai "
            "dòng khi ký thay, như KT. TRƯỞNG KHỐI và PHÓ TRƯỞNG KHỐI."
        ) % {"max": SIGNER_TITLE_MAX_LINES, "count": len(lines)}
    message = _("Chức vụ người ký dài tối đa %(max)s ký tự (đang có %(length)s ký tự).")
    return _too_long(message, "\n".join(lines), SIGNER_TITLE_MAX_LENGTH)


def signer_name_problem(name: str) -> str | None:
    """Return why `name` cannot be the signer's name (None when it can)."""
    message = _("Họ và tên người ký dài tối đa %(max)s ký tự (đang có %(length)s ký tự).")
    return _too_long(message, name.strip(), SIGNER_NAME_MAX_LENGTH)


# The report's own fields a save may change: field → (why a value cannot be stored, the value stored).
REPORT_FIELDS = {
    "number": (number_problem, str.strip),
    "signer_title": (signer_title_problem, lambda title: "\n".join(signer_title_lines(title))),
    "signer_name": (signer_name_problem, str.strip),
}
