"""Check every row of the file against itself and the database; build the write plan."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from core.imports import (
    PROGRESS_EVERY,
    Problem,
    SheetRow,
    check_cells,
    find_by_name,
    lookup_by_name,
    parse_date,
    sort_problems,
)
from core.text import name_key
from orgunits.choices import AreaLevel
from orgunits.imports.sheets import (
    HAMLET_SHEET,
    LISTS_SHEET,
    ORGANIZATION_SHEET,
    SHEETS,
    UnitsFile,
    cell_problem,
)
from orgunits.models import Area, AreaKind, Organization, OrganizationKind
from orgunits.validators import date_window_error

#
# Validation
#


@dataclass
class Existing:
    """What the database holds for the commune, as lookups by name key."""

    hamlet_kinds: dict[str, AreaKind]
    hamlet_kind_names: str
    organization_kinds: dict[str, OrganizationKind]
    hamlets: dict[str, Area]  # the commune's current hamlets
    places: dict[int, Area]  # the commune and its current hamlets, by id
    used_codes: set[str]  # codes of current hamlets anywhere, lower-cased (unique per level, any case)
    organizations: dict[tuple[int, str], list[Organization]]  # (area id, name key) → current orgs


def hamlet_kinds():
    return AreaKind.objects.filter(level=AreaLevel.HAMLET, is_active=True).order_by("sort_order", "name")


def organization_kinds():
    return OrganizationKind.objects.filter(is_active=True).order_by("sort_order", "name")


def load_existing(commune: Area, parsed: UnitsFile) -> Existing:
    """Load the commune's current hamlets and organizations and the kinds (a handful of queries)."""
    hamlets = {}
    for area in Area.objects.filter(parent=commune).current().select_related("kind"):
        hamlets.setdefault(name_key(area.name), area)
    # Codes compared lower-cased, as the database compares them (Area's unique constraints).
    codes = {row.values["code"].lower() for row in parsed.hamlets if row.values["code"]}
    used_codes = set(
        Area.objects.annotate(folded=Lower("code"))
        .filter(level=AreaLevel.HAMLET, valid_to__isnull=True, folded__in=codes)
        .values_list("folded", flat=True)
    )
    organizations: dict[tuple[int, str], list[Organization]] = {}
    places = [commune.pk, *(area.pk for area in hamlets.values())]
    for org in Organization.objects.filter(area_id__in=places).current().order_by("pk"):
        organizations.setdefault((org.area_id, name_key(org.name)), []).append(org)
    area_kinds = list(hamlet_kinds())
    return Existing(
        hamlet_kinds=lookup_by_name(area_kinds),
        hamlet_kind_names=", ".join(kind.name for kind in area_kinds),
        organization_kinds=lookup_by_name(list(organization_kinds())),
        hamlets=hamlets,
        places={commune.pk: commune, **{area.pk: area for area in hamlets.values()}},
        used_codes=used_codes,
        organizations=organizations,
    )


@dataclass
class HamletPlan:
    row: int
    kind: AreaKind
    name: str
    code: str
    aliases: str
    valid_from: datetime.date | None


@dataclass
class OrganizationPlan:
    row: int
    kind: OrganizationKind
    name: str
    area: Area | None  # an existing place (the commune or one of its hamlets)...
    hamlet_row: int | None  # ...or a hamlet of the file
    parent: Organization | None  # an existing parent...
    parent_row: int | None  # ...or an organization of the file
    reports_to: Organization | None  # an existing commune organization...
    reports_to_row: int | None  # ...or one of the file (any row: the link is set after the inserts)
    short_name: str
    phone: str
    email: str
    address: str


@dataclass
class Plan:
    hamlets: list[HamletPlan] = field(default_factory=list)
    organizations: list[OrganizationPlan] = field(default_factory=list)


def _check_cells(sheet: str, row: SheetRow, problems: list[Problem]) -> bool:
    return check_cells(SHEETS[sheet], sheet, row, problems)


def _first_use(problems, number, column, key, seen, duplicate, taken) -> bool:
    """Return whether hamlet `key` (a name or a code) is new; else report the earlier row
    (`duplicate`) or, failing that, the stored unit (`taken`). The row is remembered either way."""
    if not key:
        return True
    message = duplicate % {"row": seen[key]} if key in seen else taken
    seen.setdefault(key, number)
    if message:
        problems.append(cell_problem(HAMLET_SHEET, number, column, message))
        return False
    return True


