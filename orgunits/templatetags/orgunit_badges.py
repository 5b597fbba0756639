"""`{{ unit|validity_badge }}`: whether an area or organization is in force, as the unit lists show it."""

from django import template

from orgunits import tables

register = template.Library()


@register.filter
def validity_badge(unit):
    return tables.validity_badge(unit)
