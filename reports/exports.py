"""Excel exports of the reporting pages: the roll-up table (units × indicators) and completeness.

Each export is a class that takes what `reports.queries` computed for the user (so the file shows
exactly what the page shows, within the same scope) and renders it with openpyxl. They are export
objects as core.exports.TableExport describes (`filename`, `total`, `render`), so the pages answer
"Xuất Excel" as every list does: in the request when small, else as a background job.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.exports import workbook_bytes
from core.text import fold
from reports import queries, rollups

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
INTEGER_FORMAT = "#,##0"


def _figure(value: Decimal | None) -> tuple[int | float | None, str]:
    """Return a figure as Excel stores it and the number format that shows it as the pages do
    (rollups.figure_text): rounded to two decimals, none kept that is zero (12.000,5, not
    12.000,50). Whole numbers are ints; a missing figure is blank."""
    if value is None:
        return None, INTEGER_FORMAT
    number = Decimal(value).quantize(rollups.RESULT_PLACES, rounding=ROUND_HALF_UP).normalize()
    decimals = max(0, -number.as_tuple().exponent)
    if decimals == 0:
        return int(number), INTEGER_FORMAT
    return float(number), INTEGER_FORMAT + "." + "0" * decimals


def _file_part(text: str) -> str:
    return slugify(fold(text)) or "toan-bo"


def _title_rows(sheet, lines: list[str]) -> int:
    """Write the title block (first line large and bold); return the next free row."""
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1, value=line)
        cell.font = TITLE if number == 1 else Font(italic=number > 1)
    return len(lines) + 2


def _exported_at() -> str:
    return _("Ngày xuất: %(time)s") % {"time": timezone.localtime().strftime("%d/%m/%Y %H:%M")}


class RollupExport:
    """The roll-up table as an .xlsx file: title rows, then units × indicators grouped by section,
    the unit's total first."""

    def __init__(self, table: queries.RollupTable):
        self.table = table

    @property
    def filename(self) -> str:
        table = self.table
        return f"tong-hop-{table.form.code}-{table.period.code}-{_file_part(table.label)}.xlsx"

    @property
    def total(self) -> int:
        """The units of the table (one row each, under the unit's own total)."""
        return len(self.table.rows)

    def title_lines(self) -> list[str]:
        table = self.table
        period = table.period
        return [
            _("Tổng hợp số liệu: %(form)s") % {"form": table.form.name},
            _("Đơn vị: %(unit)s") % {"unit": table.label},
            _("Kỳ: %(name)s (từ %(start)s đến %(end)s)")
            % {"name": period.name, "start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"},
            _("Số liệu của các báo cáo đã duyệt và đã gửi chưa duyệt.")
            if table.includes_submitted
            else _("Số liệu của các báo cáo đã duyệt."),
            _exported_at(),
        ]

    def render(self, progress=None, written=None) -> bytes:
        table = self.table
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Tổng hợp")
        top = _title_rows(sheet, self.title_lines())
        # Two header rows: the sections (merged over their indicators), then the indicators.
        unit_header = sheet.cell(row=top, column=1, value=_("Đơn vị"))
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
        column = 2
        for title, width in table.sections:
            sheet.cell(row=top, column=column, value=title)
            if width > 1:
                sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + width - 1)
            column += width
        for position, item in enumerate(table.columns, start=2):
            unit = item.indicator.unit
            sheet.cell(row=top + 1, column=position, value=f"{item.label} ({unit})" if unit else item.label)
        for row in sheet.iter_rows(min_row=top, max_row=top + 1, max_col=len(table.columns) + 1):
            for cell in row:
                cell.font, cell.alignment, cell.border = BOLD, WRAP, BOX
        unit_header.alignment = WRAP
        rows = [(_("%(unit)s (tổng hợp)") % {"unit": table.total.unit.label}, table.total, True)]
        rows += [(row.unit.label, row, False) for row in table.rows]
        for offset, (label, row, is_total) in enumerate(rows, start=top + 2):
            label_cell = sheet.cell(row=offset, column=1, value=label)
            label_cell.border = BOX
            if is_total:
                label_cell.font = BOLD
            for position, value in enumerate(row.values, start=2):
                number, number_format = _figure(value)
                cell = sheet.cell(row=offset, column=position, value=number)
                cell.number_format, cell.border = number_format, BOX
                if is_total:
                    cell.font = BOLD
            done = offset - top - 2  # the units written so far (the total row is not one)
            if progress is not None and done and done % 500 == 0:
                progress(done)
        if written is not None:
            written(len(table.rows))
        sheet.column_dimensions["A"].width = 40
        for position in range(2, len(table.columns) + 2):
            sheet.column_dimensions[get_column_letter(position)].width = 16
        sheet.row_dimensions[top + 1].height = 75
        sheet.freeze_panes = sheet.cell(row=top + 2, column=2)
        return workbook_bytes(workbook)


