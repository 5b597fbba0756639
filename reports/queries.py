"""What the reporting pages, exports and API read: the roll-up table and completeness, per user.

Every figure comes from reports.rollups and every list of units that must report from
services.reports_due; this module only decides *which* units a user may see and lays the results
out. Scope: a user sees the units of their view scope (`Area.objects.restrict(user, "view")`) and
the figures under the paths they may read; a unit they can see only in part (the area of an
organization they are assigned to) shows the figures of the parts they may read.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import can, collapse_prefixes, is_system_admin, prefix_q, scope_prefixes
from core.text import natural_key
from orgunits.models import Area, Cluster, Organization
from reports import periods, rollups, services
from reports.choices import PeriodType, ReportAction, ReportStatus, Timeliness
from reports.models import Period, Report, ReportEvent, ReportForm, ReportReminder
from reports.models.report import SENT_STATES, timeliness_of

WITH_SUBMITTED = (ReportStatus.APPROVED, ReportStatus.SUBMITTED)
# Longer periods come later: a roll-up may ask for any period at least as long as the form's.
PERIOD_ORDER = [
    PeriodType.MONTH,
    PeriodType.QUARTER,
    PeriodType.SIX_MONTHS,
    PeriodType.NINE_MONTHS,
    PeriodType.YEAR,
]
ROOT = SimpleNamespace(path="/", pk=None, name="")


#
# Forms and periods
#


def active_forms():
    return ReportForm.objects.filter(is_active=True).order_by("sort_order", "name")


def statuses_for(include_submitted: bool) -> tuple[str, ...]:
    return WITH_SUBMITTED if include_submitted else rollups.APPROVED


def last_ended_period(period_type: str, today: datetime.date | None = None) -> periods.PeriodSpec | None:
    """Return the latest period of `period_type` that has ended by `today` (None for custom forms)."""
    if period_type == PeriodType.CUSTOM:
        return None
    today = today or timezone.localdate()
    spec = periods.containing(period_type, today)
    while spec.end >= today:
        spec = periods.containing(period_type, spec.start - datetime.timedelta(days=1))
    return spec


def period_choices(form: ReportForm, *, longer: bool, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """Return (identifier, name) of the periods offered for `form`: its own type's periods of this
    year and last year, newest first, and with `longer` the longer ones a roll-up aggregates to."""
    if form.period_type == PeriodType.CUSTOM:
        return []
    today = today or timezone.localdate()
    position = PERIOD_ORDER.index(form.period_type)
    types = PERIOD_ORDER[position:] if longer else [form.period_type]
    specs = [
        spec
        for year in (today.year, today.year - 1)
        for period_type in types
        for spec in periods.periods_of_year(period_type, year)
        if spec.start <= today
    ]
    specs.sort(key=lambda spec: (spec.end, spec.start), reverse=True)
    return [(spec.code, spec.name) for spec in specs]


def period_problem(form: ReportForm, spec: periods.PeriodSpec, *, longer: bool) -> str | None:
    """Return why `spec` cannot be used with `form` (None when it can).

    A roll-up (`longer`) takes the form's own periods or any period made of whole ones (a year of
    a quarterly form); completeness takes the form's own periods only.
    """
    if spec.type == form.period_type:
        return None
    kind = form.get_period_type_display().lower()
    if not longer or form.period_type == PeriodType.CUSTOM or spec.type == PeriodType.CUSTOM:
        return _("Biểu mẫu này báo cáo theo kỳ %(kind)s: chọn một kỳ %(kind)s.") % {"kind": kind}
    if PERIOD_ORDER.index(spec.type) < PERIOD_ORDER.index(form.period_type):
        return _("Kỳ này ngắn hơn kỳ báo cáo của biểu mẫu (%(kind)s).") % {"kind": kind}
    inside = [
        part
        for year in range(spec.start.year, spec.end.year + 1)
        for part in periods.periods_of_year(form.period_type, year)
        if spec.contains(part)
    ]
    if not inside or inside[0].start != spec.start or inside[-1].end != spec.end:
        return _("Kỳ này không gồm trọn các kỳ %(kind)s của biểu mẫu.") % {"kind": kind}
    return None


#
# Units of a user's scope
#


@dataclass
class Unit:
    """A unit a table row or a completeness scope stands for: an area or an organization."""

    key: str  # its path: figures under it belong to it
    label: str
    area: Area | None = None
    organization: Organization | None = None

    @property
    def drill_area(self) -> Area | None:
        """The area a row's link opens (the same page for that unit)."""
        return self.area


