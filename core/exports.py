"""Excel export of any django-tables2 table: what the user sees, as an .xlsx file."""

import datetime
import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_ROW_LIMIT = 100_000


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | datetime.date):
        return value
    return strip_tags(str(value)).strip()


def table_to_xlsx(table, title: str, progress=None, written=None) -> bytes:
    """Render the table's exportable columns and all its rows (not just the page) to XLSX bytes.

    `progress(rows_done)` is called every 500 rows when given (background exports), and
    `written(rows)` once at the end with the number of data rows in the file.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Sheet1"
    values = iter(table.as_values())
    header = [str(h) for h in next(values)]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for index, row in enumerate(values):
        if index >= EXPORT_ROW_LIMIT:
            break
        count += 1
        sheet.append([_cell(value) for value in row])
        if progress is not None and index % 500 == 499:
            progress(index + 1)
    for position, label in enumerate(header, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(12, min(60, len(label) + 8))
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    if written is not None:
        written(count)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
