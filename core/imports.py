"""Excel imports: the parts every import shares.

An import reads an uploaded .xlsx (core.xlsx), checks every row and reports every
problem with its sheet, row and column, and writes nothing unless the whole file is valid. The
apps describe their sheets with `Column`s and plug their checks and writes into `ImportRun`;
this module holds the rest: reading cells, parsing Vietnamese dates and numbers, the problem
model, template helpers, the upload form, and the job's run from file to succeeded or failed.

Progress and the write transaction (`ImportRun.run`): while the file is read and checked,
`progress_done` is saved outside any transaction (at most every 0.5 s), so the polling job page
sees it. Updates made inside the write transaction would stay invisible until the commit on
PostgreSQL (and SQLite holds its write lock meanwhile), so the write phase reports none: the
job's message says the data is being written, and the job is marked succeeded, at 100 %, in the
same transaction as the data. The job never says "succeeded" for data that is not there, nor
"running" for data that is.
"""

import datetime
import functools
import io
import logging
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core import jobs
from core.audit import acting_as
from core.models import Job
from core.text import clean_text, fold, name_key
from core.validators import PHONE_MESSAGE, is_vietnamese_phone
from core.xlsx import Book, XlsxError

logger = logging.getLogger(__name__)

DATE_PATTERN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# yyyy-mm-dd (ISO 8601), as programs and some spreadsheets write a date as text.
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A date cell holding a bare number: often Excel's serial number of a date (45839 is 01/07/2025)
# that lost its date format.
BARE_NUMBER = re.compile(r"^\d+([.,]\d+)?$")
# Vietnamese number formats: "10.700", "1.234,5", "10700", "10700,5" (dot groups thousands,
# comma marks decimals). "1.5" is refused rather than guessed: is it 1,5 or a typo for 1.500?
GROUPED_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
PLAIN_NUMBER = re.compile(r"^\d+(?:,\d+)?$")
MAX_ERRORS = 1_000
PROGRESS_EVERY = 100

#
# Columns and problems
#


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its key, its header in the template and how it is checked."""

    key: str
    header: str
    required: bool = False
    max_length: int | None = None
    kind: str = "text"  # text, date, email, phone, number, integer, or "index" (the STT column, ignored)
    text_format: bool = False  # formatted as text in the template (leading zeros, dates)
    added_later: bool = False  # a last column added to the template: files made before read it as empty

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


@dataclass
class Problem:
    """One problem of the file, located as Excel shows it (sheet, row number, column letter)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: Column | None = None
    position: int | None = None  # 1-based column index, for the letter
    code: str = ""  # "formula": the cell's other problems follow from it and are not shown

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


def sort_problems(problems: list[Problem], sheets: Sequence[str]) -> None:
    """Sort `problems` in place as a reader goes through the file: by sheet, row, then column.
    A cell whose formula has no stored result keeps that problem only."""
    formulas = {(p.sheet, p.row, p.position) for p in problems if p.code == "formula"}
    if formulas:
        problems[:] = [p for p in problems if p.code == "formula" or (p.sheet, p.row, p.position) not in formulas]
    order = {sheet: index for index, sheet in enumerate(sheets)}
    problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.position or 0))


def cell_problem(columns: Sequence[Column], sheet: str, row: int, key: str, message: str) -> Problem:
    """Return a problem of the cell of column `key` in `row`."""
    position = next(i for i, c in enumerate(columns, start=1) if c.key == key)
    return Problem(message=message, sheet=sheet, row=row, column=columns[position - 1], position=position)


#
# Cell values
#


@dataclass
class SheetRow:
    """A non-blank data row: its Excel row number and its values by column key.

    Values are text, except that a date column keeps a real date and a number column keeps a
    real number when the cell holds one (so 10700.5 typed as a number is not re-read as text).
    """

    number: int
    values: dict[str, Any]


_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


