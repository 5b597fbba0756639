"""What the report document says: gathered from the engine, before any DOCX is written.

Two documents, one shape (`DocumentContent`):
- a report's document (`report_content`): the organization's own figures and prose; for a
  consolidated report, its figures are the roll-up over its area (reports.rollups, approved
  reports) and the figures and prose of the units right below are added;
- an area's document (`area_content`): the roll-up over the area for a form and period, with the
  units right below; the issuer is the organization of the area itself that reports the form
  (its report's number and prose are used when it has one), else the area.

"Right below" is what the roll-up's children are: for the figures, `rollups.by_child` (each child
area's subtree, and organizations working in the area itself); for the prose, the submitted or
approved reports of organizations in the child areas. Only what the user may see is gathered
(`restrict()` and `can()`): a viewer of one organization does not read its neighbours' prose.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.scope import can
from core.text import fold, natural_key
from orgunits.models import Area, Organization
from reports import own_fields, rollups, services
from reports.choices import ReportStatus, SectionKind, ValueType
from reports.models import DocumentSettings, FormSection, Report, ReportText

# Children prose comes from reports sent up; drafts are still being written.
PROSE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
# Columns of indicators per children table: with the unit names, this fits A4 portrait at 12 pt.
CHILD_TABLE_COLUMNS = 5
MISSING = "–"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
# A number typed at the start of a section's title ("II. Đối thoại"): the document numbers the
# sections itself, in their current order, so a typed number would double it ("II. II. ...").
TYPED_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d{1,2})\s*[.)]\s+")


def unnumbered(title: str) -> str:
    """Return the section title without a number typed at its start."""
    return TYPED_NUMBER.sub("", title, count=1) or title


#
# The document's content
#


@dataclass
class FigureRow:
    label: str
    unit: str
    value: str


@dataclass
class ChildTable:
    """Units right below × some indicators of a section; `total` is the unit's own row."""

    headers: list[str]
    rows: list[tuple[str, list[str]]]
    total: list[str]


@dataclass
class ChildText:
    unit: str
    text: str


@dataclass
class Section:
    number: str
    title: str
    kind: str
    rows: list[FigureRow] = field(default_factory=list)
    child_tables: list[ChildTable] = field(default_factory=list)
    text: str = ""
    child_texts: list[ChildText] = field(default_factory=list)


@dataclass
class DocumentContent:
    parent_body: str
    issuer: str
    number_line: str
    date_line: str
    title: str
    rolled_up: bool
    sections: list[Section]
    signer_position: str  # the authority line: "T/M KHỐI DÂN VẬN"
    signer_title_lines: list[str]  # the signer's position under it, upper-cased: ["KT. TRƯỞNG KHỐI", ...]
    signer_name: str  # empty: a dotted line to write the name by hand
    recipients: list[str]
    settings: DocumentSettings
    filename: str
    as_of: datetime.date


#
# Numbers and words
#


def format_number(value) -> str:
    """Return `value` the Vietnamese way: 1.234.567 and 12,5 (at most two decimals), as the pages do."""
    return rollups.figure_text(value)


def format_value(indicator, value, *, rolled_up: bool = False) -> str:
    """Return how a figure reads in the document ("–" when there is none).

    `value` is a number, or the text of a text indicator. A yes/no figure reads "Có"/"Không" in a
    unit's own report; rolled up, it is the number of units that answered yes.
    """
    if value is None or value == "":
        return MISSING
    if indicator.value_type == ValueType.TEXT:
        return str(value)
    if indicator.value_type == ValueType.BOOLEAN and not rolled_up:
        return _("Có") if value else _("Không")
    return format_number(value)


def date_line(place: str, day: datetime.date) -> str:
    """Return "Long Điền, ngày 05 tháng 7 năm 2025": days below 10 and January, February take a 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def abbreviation(name: str) -> str:
    """Return the initials of a body's name for its document symbol ("Hội Nông dân" → "HND").

    Words already written in capitals (MTTQ) are kept; diacritics are dropped except Đ.
    """
    letters = []
    for word in name.split():
        letters.append(word if len(word) > 1 and word.isupper() else word[0].upper())
    decomposed = unicodedata.normalize("NFD", "".join(letters))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch.isalnum())


def summary_line(form, period) -> str:
    """Return the summary line (trích yếu): the form's title without "Báo cáo", and the period."""
    title = (form.title or form.name).strip().rstrip(".")
    if fold(title).startswith("bao cao "):
        title = title[len("báo cáo ") :].strip()
    period_name = period.name
    return f"{title[:1].upper()}{title[1:]} {period_name[:1].lower()}{period_name[1:]}"


def place_name(area: Area) -> str:
    """Return the place of the date line: the area's short name, else its name without its kind."""
    if area.short_name:
        return area.short_name
    kind = area.kind.name if area.kind_id else ""
    if kind and area.name.lower().startswith(kind.lower() + " "):
        return area.name[len(kind) + 1 :]
    return area.name


