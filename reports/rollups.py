"""Roll-ups: the value of any indicator for any unit, cluster and period, always current.

Computed from the stored figures on each request (no nightly rebuild): one grouped query over
`DataValue`, whose copied `path`, `period`, `form` and `status` make it an index range scan of
the roll-up index. Rules:

- Over the tree, each indicator aggregates by its `tree_aggregation` (sum, average; "none" is not
  rolled up). Only figures of non-consolidated reports count (`in_rollup`): a consolidated
  report restates its children's figures.
- Over time, when the asked period is longer than the form's (a year of a quarterly form), the
  values of each of the form's periods inside it are aggregated first over the tree, then over
  time by `time_aggregation` (sum; average of the periods; the last period that has figures).
- A formula indicator is its numerator's roll-up divided by its denominator's, times its
  multiplier, at every level: rates are never averaged.
- By default only approved reports count; pass `statuses` to include submitted ones.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, Q, Sum, Value, When
from django.db.models.functions import StrIndex, Substr

from core.scope import prefix_q
from core.text import format_number
from reports.choices import PeriodType, ReportStatus, TimeAggregation, TreeAggregation, ValueType
from reports.models import DataValue, Period

APPROVED = (ReportStatus.APPROVED,)
RESULT_DECIMALS = 2
RESULT_PLACES = Decimal(1).scaleb(-RESULT_DECIMALS)  # 0.01: formulas are rounded to it


def figure_text(value) -> str:
    """Return a figure as the pages, documents and exports show it ("" when there is none).

    core.text.format_number rounded to the results' two decimals: 12.000,5 and 36,67, never
    12.000,50 (indicators declare no decimal places to keep) nor the 28 digits of an average.
    """
    return "" if value is None else format_number(value, places=RESULT_DECIMALS)


def sub_periods(form, period) -> list[Period]:
    """Return the stored periods of the form's type that make up `period` (itself if same type)."""
    if period.type == form.period_type or form.period_type == PeriodType.CUSTOM:
        return [period]
    return list(
        Period.objects.filter(type=form.period_type, start__gte=period.start, end__lte=period.end).order_by("start")
    )


def _components(indicators) -> dict[int, object]:
    """Return every indicator needed, formulas' numerators and denominators included, by id."""
    needed = {}
    stack = list(indicators)
    while stack:
        indicator = stack.pop()
        if indicator.pk in needed:
            continue
        needed[indicator.pk] = indicator
        if indicator.is_formula:
            stack.extend([indicator.numerator, indicator.denominator])
    return needed


def _tree_value(indicator, row) -> Decimal | None:
    if row is None or not row["n"]:
        return None
    if indicator.tree_aggregation == TreeAggregation.SUM:
        return row["total"]
    if indicator.tree_aggregation == TreeAggregation.AVERAGE:
        return row["mean"]
    return None


def _time_value(indicator, by_period: list[Decimal | None]) -> Decimal | None:
    present = [value for value in by_period if value is not None]
    if not present:
        return None
    if indicator.time_aggregation == TimeAggregation.LAST:
        return present[-1]
    if indicator.time_aggregation == TimeAggregation.AVERAGE:
        return sum(present) / len(present)
    return sum(present)


def _formula(indicator, values: dict) -> Decimal | None:
    numerator, denominator = values.get(indicator.numerator_id), values.get(indicator.denominator_id)
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator) * indicator.multiplier).quantize(
        RESULT_PLACES, rounding=ROUND_HALF_UP
    )


def _resolve(indicators, needed, rows_by_key, period_ids) -> dict[int, Decimal | None]:
    """Turn grouped rows {(indicator_id, period_id): row} into {indicator_id: value}."""
    values: dict[int, Decimal | None] = {}
    for indicator in needed.values():
        if indicator.is_formula:
            continue
        per_period = [_tree_value(indicator, rows_by_key.get((indicator.pk, pid))) for pid in period_ids]
        values[indicator.pk] = _time_value(indicator, per_period)
    pending = [i for i in needed.values() if i.is_formula]
    while pending:  # formulas of formulas: resolve once their parts are known
        progress = [i for i in pending if i.numerator_id in values and i.denominator_id in values]
        if not progress:
            break
        for indicator in progress:
            values[indicator.pk] = _formula(indicator, values)
            pending.remove(indicator)
    return {indicator.pk: values.get(indicator.pk) for indicator in indicators}


