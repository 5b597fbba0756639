"""The workbook's layout (sheets, columns), the problems found in it, and reading it."""

import datetime
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.text import fold
from orgunits.models import Area, Organization

IMPORT_JOB_KIND = "orgunits.import_units"
HAMLET_SHEET = "Thon_To_dan_pho"
ORGANIZATION_SHEET = "To_chuc"
HELP_SHEET = "Huong_dan"
LISTS_SHEET = "Danh_muc"
MAX_ROWS_PER_SHEET = 10_000

#
# Columns
#


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its key, its header in the template and how it is checked."""

    key: str
    header: str
    required: bool = False
    max_length: int | None = None
    kind: str = "text"  # text, date, email, or "index" (the STT column, ignored)
    text_format: bool = False  # formatted as text in the template (leading zeros, dates)

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


HAMLET_COLUMNS = (
    Column("index", "STT", kind="index"),
    Column("name", "Tên thôn/tổ dân phố", required=True, max_length=_max_length(Area, "name")),
    Column("kind", "Loại", required=True),
    Column("code", "Mã", max_length=_max_length(Area, "code"), text_format=True),
    Column("aliases", "Tên gọi khác", max_length=_max_length(Area, "aliases")),
    Column("valid_from", "Hiệu lực từ ngày (dd/mm/yyyy)", kind="date", text_format=True),
)
ORGANIZATION_COLUMNS = (
    Column("index", "STT", kind="index"),
    Column("name", "Tên tổ chức", required=True, max_length=_max_length(Organization, "name")),
    Column("kind", "Loại tổ chức", required=True),
    Column("hamlet", "Thuộc thôn/tổ dân phố"),
    Column("parent", "Thuộc tổ chức"),
    Column("short_name", "Tên viết tắt", max_length=_max_length(Organization, "short_name")),
    Column("phone", "Điện thoại", max_length=_max_length(Organization, "phone"), text_format=True),
    Column("email", "Thư điện tử", max_length=_max_length(Organization, "email"), kind="email"),
    Column("address", "Địa chỉ", max_length=_max_length(Organization, "address")),
)
SHEETS = {HAMLET_SHEET: HAMLET_COLUMNS, ORGANIZATION_SHEET: ORGANIZATION_COLUMNS}

DATE_PATTERN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


#
# Problems
#


@dataclass
class Problem:
    """One problem of the file, located as Excel shows it (sheet, row number, column letter)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: Column | None = None
    position: int | None = None  # 1-based column index, for the letter

    def as_dict(self) -> dict:
        letter = get_column_letter(self.position) if self.position else ""
        header = self.column.header if self.column else ""
        if letter:
            where = f"{self.sheet} · {letter} ({header})" if header else f"{self.sheet} · {letter}"
        else:
            where = self.sheet
        return {
            "sheet": self.sheet,
            "row": self.row,
            "letter": letter,
            "header": header,
            "column": where,
            "message": self.message,
        }

    def sort_key(self):
        return (list(SHEETS).index(self.sheet) if self.sheet in SHEETS else -1, self.row or 0, self.position or 0)


def cell_problem(sheet: str, row: int, key: str, message: str) -> Problem:
    columns = SHEETS[sheet]
    position = next(i for i, c in enumerate(columns, start=1) if c.key == key)
    return Problem(message=message, sheet=sheet, row=row, column=columns[position - 1], position=position)


#
# Reading
#


@dataclass
class SheetRow:
    """A non-blank data row: its Excel row number and its values by column key (text or date)."""

    number: int
    values: dict[str, Any]


@dataclass
class ParsedFile:
    hamlets: list[SheetRow] = field(default_factory=list)
    organizations: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.hamlets) + len(self.organizations)


