"""Plausible values in the unit tree: the window its dates fall in, the size of an area, and the
areas a re-arrangement may link.

The models' clean() use these bounds (pages and anything else that validates through the model),
and so does the Excel import, which writes with bulk operations and checks its rows itself.
"""

import datetime
import math

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import format_number
from orgunits.choices import REARRANGEMENT_COUNT_HINTS, REARRANGEMENT_COUNTS, AreaLevel, RearrangementKind

# The August Revolution (19/8/1945): the administrative units and re-arrangements recorded here
# belong to the Democratic Republic and the states after it. An earlier date is a slip.
ADMINISTRATIVE_HISTORY_START = datetime.date(1945, 8, 19)
# Organizations are older than the state: the first trade unions (1929), the Party, the peasants'
# and women's unions (1930). This bound only catches slips such as year 1 or 0203.
ORGANIZATION_HISTORY_START = datetime.date(1900, 1, 1)
# A decision is recorded ahead of its effect (a merger passed in spring, in force from 1 July),
# rarely more than a year ahead. A date beyond this horizon is a slip (9999, 2205...), and an area
# or organization starting then would be missing from every "current" list until that date.
PLANNING_HORIZON_YEARS = 2
# The largest unit after the 2025 merger is Tỉnh Lâm Đồng, about 24,000 km² (the sum of its
# communes in the vietnamadminunits data). Vietnam as a whole is about 331,000 km².
AREA_KM2_MAX = 50_000


def latest_plausible_date(today: datetime.date | None = None) -> datetime.date:
    """Return the last date a unit's dates may take: today plus `PLANNING_HORIZON_YEARS`."""
    today = today or timezone.localdate()
    year = today.year + PLANNING_HORIZON_YEARS
    # 29 February plus two years does not exist: take the 28th.
    return today.replace(year=year, day=min(today.day, 28 if today.month == 2 else today.day))


def date_window_error(value: datetime.date | None, label, earliest: datetime.date) -> str | None:
    """Return the message refusing `value` (the field called `label`) outside the plausible window,
    from `earliest` to `latest_plausible_date()`; None when the value fits or is empty."""
    latest = latest_plausible_date()
    if value is None or earliest <= value <= latest:
        return None
    return _("“%(field)s” phải từ %(earliest)s đến %(latest)s.") % {
        "field": label,
        "earliest": f"{earliest:%d/%m/%Y}",
        "latest": f"{latest:%d/%m/%Y}",
    }


def area_km2_error(value: float | None) -> str | None:
    """Return the message refusing an area size that is not positive or exceeds `AREA_KM2_MAX`."""
    if value is None or (math.isfinite(value) and 0 < value <= AREA_KM2_MAX):
        return None
    return _(
        "“Diện tích (km²)” phải lớn hơn 0 và không quá %(max)s km² (tỉnh lớn nhất, Lâm Đồng, rộng khoảng 24.000 km²)."
    ) % {"max": format_number(AREA_KM2_MAX)}


#
# Re-arrangements
#


def rearrangement_link_errors(
    kind: str, effective_date: datetime.date | None, predecessors: list, successors: list, *, split_elsewhere: bool
) -> dict[str, list[str]]:
    """Return the problems of linking these predecessor and successor areas to a re-arrangement
    of `kind` on `effective_date`, by field ("predecessors", "successors"); empty when none.

    `split_elsewhere`: a split's single predecessor is also re-arranged by another record of the
    same date (RearrangementKind). Loops need the database: Rearrangement.clean_links().
    """
    errors: dict[str, list[str]] = {"predecessors": [], "successors": []}
    both = [area.name for area in predecessors if area in successors]
    if both:
        errors["successors"].append(
            _("Một địa bàn không thể vừa ở trước vừa ở sau sắp xếp: %(names)s.") % {"names": ", ".join(both)}
        )
    _count_errors(RearrangementKind(kind), predecessors, successors, split_elsewhere, errors)
    _level_errors(predecessors, successors, errors)
    if effective_date is not None:
        _validity_errors(effective_date, predecessors, successors, errors)
    return {name: messages for name, messages in errors.items() if messages}


def _count_errors(kind: RearrangementKind, predecessors, successors, split_elsewhere: bool, errors) -> None:
    if not predecessors and not successors:
        errors["predecessors"].append(_("Cần ít nhất một đơn vị trước hoặc sau sắp xếp."))
        return
    (fewest_before, most_before), (fewest_after, most_after) = REARRANGEMENT_COUNTS[kind]
    if split_elsewhere:
        fewest_after = 1
    for name, areas, fewest, most, side in (
        ("predecessors", predecessors, fewest_before, most_before, _("đơn vị trước sắp xếp")),
        ("successors", successors, fewest_after, most_after, _("đơn vị sau sắp xếp")),
    ):
        if fewest <= len(areas) and (most is None or len(areas) <= most):
            continue
        if most == 0:
            message = _("“%(kind)s” không được có %(side)s (đang chọn %(count)s).")
        elif most == fewest:
            message = _("“%(kind)s” cần đúng %(fewest)s %(side)s (đang chọn %(count)s).")
        else:
            message = _("“%(kind)s” cần ít nhất %(fewest)s %(side)s (đang chọn %(count)s).")
        params = {"kind": kind.label, "side": side, "fewest": fewest, "count": len(areas)}
        hint = REARRANGEMENT_COUNT_HINTS.get((kind, name))
        errors[name].append(f"{message % params} {hint}" if hint else message % params)


