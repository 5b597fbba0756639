"""How pickers name areas and organizations: one wording for the options a form renders itself
(the choice fields' label_from_instance) and for those an htmx search returns
(orgunits/autocomplete_label.html, through the `unit_label` filter).

Many communes have a "Khu phố 1", and each has its "Tổ dân vận Khu phố 1": an area whose parent
is not a province (a hamlet, a commune of a former district) is named with its parent, and an
organization with its area so named. Commune names repeat across provinces too ("Ấp 1 — Xã Long
Điền" exists in several): an area named with its parent is named with its province as well. The querysets feeding these labels fetch the related rows
with them: `select_related(*AREA_LABEL_RELATED)` for areas, `(*ORGANIZATION_LABEL_RELATED)` for
organizations (orgunits.forms.UnitLabelMixin does it for its choice fields).
"""

from django.utils.translation import gettext as _

from orgunits.models import Area, Organization

# Up to the province: a hamlet of a commune of a former district is at depth 4.
AREA_LABEL_RELATED = ("kind", "parent__parent__parent")
# The columns area_label() reads, for querysets that load nothing else.
AREA_LABEL_FIELDS = (
    "name",
    "depth",
    "valid_to",
    "parent_id",
    "kind__name",
    "parent__name",
    "parent__parent__name",
    "parent__parent__parent__name",
)
ORGANIZATION_LABEL_RELATED = ("area__parent__parent__parent",)  # up to the province, as for areas


def _named_with_parent(area: Area) -> bool:
    """Whether the area's parent is not a province (provinces are the roots, at depth 1)."""
    return area.parent_id is not None and area.depth > 2


def area_province(area: Area) -> Area:
    """Return the province an area lies in (itself for a province), read through the loaded parents."""
    province = area
    for _step in range(area.depth - 1):
        province = province.parent
    return province


def _places_above(area: Area) -> list[str]:
    """Return the names that place an area: its parent unless that is a province, then its province."""
    places = [area.parent.name] if _named_with_parent(area) else []
    if area.depth > 1:
        places.append(area_province(area).name)
    return places


def area_in_province(area: Area) -> str:
    """Return "Khu phố 1, Phường Bến Thành, Thành phố Hồ Chí Minh", "Xã Long Điền, Tỉnh An Giang",
    "Tỉnh An Giang": the area with what places it, down from the province."""
    return ", ".join([area.name, *_places_above(area)])


def area_label(area: Area) -> str:
    """Return "Khu phố 1 (Khu phố) — Phường Bến Thành, Thành phố Hồ Chí Minh", "Phường Bến Thành
    (Phường) — Thành phố Hồ Chí Minh", "Tỉnh An Giang (Tỉnh)", with the end date of a unit no longer
    (or soon no longer) in force: "Ấp Cũ (Ấp, đến 30/06/2025) — Xã A, Tỉnh B". Three provinces
    have a "Xã Long Điền": a user who sees several provinces must tell them apart."""
    details = [area.kind.name]
    if area.valid_to:
        details.append(_("đến %(date)s") % {"date": area.valid_to.strftime("%d/%m/%Y")})
    label = f"{area.name} ({', '.join(details)})"
    places = _places_above(area)
    return f"{label} — {', '.join(places)}" if places else label


def organization_label(organization: Organization) -> str:
    """Return "Tổ dân vận Khu phố 1 — Khu phố 1, Phường Bến Thành, Thành phố Hồ Chí Minh", "Khối
    dân vận — Xã Long Điền, Tỉnh Thử Nghiệm", "Ban Dân vận Tỉnh ủy — Tỉnh Thử Nghiệm": many
    communes have a "Khối dân vận", and commune names repeat across provinces."""
    return f"{organization.name} — {area_in_province(organization.area)}"


def unit_label(unit) -> str:
    """Return the picker label of an area or an organization (anything else: its text)."""
    if isinstance(unit, Area):
        return area_label(unit)
    if isinstance(unit, Organization):
        return organization_label(unit)
    return str(unit)
