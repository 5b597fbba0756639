"""{% load lists %}: helpers of the list pages' filter forms (templates/partials/filter_form.html)."""

from django import template

from core.htmx import is_htmx_partial

register = template.Library()


def _is_set(value) -> bool:
    if isinstance(value, list | tuple):
        return any(_is_set(item) for item in value)
    return value not in (None, "", False)


@register.filter
def active_filter_count(filterset) -> int:
    """Return how many of the filter form's visible fields the request sets: "Bộ lọc (2)" on a phone.

    Hidden filters (a detail page's "see all" link to /organizations/?area=5) are left out: the
    form cannot show them, so the count would not match what the open form shows.
    """
    if filterset is None or not filterset.is_bound:
        return 0
    # BoundField.data reads the request's value through the widget (a list for a multi-value widget).
    return sum(1 for field in filterset.form.visible_fields() if _is_set(field.data))


@register.filter
def htmx_partial(request) -> bool:
    """Return whether the page is answering with its #results fragment alone (core.htmx.is_htmx_partial)."""
    return is_htmx_partial(request)
