"""`{{ obj|unit_label }}`: an area or organization named as the pickers name it (orgunits.labels)."""

from django import template

from orgunits import labels

register = template.Library()


@register.filter
def unit_label(unit) -> str:
    return labels.unit_label(unit)
