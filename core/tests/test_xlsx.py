"""core.xlsx reads every cell value as openpyxl's read-only reader does (values only), faster.

Each test compares with `load_workbook(read_only=True, data_only=True)` and
`iter_rows(values_only=True)` after `reset_dimensions()` (what the imports used before), and
states the expected values too, so a mistake both readers shared would still fail.
"""

import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from core.xlsx import Book, XlsxError

DATA = Path(__file__).parent / "data"


def openpyxl_rows(content: bytes, sheet: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    worksheet = workbook[sheet]
    worksheet.reset_dimensions()
    rows = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def book_rows(content: bytes, sheet: str) -> list[tuple]:
    with Book(io.BytesIO(content)) as book:
        return list(book.rows(sheet))


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replaced(content: bytes, parts: dict[str, bytes]) -> bytes:
    """Return the package `content` with the members in `parts` replaced (or added)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item, source.read(item))
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def sample_rows(sheet) -> None:
    sheet.append(["STT", "Tên mô hình*", "Ngày", "Số hộ", "Tỷ lệ", "Có"])
    sheet.append([1, "Đường hoa nông thôn mới", datetime.date(2025, 7, 1), 10700, 0.25, True])
    sheet.append([2, "  Ấp  Bắc  ", datetime.datetime(2025, 12, 31, 8, 30), "1.234,5", -1.5, False])
    sheet.append([])
    sheet.append([None, None, None, None, None, None, None, "H"])
    sheet.append([3, "=A2*2", datetime.time(7, 45), "0012", 1e20, None])


EXPECTED_SAMPLE = [
    ("STT", "Tên mô hình*", "Ngày", "Số hộ", "Tỷ lệ", "Có"),
    (1, "Đường hoa nông thôn mới", datetime.datetime(2025, 7, 1), 10700, 0.25, True),
    (2, "  Ấp  Bắc  ", datetime.datetime(2025, 12, 31, 8, 30), "1.234,5", -1.5, False),
    (),
    (None, None, None, None, None, None, None, "H"),
    # openpyxl writes a formula without its result: read as empty.
    (3, None, datetime.time(7, 45), "0012", 1e20),
]


def test_a_file_saved_by_libreoffice():
    content = (DATA / "libreoffice.xlsx").read_bytes()

    rows = book_rows(content, "Danh_sach")

    assert rows == openpyxl_rows(content, "Danh_sach")
    assert rows[1] == (1, "Đường hoa nông thôn mới", datetime.datetime(2025, 7, 1), 10700, 0.25, True)
    assert rows[2][6] == 4  # a formula's cached result
    assert rows[3] == ()  # a row the file leaves out
    assert rows[4][6] == "Đường hoa nông thôn mới mới"  # a formula's cached text (t="str")
    assert rows[5] == (None, None, None, datetime.datetime(2025, 7, 1), "#DIV/0!")
    assert rows[7] == ("Xã Long Điền", datetime.time(7, 45), "0012")  # rich text, time, text digits
    assert len(rows[8]) == 10
    assert book_rows(content, "Huong_dan") == [(), (None, "Hướng dẫn")]


@pytest.mark.parametrize("write_only", [False, True], ids=["workbook", "write-only"])
def test_a_file_written_by_openpyxl(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Danh_sach") if write_only else workbook.active
    sheet.title = "Danh_sach"
    sample_rows(sheet)
    if not write_only:
        sheet["A8"] = CellRichText("Xã ", TextBlock(InlineFont(b=True), "Long Điền"))
    content = saved(workbook)

    rows = book_rows(content, "Danh_sach")

    assert rows == openpyxl_rows(content, "Danh_sach")
    assert rows[:6] == EXPECTED_SAMPLE
    if not write_only:
        assert rows[7] == ("Xã Long Điền",)


def base_package(date1904: bool = False) -> bytes:
    """A package whose style 1 is a date format and style 2 a duration, to put hand-written XML in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh_sach"
    sheet["A1"] = datetime.date(2025, 7, 1)
    sheet["B1"] = datetime.timedelta(hours=30)
    sheet["C1"] = "chuỗi dùng chung"
    if date1904:
        workbook.epoch = datetime.datetime(1904, 1, 1)
    return saved(workbook)


SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'
)
STRINGS_PART = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
STRINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>'
)


