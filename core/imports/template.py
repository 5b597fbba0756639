"""The downloadable templates' shared parts: header style, the data sheet, drop-down lists."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.imports.cells import Column

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def list_validation(
    lists_sheet: str, letter: str, title: str, count: int, rows: int | None = None, strict: bool = True
) -> DataValidation:
    """Return a dropdown over column `letter` of the lists sheet (rows 2 to `count` + 1).

    `strict=False` only warns about a value that is not in the list (the import also accepts
    other spellings of it).
    """
    return DataValidation(
        type="list",
        formula1=f"{quote_sheetname(lists_sheet)}!${letter}$2:${letter}${count + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=title,
        error=_("Hãy chọn một giá trị trong danh sách."),
    )


def data_sheet(workbook: Workbook, title: str, columns: Sequence[Column], widths: Sequence[int]):
    """Add a data sheet with the columns' headers (bold, wrapped), widths and text formats."""
    sheet = workbook.create_sheet(title)
    sheet.append([column.template_header for column in columns])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    for position, (column, width) in enumerate(zip(columns, widths, strict=True), start=1):
        dimension = sheet.column_dimensions[get_column_letter(position)]
        dimension.width = width
        if column.text_format:
            dimension.number_format = "@"  # keeps leading zeros and stops Excel reading 03/04 as 4 March
    sheet.freeze_panes = "A2"
    return sheet