def _scope_roots(user) -> list[str]:
    return collapse_prefixes(scope_prefixes(user, "view"))


def default_area(user) -> Area | None:
    """Return the unit the pages open on: the user's own area when their view scope is one
    current area subtree, else None (a system administrator: the whole country; anybody else:
    every unit of their scope)."""
    if is_system_admin(user):
        return None
    roots = _scope_roots(user)
    areas = [area for area in Area.objects.filter(path__in=roots).select_related("kind") if area.is_current()]
    organizations_only = [root for root in roots if "/o" in root and not any(root.startswith(a.path) for a in areas)]
    return areas[0] if len(areas) == 1 and not organizations_only else None


def units_for_paths(user, paths) -> list[Unit]:
    """Return the units (areas first, then organizations, each by name) at `paths` the user sees."""
    paths = list(paths)
    area_paths = [path for path in paths if "/o" not in path]
    organization_paths = [path for path in paths if "/o" in path]
    areas = (
        list(Area.objects.restrict(user, "view").filter(path__in=area_paths).select_related("kind"))
        if area_paths
        else []
    )
    organizations = (
        list(Organization.objects.restrict(user, "view").filter(path__in=organization_paths).select_related("area"))
        if organization_paths
        else []
    )
    units = [Unit(key=o.path, label=o.name, organization=o) for o in sorted(organizations, key=_name_key)]
    units += [Unit(key=a.path, label=a.name, area=a) for a in sorted(areas, key=_name_key)]
    return units


def _name_key(unit) -> str:
    return natural_key(unit.name)


def _partial_prefixes(user, area: Area | None) -> list[str]:
    """Return the paths of the user's view scope under `area` (everything when no area)."""
    roots = _scope_roots(user)
    return roots if area is None else [root for root in roots if root.startswith(area.path)]


def reads_whole(user, area: Area | None) -> bool:
    """Whether the user may read every figure under `area` (None: the whole country)."""
    if area is None:
        return is_system_admin(user)
    return can(user, "view", area.path)


def scope_label(area: Area | None, cluster=None) -> str:
    if cluster is not None:
        return cluster.name
    return area.name if area is not None else _("Toàn bộ phạm vi phụ trách")


#
# Roll-up table
#


@dataclass
class Column:
    indicator: object
    label: str
    section: str


@dataclass
class RollupRow:
    unit: Unit
    values: list[Decimal | None]

    @property
    def has_data(self) -> bool:
        return any(value is not None for value in self.values)


@dataclass
class RollupTable:
    """Units × indicators for a form, a period and a unit (or cluster), with the unit's total."""

    form: ReportForm
    period: Period
    statuses: tuple[str, ...]
    label: str
    area: Area | None
    cluster: object
    columns: list[Column]
    total: RollupRow
    rows: list[RollupRow] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, int]]:
        """Return (section title, number of columns) in order, for the grouped header."""
        result: list[tuple[str, int]] = []
        for column in self.columns:
            if result and result[-1][0] == column.section:
                result[-1] = (column.section, result[-1][1] + 1)
            else:
                result.append((column.section, 1))
        return result

    @property
    def indicators(self) -> list:
        return [column.indicator for column in self.columns]

    @property
    def has_data(self) -> bool:
        return self.total.has_data or any(row.has_data for row in self.rows)

    @property
    def includes_submitted(self) -> bool:
        return ReportStatus.SUBMITTED in self.statuses


def rollup_columns(form: ReportForm, indicators=None) -> list[Column]:
    """Return the form's numeric indicators in order (formulas included), grouped by section;
    with `indicators` (ids), only those."""
    wanted = set(indicators) if indicators is not None else None
    return [
        Column(indicator=item.indicator, label=str(item), section=item.section.title)
        for item in services.figure_items(form)
        if item.indicator.is_numeric and (wanted is None or item.indicator.pk in wanted)
    ]


