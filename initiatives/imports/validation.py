"""Check every row of the registration list against itself, the chosen area and the user's scope.

Each row becomes an unsaved `Initiative` and its result values. The cells are checked against the
model's fields (required, `max_length`, choices, the year range `MIN_YEAR`-`MAX_YEAR`, the phone
number's format), the foreign keys are resolved from lookups loaded once (a query per row would
cost more than the rest), and the model's own cross-field rules (the registration date within the
registration year and not after today, ...) run through `Initiative.clean()`. register() calls
`full_clean()`, which adds nothing to these but a query per foreign key (the tests import the
same rows both ways).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bulk import Builder
from core.imports import (
    PROGRESS_EVERY,
    Problem,
    SheetRow,
    cell_problem,
    check_cells,
    find_by_name,
    lookup_by_name,
    match_key,
    parse_date,
    parse_number,
    sort_problems,
)
from core.scope import can
from core.text import name_key
from initiatives.choices import InitiativeKind, Subject
from initiatives.imports.sheets import DATA_SHEET, FIELD_COLUMNS, LISTS_SHEET, RegistrationFile
from initiatives.models import Initiative, InitiativeField, ResultMetric, Stage
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR, duplicate_message, registration_key
from orgunits.models import Area, Organization

#
# What the database holds
#


def organization_label(organization: Organization, duplicated: bool) -> str:
    """Return how the template lists an organization: its name, with its area when the name repeats."""
    return f"{organization.name} ({organization.area.name})" if duplicated else organization.name


def area_label(area: Area, duplicated: bool, parent_names: dict[int, str]) -> str:
    """Return how the template lists an area: its name, with its parent's when the name repeats."""
    parent = parent_names.get(area.parent_id)
    return f"{area.name}, {parent}" if duplicated and parent else area.name


@dataclass
class Existing:
    """What the database holds for the chosen area, as lookups (a handful of queries)."""

    area: Area
    organizations: dict[str, list[Organization]]  # folded name, "name (area)" or code → organizations
    organization_labels: list[tuple[Organization, str]]
    areas: dict[str, list[Area]]  # folded name → current areas of the subtree
    area_names: dict[int, str]  # id → name, for the areas of the subtree and above it
    area_labels: list[tuple[Area, str]]
    fields: dict
    stages: dict
    taken: dict[tuple[int, int, str], str] = field(default_factory=dict)  # (org, year, name key) → name


def load_existing(area: Area) -> Existing:
    """Load the area's current organizations and areas, the fields and the stages."""
    organizations = list(
        Organization.objects.filter(path__startswith=area.path)
        .current()
        .select_related("area", "kind")
        .order_by("search_text", "pk")
    )
    by_name: dict[str, list[Organization]] = {}
    for organization in organizations:
        by_name.setdefault(match_key(organization.name), []).append(organization)
    lookup: dict[str, list[Organization]] = dict(by_name)
    labels = []
    for organization in organizations:
        duplicated = len(by_name[match_key(organization.name)]) > 1
        label = organization_label(organization, duplicated)
        labels.append((organization, label))
        if duplicated:
            lookup.setdefault(match_key(label), []).append(organization)
        if organization.code:
            lookup.setdefault(match_key(organization.code), []).append(organization)
    subtree = list(Area.objects.filter(path__startswith=area.path).current().order_by("depth", "search_text"))
    above = Area.objects.filter(pk__in=[int(part) for part in area.path.strip("/").split("/")])
    area_names = {a.pk: a.name for a in [*subtree, *above]}
    areas: dict[str, list[Area]] = {}
    for candidate in subtree:
        areas.setdefault(match_key(candidate.name), []).append(candidate)
    area_labels = [(a, area_label(a, len(areas[match_key(a.name)]) > 1, area_names)) for a in subtree]
    return Existing(
        area=area,
        organizations=lookup,
        organization_labels=labels,
        areas=areas,
        area_names=area_names,
        area_labels=area_labels,
        fields=lookup_by_name(list(InitiativeField.objects.filter(is_active=True))),
        stages=lookup_by_name(list(Stage.objects.filter(is_active=True))),
    )


