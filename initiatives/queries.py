"""Figures of the "Dân vận khéo" registry for any unit and period.

The statistics page, the home card and the Excel export read them here; the periodic reports
(a later issue) pull the same functions. Every function takes the user whose view it counts
(`Initiative.objects.restrict(user, "view")`: nothing outside the user's scope is ever counted),
the unit `area` (None: the user's whole scope) and the period `date_from`..`date_to` (both days
included). Everything is computed by the database (grouped aggregates with filtered counts): two
queries per figure set or breakdown whatever the number of records, and `report()` (the page) four
scans for the totals and all the breakdowns together.

A record belongs to a unit by its owner's place in the tree: the records whose `path` (the
registering organization's path) starts with the area's path, as the list's "Thuộc địa bàn"
filter does. The figures:

- ``total``: records registered on or before the period's last day (the registry at that date).
- ``registered``: records registered in the period (`registered_on` within it).
- ``effective``: records registered on or before the period's last day whose current verdict is
  effective (`is_effective` true: set by a recognition and by a yearly re-review "replicate" or
  "keep", cleared by "consolidate", "stop" and by stopping). It is today's verdict, not one
  reconstructed for a past date.
- ``recognized``: records with at least one recognition decided in the period
  (`Recognition.decision_date` within it). A record recognized twice counts once.
- ``outstanding``: records with at least one recognition decided in the period as outstanding.
- ``replicated``: replicas (records with `replicated_from`) registered in the period.
- ``replicated_sources``: the distinct source records of those replicas.
- ``stopped``: records registered on or before the period's last day whose status is "stopped"
  today (like ``effective``, a present-day state).

The list of the records behind each figure (but ``replicated_sources``) is the registry's list
with the filters `filtersets.figure_filters()` names; the page's figures link to it
(initiatives/figure_links.py). A change to a definition here changes those filters too.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import collapse_prefixes, is_system_admin, scope_prefixes
from core.text import natural_key
from initiatives.choices import InitiativeKind, PeriodPreset, Status, Subject
from initiatives.models import Initiative, InitiativeField, Recognition, ResultValue, Stage
from orgunits.choices import AreaLevel
from orgunits.models import Area, OrganizationKind, area_part

# The figures, in the order pages and exports show them.
FIGURES = (
    "total",
    "registered",
    "effective",
    "recognized",
    "outstanding",
    "replicated",
    "replicated_sources",
    "stopped",
)
# The figures breakdown rows hold: all but the distinct replicated sources (see report()).
BREAKDOWN_FIGURES = tuple(name for name in FIGURES if name != "replicated_sources")
DIRECT = "direct"  # the child-unit key of records owned by the area's own organizations

QUARTERS = {PeriodPreset.Q1: 1, PeriodPreset.Q2: 2, PeriodPreset.Q3: 3, PeriodPreset.Q4: 4}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def figure_labels() -> dict[str, str]:
    """Return the Vietnamese column heading of every figure (translated for the current request)."""
    return {
        "total": _("Tổng số đến cuối kỳ"),
        "registered": _("Đăng ký trong kỳ"),
        "effective": _("Hiệu quả"),
        "recognized": _("Được công nhận"),
        "outstanding": _("Tiêu biểu"),
        "replicated": _("Nhân rộng"),
        "replicated_sources": _("Mô hình gốc được nhân rộng"),
        "stopped": _("Dừng thực hiện"),
    }


#
# Periods
#


@dataclass(frozen=True)
class Period:
    """A reporting period: from `date_from` to `date_to`, both included."""

    date_from: datetime.date
    date_to: datetime.date
    label: str

    def __post_init__(self):
        if self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")


def _end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_for(
    preset: str,
    *,
    year: int | None = None,
    stage: Stage | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> Period:
    """Return the period of a preset: a year, its first six or nine months, a quarter, an emulation
    stage (its first to its last year), or the given dates (CUSTOM)."""
    if preset == PeriodPreset.CUSTOM:
        label = _("Từ %(start)s đến %(end)s") % {
            "start": date_from.strftime("%d/%m/%Y"),
            "end": date_to.strftime("%d/%m/%Y"),
        }
        return Period(date_from, date_to, label)
    if preset == PeriodPreset.STAGE:
        return Period(datetime.date(stage.start_year, 1, 1), datetime.date(stage.end_year, 12, 31), stage.name)
    start = datetime.date(year, 1, 1)
    if preset == PeriodPreset.FIRST_HALF:
        return Period(start, datetime.date(year, 6, 30), _("6 tháng đầu năm %(year)s") % {"year": year})
    if preset == PeriodPreset.NINE_MONTHS:
        return Period(start, datetime.date(year, 9, 30), _("9 tháng năm %(year)s") % {"year": year})
    if preset in QUARTERS:
        quarter = QUARTERS[preset]
        first_month = 3 * quarter - 2
        return Period(
            datetime.date(year, first_month, 1),
            _end_of_month(year, first_month + 2),
            _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[quarter], "year": year},
        )
    return Period(start, datetime.date(year, 12, 31), _("Năm %(year)s") % {"year": year})


#
# Building blocks
#


def scoped_initiatives(user, area: Area | None = None) -> QuerySet:
    """Return the records `user` may see that belong to `area` (by their owner), or all of them."""
    queryset = Initiative.objects.restrict(user, "view")
    return queryset.filter(path__startswith=area.path) if area is not None else queryset


def scoped_recognitions(user, area: Area | None = None) -> QuerySet:
    queryset = Recognition.objects.restrict(user, "view")
    return queryset.filter(initiative__path__startswith=area.path) if area is not None else queryset


def _initiative_aggregates(date_from: datetime.date, sources: bool = True) -> dict:
    """The record figures, over records registered on or before the period's end.

    `sources` adds the distinct replicated sources, the one figure that does not add up across
    groups (two groups may replicate the same source).
    """
    in_period = Q(registered_on__gte=date_from)
    aggregates = {
        "total": Count("pk"),
        "registered": Count("pk", filter=in_period),
        "effective": Count("pk", filter=Q(is_effective=True)),
        "replicated": Count("pk", filter=in_period & Q(replicated_from__isnull=False)),
        "stopped": Count("pk", filter=Q(status=Status.STOPPED)),
    }
    if sources:
        aggregates["replicated_sources"] = Count("replicated_from", filter=in_period, distinct=True)
    return aggregates


def _recognition_aggregates() -> dict:
    # Distinct records: a record recognized twice in the period counts once. A record falls in
    # exactly one group of any grouping, so these counts do add up across groups.
    return {
        "recognized": Count("initiative", distinct=True),
        "outstanding": Count("initiative", filter=Q(is_outstanding=True), distinct=True),
    }


def _grouped(user, area, date_from, date_to, keys: dict, sources: bool = True) -> dict[tuple, dict]:
    """Return {(key values...): {figure: n}} for the groups that `keys` define; two queries.

    `keys` maps a name to key_for(prefix), which receives the lookup prefix to the record (""
    on records, "initiative__" on recognitions) and returns a field name or an expression. No
    keys: one group, the empty tuple.
    """
    records = scoped_initiatives(user, area).filter(registered_on__lte=date_to).order_by()
    recognitions = (
        scoped_recognitions(user, area).filter(decision_date__gte=date_from, decision_date__lte=date_to).order_by()
    )
    names = [f"key_{name}" for name in keys]
    result: dict[tuple, dict] = {}
    for queryset, aggregates, prefix in (
        (records, _initiative_aggregates(date_from, sources), ""),
        (recognitions, _recognition_aggregates(), "initiative__"),
    ):
        if not keys:
            rows = [queryset.aggregate(**aggregates)]
        else:
            expressions = {f"key_{name}": key_for(prefix) for name, key_for in keys.items()}
            rows = queryset.annotate(**expressions).values(*names).annotate(**aggregates)
        for row in rows:
            key = tuple(row.pop(name) for name in names)
            result.setdefault(key, _empty()).update(row)
    return result


def _empty() -> dict:
    return dict.fromkeys(FIGURES, 0)


def _field_key(prefix: str):
    return F(f"{prefix}field")


def _organization_kind_key(prefix: str):
    return F(f"{prefix}organization__kind")


def _kind_key(prefix: str):
    return F(f"{prefix}kind")


def _subject_key(prefix: str):
    return F(f"{prefix}subject")


def _single(grouped: dict[tuple, dict]) -> dict:
    """Return {key: figures} of a grouping by one key."""
    return {key[0]: figures for key, figures in grouped.items()}


#
# Totals and breakdowns
#


def statistics(user, area: Area | None, date_from: datetime.date, date_to: datetime.date) -> dict[str, int]:
    """Return the figures (see the module docstring) of `area`'s records for the period.

    `area` None counts everything the user may see. Two queries.
    """
    return _grouped(user, area, date_from, date_to, {}).get((), _empty())


def _rows(grouped: dict, labelled: list[tuple]) -> list[dict]:
    """Return one row per (key, label, extra) with its figures (zeros for a group without records)."""
    return [{"key": key, "label": label, **extra, **grouped.get(key, _empty())} for key, label, extra in labelled]


def _field_rows(grouped: dict) -> list[dict]:
    fields = InitiativeField.objects.filter(Q(is_active=True) | Q(pk__in=[k for k in grouped if k is not None]))
    return _rows(grouped, [(f.pk, f.name, {}) for f in fields.order_by("sort_order", "name")])


def _organization_kind_rows(grouped: dict) -> list[dict]:
    kinds = OrganizationKind.objects.filter(pk__in=[k for k in grouped if k is not None]).order_by("sort_order", "name")
    return _rows(grouped, [(kind.pk, kind.name, {}) for kind in kinds])


def _kind_rows(grouped: dict) -> list[dict]:
    return _rows(grouped, [(value, label, {}) for value, label in InitiativeKind.choices])


def _subject_rows(grouped: dict) -> list[dict]:
    return _rows(grouped, [(value, label, {}) for value, label in Subject.choices])


def by_field(user, area, date_from, date_to) -> list[dict]:
    """Return a row per field (every active field, and inactive ones that have records) with its figures."""
    return _field_rows(_single(_grouped(user, area, date_from, date_to, {"field": _field_key})))


def by_organization_kind(user, area, date_from, date_to) -> list[dict]:
    """Return a row per kind of owning organization that has records, with its figures."""
    grouped = _grouped(user, area, date_from, date_to, {"organization_kind": _organization_kind_key})
    return _organization_kind_rows(_single(grouped))


def by_kind(user, area, date_from, date_to) -> list[dict]:
    """Return a row per kind (model, exemplar) with its figures."""
    return _kind_rows(_single(_grouped(user, area, date_from, date_to, {"kind": _kind_key})))


def by_subject(user, area, date_from, date_to) -> list[dict]:
    """Return a row per subject (collective, individual) with its figures."""
    return _subject_rows(_single(_grouped(user, area, date_from, date_to, {"subject": _subject_key})))


def child_units(user, area: Area | None) -> list[Area]:
    """Return the units a breakdown "by child unit" has rows for: the area's current children the
    user may see, or, without an area, the top units of the user's scope (provinces for a system
    administrator)."""
    visible = Area.objects.restrict(user, "view").select_related("kind")
    if area is not None:
        return list(visible.filter(parent=area).current())
    if is_system_admin(user):
        return list(visible.filter(level=AreaLevel.PROVINCE).current())
    return list(visible.filter(path__in=_root_paths(user)))


def default_area(user) -> Area | None:
    """Return the unit the statistics open on: the user's own unit when their scope is one subtree
    (as the home page's "Đơn vị phụ trách" finds it), else None (the whole scope)."""
    if is_system_admin(user):
        return None
    # Predecessor areas (history the user may read) are not "their unit": only current ones count.
    roots = [root for root in child_units(user, None) if root.is_current()]
    return roots[0] if len(roots) == 1 else None


def _root_paths(user) -> list[str]:
    """Return the disjoint area paths that cover the user's view scope (organizations' areas)."""
    return collapse_prefixes(area_part(prefix) for prefix in scope_prefixes(user, "view"))


def _child_key_for(user, area: Area | None):
    """Return key_for(prefix): the id (text) of the child unit whose subtree holds the record, or
    "o<id>" for a record of an organization placed at the area itself.

    Beneath an area (or the root, for a system administrator) the key is the path segment after the
    area's path, cut out by the database (Substr/StrIndex): one grouped query at any scale. Without
    an area, a user's scope is a few disjoint subtrees: one CASE branch per subtree.
    """
    if area is None and not is_system_admin(user):
        roots = list(Area.objects.filter(path__in=_root_paths(user)).values_list("pk", "path"))

        def case(prefix):
            branches = [When(**{f"{prefix}path__startswith": path}, then=Value(str(pk))) for pk, path in roots]
            return Case(*branches, default=Value(DIRECT)) if branches else Value(DIRECT)

        return case
    start = len(area.path) + 1 if area is not None else 2

    def segment(prefix):
        rest = Substr(f"{prefix}path", start)
        return Substr(f"{prefix}path", start, StrIndex(rest, Value("/")) - 1)

    return segment


def _child_rows(user, area: Area | None, grouped: dict) -> list[dict]:
    """Turn {child key: figures} into rows: the area's own organizations first (when they have
    records), then every child unit by name."""
    direct = _empty()
    by_id: dict[int, dict] = {}
    for key, figures in grouped.items():
        if key and key.isdigit():
            by_id[int(key)] = figures
        else:
            for name in FIGURES:
                direct[name] += figures[name]
    children = {child.pk: child for child in child_units(user, area)}
    missing = set(by_id) - set(children)
    if missing:
        children.update(Area.objects.restrict(user, "view").select_related("kind").in_bulk(list(missing)))
    rows = []
    if any(direct.values()):
        label = (
            _("Cơ quan, tổ chức của %(area)s") % {"area": area.name} if area is not None else _("Cơ quan, tổ chức khác")
        )
        rows.append({"key": DIRECT, "label": label, "area": None, **direct})
    for child in sorted(children.values(), key=lambda unit: natural_key(unit.name)):
        rows.append({"key": child.pk, "label": child.name, "area": child, **by_id.get(child.pk, _empty())})
    return rows


def by_child_unit(user, area: Area | None, date_from, date_to) -> list[dict]:
    """Return a row per child unit of `area` (each one's whole subtree) with its figures.

    Rows hold `area` (the child, for drill-down; None on the row of the area's own organizations,
    shown first when it has records). Children are listed even without records; a past child that
    still holds records (an abolished commune's) gets a row too.
    """
    grouped = _grouped(user, area, date_from, date_to, {"child": _child_key_for(user, area)})
    return _child_rows(user, area, _single(grouped))


def result_sums(user, area, date_from, date_to) -> list[dict]:
    """Return the sums of the quantitative results of the records registered in the period, per
    metric: {metric (id), name, unit, total (Decimal), records}. One query."""
    rows = (
        ResultValue.objects.restrict(user, "view")
        .filter(initiative__registered_on__gte=date_from, initiative__registered_on__lte=date_to)
        .filter(**({"initiative__path__startswith": area.path} if area is not None else {}))
        .values("metric", "metric__name", "metric__unit", "metric__sort_order")
        .annotate(total=Sum("value"), records=Count("initiative", distinct=True))
        .order_by("metric__sort_order", "metric__name")
    )
    return [
        {
            "metric": row["metric"],
            "name": row["metric__name"],
            "unit": row["metric__unit"],
            "total": row["total"],
            "records": row["records"],
        }
        for row in rows
    ]


def _rollup(grouped: dict[tuple, dict], index: int | None) -> dict:
    """Add up the groups of a multi-key grouping by the key at `index` (None: all into one, key
    None), additive figures only."""
    result: dict = {None: _empty()} if index is None else {}
    for key, figures in grouped.items():
        target = result.setdefault(None if index is None else key[index], _empty())
        for name in BREAKDOWN_FIGURES:
            target[name] += figures[name]
    return result


def report(user, area: Area | None, period: Period) -> dict:
    """Return everything the statistics page and its export show for `area` and `period`.

    The breakdowns by field, organization kind, kind and subject come from one grouping by those
    four keys (at most a few hundred groups, added up per breakdown), the child units from a
    grouping of their own (its key is the widest), the distinct replicated sources and the
    results from one query each: six queries over the area's records, whatever the breakdowns.
    The breakdown rows hold BREAKDOWN_FIGURES (distinct sources do not add up across groups);
    `totals` holds them all.
    """
    args = (user, area, period.date_from, period.date_to)
    by_child = _single(_grouped(*args, {"child": _child_key_for(user, area)}, sources=False))
    keys = {
        "field": _field_key,
        "organization_kind": _organization_kind_key,
        "kind": _kind_key,
        "subject": _subject_key,
    }
    grouped = _grouped(*args, keys, sources=False)
    totals = _rollup(grouped, None)[None]
    totals["replicated_sources"] = replicated_sources(*args)

    def rows(built):
        for row in built:
            row.pop("replicated_sources", None)
        return built

    return {
        "area": area,
        "period": period,
        "totals": totals,
        "by_child_unit": rows(_child_rows(user, area, by_child)),
        "by_field": rows(_field_rows(_rollup(grouped, 0))),
        "by_organization_kind": rows(_organization_kind_rows(_rollup(grouped, 1))),
        "by_kind": rows(_kind_rows(_rollup(grouped, 2))),
        "by_subject": rows(_subject_rows(_rollup(grouped, 3))),
        "result_sums": result_sums(*args),
    }


def replicated_sources(user, area: Area | None, date_from: datetime.date, date_to: datetime.date) -> int:
    """Return how many distinct records the replicas registered in the period were replicated from."""
    replicas = scoped_initiatives(user, area).filter(
        registered_on__gte=date_from, registered_on__lte=date_to, replicated_from__isnull=False
    )
    return replicas.order_by().aggregate(n=Count("replicated_from", distinct=True))["n"]


def home_card(user, today: datetime.date | None = None) -> dict:
    """Return this year's figures over the user's whole scope, for the card on the home page."""
    today = today or timezone.localdate()
    period = period_for(PeriodPreset.YEAR, year=today.year)
    return {"period": period, "figures": statistics(user, None, period.date_from, period.date_to)}


#
# Public gallery
#


def gallery_initiatives(area: Area) -> QuerySet:
    """Return the records an area's public gallery shows: recognized ones running in the area's
    subtree (by where they run, not who owns them).

    Deliberately not restricted to a user: the gallery is public, and the unit's administrators
    decided to publish it (PublicGallery.is_enabled). Callers check that first.
    """
    return Initiative.objects.in_area(area).filter(Q(status=Status.RECOGNIZED) | Q(recognition_level__isnull=False))
