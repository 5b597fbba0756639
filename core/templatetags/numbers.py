"""{% load numbers %}: numbers written as the rest of the app writes them (core.text.format_number)."""

from django import template

from core.text import format_number

register = template.Library()


@register.filter(name="number")
def number_filter(value, places=None) -> str:
    """{{ value|number }} → "12.000,5"; {{ value|number:2 }} rounds to two decimals first; "" for None/""."""
    if value is None or value == "":
        return ""
    return format_number(value, places=None if places in (None, "") else int(places))