def load_taken(existing: Existing, parsed: RegistrationFile) -> None:
    """Load the names already registered by the file's organizations in the file's years."""
    names = {match_key(row.values["organization"]) for row in parsed.rows}
    organization_ids = {org.pk for name in names for org in existing.organizations.get(name, [])}
    years = set()
    for row in parsed.rows:
        try:
            years.add(int(parse_number(row.values["year"], decimal_places=0)))
        except (TypeError, ValueError):
            continue
    existing.taken = taken_names(organization_ids, years)


def taken_names(organization_ids, years) -> dict[tuple[int, int, str], str]:
    """Return {registration_key: name as written} of the records these organizations registered in
    these years (the key's name part is the stored `name_key`)."""
    rows = Initiative.objects.filter(organization_id__in=organization_ids, year__in=years).values_list(
        "organization_id", "year", "name_key", "name"
    )
    return {(org, year, key): name for org, year, key, name in rows}


#
# Checking the rows
#


@dataclass
class RowPlan:
    """A valid row: the record to register and its results ((metric, value) pairs)."""

    row: int
    initiative: Initiative
    results: list[tuple[ResultMetric, Decimal]]


def narrow(matches: list, value: str, name: Callable) -> list:
    """Among names equal without diacritics, prefer the one spelled exactly ("Ấp Bàu" over "Ấp Bầu")."""
    if len(matches) < 2:
        return matches
    exact = [item for item in matches if name_key(name(item)) == name_key(value)]
    return exact or matches


KIND_CHOICES = gettext_lazy("Mô hình hoặc Điển hình")
SUBJECT_CHOICES = gettext_lazy("Tập thể hoặc Cá nhân")
FIELD_LABEL = gettext_lazy("Lĩnh vực")
STAGE_LABEL = gettext_lazy("Giai đoạn")


def _choice_lookup(choices) -> dict:
    return lookup_by_name(list(choices), name=lambda c: str(c.label), codes=lambda c: (c.value,))