@functools.lru_cache(maxsize=100_000)
def match_key(value) -> str:
    """Return the key a typed name is matched by: folded (no case, no diacritics) and with every
    dash written as "-" without spaces around it ("Văn hóa – xã hội" = "van hoa-xa hoi").

    Cached: a list names the same organizations, fields and places over and over."""
    return _DASHES.sub("-", fold(clean_text(value)))


def header_key(value) -> str:
    return fold(clean_text(value).replace("*", ""))


def parse_date(value) -> datetime.date | None:
    """Return the date of a cell: a real date, or text dd/mm/yyyy (also with "." or "-") or
    yyyy-mm-dd; None if empty. Raise ValueError if invalid.

    Every import reads its date columns through this (check_cells, then the validations)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date) or not value:
        return value or None
    if match := DATE_PATTERN.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE_PATTERN.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(value)
    return datetime.date(year, month, day)


def date_problem(value) -> str | None:
    """Return what is wrong with a date cell, or None if it holds a date (or nothing)."""
    try:
        parse_date(value)
    except ValueError:
        if isinstance(value, str) and BARE_NUMBER.match(value):
            return _(
                "“%(value)s” là một số, không phải ngày: ghi ngày dạng dd/mm/yyyy (ví dụ 01/07/2025) "
                "hoặc định dạng ô là ngày."
            ) % {"value": value}
        return _("Ngày không hợp lệ, dùng dd/mm/yyyy.")
    return None


def parse_number(value, decimal_places: int = 2) -> Decimal | None:
    """Return the number of a cell, written the Vietnamese way ("10.700", "1.234,5") or stored as a
    number; None if empty. Raise ValueError if it is not such a number or has more decimals.

    A number cell keeps its value; float noise from Excel arithmetic (0.1 + 0.2) is rounded to
    `decimal_places`, a real extra decimal is refused.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(value)
        if value.is_integer():
            return Decimal(int(value))
        number = Decimal(repr(value))
        rounded = number.quantize(Decimal(1).scaleb(-decimal_places))
        if abs(number - rounded) > Decimal("1e-9"):
            raise ValueError(value)
        return rounded.normalize()
    text = str(value).replace("\u00a0", "").replace(" ", "")
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not (GROUPED_NUMBER.match(digits) or PLAIN_NUMBER.match(digits)):
        raise ValueError(value)
    try:
        number = Decimal(digits.replace(".", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(value) from error
    if -number.as_tuple().exponent > decimal_places:
        raise ValueError(value)
    return -number if negative else number


def check_cells(columns: Sequence[Column], sheet: str, row: SheetRow, problems: list[Problem]) -> bool:
    """Check required, length, date, number, e-mail and phone of every cell of `row`; return whether all passed.

    Number cells must be ≥ 0 (the quantities imports carry are counts and amounts).
    """
    ok = True
    for column in columns:
        value = row.values[column.key]
        message = None
        if column.required and value in ("", None):
            message = _("Bắt buộc, chưa nhập.")
        elif column.kind == "date" and value:
            message = date_problem(value)
        elif column.kind in {"number", "integer"} and value not in ("", None):
            message = _number_problem(value, integer=column.kind == "integer")
        elif column.max_length and isinstance(value, str) and len(value) > column.max_length:
            message = _("Dài quá %(max)s ký tự (hiện có %(length)s ký tự).") % {
                "max": column.max_length,
                "length": len(value),
            }
        elif column.kind == "email" and value:
            try:
                validate_email(value)
            except ValidationError:
                message = _("Thư điện tử không hợp lệ.")
        elif column.kind == "phone" and value not in ("", None) and not is_vietnamese_phone(value):
            message = str(PHONE_MESSAGE)
        if message:
            problems.append(cell_problem(columns, sheet, row.number, column.key, message))
            ok = False
    return ok


def _number_problem(value, integer: bool) -> str | None:
    try:
        number = parse_number(value, decimal_places=0 if integer else 2)
    except ValueError:
        if integer:
            return _("“%(value)s” không phải số nguyên.") % {"value": clean_text(value)}
        return _(
            "“%(value)s” không phải số hợp lệ: ghi số theo dạng 10.700 hoặc 1.234,5 "
            "(dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân, tối đa 2 chữ số thập phân)."
        ) % {"value": clean_text(value)}
    if number is not None and number < 0:
        return _("Không được là số âm.")
    if number is not None and number >= Decimal(10) ** 16:
        return _("Số quá lớn.")
    return None


#
# Reading
#


def unreadable_message() -> str:
    return _(
        "Không đọc được tệp Excel (tệp hỏng, có mật khẩu hoặc không phải định dạng .xlsx). "
        "Hãy mở tệp bằng Excel, lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại."
    )


def unreadable_problem() -> "Problem":
    return Problem(unreadable_message())


def check_readable(fileobj) -> str | None:
    """Return a Vietnamese message if `fileobj` is not a readable .xlsx workbook, else None."""
    message = unreadable_message()
    try:
        fileobj.seek(0)
        if not zipfile.is_zipfile(fileobj):
            return message
        fileobj.seek(0)
        Book(fileobj).close()
    except XlsxError:
        return message
    finally:
        fileobj.seek(0)
    return None


def open_workbook(fileobj, sheets: Iterable[str], problems: list[Problem]) -> Book | None:
    """Open `fileobj` to read its values (core.xlsx); return the workbook, or None after adding the
    problems (unreadable file, missing sheets, formulas without results) to `problems`. The caller
    closes the workbook, and catches `XlsxError` while reading rows (`unreadable_problem()`)."""
    try:
        workbook = Book(fileobj)
    except XlsxError:
        problems.append(unreadable_problem())
        return None
    missing = [sheet for sheet in sheets if sheet not in workbook.sheetnames]
    for sheet in missing:
        problems.append(
            Problem(
                _(
                    "Tệp thiếu trang tính “%(sheet)s”. Hãy dùng tệp mẫu tải về từ trang nhập dữ liệu "
                    "và giữ nguyên tên các trang tính."
                )
                % {"sheet": sheet},
                sheet=sheet,
            )
        )
    if missing:
        workbook.close()
        return None
    try:
        for sheet in sheets:
            problems.extend(uncalculated_formulas(workbook, sheet))
    except XlsxError:
        workbook.close()
        problems.append(unreadable_problem())
        return None
    return workbook


_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]+)"')
_CACHED_VALUE = re.compile(rb"<v>[^<]")
_FORMULA = re.compile(rb"<f[ >/]")