def validate(
    commune: Area,
    parsed: UnitsFile,
    existing: Existing,
    progress: Callable[[int], None] | None = None,
) -> tuple[Plan, list[Problem]]:
    """Check every row of both sheets; return the write plan and every problem found.

    `progress(done)` is called every `PROGRESS_EVERY` rows. The plan is only meaningful when
    there is no problem.
    """
    plan, problems = Plan(), []
    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)

    # Hamlets.
    seen_names: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for row in parsed.hamlets:
        values = row.values
        ok = _check_cells(HAMLET_SHEET, row, problems)
        key = name_key(values["name"])
        kind = find_by_name(existing.hamlet_kinds, values["kind"]) if values["kind"] else None
        if values["kind"] and kind is None:
            ok = False
            problems.append(
                cell_problem(
                    HAMLET_SHEET,
                    row.number,
                    "kind",
                    _("Loại “%(value)s” không hợp lệ; chọn một trong: %(choices)s.")
                    % {"value": values["kind"], "choices": existing.hamlet_kind_names},
                )
            )
        taken_name = (
            _("%(commune)s đã có thôn/tổ dân phố “%(name)s”.")
            % {"commune": commune.name, "name": existing.hamlets[key].name}
            if key in existing.hamlets
            else None
        )
        ok = (
            _first_use(problems, row.number, "name", key, seen_names, _("Trùng tên với dòng %(row)s."), taken_name)
            and ok
        )
        code = values["code"]
        taken_code = (
            _("Mã “%(code)s” đã được dùng cho một thôn/tổ dân phố khác đang hoạt động.") % {"code": code}
            if code.lower() in existing.used_codes
            else None
        )
        ok = (
            _first_use(
                problems, row.number, "code", code.lower(), seen_codes, _("Trùng mã với dòng %(row)s."), taken_code
            )
            and ok
        )
        ok = _valid_from_fits(row, problems) and ok
        if ok:
            plan.hamlets.append(
                HamletPlan(
                    row=row.number,
                    kind=kind,
                    name=values["name"],
                    code=code,
                    aliases=values["aliases"],
                    valid_from=parse_date(values["valid_from"]),
                )
            )
        tick()

    # Organizations: place, then parent within that place, then the name within that place.
    commune_key = name_key(commune.name)
    seen_orgs: dict[tuple, int] = {}  # (place, name key) → first row
    all_orgs: dict[tuple, list[int]] = {}
    for row in parsed.organizations:
        place = _org_place(row, existing, seen_names, commune, commune_key)
        if place:
            all_orgs.setdefault((place, name_key(row.values["name"])), []).append(row.number)
    for row in parsed.organizations:
        values = row.values
        ok = _check_cells(ORGANIZATION_SHEET, row, problems)
        kind = find_by_name(existing.organization_kinds, values["kind"]) if values["kind"] else None
        if values["kind"] and kind is None:
            ok = False
            problems.append(
                cell_problem(
                    ORGANIZATION_SHEET,
                    row.number,
                    "kind",
                    _("Loại tổ chức “%(value)s” không có trong danh mục (xem trang %(sheet)s của tệp mẫu).")
                    % {"value": values["kind"], "sheet": LISTS_SHEET},
                )
            )
        place = _org_place(row, existing, seen_names, commune, commune_key)
        if place is None:
            ok = False
            problems.append(
                cell_problem(
                    ORGANIZATION_SHEET,
                    row.number,
                    "hamlet",
                    _("Không tìm thấy thôn/tổ dân phố “%(value)s” trong %(commune)s hoặc trên trang %(sheet)s.")
                    % {"value": values["hamlet"], "commune": commune.name, "sheet": HAMLET_SHEET},
                )
            )
        key = name_key(values["name"])
        parent = parent_row = None
        if place is not None and values["parent"]:
            parent, parent_row, message = _org_parent(row, place, existing, all_orgs)
            if message:
                ok = False
                problems.append(cell_problem(ORGANIZATION_SHEET, row.number, "parent", message))
        reports_to = reports_to_row = None
        if place is not None and values["reports_to"]:
            reports_to, reports_to_row, message = _org_reports_to(row, place, commune, existing, all_orgs)
            if message:
                ok = False
                problems.append(cell_problem(ORGANIZATION_SHEET, row.number, "reports_to", message))
        if place is not None and key:
            if (place, key) in seen_orgs:
                ok = False
                problems.append(
                    cell_problem(
                        ORGANIZATION_SHEET,
                        row.number,
                        "name",
                        _("Trùng tên với tổ chức ở dòng %(row)s (cùng nơi hoạt động).")
                        % {"row": seen_orgs[(place, key)]},
                    )
                )
            elif place[0] == "area" and (place[1], key) in existing.organizations:
                ok = False
                problems.append(
                    cell_problem(
                        ORGANIZATION_SHEET,
                        row.number,
                        "name",
                        _("%(place)s đã có tổ chức “%(name)s”.")
                        % {"place": existing.places[place[1]].name, "name": values["name"]},
                    )
                )
            seen_orgs.setdefault((place, key), row.number)
        if ok:
            plan.organizations.append(
                OrganizationPlan(
                    row=row.number,
                    kind=kind,
                    name=values["name"],
                    area=existing.places[place[1]] if place[0] == "area" else None,
                    hamlet_row=place[1] if place[0] == "row" else None,
                    parent=parent,
                    parent_row=parent_row,
                    reports_to=reports_to,
                    reports_to_row=reports_to_row,
                    short_name=values["short_name"],
                    phone=values["phone"],
                    email=values["email"],
                    address=values["address"],
                )
            )
        tick()
    if progress:
        progress(done)
    sort_problems(problems, list(SHEETS))
    return plan, problems