def clean_text(value) -> str:
    """Return a cell as text: NFC-normalised (Vietnamese typed in NFD matches), spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = str(value)
    elif isinstance(value, float) and value.is_integer():
        value = str(int(value))  # a code typed as a number may arrive as 12.0
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def name_key(value: str) -> str:
    """Return the key two names are compared by: case-insensitive, diacritics kept ("Ấp 1" = "ấp 1")."""
    return clean_text(value).casefold()


def _header_key(value) -> str:
    return fold(clean_text(value).replace("*", ""))


def unreadable_message() -> str:
    return _(
        "Không đọc được tệp Excel (tệp hỏng, có mật khẩu hoặc không phải định dạng .xlsx). "
        "Hãy mở tệp bằng Excel, lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại."
    )


def check_readable(fileobj) -> str | None:
    """Return a Vietnamese message if `fileobj` is not a readable .xlsx workbook, else None."""
    message = unreadable_message()
    try:
        fileobj.seek(0)
        if not zipfile.is_zipfile(fileobj):
            return message
        fileobj.seek(0)
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
        workbook.close()
    except Exception:  # noqa: BLE001 -- openpyxl raises many exception types for a corrupt file
        return message
    finally:
        fileobj.seek(0)
    return None


def _read_sheet(worksheet, sheet: str, parsed: ParsedFile) -> list[SheetRow]:
    columns = SHEETS[sheet]
    worksheet.reset_dimensions()  # some writers store a wrong size; read what is really there
    rows = worksheet.iter_rows(values_only=True)
    header = list(next(rows, ()))
    header_ok = True
    for position in range(1, max(len(header), len(columns)) + 1):
        found = clean_text(header[position - 1]) if position <= len(header) else ""
        if position <= len(columns):
            expected = columns[position - 1]
            if _header_key(found) != _header_key(expected.header):
                header_ok = False
                parsed.problems.append(
                    Problem(
                        _("Tiêu đề cột phải là “%(expected)s” (tệp có “%(found)s”). Hãy dùng tệp mẫu mới nhất.")
                        % {"expected": expected.template_header, "found": found},
                        sheet=sheet,
                        row=1,
                        column=expected,
                        position=position,
                    )
                )
        elif found:
            header_ok = False
            parsed.problems.append(
                Problem(
                    _("Cột “%(found)s” không có trong mẫu. Hãy dùng tệp mẫu mới nhất.") % {"found": found},
                    sheet=sheet,
                    row=1,
                    position=position,
                )
            )
    if not header_ok:
        return []
    result = []
    for number, cells in enumerate(rows, start=2):
        values = {}
        for position, column in enumerate(columns):
            raw = cells[position] if position < len(cells) else None
            if column.kind == "date" and isinstance(raw, datetime.datetime | datetime.date):
                values[column.key] = raw.date() if isinstance(raw, datetime.datetime) else raw
            else:
                values[column.key] = clean_text(raw)
        if not any(value for key, value in values.items() if key != "index"):
            continue  # blank row (a pre-numbered STT alone does not count)
        if len(result) == MAX_ROWS_PER_SHEET:
            parsed.problems.append(
                Problem(
                    _("Trang %(sheet)s có quá %(max)s dòng dữ liệu; hãy chia thành nhiều tệp.")
                    % {"sheet": sheet, "max": f"{MAX_ROWS_PER_SHEET:,}".replace(",", ".")},
                    sheet=sheet,
                    row=number,
                )
            )
            return []
        result.append(SheetRow(number=number, values=values))
    return result


def read_workbook(fileobj) -> ParsedFile:
    """Read both data sheets; file-level problems (sheets, headers, no data) go to `problems`."""
    parsed = ParsedFile()
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 -- openpyxl raises many exception types for a corrupt file
        parsed.problems.append(Problem(unreadable_message()))
        return parsed
    try:
        for sheet in SHEETS:
            if sheet not in workbook.sheetnames:
                parsed.problems.append(
                    Problem(
                        _(
                            "Tệp thiếu trang tính “%(sheet)s”. Hãy dùng tệp mẫu tải về từ trang nhập dữ liệu "
                            "và giữ nguyên tên các trang tính."
                        )
                        % {"sheet": sheet},
                        sheet=sheet,
                    )
                )
        if parsed.problems:
            return parsed
        parsed.hamlets = _read_sheet(workbook[HAMLET_SHEET], HAMLET_SHEET, parsed)
        parsed.organizations = _read_sheet(workbook[ORGANIZATION_SHEET], ORGANIZATION_SHEET, parsed)
    finally:
        workbook.close()
    if not parsed.problems and not parsed.row_count:
        parsed.problems.append(
            Problem(
                _("Tệp không có dòng dữ liệu nào: trang %(hamlets)s và trang %(organizations)s đều trống.")
                % {"hamlets": HAMLET_SHEET, "organizations": ORGANIZATION_SHEET}
            )
        )
    return parsed