#
# Issuer
#


@dataclass
class _Issuer:
    parent_body: str
    name: str
    abbreviation: str
    place: str
    signer_position: str
    area: Area


def issuer_abbreviation(organization: Organization) -> str:
    """The organization's abbreviation after "-BC/" in a report's number: its short name, else
    the initials of its kind ("Khối dân vận" gives KDV)."""
    return organization.short_name or abbreviation(
        organization.kind.name if organization.kind_id else organization.name
    )


def number_example(organization: Organization) -> str:
    """An example of the organization's report number, as the document prints it: "07-BC/KDV"."""
    return f"07-BC/{issuer_abbreviation(organization)}"


def _organization_issuer(organization: Organization, on: datetime.date) -> _Issuer:
    """The organization issues; the body above it is its parent organization, else the
    organization of the same kind in the area above (Hội Nông dân tỉnh), else that area."""
    area = organization.area
    parent_body = ""
    if organization.parent_id:
        parent_body = organization.parent.name
    elif area.parent_id:
        same_kind = (
            Organization.objects.filter(area=area.parent_id, kind=organization.kind_id, parent__isnull=True)
            .current(on)
            .order_by("path")
            .first()
        )
        parent_body = same_kind.name if same_kind else area.parent.name
    kind_name = organization.kind.name if organization.kind_id else organization.name
    return _Issuer(
        parent_body=parent_body,
        name=organization.name,
        abbreviation=issuer_abbreviation(organization),
        place=place_name(area),
        signer_position=_("T/M %(body)s") % {"body": kind_name.upper()},
        area=area,
    )


def _area_issuer(area: Area) -> _Issuer:
    return _Issuer(
        parent_body=area.parent.name if area.parent_id else "",
        name=area.name,
        abbreviation=abbreviation(area.name),
        place=place_name(area),
        signer_position="",
        area=area,
    )


#
# Figures
#


def _child_names(keys) -> dict[str, str]:
    names = dict(Area.objects.filter(path__in=keys).values_list("path", "name"))
    names.update(Organization.objects.filter(path__in=keys).values_list("path", "name"))
    return names


def _child_tables(items, by_child: dict, names: dict, unit_values: dict) -> list[ChildTable]:
    numeric = [item for item in items if item.indicator.value_type != ValueType.TEXT]
    ordered = sorted(by_child, key=lambda key: natural_key(names.get(key, key)))
    tables = []
    for start in range(0, len(numeric), CHILD_TABLE_COLUMNS):
        chunk = numeric[start : start + CHILD_TABLE_COLUMNS]
        headers = [_label(item) + (f" ({item.indicator.unit})" if item.indicator.unit else "") for item in chunk]
        rows = [
            (
                names.get(key, key),
                [format_value(i.indicator, by_child[key].get(i.indicator.pk), rolled_up=True) for i in chunk],
            )
            for key in ordered
        ]
        total = [unit_values[item.indicator.pk] for item in chunk]
        tables.append(ChildTable(headers=headers, rows=rows, total=total))
    return tables


def _label(item) -> str:
    return item.label or item.indicator.name


#
# Prose
#


def _child_reports(user, form, period, area: Area) -> list[tuple[int, str]]:
    """Return (report id, organization name) of the visible, sent-up reports of the organizations
    in the areas right below `area`, by area name, kind and name."""
    rows = (
        Report.objects.restrict(user, "view")
        .filter(
            form=form,
            period=period.pk,
            status__in=PROSE_STATUSES,
            path__startswith=area.path,
            organization__area__parent=area.pk,
        )
        .values_list("pk", "organization__name", "organization__area__name", "organization__kind__sort_order")
    )
    ordered = sorted(rows, key=lambda row: (natural_key(row[2]), row[3] or 0, natural_key(row[1])))
    return [(pk, name) for pk, name, _area, _order in ordered]


def _texts(report_ids, section_ids) -> dict[tuple[int, int], str]:
    if not report_ids:
        return {}
    rows = (
        ReportText.objects.filter(report__in=report_ids, section__in=section_ids)
        .exclude(text="")
        .values_list("report_id", "section_id", "text")
    )
    return {(report_id, section_id): text for report_id, section_id, text in rows}


#
# Building
#


def _sections(form) -> list[FormSection]:
    return list(form.sections.order_by("sort_order", "pk"))