def _valid_from_fits(row: SheetRow, problems: list[Problem]) -> bool:
    """Return whether the hamlet's start date lies in the window the model accepts (Area.clean),
    else report it: the rows are bulk-inserted, without full_clean(). An unreadable date is
    reported by check_cells."""
    try:
        valid_from = parse_date(row.values["valid_from"])
    except ValueError:
        return False
    label = Area._meta.get_field("valid_from").verbose_name
    message = date_window_error(valid_from, label, Area.earliest_valid_date)
    if message:
        problems.append(cell_problem(HAMLET_SHEET, row.number, "valid_from", message))
        return False
    return True


def _org_place(row: SheetRow, existing: Existing, file_hamlets: dict, commune: Area, commune_key: str):
    """Return where the organization works: ("area", id), ("row", hamlet row), or None if unknown."""
    value = row.values["hamlet"]
    if not value:
        return ("area", commune.pk)
    key = name_key(value)
    if key in existing.hamlets:
        return ("area", existing.hamlets[key].pk)
    if key in file_hamlets:
        return ("row", file_hamlets[key])
    if key == commune_key:
        return ("area", commune.pk)
    return None


def _existing_org(existing: Existing, area_id: int, key: str, ambiguous: str, value: str):
    """Look a name up among the stored organizations of an area: (organization, None, None) for
    one match, (None, None, `ambiguous` filled in) for several, None for none."""
    matches = existing.organizations.get((area_id, key), [])
    if len(matches) == 1:
        return matches[0], None, None
    if matches:
        return None, None, ambiguous % {"count": len(matches), "value": value}
    return None


def _org_parent(row: SheetRow, place: tuple, existing: Existing, all_orgs: dict):
    """Resolve "Thuộc tổ chức" within the row's place: (existing parent, file row, problem message)."""
    value = row.values["parent"]
    key = name_key(value)
    if place[0] == "area":
        found = _existing_org(
            existing,
            place[1],
            key,
            _("Có %(count)s tổ chức tên “%(value)s” tại nơi này; không xác định được tổ chức cấp trên."),
            value,
        )
        if found:
            return found
    rows = all_orgs.get((place, key), [])
    earlier = [number for number in rows if number < row.number]
    if earlier:
        return None, earlier[0], None
    if row.number in rows:
        return None, None, _("Tổ chức không thể trực thuộc chính nó.")
    if rows:
        return (
            None,
            None,
            _("Tổ chức “%(value)s” nằm ở dòng %(row)s; tổ chức cấp trên phải ở dòng phía trên.")
            % {"value": value, "row": rows[0]},
        )
    return (
        None,
        None,
        _(
            "Không tìm thấy tổ chức “%(value)s” cùng nơi hoạt động: tổ chức cấp trên phải hoạt động ở đúng "
            "thôn/tổ dân phố (hoặc đúng xã) của tổ chức này, đã có sẵn hoặc nằm ở dòng phía trên."
        )
        % {"value": value},
    )


def _org_reports_to(row: SheetRow, place: tuple, commune: Area, existing: Existing, all_orgs: dict):
    """Resolve "Báo cáo về" among the commune's organizations: (existing, file row, problem message).

    Only an organization of a hamlet reports to one of the commune (Organization.clean() wants the
    organization reported to in a strictly higher area)."""
    value = row.values["reports_to"]
    if place == ("area", commune.pk):
        return (
            None,
            None,
            _(
                "Tổ chức cấp xã không báo cáo về tổ chức cùng cấp: chỉ tổ chức ở thôn/tổ dân phố mới ghi cột này "
                "(để trống, hoặc ghi tổ chức cấp trên ở cột “Thuộc tổ chức”)."
            ),
        )
    key = name_key(value)
    found = _existing_org(
        existing,
        commune.pk,
        key,
        _("Xã có %(count)s tổ chức tên “%(value)s”; không xác định được tổ chức nhận báo cáo."),
        value,
    )
    if found:
        return found
    rows = all_orgs.get((("area", commune.pk), key), [])
    if rows:
        return None, rows[0], None
    return (
        None,
        None,
        _(
            "Không tìm thấy tổ chức “%(value)s” của %(commune)s: tổ chức nhận báo cáo phải là tổ chức cấp xã đang có "
            "(xem trang %(lists)s) hoặc có trên trang %(sheet)s."
        )
        % {"value": value, "commune": commune.name, "lists": LISTS_SHEET, "sheet": ORGANIZATION_SHEET},
    )