def uncalculated_formulas(workbook: Book, sheet: str) -> list[Problem]:
    """Return a problem for every formula cell of `sheet` stored without its result.

    Excel and LibreOffice save a formula's last result next to it, and the import reads that
    result. A file written by a program that does not calculate has the formula only: its cells
    would read as empty, a required cell would be reported as not filled in and an optional one
    silently lost. Only the sheet's XML is scanned, and only when it has a formula at all.
    """
    xml = workbook.xml(sheet)
    if b"<f>" not in xml and b"<f " not in xml:  # no formula at all: the usual case, and fast
        return []
    data_start, data_end = xml.find(b"<sheetData"), xml.find(b"</sheetData>")
    if data_start == -1 or data_end == -1:
        return []
    problems = []
    formula = _FORMULA.search(xml, data_start, data_end)
    while formula:
        cell_start = xml.rfind(b"<c ", data_start, formula.start())
        cell_end = xml.find(b"</c>", formula.start(), data_end)
        if cell_start == -1 or cell_end == -1:
            break
        cell = xml[cell_start:cell_end]
        ref = _CELL_REF.match(cell)
        if ref and not _CACHED_VALUE.search(cell):
            letters, row = ref.group(1).decode(), int(ref.group(2))
            problems.append(
                Problem(
                    _(
                        "Ô %(cell)s có công thức nhưng tệp không lưu kết quả tính (tệp không do Excel lưu). "
                        "Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi tải lên; hoặc thay công thức bằng giá trị."
                    )
                    % {"cell": f"{letters}{row}"},
                    sheet=sheet,
                    row=row,
                    position=column_index_from_string(letters),
                    code="formula",
                )
            )
        formula = _FORMULA.search(xml, cell_end, data_end)
    return problems