def _base_queryset(form, periods_, needed, statuses):
    numeric = [i.pk for i in needed.values() if not i.is_formula and i.value_type != ValueType.TEXT]
    return DataValue.objects.filter(
        form=form, period__in=[p.pk for p in periods_], indicator_id__in=numeric, status__in=statuses, in_rollup=True
    ).order_by()


AGGREGATES = {"total": Sum("number"), "mean": Avg("number"), "n": Count("number")}


def grouping(periods_, *keys) -> list[str]:
    """The GROUP BY fields of a roll-up: `keys`, the indicator and the period. With one period,
    not the period: every row has the same one, and a second grouping column costs PostgreSQL
    about 6 % of a province's roll-up."""
    return [*keys, "indicator_id"] if len(periods_) == 1 else [*keys, "indicator_id", "period_id"]


def _grouped(queryset, periods_, *keys):
    """Yield (row, (indicator_id, period_id)) for `queryset` grouped by `grouping()`."""
    single = periods_[0].pk if len(periods_) == 1 else None
    for row in queryset.values(*grouping(periods_, *keys)).annotate(**AGGREGATES):
        yield row, (row["indicator_id"], single if single is not None else row["period_id"])


def _under(prefixes) -> Q:
    """The figures under any of `prefixes`; none for the root ("/"): every path starts with it,
    and `path LIKE '/%'` would cost the national roll-up a test on each of its million rows."""
    return Q() if "/" in prefixes else prefix_q("path", prefixes)


def values(form, period, indicators, prefixes, statuses=APPROVED) -> dict[int, Decimal | None]:
    """Return {indicator_id: value} over the units under any of `prefixes` (a unit's path, or a
    cluster's members' paths) for `period`."""
    indicators = list(indicators)
    needed = _components(indicators)
    periods_ = sub_periods(form, period)
    rows = _grouped(_base_queryset(form, periods_, needed, statuses).filter(_under(prefixes)), periods_)
    by_key = {key: row for row, key in rows}
    return _resolve(indicators, needed, by_key, [p.pk for p in periods_])


def unit_value(form, period, indicator, area_path: str, statuses=APPROVED) -> Decimal | None:
    """Return one indicator's roll-up under `area_path` (a consolidated report's own figures)."""
    return values(form, period, [indicator], [area_path], statuses)[indicator.pk]


def by_child(form, period, indicators, area, statuses=APPROVED) -> dict[str, dict[int, Decimal | None]]:
    """Return {child key: {indicator_id: value}} for the units right below `area`, in one query.

    The key is the child area's path ("/12/345/"), or the path of an organization working in
    `area` itself ("/12/o67/"): the first step of the path below the area's.
    """
    indicators = list(indicators)
    needed = _components(indicators)
    periods_ = sub_periods(form, period)
    start = len(area.path) + 1
    child = Substr("path", 1, len(area.path) + StrIndex(Substr("path", start), Value("/")))
    rows = _base_queryset(form, periods_, needed, statuses).filter(_under([area.path])).annotate(child=child)
    grouped: dict[str, dict] = defaultdict(dict)
    for row, key in _grouped(rows, periods_, "child"):
        grouped[row["child"]][key] = row
    period_ids = [p.pk for p in periods_]
    return {key: _resolve(indicators, needed, by_key, period_ids) for key, by_key in grouped.items()}


def by_prefix(form, period, indicators, prefixes, statuses=APPROVED) -> dict[str, dict[int, Decimal | None]]:
    """Return {prefix: {indicator_id: value}} for each of `prefixes` (a cluster's members, the
    units of a user's scope), in one query. The prefixes should not overlap: a figure under two
    of them counts for the longer one only."""
    indicators = list(indicators)
    prefixes = sorted(set(prefixes), key=len, reverse=True)
    if not prefixes:
        return {}
    needed = _components(indicators)
    periods_ = sub_periods(form, period)
    unit = Case(*[When(path__startswith=prefix, then=Value(prefix)) for prefix in prefixes], default=Value(""))
    rows = _base_queryset(form, periods_, needed, statuses).filter(_under(prefixes)).annotate(unit=unit)
    grouped: dict[str, dict] = defaultdict(dict)
    for row, key in _grouped(rows, periods_, "unit"):
        grouped[row["unit"]][key] = row
    period_ids = [p.pk for p in periods_]
    return {prefix: _resolve(indicators, needed, grouped.get(prefix, {}), period_ids) for prefix in prefixes}


def cluster_prefixes(cluster) -> list[str]:
    """Return the paths a cluster covers: its member areas' and organizations'."""
    return [a.path for a in cluster.areas.all()] + [o.path for o in cluster.organizations.all()]