def _build(
    *,
    user,
    form,
    period,
    issuer: _Issuer,
    report: Report | None,
    rolled_up: bool,
    children_area: Area | None,
    day: datetime.date,
) -> DocumentContent:
    items = services.figure_items(form)
    indicators = [item.indicator for item in items]
    values: dict[int, Decimal | str | None] = services.report_values(report) if report is not None else {}
    if rolled_up:
        # The roll-up over the unit's subtree; the report's own figure where nothing rolls up
        # (an indicator that does not aggregate over the tree, a text).
        for indicator_id, number in rollups.values(form, period, indicators, [issuer.area.path]).items():
            if number is not None or values.get(indicator_id) is None:
                values[indicator_id] = number
    unit_values = {
        item.indicator.pk: format_value(item.indicator, values.get(item.indicator.pk), rolled_up=rolled_up)
        for item in items
    }

    by_child, names, child_reports = {}, {}, []
    if children_area is not None:
        by_child = {
            key: child_values
            for key, child_values in rollups.by_child(form, period, indicators, children_area).items()
            if can(user, "view", key)
        }
        names = _child_names(list(by_child))
        child_reports = _child_reports(user, form, period, children_area)

    sections = _sections(form)
    prose_ids = [s.pk for s in sections if s.kind == SectionKind.PROSE]
    own_texts = _texts([report.pk], prose_ids) if report is not None else {}
    child_texts = _texts([pk for pk, _name in child_reports], prose_ids)

    result = []
    for index, section in enumerate(sections):
        entry = Section(
            number=ROMAN[index] if index < len(ROMAN) else str(index + 1),
            title=unnumbered(section.title),
            kind=section.kind,
        )
        if section.kind == SectionKind.FIGURES:
            section_items = [item for item in items if item.section_id == section.pk]
            entry.rows = [
                FigureRow(_label(item), item.indicator.unit, unit_values[item.indicator.pk]) for item in section_items
            ]
            if by_child:
                entry.child_tables = _child_tables(section_items, by_child, names, unit_values)
        else:
            entry.text = own_texts.get((report.pk, section.pk), "") if report is not None else ""
            entry.child_texts = [
                ChildText(name, child_texts[(pk, section.pk)])
                for pk, name in child_reports
                if (pk, section.pk) in child_texts
            ]
        result.append(entry)

    number = (report.number or "").strip() if report is not None else ""
    if number and ("-" in number or "/" in number):
        number_line = _("Số %(number)s") % {"number": number}
    else:
        number_line = _("Số %(number)s-BC/%(issuer)s") % {
            "number": number or "\u00a0" * 6,
            "issuer": issuer.abbreviation,
        }
    # Who signs is what the unit typed on its report, never who sent it (a higher level's cadre
    # may send a unit's report): the system cannot know who signs.
    signer_title_lines, signer_name = [], ""
    if report is not None:
        signer_title_lines = [line.upper() for line in own_fields.signer_title_lines(report.signer_title)]
        signer_name = report.signer_name.strip()
    settings = DocumentSettings.objects.for_area(issuer.area)
    recipients = [f"- {issuer.parent_body},"] if issuer.parent_body else []
    recipients.append(f"- {settings.archive_note.rstrip('.')}.")
    return DocumentContent(
        parent_body=issuer.parent_body.upper(),
        issuer=issuer.name.upper(),
        number_line=number_line,
        date_line=date_line(issuer.place, day),
        title=summary_line(form, period),
        rolled_up=rolled_up,
        sections=result,
        signer_position=issuer.signer_position,
        signer_title_lines=signer_title_lines,
        signer_name=signer_name,
        recipients=recipients,
        settings=settings,
        filename=f"bao-cao-{slugify(fold(issuer.name))}-{period.code}.docx",
        as_of=timezone.localdate(),
    )


def report_content(report: Report, *, user) -> DocumentContent:
    """Return the document of `report` (which the caller has checked `user` may view)."""
    report = (
        Report.objects.select_related(
            "form",
            "period",
            "organization__kind",
            "organization__parent",
            "organization__area__kind",
            "organization__area__parent",
        )
        .filter(pk=report.pk)
        .get()
    )
    issuer = _organization_issuer(report.organization, report.period.end)
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else timezone.localdate()
    return _build(
        user=user,
        form=report.form,
        period=report.period,
        issuer=issuer,
        report=report,
        rolled_up=report.is_consolidated,
        children_area=report.organization.area if report.is_consolidated else None,
        day=day,
    )


def area_content(form, period, area: Area, *, user) -> DocumentContent:
    """Return the consolidated document of `area` (which the caller has checked `user` may view)."""
    organization = (
        services.obligated_organizations(form, area.path, period.end)
        .filter(area=area.pk, parent__isnull=True)
        .select_related("kind", "parent", "area__kind", "area__parent")
        .order_by("kind__sort_order", "path")
        .first()
    )
    report = None
    if organization is not None:
        issuer = _organization_issuer(organization, period.end)
        if period.pk:
            report = (
                Report.objects.restrict(user, "view")
                .filter(form=form, period=period.pk, organization=organization)
                .first()
            )
    else:
        area = Area.objects.select_related("kind", "parent").get(pk=area.pk)
        issuer = _area_issuer(area)
    return _build(
        user=user,
        form=form,
        period=period,
        issuer=issuer,
        report=report,
        rolled_up=True,
        children_area=issuer.area,
        day=timezone.localdate(),
    )