def sheet_rows(workbook: Book, sheet: str) -> Iterator[tuple]:
    """Iterate over the rows' values, as stored (core.xlsx ignores the size a file states,
    which some writers record wrongly)."""
    return workbook.rows(sheet)


def header_problem(sheet: str, position: int, found: str, expected: Column | None = None) -> Problem:
    """Return the problem of a header cell that differs from the template."""
    if expected is None:
        message = _("Cột “%(found)s” không có trong mẫu. Hãy dùng tệp mẫu mới nhất.") % {"found": found}
    else:
        message = _("Tiêu đề cột phải là “%(expected)s” (tệp có “%(found)s”). Hãy dùng tệp mẫu mới nhất.") % {
            "expected": expected.template_header,
            "found": found,
        }
    return Problem(message, sheet=sheet, row=1, column=expected, position=position)


def check_header(header: Sequence, columns: Sequence[Column], sheet: str, problems: list[Problem]) -> bool:
    """Compare the header row with `columns` (case, diacritics and * ignored); return whether it matches."""
    ok = True
    for position in range(1, max(len(header), len(columns)) + 1):
        found = clean_text(header[position - 1]) if position <= len(header) else ""
        if position <= len(columns):
            if not found and columns[position - 1].added_later:
                continue
            if header_key(found) != header_key(columns[position - 1].header):
                ok = False
                problems.append(header_problem(sheet, position, found, columns[position - 1]))
        elif found:
            ok = False
            problems.append(header_problem(sheet, position, found))
    return ok


def read_rows(
    rows: Iterator[tuple],
    columns: Sequence[Column],
    sheet: str,
    problems: list[Problem],
    max_rows: int,
    progress: Callable[[int], None] | None = None,
) -> list[SheetRow]:
    """Read the data rows that follow the header: blank rows are skipped; more than `max_rows`
    rows is a problem (and nothing is returned)."""
    result = []
    keys = [column.key for column in columns]
    count = len(keys)
    typed = [(position, column.kind) for position, column in enumerate(columns) if column.kind in _TYPED]
    index = keys.index("index") if "index" in keys else None
    padding = (None,) * count
    for number, cells in enumerate(rows, start=2):
        if len(cells) < count:
            cells = (*cells, *padding[: count - len(cells)])
        # Every cell as clean text (the hot loop of a 10,000-row file: no function call for an
        # empty cell), then the typed columns again from the raw cells.
        texts = ["" if cell is None else clean_text(cell) for cell in (cells if len(cells) == count else cells[:count])]
        for position, kind in typed:
            texts[position] = _typed_value(cells[position], kind)
        if not any(value not in ("", None) for position, value in enumerate(texts) if position != index):
            continue  # blank row (a pre-numbered STT alone does not count)
        values = dict(zip(keys, texts, strict=True))
        if len(result) == max_rows:
            problems.append(
                Problem(
                    _("Trang %(sheet)s có quá %(max)s dòng dữ liệu; hãy chia thành nhiều tệp.")
                    % {"sheet": sheet, "max": f"{max_rows:,}".replace(",", ".")},
                    sheet=sheet,
                    row=number,
                )
            )
            return []
        result.append(SheetRow(number=number, values=values))
        if progress and len(result) % PROGRESS_EVERY == 0:
            progress(len(result))
    return result


_TYPED = {"date", "number", "integer"}


def _typed_value(raw, kind: str):
    if kind == "date" and isinstance(raw, datetime.datetime | datetime.date):
        return raw.date() if isinstance(raw, datetime.datetime) else raw
    if kind in {"number", "integer"} and isinstance(raw, int | float) and not isinstance(raw, bool):
        return raw
    return clean_text(raw)


