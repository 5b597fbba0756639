"""`{% timeliness_badge key label %}`: a report's timeliness in one colour per state (reports.tables)."""

from django import template

from reports import tables

register = template.Library()


@register.simple_tag
def timeliness_badge(key, label, compact=False):
    """The badge of a timeliness state; `compact=True` in a table cell (its icon alone on a phone)."""
    return tables.timeliness_badge(key, label, compact=compact)
