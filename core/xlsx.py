"""Read the cell values of an uploaded .xlsx, fast.

`Book(fileobj).rows(sheet)` yields each row's values exactly as openpyxl's
`load_workbook(read_only=True, data_only=True)` and `worksheet.iter_rows(values_only=True)` give
them (after `reset_dimensions()`): numbers as int or float, dates as datetime (from the cell's
number format and the workbook's 1900/1904 calendar), booleans, strings (shared, inline, or a
formula's cached text), error codes as text ("#N/A"), a formula's cached result (never the
formula), and `None` for an empty cell. A row is as wide as its last cell; a row missing from the
file comes as an empty tuple, so row numbers stay those of the sheet. One difference: a row whose
cells are written out of order (which the format does not allow) keeps all of them, where
openpyxl drops those after the last one written.

openpyxl still reads the package: the manifest, the workbook (sheet names and paths, calendar)
and the styles (which formats are dates). Only the two costly parts are done here, with
ElementTree and no object per cell: the shared strings (openpyxl builds a rich-text object for
each) and the rows. openpyxl's read-only worksheet also parses the whole sheet once more on
opening when the file does not state its size, as files written by programs often do not.
On a 10,000-row registration list this reads in about a third of openpyxl's time.
`core/tests/test_xlsx.py` checks the values against openpyxl's for files written by openpyxl
(inline strings), saved by LibreOffice (shared strings, cached formula results), and for
hand-written XML edge cases. `Book` calls openpyxl's package-reading steps (`ExcelReader`) and
reads the date styles it finds (`Workbook._date_formats`): an openpyxl version that changes them
fails those tests.

Any error while reading (a corrupt zip member, malformed XML) is raised as `XlsxError`.
"""

import functools
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

_NS = f"{{{SHEET_MAIN_NS}}}"  # ElementTree's "{namespace}tag"
_ROW = _NS + "row"
_VALUE = _NS + "v"
_INLINE = _NS + "is"
_TEXT = _NS + "t"
_RUN = _NS + "r"
_STRING_ITEM = _NS + "si"
_WORKSHEET_TYPE = "/worksheet"


class XlsxError(Exception):
    """The file cannot be read as an .xlsx workbook."""


@functools.cache
def _column_number(letters: str) -> int:
    """The column's number from its letters: A → 1, AA → 27 (a few dozen distinct per file)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _text(node) -> str:
    """The text of a string item (`<si>` or `<is>`): its plain `<t>`, then its runs' `<t>`s;
    phonetic runs (`<rPh>`) left out, as openpyxl does."""
    parts = []
    plain = node.find(_TEXT)
    if plain is not None and plain.text is not None:
        parts.append(plain.text)
    for run in node.iterfind(_RUN):
        text = run.find(_TEXT)
        if text is not None and text.text is not None:
            parts.append(text.text)
    return "".join(parts)


def _row_number(given: str) -> int:
    try:
        return int(given)
    except ValueError:
        number = float(given)
        if not number.is_integer():
            raise
        return int(number)


def _cast_number(value: str):
    return float(value) if "." in value or "E" in value or "e" in value else int(value)


class Book:
    """An .xlsx workbook opened to read its worksheets' values. Close it (or use `with`)."""

    def __init__(self, fileobj):
        try:
            reader = ExcelReader(fileobj, read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
        except Exception as error:
            raise XlsxError(str(error)) from error
        self._archive = reader.archive
        workbook = reader.wb
        self._epoch = workbook.epoch
        self._date_styles = workbook._date_formats
        self._timedelta_styles = workbook._timedelta_formats
        self._paths = {
            sheet.name: rel.target
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and rel.Type.endswith(_WORKSHEET_TYPE)
        }
        part = reader.package.find(SHARED_STRINGS)
        self._strings_path = part.PartName[1:] if part is not None else None
        self._strings: list[str] | None = None

    @property
    def sheetnames(self) -> list[str]:
        return list(self._paths)

    def close(self) -> None:
        self._archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def xml(self, sheet: str) -> bytes:
        """The sheet's XML, as stored."""
        try:
            return self._archive.read(self._paths[sheet])
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise XlsxError(str(error)) from error

    def rows(self, sheet: str) -> Iterator[tuple]:
        """Yield the values of every row of `sheet`, from row 1 (see the module docstring)."""
        try:
            yield from self._rows(self._paths[sheet])
        except (ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError, IndexError) as error:
            raise XlsxError(str(error)) from error

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            strings = []
            if self._strings_path:
                with self._archive.open(self._strings_path) as source:
                    for _event, node in iterparse(source):
                        if node.tag == _STRING_ITEM:
                            strings.append(_text(node).replace("x005F_", ""))
                            node.clear()
            self._strings = strings
        return self._strings

    def _rows(self, path: str) -> Iterator[tuple]:
        strings = self._shared_strings()
        date_styles, timedelta_styles, epoch = self._date_styles, self._timedelta_styles, self._epoch
        expected = 1
        number = 0
        with self._archive.open(path) as source:
            for _event, node in iterparse(source):
                if node.tag != _ROW:
                    continue
                given = node.get("r")
                number = number + 1 if given is None else _row_number(given)
                while expected < number:  # rows the file leaves out
                    expected += 1
                    yield ()
                if expected == number:
                    expected += 1
                    yield self._row(node, strings, date_styles, timedelta_styles, epoch)
                node.clear()

    @staticmethod
    def _row(node, strings, date_styles, timedelta_styles, epoch) -> tuple:
        cells = []
        column = 0
        for cell in node:
            reference = cell.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                column = _column_number(letters)
            else:
                column += 1
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = cell.find(_INLINE)
                value = None if inline is None else _text(inline)
            else:
                value = cell.findtext(_VALUE) or None
                if value is not None:
                    if kind == "n":
                        value = _cast_number(value)
                        style = int(cell.get("s") or 0)
                        if style in date_styles:
                            try:
                                value = from_excel(value, epoch, timedelta=style in timedelta_styles)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif kind == "s":
                        value = strings[int(value)]
                    elif kind == "b":
                        value = bool(int(value))
                    elif kind == "d":
                        value = from_ISO8601(value)
            cells.append((column, value))
        if not cells:
            return ()
        # As wide as its last cell; openpyxl takes the last one written, which loses the cells
        # written after it when a (non-conforming) file has them out of order.
        width = max(position for position, _value in cells)
        values = [None] * width
        for position, value in cells:
            if position >= 1:
                values[position - 1] = value
        return tuple(values)