def styles_of(content: bytes) -> tuple[int, int]:
    """The style ids openpyxl gave the date (A1) and the duration (B1) in `content`."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    return int(re.search(r'r="A1" s="(\d+)"', xml).group(1)), int(re.search(r'r="B1" s="(\d+)"', xml).group(1))


@pytest.mark.filterwarnings("ignore:Cell C6 is marked as a date")  # openpyxl, reading the reference
def test_hand_written_cells_and_strings():
    base = base_package()
    date_style, duration_style = styles_of(base)
    rows = (
        # No r on the row nor the cells: counted from the previous ones.
        '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>'
        # A row number written as a float, cells placed by their reference.
        '<row r="3.0"><c r="B3" t="e"><v>#N/A</v></c><c r="D3" t="str"><f>A1</f><v>văn bản</v></c></row>'
        f'<row r="4"><c r="A4" s="{date_style}"><v>45839.5</v></c><c r="B4" s="{duration_style}"><v>1.25</v></c>'
        '<c r="C4" t="d"><v>2025-07-01T08:00:00</v></c><c r="D4" t="b"><v>0</v></c><c r="E4"><v>1E3</v></c>'
        '<c r="F4"><v></v></c><c r="G4" t="inlineStr"><is><r><t>Ấp </t></r><r><t>Bắc</t></r>'
        '<rPh sb="0" eb="1"><t>ふりがな</t></rPh></is></c></row>'
        # A date beyond Excel's calendar is an error, as openpyxl reads it; cells out of order.
        f'<row r="6"><c r="C6" s="{date_style}"><v>99999999</v></c><c r="A6"><v>7</v></c></row>'
        # A row written twice or out of order is read once, where it first comes.
        '<row r="5"><c r="A5"><v>5</v></c></row>'
        '<row r="7"><c r="AA7"><v>27</v></c></row>'
    )
    strings = (
        '<si><t xml:space="preserve"> Thôn 1 </t></si>'
        '<si><r><t>Khu phố </t></r><r><rPr><b/></rPr><t>2</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>'
        "<si><t>_x005F_x000D_ giữ nguyên</t></si>"
    )
    with zipfile.ZipFile(io.BytesIO(base)) as package:
        manifest = package.read("[Content_Types].xml").replace(b"</Types>", STRINGS_PART)
    content = replaced(
        base,
        {
            "[Content_Types].xml": manifest,
            "xl/worksheets/sheet1.xml": SHEET.format(rows).encode(),
            "xl/sharedStrings.xml": STRINGS.format(strings).encode(),
        },
    )

    rows = book_rows(content, "Danh_sach")

    reference = openpyxl_rows(content, "Danh_sach")
    assert rows[:5] == reference[:5]
    assert rows[6:] == reference[6:]
    assert reference[5] == (7,)  # openpyxl drops C6, written before A6
    assert rows[0] == (" Thôn 1 ", "Khu phố 2", "_x000D_ giữ nguyên")
    assert rows[1] == ()
    assert rows[2] == (None, "#N/A", None, "văn bản")
    assert rows[3] == (
        datetime.datetime(2025, 7, 1, 12, 0),
        datetime.timedelta(days=1, hours=6),
        datetime.datetime(2025, 7, 1, 8, 0),
        False,
        1000.0,
        None,
        "Ấp Bắc",
    )
    assert rows[4] == ()  # row 5 came after row 6 in the file
    assert rows[5] == (7, None, "#VALUE!")
    assert rows[6] == (*(None,) * 26, 27)


def test_the_1904_calendar():
    base = base_package(date1904=True)
    date_style, _duration = styles_of(base)
    content = replaced(
        base,
        {
            "xl/worksheets/sheet1.xml": SHEET.format(
                f'<row r="1"><c r="A1" s="{date_style}"><v>1</v></c></row>'
            ).encode()
        },
    )

    assert book_rows(content, "Danh_sach") == openpyxl_rows(content, "Danh_sach") == [(datetime.datetime(1904, 1, 2),)]


def test_sheet_names_are_the_worksheets_in_order():
    workbook = Workbook()
    workbook.active.title = "Thon_To_dan_pho"
    workbook.create_sheet("To_chuc")
    workbook.create_chartsheet("Biểu đồ")

    with Book(io.BytesIO(saved(workbook))) as book:
        assert book.sheetnames == ["Thon_To_dan_pho", "To_chuc"]


@pytest.mark.parametrize(
    "content",
    [b"", b"khong phai excel", b"PK\x03\x04 hong", replaced(base_package(), {"[Content_Types].xml": b"<Types"})],
    ids=["empty", "text", "broken-zip", "broken-manifest"],
)
def test_an_unreadable_file_is_an_xlsx_error(content):
    with pytest.raises(XlsxError):
        Book(io.BytesIO(content))


def test_malformed_sheet_xml_is_an_xlsx_error_when_read():
    content = replaced(
        base_package(), {"xl/worksheets/sheet1.xml": SHEET.format('<row r="1"><c r="A1"><v>1</c>').encode()}
    )

    with Book(io.BytesIO(content)) as book, pytest.raises(XlsxError):
        list(book.rows("Danh_sach"))
