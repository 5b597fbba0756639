"""Excel export of any django-tables2 table: what the user sees, as an .xlsx file."""

import datetime
import io
import re
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_ROW_LIMIT = 100_000

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What django-tables2's DateTimeColumn exports: "2026-11-23 21:26:48.167663+00:00".
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?$")


def _cell(value):
    if value is None or value == "—":
        return ""
    if isinstance(value, str) and _ISO_DATE.match(value):
        # Dates rendered as text by a column: give Excel a real date (shown dd/mm/yyyy).
        return datetime.date.fromisoformat(value)
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        value = datetime.datetime.fromisoformat(value)  # a stored time (UTC): shown in local time below
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | datetime.date):
        return value
    return strip_tags(str(value)).strip()


def workbook_bytes(workbook: Workbook) -> bytes:
    """Return the .xlsx bytes of a workbook built in memory, every text starting with "=" kept as
    text: openpyxl writes such a string as a formula, which Excel runs on opening (a unit or a
    record named =HYPERLINK(...)). The workbooks of the app hold no formulas of their own."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SHEET_TITLE_MAX = 31  # Excel's limit
# Excel refuses these in a sheet's name; quotes only clutter a tab.
_SHEET_TITLE_CHANGES = str.maketrans({"/": "-", "\\": "-", "[": " ", "]": " ", ":": " ", "*": " ", "?": " "})
_QUOTES = re.compile("[\"'\u201c\u201d\u2018\u2019]")


def sheet_title(title: str) -> str:
    """The list's title as an Excel sheet's name: what Excel refuses replaced, quotes left out,
    and, when longer than Excel allows, cut after a whole word ("Mô hình, điển hình Dân vận khéo")."""
    title = " ".join(_QUOTES.sub("", title).translate(_SHEET_TITLE_CHANGES).split())
    if len(title) > SHEET_TITLE_MAX:
        cut = title[: SHEET_TITLE_MAX + 1]
        title = cut[: cut.rfind(" ")] if " " in cut else cut[:SHEET_TITLE_MAX]
    return title.rstrip(" ,;-–") or "Sheet1"


def table_to_xlsx(table, title: str, progress=None, written=None) -> bytes:
    """Render the table's exportable columns and all its rows (not just the page) to XLSX bytes.

    The workbook is written in openpyxl's write-only mode, so memory stays flat however long the
    list is. `progress(rows_done)` is called every 500 rows when given (background exports), and
    `written(rows)` once at the end with the number of data rows in the file.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    values = iter(table.as_values())
    header = [str(h) for h in next(values)]
    for position, label in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(12, min(60, len(label) + 8))
    sheet.freeze_panes = "A2"
    sheet.append([_styled(sheet, label, font=Font(bold=True)) for label in header])
    count = 0
    for index, row in enumerate(values):
        if index >= EXPORT_ROW_LIMIT:
            break
        count += 1
        sheet.append([_styled(sheet, _cell(value)) for value in row])
        if progress is not None and index % 500 == 499:
            progress(index + 1)
    if written is not None:
        written(count)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled(sheet, value, font=None):
    """Return a write-only cell for `value`: dates shown dd/mm/yyyy, the header bold, and text
    starting with "=" kept as text (openpyxl would write it as a formula Excel runs on opening)."""
    is_formula_like = isinstance(value, str) and value.startswith("=")
    if font is None and not isinstance(value, datetime.date) and not is_formula_like:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like:
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if isinstance(value, datetime.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"
    return cell


class TableExport:
    """A list's table, every row of it, as an .xlsx file (the generic list export).

    An export object says what a file holds, for core.views.ExportMixin and core.export_jobs:
    `filename`, `total` (the rows it will hold: what decides between building it in the request
    and a background job) and `render(progress=None, written=None)`, which returns the bytes,
    calling `progress(rows_done)` now and then and `written(rows)` once at the end.
    """

    def __init__(self, table, rows, title: str, filename: str):
        self.table, self.rows, self.title, self.filename = table, rows, title, filename

    @property
    def total(self) -> int:
        return self.rows.count()

    def render(self, progress=None, written=None) -> bytes:
        return table_to_xlsx(self.table, self.title, progress=progress, written=written)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