def rollup_table_for_user(
    user,
    form: ReportForm,
    period: Period,
    *,
    area: Area | None = None,
    cluster=None,
    include_submitted: bool = False,
    indicators=None,
) -> RollupTable:
    """Return the roll-up table of `form` for `period`, for `area` (None: the user's whole scope)
    or for `cluster`; the caller has checked that the user may see the area or the cluster.

    Rows: the area's child units (its current child areas, and any unit right below it that has
    figures: an organization of the area itself, a former commune); a cluster's members; or, for
    a scope made of several units, those units. A unit the user sees only in part shows rows for
    the parts they may read.
    """
    columns = rollup_columns(form, indicators)
    chosen = [column.indicator for column in columns]
    statuses = statuses_for(include_submitted)

    def row(unit: Unit, values: dict) -> RollupRow:
        return RollupRow(unit=unit, values=[values.get(indicator.pk) for indicator in chosen])

    if cluster is not None:
        members = [Unit(key=o.path, label=o.name, organization=o) for o in cluster.organizations.all()]
        members += [Unit(key=a.path, label=a.name, area=a) for a in cluster.areas.select_related("kind")]
        # Members lie in the cluster's owner area, which the user sees; kept to what they may read.
        members = [unit for unit in members if can(user, "view", unit.key)]
        prefixes = [unit.key for unit in members]
        total = rollups.values(form, period, chosen, prefixes, statuses)
        by_unit = rollups.by_prefix(form, period, chosen, prefixes, statuses)
        rows = [row(unit, by_unit.get(unit.key, {})) for unit in members]
    elif reads_whole(user, area):
        node = area or ROOT
        total = rollups.values(form, period, chosen, [node.path], statuses)
        by_child = rollups.by_child(form, period, chosen, node, statuses)
        rows = [row(unit, by_child.get(unit.key, {})) for unit in _child_units(user, area, by_child)]
    else:
        prefixes = _partial_prefixes(user, area)
        total = rollups.values(form, period, chosen, prefixes, statuses)
        by_unit = rollups.by_prefix(form, period, chosen, prefixes, statuses)
        rows = [row(unit, by_unit.get(unit.key, {})) for unit in units_for_paths(user, prefixes)]
    label = scope_label(area, cluster)
    return RollupTable(
        form=form,
        period=period,
        statuses=statuses,
        label=label,
        area=area,
        cluster=cluster,
        columns=columns,
        total=row(Unit(key=area.path if area else "", label=label, area=area), total),
        rows=rows,
    )


def _child_units(user, area: Area | None, with_figures) -> list[Unit]:
    """Return the units right below `area` (None: the provinces): its current child areas, plus
    the units below it that have figures (organizations of the area itself, former areas)."""
    visible = Area.objects.restrict(user, "view")
    children = visible.filter(parent=area) if area is not None else visible.filter(parent__isnull=True)
    keys = set(children.current().values_list("path", flat=True))
    keys |= set(with_figures)
    return units_for_paths(user, keys)


#
# Completeness and timeliness
#


@dataclass
class CompletenessRow:
    """An organization that must submit the form for the period, and how it stands."""

    organization: Organization
    report: object
    deadline: datetime.date
    timeliness: str
    last_reminder: ReportReminder | None = None

    @property
    def is_submitted(self) -> bool:
        return self.report is not None and self.report.status in SENT_STATES

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ""

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report is not None else _("Chưa lập báo cáo")

    @property
    def timeliness_label(self) -> str:
        return Timeliness(self.timeliness).label

    @property
    def submitted_at(self):
        return self.report.submitted_at if self.is_submitted else None


@dataclass
class Completeness:
    form: ReportForm
    period: Period
    deadline: datetime.date
    label: str
    area: Area | None
    rows: list[CompletenessRow]

    def count(self, timeliness: str) -> int:
        return sum(1 for row in self.rows if row.timeliness == timeliness)

    @property
    def counts(self) -> dict[str, int]:
        total = len(self.rows)
        submitted = sum(1 for row in self.rows if row.is_submitted)
        return {
            "total": total,
            "submitted": submitted,
            "on_time": self.count(Timeliness.ON_TIME),
            "late": self.count(Timeliness.LATE),
            "missing": total - submitted,
            "overdue": self.count(Timeliness.OVERDUE),
            "pending": self.count(Timeliness.PENDING),
            "approved": sum(1 for row in self.rows if row.status == ReportStatus.APPROVED),
        }

    @property
    def percentages(self) -> dict[str, Decimal | None]:
        counts = self.counts
        total = counts.pop("total")
        if not total:
            return dict.fromkeys(counts)
        return {
            name: (Decimal(value) * 100 / total).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
            for name, value in counts.items()
        }


