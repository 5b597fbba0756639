"""The statistics page of the registry: figures for a unit and a period, its chart and Excel export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import sheet_title, workbook_bytes, xlsx_response
from core.scope import can
from core.text import fold
from initiatives import queries
from initiatives.choices import PeriodPreset
from initiatives.figure_links import link_report
from initiatives.forms.statistics import StatisticsForm

FORM_FIELDS = ("area", "preset", "year", "stage", "date_from", "date_to")
CHART_MAX_BARS = 30
# The figures the tables show, in order (replicated sources appear beside replicas in the cards):
# the linked cells' order too (figure_links.figure_cells).
TABLE_FIGURES = queries.BREAKDOWN_FIGURES


def _form_data(request) -> dict:
    """Return the form's data: the defaults, overridden by whatever the request names."""
    user = request.user
    area = queries.default_area(user)
    data = {"area": str(area.pk) if area else "", "preset": PeriodPreset.YEAR, "year": str(timezone.localdate().year)}
    data.update({name: request.GET[name] for name in FORM_FIELDS if name in request.GET})
    return data


def chart_data(report: dict) -> dict | None:
    """Return the bar chart (registered and recognized): by child unit when at least two child
    units have records, else by field; None when there is nothing to draw."""
    children = [
        row for row in report["by_child_unit"] if row["area"] is not None and (row["registered"] or row["recognized"])
    ]
    if len(children) >= 2:
        rows = children
        if len(rows) > CHART_MAX_BARS:
            largest = sorted(rows, key=lambda row: row["registered"] + row["recognized"], reverse=True)[:CHART_MAX_BARS]
            rows = [row for row in rows if row in largest]
            title = _("%(n)s đơn vị trực thuộc có nhiều mô hình nhất") % {"n": CHART_MAX_BARS}
        else:
            title = _("Theo đơn vị trực thuộc")
    else:
        rows = [row for row in report["by_field"] if row["registered"] or row["recognized"]]
        title = _("Theo lĩnh vực")
    if not rows:
        return None
    labels = queries.figure_labels()
    return {
        "title": title,
        "labels": [row["label"] for row in rows],
        "datasets": [
            {"label": labels["registered"], "data": [row["registered"] for row in rows]},
            {"label": labels["recognized"], "data": [row["recognized"] for row in rows]},
        ],
    }


@login_required
def statistics(request):
    """The figures of a unit (default: the user's own) for a period (default: this year)."""
    user = request.user
    form = StatisticsForm(_form_data(request), user=user)
    context = {
        "title": _("Thống kê mô hình, điển hình “Dân vận khéo”"),
        "form": form,
        "report": None,
        "nav_section": "initiatives",
    }
    if form.is_valid():
        area = form.cleaned_data["area"]
        report = queries.report(user, area, form.cleaned_data["period"])
        if request.GET.get("export") == "xlsx":
            return xlsx_response(statistics_workbook(report), f"thong-ke-dan-van-kheo-{_file_part(report)}.xlsx")
        context.update(
            report=link_report(report),
            area=area,
            area_label=area.name if area else _("Toàn bộ phạm vi phụ trách"),
            labels=queries.figure_labels(),
            table_columns=[queries.figure_labels()[name] for name in TABLE_FIGURES],
            chart=chart_data(report),
            is_empty=not (report["totals"]["total"] or report["totals"]["recognized"]),
            can_manage_gallery=area is not None and can(user, "manage", area.path),
        )
    context["breadcrumbs"] = [
        {"label": _("Mô hình, điển hình"), "url": reverse("initiatives:initiative_list")},
        {"label": _("Thống kê"), "url": None},
    ]
    return render(request, "initiatives/statistics.html", context)


def _file_part(report: dict) -> str:
    area = report["area"]
    period = report["period"]
    name = slugify(fold(area.name)) if area else "toan-bo"
    return f"{name}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}"


#
# Excel export
#


def statistics_workbook(report: dict) -> bytes:
    """Render the page's tables to an .xlsx file: a summary sheet and one sheet per breakdown."""
    labels = queries.figure_labels()
    bold = Font(bold=True)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Tổng hợp")
    period = report["period"]
    area = report["area"]
    summary.append([_("Đơn vị, địa bàn"), area.name if area else _("Toàn bộ phạm vi phụ trách")])
    summary.append([_("Kỳ thống kê"), period.label])
    summary.append([_("Từ ngày"), period.date_from])
    summary.append([_("Đến ngày"), period.date_to])
    summary.append([])
    for name in queries.FIGURES:
        summary.append([labels[name], report["totals"][name]])
    for row in (3, 4):
        summary.cell(row=row, column=2).number_format = "DD/MM/YYYY"
    for row in summary.iter_rows(max_col=1):
        row[0].font = bold
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 40

    def breakdown(title: str, heading: str, rows: list[dict]) -> None:
        sheet = workbook.create_sheet(title=sheet_title(title))
        header = [heading, *(labels[name] for name in TABLE_FIGURES)]
        sheet.append(header)
        for row in rows:
            sheet.append([str(row["label"]), *(row[name] for name in TABLE_FIGURES)])
        sheet.append([_("Tổng cộng"), *(report["totals"][name] for name in TABLE_FIGURES)])
        _style(sheet, len(header), bold, last_row_bold=True)

    breakdown(_("Theo đơn vị trực thuộc"), _("Đơn vị"), report["by_child_unit"])
    breakdown(_("Theo lĩnh vực"), _("Lĩnh vực"), report["by_field"])
    breakdown(_("Theo loại tổ chức"), _("Loại tổ chức"), report["by_organization_kind"])
    breakdown(_("Theo loại hình"), _("Loại hình"), report["by_kind"])
    breakdown(_("Tập thể, cá nhân"), _("Đối tượng"), report["by_subject"])

    results = workbook.create_sheet(title=_("Kết quả định lượng"))
    results.append([_("Kết quả"), _("Tổng"), _("Đơn vị tính"), _("Số mô hình có kết quả")])
    for row in report["result_sums"]:
        results.append([row["name"], row["total"], row["unit"], row["records"]])
    _style(results, 4, bold)
    return workbook_bytes(workbook)


def _style(sheet, columns: int, bold: Font, last_row_bold: bool = False) -> None:
    for cell in sheet[1]:
        cell.font = bold
    if last_row_bold:
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 45
    for column in range(2, columns + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
