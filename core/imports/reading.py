"""Reading an uploaded workbook: readability, formulas without results, headers, the data rows."""

import datetime
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string

from core.imports.cells import Column, Problem, SheetRow, header_key
from core.text import clean_text
from core.xlsx import Book, XlsxError

PROGRESS_EVERY = 100


@dataclass
class ParsedFile:
    """What was read from the file: the rows of each data sheet and the file-level problems."""

    sheets: dict[str, list[SheetRow]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.sheets.values())


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


@contextmanager
def opened_workbook(fileobj, sheets: Iterable[str], parsed: ParsedFile) -> Iterator[Book | None]:
    """Give the workbook to read `sheets` from (None when `open_workbook` refused it), and close it.

    A file that breaks while its rows are read (a damaged sheet) ends the block: what was read
    is dropped and the file is reported unreadable in `parsed`, as one that does not open.
    """
    workbook = open_workbook(fileobj, sheets, parsed.problems)
    if workbook is None:
        yield None
        return
    try:
        yield workbook
    except XlsxError:
        parsed.sheets.clear()
        parsed.problems.append(unreadable_problem())
    finally:
        workbook.close()


def open_workbook(fileobj, sheets: Iterable[str], problems: list[Problem]) -> Book | None:
    """Open `fileobj` to read its values (core.xlsx); return the workbook, or None after adding the
    problems (unreadable file, missing sheets, formulas without results) to `problems`. The caller
    closes the workbook (`opened_workbook` does both)."""
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
    rows = workbook.rows(sheet)
    if not check_header(list(next(rows, ())), columns, sheet, problems):
        return []
    return read_rows(rows, columns, sheet, problems, max_rows)