def read_sheet(workbook: Book, columns: Sequence[Column], sheet: str, problems: list[Problem], max_rows: int):
    """Read a sheet laid out exactly as `columns`: header check, then the data rows."""
    rows = sheet_rows(workbook, sheet)
    if not check_header(list(next(rows, ())), columns, sheet, problems):
        return []
    return read_rows(rows, columns, sheet, problems, max_rows)


#
# Lookups
#


def lookup_by_name(items, name=lambda item: item.name, codes=lambda item: (item.code,)) -> dict[str, Any]:
    """Map each item's name (case-insensitive, then without diacritics when unambiguous) and codes to it."""
    lookup: dict[str, Any] = {}
    folded: dict[str, list] = {}
    for item in items:
        folded.setdefault(match_key(name(item)), []).append(item)
    for key, matches in folded.items():
        if len(matches) == 1:
            lookup[key] = matches[0]
    for item in items:
        for code in codes(item):
            if code:
                lookup[code.casefold()] = item
        lookup[name_key(name(item))] = item
    return lookup


def find_by_name(lookup: dict, value: str):
    """Return the item of `lookup_by_name` that `value` names, or None."""
    return lookup.get(name_key(value)) or lookup.get(match_key(value))


#
# Templates
#

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


#
# The upload
#


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")