def _level_errors(predecessors, successors, errors) -> None:
    """One level on each side, the same on both, except that a district may precede a commune."""
    successor_levels = {area.level for area in successors}
    if len(successor_levels) > 1:
        errors["successors"].append(_("Các đơn vị sau sắp xếp phải cùng một cấp."))
        return
    if successor_levels:
        level = successor_levels.pop()
        allowed = {level, AreaLevel.DISTRICT} if level == AreaLevel.COMMUNE else {level}
        wrong = [area.name for area in predecessors if area.level not in allowed]
        if wrong:
            errors["predecessors"].append(
                _("Đơn vị trước sắp xếp phải cùng cấp với đơn vị sau sắp xếp (%(level)s): %(names)s.")
                % {"level": AreaLevel(level).label, "names": ", ".join(wrong)}
            )
    elif len({area.level for area in predecessors}) > 1:
        errors["predecessors"].append(_("Các đơn vị trước sắp xếp phải cùng một cấp."))


def contradicted_dates(side: str, on: datetime.date, valid_from, valid_to) -> list[str]:
    """Return the date fields ("valid_from", "valid_to") of an area that contradict its place on
    `side` ("predecessors" or "successors") of a re-arrangement effective `on`.

    A predecessor is in force just before the date: from before it, until it or later. A successor
    is in force on the date: from it or earlier, until after it. The one rule for linking areas
    (rearrangement_link_errors) and for changing a linked area's dates (area_rearrangement_errors).
    """
    if side == "predecessors":
        wrong = {"valid_from": valid_from and valid_from >= on, "valid_to": valid_to and valid_to < on}
    else:
        wrong = {"valid_from": valid_from and valid_from > on, "valid_to": valid_to and valid_to <= on}
    return [name for name, is_wrong in wrong.items() if is_wrong]


# (side, field) → the message refusing the linked areas whose `field` contradicts that side.
_LINK_DATE_MESSAGES = {
    ("predecessors", "valid_from"): _("Đơn vị trước sắp xếp phải có hiệu lực trước ngày sắp xếp %(date)s: %(names)s."),
    ("predecessors", "valid_to"): _("Đơn vị trước sắp xếp phải còn hiệu lực đến ngày sắp xếp %(date)s: %(names)s."),
    ("successors", "valid_from"): _(
        "Đơn vị sau sắp xếp không được bắt đầu hiệu lực sau ngày sắp xếp %(date)s: %(names)s."
    ),
    ("successors", "valid_to"): _("Đơn vị sau sắp xếp phải còn hiệu lực vào ngày sắp xếp %(date)s: %(names)s."),
}
# (side, field) → the message refusing an area's own date, on the area's page.
_AREA_DATE_MESSAGES = {
    ("predecessors", "valid_from"): _(
        "Địa bàn này là đơn vị trước sắp xếp của “%(rearrangement)s”, nên phải có hiệu lực trước ngày %(date)s."
    ),
    ("predecessors", "valid_to"): _(
        "Địa bàn này là đơn vị trước sắp xếp của “%(rearrangement)s”, nên phải còn hiệu lực đến ngày %(date)s "
        "(hết hiệu lực từ ngày đó hoặc muộn hơn)."
    ),
    ("successors", "valid_from"): _(
        "Địa bàn này là đơn vị sau sắp xếp của “%(rearrangement)s”, nên không được bắt đầu hiệu lực sau ngày %(date)s."
    ),
    ("successors", "valid_to"): _(
        "Địa bàn này là đơn vị sau sắp xếp của “%(rearrangement)s”, nên phải còn hiệu lực vào ngày %(date)s "
        "(hết hiệu lực sau ngày đó)."
    ),
}


def _validity_errors(on: datetime.date, predecessors, successors, errors) -> None:
    """Each area's dates fit its side of the re-arrangement (contradicted_dates)."""
    for side, areas in (("predecessors", predecessors), ("successors", successors)):
        for field in ("valid_from", "valid_to"):
            wrong = [area for area in areas if field in contradicted_dates(side, on, area.valid_from, area.valid_to)]
            if not wrong:
                continue
            bound = _("%(name)s (từ %(date)s)") if field == "valid_from" else _("%(name)s (đến %(date)s)")
            names = ", ".join(bound % {"name": area.name, "date": f"{getattr(area, field):%d/%m/%Y}"} for area in wrong)
            errors[side].append(_LINK_DATE_MESSAGES[side, field] % {"date": f"{on:%d/%m/%Y}", "names": names})


def area_rearrangement_errors(valid_from, valid_to, *, as_predecessor, as_successor) -> dict[str, list[str]]:
    """Return the problems, by field, of an area's dates against the re-arrangements that name it:
    `as_predecessor` those it was re-arranged by, `as_successor` those that formed it."""
    errors: dict[str, list[str]] = {}
    for side, rearrangements in (("predecessors", as_predecessor), ("successors", as_successor)):
        for item in rearrangements:
            for field in contradicted_dates(side, item.effective_date, valid_from, valid_to):
                params = {"rearrangement": str(item), "date": f"{item.effective_date:%d/%m/%Y}"}
                errors.setdefault(field, []).append(_AREA_DATE_MESSAGES[side, field] % params)
    return errors