def form_deadline(form: ReportForm, period: Period) -> datetime.date:
    return period.end + datetime.timedelta(days=form.deadline_days)


def completeness_paths(user, area: Area | None) -> list[str]:
    """Return the paths whose organizations a user's completeness view covers."""
    if reads_whole(user, area):
        return [area.path if area is not None else "/"]
    return _partial_prefixes(user, area)


def completeness_for_user(
    user, form: ReportForm, period: Period, *, area: Area | None = None, today: datetime.date | None = None
) -> Completeness:
    """Return every organization under `area` (None: the user's scope) that must submit `form` for
    `period`, with its report, whether it came in on time, and the last reminder sent to it."""
    today = today or timezone.localdate()
    deadline = form_deadline(form, period)
    paths = completeness_paths(user, area)
    rows = []
    for path in paths:
        for organization, report in services.reports_due(form, period, path):
            row_deadline = report.deadline if report is not None else deadline
            rows.append(
                CompletenessRow(
                    organization=organization,
                    report=report,
                    deadline=row_deadline,
                    timeliness=timeliness_of(report, row_deadline, today),
                )
            )
    if rows and period.pk is not None:
        reminders = (
            ReportReminder.objects.filter(form=form, period=period)
            .filter(prefix_q("organization__path", paths))
            .order_by("organization_id", "-sent_at", "-pk")
        )
        latest: dict[int, ReportReminder] = {}
        for reminder in reminders:
            latest.setdefault(reminder.organization_id, reminder)
        for row in rows:
            row.last_reminder = latest.get(row.organization.pk)
    return Completeness(form=form, period=period, deadline=deadline, label=scope_label(area), area=area, rows=rows)


def missing_organizations(form: ReportForm, period: Period, area_path: str) -> list[Organization]:
    """Return the organizations under `area_path` that must submit and have not (no report, a
    draft or a returned one)."""
    return [
        organization
        for organization, report in services.reports_due(form, period, area_path)
        if report is None or report.status not in SENT_STATES
    ]


def area_ancestors_for_user(user, area: Area) -> list[Area]:
    """Return the areas above `area` the user may see, from the top down (breadcrumbs)."""
    return [ancestor for ancestor in Area.objects.ancestors_of(area) if can(user, "view", ancestor.path)]


def visible_clusters(user):
    return Cluster.objects.restrict(user, "view").current().select_related("owner_area").order_by("name")


#
# Reports waiting to be corrected
#


# The steps that send a report back to its unit for correction (both leave it RETURNED).
SENT_BACK = (ReportAction.RETURN, ReportAction.REOPEN)


def last_sent_back(report):
    """The step that sent the report back, with its reasons, while it waits to be corrected."""
    if report.status != ReportStatus.RETURNED:
        return None
    return report.events.filter(action__in=SENT_BACK).select_related("user").order_by("-time", "-pk").first()


def returned_for_user(user, limit: int = 10) -> tuple[list, int]:
    """Return (reports, total): the reports returned (or reopened) for correction to units where
    `user` may edit reports, the most recently returned first, each with `returned_at`,
    and `return_comment` of the step that sent it back."""
    last_return = ReportEvent.objects.filter(report=OuterRef("pk"), action__in=SENT_BACK).order_by("-time", "-pk")
    reports = (
        Report.objects.restrict(user, "change")
        .filter(status=ReportStatus.RETURNED)
        .annotate(
            returned_at=Subquery(last_return.values("time")[:1]),
            return_comment=Subquery(last_return.values("comment")[:1]),
        )
        .select_related("organization", "form", "period")
        .order_by(F("returned_at").desc(nulls_last=True), "-pk")
    )
    return list(reports[:limit]), reports.count()