class ExcelUploadForm(forms.Form):
    """The upload: one .xlsx file, checked for type, size and readability before a Job is made."""

    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Hãy chọn tệp Excel (.xlsx) cần nhập."),
            "empty": gettext_lazy("Tệp tải lên rỗng (0 byte). Hãy chọn lại tệp đã điền dữ liệu."),
            "invalid": gettext_lazy("Không nhận được tệp. Hãy chọn lại tệp."),
        },
        widget=forms.FileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _(
                    "Chỉ nhận tệp Excel .xlsx. Nếu dữ liệu đang ở dạng .xls, .csv hoặc .ods, hãy mở bằng Excel "
                    "và lưu lại dưới dạng “Excel Workbook (.xlsx)”."
                )
            )
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size)s MB); chỉ nhận tệp đến %(max)s MB. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"size": megabytes(upload.size), "max": megabytes(settings.IMPORT_MAX_BYTES)}
            )
        problem = check_readable(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload


#
# The job
#


@dataclass
class ParsedFile:
    """What was read from the file: the rows of each data sheet and the file-level problems."""

    sheets: dict[str, list[SheetRow]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.sheets.values())


def create_job(*, kind: str, title: str, user, target, upload, filename: str) -> Job:
    """Store the uploaded file on a new pending import Job for `target` (an area); the caller
    enqueues the task once the Job is committed."""
    job = Job(
        kind=kind,
        title=title,
        created_by=user,
        scope_path=target.path,
        target_id=target.pk,
        input_name=upload.name[:255],
    )
    job.input_file.save(filename, upload, save=False)
    job.save()
    return job


def run_claimed(job_id: int, kind: str, run_class: type["ImportRun"]) -> None:
    """Claim the pending job `job_id` of `kind` and run it with `run_class`, as its creator
    (audit entries are attributed to them); log and return if it is missing or already claimed."""
    job = jobs.claim(job_id, kind)
    if job is None:
        logger.warning("Import job %s is missing or was already started; nothing to do", job_id)
        return
    with acting_as(job.created_by):
        run_class(job).run()


class ImportRun:
    """The run of one claimed import Job to succeeded or failed (never left running).

    Subclasses implement the hooks; `run()` does the rest: progress, messages, all-or-nothing.
    The write happens in one transaction, after `lock()` and `recheck()` against fresh data, so a
    row someone else added since the first check is reported instead of duplicated.
    """

    missing_target_message = ""

    def __init__(self, job: Job):
        self.job = job
        self.target = None

    # Hooks

    def get_target(self):
        """Return the unit the job imports into, or None if it is gone."""
        raise NotImplementedError

    def read(self, fileobj) -> ParsedFile:
        """Read the file; file-level problems go to the result's `problems`."""
        raise NotImplementedError

    def validate(self, parsed: ParsedFile, progress: Callable[[int], None] | None = None):
        """Check every row; return (plan, problems). The plan is meaningful only without problems."""
        raise NotImplementedError

    def lock(self) -> None:
        """Lock what concurrent imports must not change meanwhile (called inside the transaction)."""

    def recheck(self, parsed: ParsedFile, plan):
        """Check again, after `lock()`, against fresh data; return (plan, problems).

        By default the whole file is validated again; an import whose rows depend on the database
        in only a few ways may check just those (it must then say what it does not re-check).
        """
        return self.validate(parsed)

    def write(self, plan) -> tuple[str, dict]:
        """Write the plan (inside the transaction); return the success message and the job's result."""
        raise NotImplementedError

    # The run

    def run(self) -> None:
        """Run the job; unexpected exceptions are logged and fail the job, with nothing written."""
        try:
            self._run()
        except Exception:
            logger.exception("Import job %s failed unexpectedly", self.job.pk)
            fail(
                self.job,
                _(
                    "Có lỗi ngoài dự kiến khi nhập dữ liệu; chưa ghi dữ liệu nào. "
                    "Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống (mã công việc %(id)s)."
                )
                % {"id": self.job.pk},
            )

    def _run(self) -> None:
        job = self.job
        self.target = self.get_target()
        if self.target is None:
            fail(job, str(self.missing_target_message))
            return
        jobs.save_fields(job, message=_("Đang đọc tệp…"))
        with job.input_file.open("rb") as stored:
            # In memory (the upload is at most IMPORT_MAX_BYTES): openpyxl seeks and reads the zip
            # in many small pieces, which a storage's file object serves more slowly.
            content = stored.read()
        parsed = self.read(io.BytesIO(content))
        if parsed.problems:
            fail_with_problems(job, parsed.problems)
            return

        # Validation, with progress saved outside any transaction so the job page can show it.
        jobs.save_fields(job, progress_total=parsed.row_count, progress_done=0, message=_("Đang kiểm tra dữ liệu…"))
        plan, problems = self.validate(parsed, progress=jobs.progress_saver(job))
        if problems:
            job.progress_done = parsed.row_count  # every row was checked
            fail_with_problems(job, problems)
            return

        # Writing, all or nothing; the job's success is committed with the data.
        jobs.save_fields(job, progress_done=parsed.row_count, message=_("Dữ liệu hợp lệ, đang ghi vào hệ thống…"))
        with transaction.atomic():
            self.lock()
            plan, problems = self.recheck(parsed, plan)
            if problems:
                transaction.set_rollback(True)
            else:
                message, result = self.write(plan)
                jobs.save_fields(
                    job,
                    status=Job.Status.SUCCEEDED,
                    progress_done=parsed.row_count,
                    message=message,
                    result=result,
                    finished_at=timezone.now(),
                )
        if problems:
            fail_with_problems(job, problems)


def fail(job: Job, message: str, problems: Sequence[Problem] = ()) -> None:
    """Mark `job` failed with `message` and (at most MAX_ERRORS of) `problems`."""
    errors = [problem.as_dict() for problem in problems[:MAX_ERRORS]]
    if len(problems) > MAX_ERRORS:
        message = f"{message} " + _("Chỉ hiển thị %(shown)s lỗi đầu tiên trong tổng số %(total)s lỗi.") % {
            "shown": MAX_ERRORS,
            "total": len(problems),
        }
    jobs.save_fields(
        job,
        status=Job.Status.FAILED,
        message=message,
        errors=errors,
        progress_done=job.progress_done,
        finished_at=timezone.now(),
    )


def fail_with_problems(job: Job, problems: Sequence[Problem]) -> None:
    fail(
        job,
        _("Không nhập được: tệp có %(count)s lỗi, chưa ghi dữ liệu nào. Hãy sửa các lỗi dưới đây rồi tải tệp lên lại.")
        % {"count": len(problems)},
        problems,
    )
