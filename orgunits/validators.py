"""Plausible values in the unit tree: the window its dates fall in and the size of an area.

The models' clean() use these bounds (pages and anything else that validates through the model),
and so does the Excel import, which writes with bulk operations and checks its rows itself.
"""

import datetime
import math

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import format_number

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