class CompletenessExport:
    """The completeness page as an .xlsx file: title rows, the counts, then one row per
    organization that must submit (the rows the page's filters keep)."""

    def __init__(self, completeness: queries.Completeness, rows: list[queries.CompletenessRow]):
        self.completeness = completeness
        self.rows = rows

    @property
    def filename(self) -> str:
        data = self.completeness
        return f"tinh-hinh-nop-{data.form.code}-{data.period.code}-{_file_part(data.label)}.xlsx"

    @property
    def total(self) -> int:
        """The organizations listed (those the page's filters keep)."""
        return len(self.rows)

    def render(self, progress=None, written=None) -> bytes:
        data = self.completeness
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Tình hình nộp báo cáo")
        top = _title_rows(
            sheet,
            [
                _("Tình hình nộp báo cáo: %(form)s") % {"form": data.form.name},
                _("Đơn vị: %(unit)s") % {"unit": data.label},
                _("Kỳ: %(name)s, hạn nộp %(deadline)s")
                % {"name": data.period.name, "deadline": f"{data.deadline:%d/%m/%Y}"},
                _exported_at(),
            ],
        )
        counts = data.counts
        summary = [
            (_("Số đơn vị phải nộp"), counts["total"]),
            (_("Đã nộp"), counts["submitted"]),
            (_("Nộp đúng hạn"), counts["on_time"]),
            (_("Nộp trễ hạn"), counts["late"]),
            (_("Chưa nộp"), counts["missing"]),
            (_("Quá hạn, chưa nộp"), counts["overdue"]),
            (_("Đã duyệt"), counts["approved"]),
        ]
        for offset, (label, value) in enumerate(summary, start=top):
            sheet.cell(row=offset, column=1, value=label).font = BOLD
            sheet.cell(row=offset, column=2, value=value)
        top += len(summary) + 1
        header = [
            _("STT"),
            _("Đơn vị"),
            _("Địa bàn"),
            _("Loại tổ chức"),
            _("Trạng thái"),
            _("Tình hình nộp"),
            _("Hạn nộp"),
            _("Gửi lúc"),
            _("Duyệt lúc"),
            _("Nhắc lần cuối"),
        ]
        for position, label in enumerate(header, start=1):
            cell = sheet.cell(row=top, column=position, value=label)
            cell.font, cell.alignment, cell.border = BOLD, WRAP, BOX
        for number, row in enumerate(self.rows, start=1):
            report = row.report
            values = [
                number,
                row.organization.name,
                row.organization.area.name,
                row.organization.kind.name,
                str(row.status_label),
                str(row.timeliness_label),
                row.deadline,
                _local(row.submitted_at),
                _local(report.approved_at) if report is not None else None,
                _local(row.last_reminder.sent_at) if row.last_reminder is not None else None,
            ]
            for position, value in enumerate(values, start=1):
                cell = sheet.cell(row=top + number, column=position, value=value)
                cell.border = BOX
                if position == 7:
                    cell.number_format = "DD/MM/YYYY"
                elif position >= 8:
                    cell.number_format = "DD/MM/YYYY HH:MM"
            if progress is not None and number % 500 == 0:
                progress(number)
        if written is not None:
            written(len(self.rows))
        for position, width in enumerate([6, 40, 28, 24, 16, 20, 12, 17, 17, 17], start=1):
            sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.freeze_panes = sheet.cell(row=top + 1, column=3)
        return workbook_bytes(workbook)


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None