class RowChecker:
    """Check rows one by one; problems are collected with their row and column."""

    def __init__(self, parsed: RegistrationFile, existing: Existing, user):
        self.parsed = parsed
        self.existing = existing
        self.user = user
        self.problems: list[Problem] = []
        self.seen: dict[tuple[int, int, str], int] = {}  # (org, year, name key) → first row
        self.today = timezone.localdate()
        self.choices = {"kind": _choice_lookup(InitiativeKind), "subject": _choice_lookup(Subject)}
        self.build = Builder(Initiative)

    def problem(self, row: SheetRow, key: str | None, message: str) -> None:
        if key is None:
            self.problems.append(Problem(message, sheet=DATA_SHEET, row=row.number))
        else:
            self.problems.append(cell_problem(self.parsed.columns, DATA_SHEET, row.number, key, message))

    def check(self, row: SheetRow) -> RowPlan | None:
        values = row.values
        before = len(self.problems)
        check_cells(self.parsed.columns, DATA_SHEET, row, self.problems)
        failed = {problem.column.key for problem in self.problems[before:] if problem.column}
        kind = self.choice(row, "kind", KIND_CHOICES)
        subject = self.choice(row, "subject", SUBJECT_CHOICES)
        organization = self.organization(row) if values["organization"] else None
        area = self.area(row, organization) if organization else None
        initiative_field = self.lookup(row, "field", self.existing.fields, FIELD_LABEL)
        stage = self.lookup(row, "stage", self.existing.stages, STAGE_LABEL)
        year = None
        if "year" not in failed and values["year"] not in ("", None):
            year = int(parse_number(values["year"], decimal_places=0))
            if not MIN_YEAR <= year <= MAX_YEAR:
                self.problem(row, "year", _("Năm phải từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
                year = None
        if organization and year and values["name"]:
            self.duplicate(row, organization, year)
        if year and year < self.today.year and values["registered_on"] in ("", None):
            # An empty date is the import's date, which only a record of this year may have.
            self.problem(
                row,
                "registered_on",
                _(
                    "Chưa nhập ngày đăng ký: chỉ để trống khi năm đăng ký là năm nay (%(this_year)s); với năm "
                    "%(year)s, ghi ngày đăng ký trong năm đó (dd/mm/yyyy)."
                )
                % {"this_year": self.today.year, "year": year},
            )
        failed |= {problem.column.key for problem in self.problems[before:] if problem.column}
        initiative = self.build(
            organization=organization,
            area=area,
            kind=kind,
            subject=subject,
            name=values["name"],
            person_name=values["person_name"],
            field=initiative_field,
            year=year,
            stage=stage,
            registered_on=(None if "registered_on" in failed else parse_date(values["registered_on"])) or self.today,
            start_date=None if "start_date" in failed else parse_date(values["start_date"]),
            goals=values["goals"],
            method=values["method"],
            forces=values["forces"],
            contact_name=values["contact_name"],
            contact_phone=values["contact_phone"],
            path=organization.path if organization else "",
        )
        # The model's own rules, on whatever the row resolved to (a rule whose input is missing or
        # already reported is silent), so a row reports all its problems at once.
        try:
            initiative.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = FIELD_COLUMNS.get(name) if name != NON_FIELD_ERRORS else None
                if key not in failed:
                    for message in messages:
                        self.problem(row, key, message)
        results = []
        for key, metric in self.parsed.metrics.items():
            if values[key] in ("", None) or key in failed:
                continue
            value = parse_number(values[key])
            message = metric.value_error(value)
            if message:
                self.problem(row, key, message)
            else:
                results.append((metric, value))
        if len(self.problems) > before:
            return None
        return RowPlan(row=row.number, initiative=initiative, results=results)

    def choice(self, row: SheetRow, key: str, choices: str):
        value = row.values[key]
        if not value:
            return None
        found = find_by_name(self.choices[key], value)
        if found is None:
            self.problem(
                row, key, _("“%(value)s” không hợp lệ; chọn %(choices)s.") % {"value": value, "choices": choices}
            )
            return None
        return found.value

    def lookup(self, row: SheetRow, key: str, lookup: dict, label: str):
        value = row.values[key]
        if not value:
            return None
        found = find_by_name(lookup, value)
        if found is None:
            self.problem(
                row,
                key,
                _("%(label)s “%(value)s” không có trong danh mục (xem trang %(sheet)s của tệp mẫu).")
                % {"label": label, "value": value, "sheet": LISTS_SHEET},
            )
        return found

    def organization(self, row: SheetRow) -> Organization | None:
        value = row.values["organization"]
        matches = narrow(self.existing.organizations.get(match_key(value), []), value, lambda org: org.name)
        if not matches:
            self.problem(
                row,
                "organization",
                _(
                    "Không tìm thấy đơn vị “%(value)s” trong %(area)s. Ghi đúng tên đơn vị như ở trang %(sheet)s "
                    "của tệp mẫu."
                )
                % {"value": value, "area": self.existing.area.name, "sheet": LISTS_SHEET},
            )
            return None
        if len(matches) > 1:
            first = matches[0]
            self.problem(
                row,
                "organization",
                _(
                    "Có %(count)s đơn vị tên “%(value)s” trong %(area)s; ghi kèm địa bàn như ở trang %(sheet)s, "
                    "ví dụ “%(example)s”."
                )
                % {
                    "count": len(matches),
                    "value": value,
                    "area": self.existing.area.name,
                    "sheet": LISTS_SHEET,
                    "example": organization_label(first, True),
                },
            )
            return None
        organization = matches[0]
        if not can(self.user, "add", organization.path):
            self.problem(
                row,
                "organization",
                _("Bạn không có quyền đăng ký mô hình cho đơn vị “%(name)s”.") % {"name": organization.name},
            )
            return None
        return organization

    def area(self, row: SheetRow, organization: Organization) -> Area | None:
        """Resolve "Địa bàn thực hiện": empty is the organization's area; else a name of an area of the
        chosen subtree, optionally followed by its parents' names ("Ấp Bắc, Xã Long Điền")."""
        value = row.values["area"]
        if not value:
            return organization.area
        name, *parents = [part.strip() for part in value.split(",")]
        home = organization.area.path
        matches = [
            area
            for area in self.existing.areas.get(match_key(name), [])
            if not parents or all(self._has_ancestor(area, parent) for parent in parents)
        ]
        inside = narrow([area for area in matches if area.path.startswith(home)], name, lambda area: area.name)
        if len(inside) == 1:
            return inside[0]
        if len(inside) > 1:
            self.problem(
                row,
                "area",
                _(
                    "Có %(count)s địa bàn tên “%(value)s” thuộc %(home)s; ghi thêm tên xã sau dấu phẩy, ví dụ “%(example)s”."
                )
                % {
                    "count": len(inside),
                    "value": value,
                    "home": organization.area.name,
                    "example": f"{name}, {self.existing.area_names.get(inside[0].parent_id, '')}",
                },
            )
            return None
        if matches:
            # Found, but outside the organization's area: the model's rule says so (clean()).
            return matches[0]
        self.problem(
            row,
            "area",
            _("Không tìm thấy địa bàn “%(value)s” trong %(area)s (xem trang %(sheet)s của tệp mẫu).")
            % {"value": value, "area": self.existing.area.name, "sheet": LISTS_SHEET},
        )
        return None

    def _has_ancestor(self, area: Area, name: str) -> bool:
        folded = match_key(name)
        return any(
            match_key(self.existing.area_names.get(int(part))) == folded
            for part in area.path.strip("/").split("/")[:-1]
        )

    def duplicate(self, row: SheetRow, organization: Organization, year: int) -> None:
        key = registration_key(organization.pk, year, row.values["name"])
        if key in self.seen:
            self.problem(
                row,
                "name",
                _("Trùng tên với dòng %(row)s (cùng đơn vị đăng ký, cùng năm).") % {"row": self.seen[key]},
            )
            return
        self.seen[key] = row.number
        if key in self.existing.taken:
            self.problem(row, "name", duplicate_message(organization.name, self.existing.taken[key], year))


def validate(
    parsed: RegistrationFile,
    existing: Existing,
    user,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[RowPlan], list[Problem]]:
    """Check every row; return the planned records and every problem found.

    `progress(done)` is called every `PROGRESS_EVERY` rows. The plan is meaningful only when
    there is no problem.
    """
    load_taken(existing, parsed)
    checker = RowChecker(parsed, existing, user)
    plan = []
    for done, row in enumerate(parsed.rows, start=1):
        planned = checker.check(row)
        if planned is not None:
            plan.append(planned)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(len(parsed.rows))
    sort_problems(checker.problems, [DATA_SHEET])
    return plan, checker.problems


def recheck(plan: list[RowPlan], parsed: RegistrationFile, area: Area) -> list[Problem]:
    """Check again, inside the write transaction and after the organizations are locked, what the
    database may have changed since `validate()`; refresh the records' copied paths.

    Re-checked: each organization is still in force and beneath `area` (its path refreshed, in case
    it moved), each area is still in force, and no record of the same organization, year and name
    was registered meanwhile. Not re-checked: reference data deactivated meanwhile (fields,
    stages, metrics), which registering under does no harm. The user's right to add in `area` is
    checked again by the job (`RegistrationImport.get_target` runs first).
    """
    organization_ids = {item.initiative.organization_id for item in plan}
    paths = dict(
        Organization.objects.filter(pk__in=organization_ids, path__startswith=area.path)
        .current()
        .values_list("pk", "path")
    )
    live_areas = set(
        Area.objects.filter(pk__in={item.initiative.area_id for item in plan}).current().values_list("pk", flat=True)
    )
    years = {item.initiative.year for item in plan}
    taken = taken_names(organization_ids, years)
    problems = []
    for item in plan:
        initiative = item.initiative
        message = key = None
        if initiative.organization_id not in paths:
            key, message = "organization", _("Đơn vị “%(name)s” vừa ngừng hoạt động hoặc chuyển khỏi %(area)s.")
            message %= {"name": initiative.organization.name, "area": area.name}
        elif initiative.area_id not in live_areas:
            key, message = "area", _("Địa bàn “%(name)s” vừa hết hiệu lực.") % {"name": initiative.area.name}
        elif (duplicate := registration_key(initiative.organization_id, initiative.year, initiative.name)) in taken:
            key, message = "name", duplicate_message(initiative.organization.name, taken[duplicate], initiative.year)
        else:
            initiative.path = paths[initiative.organization_id]
        if message:
            problems.append(cell_problem(parsed.columns, DATA_SHEET, item.row, key, message))
    return problems
