"""{% load lists %}: helpers of the list pages' filter forms (templates/partials/filter_form.html)
and of the tables written by hand in templates (the badges and headers core.tables gives the
django-tables2 lists)."""

import datetime
from dataclasses import dataclass

from django import template
from django.utils.http import urlencode

from core.htmx import is_htmx_partial
from core.tables import compact_badge as compact_badge_html
from core.tables import compact_header as compact_header_html
from core.tables import job_status_badge

register = template.Library()


def _is_set(value) -> bool:
    if isinstance(value, list | tuple):
        return any(_is_set(item) for item in value)
    return value not in (None, "", False)


@register.filter
def active_filter_count(filterset) -> int:
    """Return how many of the filter form's fields the request sets: "Bộ lọc (2)" on a phone.

    Hidden filters (a detail page's "see all" link to /organizations/?area=5) count too: the form
    cannot show them, but the list names each in a chip (`hidden_filter_chips`).
    """
    if filterset is None or not filterset.is_bound:
        return 0
    # Hidden filters worded together ("Đăng ký từ … đến …") count once, as their one chip.
    notes = _filter_notes(filterset)
    worded = {name for note in notes for name in note["names"]}
    # BoundField.data reads the request's value through the widget (a list for a multi-value widget).
    return len(notes) + sum(1 for field in filterset.form if field.name not in worded and _is_set(field.data))


def _filter_notes(filterset) -> list[dict]:
    return filterset.filter_notes() if hasattr(filterset, "filter_notes") else []


@dataclass(frozen=True)
class FilterChip:
    """One hidden filter in use, as the list shows it: "Báo cáo cho: Ủy ban MTTQ — Xã A ×"."""

    name: str  # the query parameter
    label: str
    text: str
    remove_url: str  # the same list without this filter (the other parameters kept, back to page 1)


def _url_without(request, names) -> str:
    """Return the list's address without the parameters `names` and the page, the others kept."""
    pairs = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in names and key != "page"
        for value in values
        if value != ""  # an empty field of the submitted form filters nothing
    ]
    return f"{request.path}?{urlencode(pairs)}" if pairs else request.path


def hidden_filter_chips(filterset, request) -> list[FilterChip]:
    """Return a chip for each hidden filter the request sets (one query at most per chip).

    A filter set may word several of its filters together with `filter_notes()`, a list of
    {"text", "names"} ("Đăng ký từ 01/01/2026 đến 30/06/2026" for registered_from and
    registered_to): one chip each, without a label, its × removing all those parameters. Otherwise
    a filter may name its value with `chip_text(value)` (core.filtersets.ObjectIdFilter looks the
    object up in the user's scope) and its chip with `chip_label`; by default the chip shows the
    field's label and the value as given. A value the filter rejects is shown as typed, so that
    the chip can still remove it.
    """
    if filterset is None or not filterset.is_bound:
        return []
    form = filterset.form
    errors = form.errors  # validates the form (once, cached): cleaned_data then holds the valid values
    cleaned = getattr(form, "cleaned_data", {})
    chips = []
    worded = set()
    for note in _filter_notes(filterset):
        names = tuple(note["names"])
        chips.append(FilterChip(",".join(names), "", str(note["text"]), _url_without(request, names)))
        worded.update(names)
    for field in form.hidden_fields():
        if field.name in worded or not _is_set(field.data):
            continue
        filter_ = filterset.filters.get(field.name)
        value = cleaned.get(field.name)
        if field.name in errors or not _is_set(value):
            text = str(field.data)
        elif hasattr(filter_, "chip_text"):
            text = filter_.chip_text(value)
        elif isinstance(value, datetime.date):
            text = f"{value:%d/%m/%Y}"
        else:
            text = str(value)
        label = getattr(filter_, "chip_label", None) or field.label
        chips.append(FilterChip(field.html_name, str(label), text, _url_without(request, (field.html_name,))))
    return chips


@register.simple_tag(name="hidden_filter_chips")
def hidden_filter_chips_tag(filterset, request) -> list[FilterChip]:
    """{% hidden_filter_chips filter request as chips %} (templates/partials/filter_chips.html)."""
    return hidden_filter_chips(filterset, request)


@register.filter
def htmx_partial(request) -> bool:
    """Return whether the page is answering with its #results fragment alone (core.htmx.is_htmx_partial)."""
    return is_htmx_partial(request)


#
# Tables written in templates: the same phone-sized badges and headers as core.tables
#


@register.simple_tag
def compact_badge(label, css: str, icon: str):
    """{% compact_badge label "text-bg-success" "bi-check-circle-fill" %}: core.tables.compact_badge."""
    return compact_badge_html(label, css, icon)


@register.simple_tag
def compact_header(label):
    """{% compact_header label %}: a status column's header, an icon on a phone (core.tables.compact_header)."""
    return compact_header_html(label)


@register.filter
def job_badge(job):
    """{{ job|job_badge }}: a background job's status as the job list shows it (core.tables.job_status_badge)."""
    return job_status_badge(job)
