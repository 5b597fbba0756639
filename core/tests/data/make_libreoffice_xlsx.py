"""Make core/tests/data/libreoffice.xlsx, the file core/tests/test_xlsx.py reads as LibreOffice saves it.

openpyxl writes the cells (text, numbers, dates, a time, booleans, formulas, rich text, gaps);
LibreOffice Calc then opens and saves the file, which gives what Calc and Excel write and openpyxl
does not: shared strings, the sheet's size, and each formula's cached result. Run from the
project root (needs `apt-get install libreoffice-calc-nogui`):

    uv run python core/tests/data/make_libreoffice_xlsx.py
"""

import datetime
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

TARGET = Path(__file__).with_name("libreoffice.xlsx")


def source(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh_sach"
    sheet.append(["STT", "Tên mô hình*", "Ngày", "Số hộ", "Tỷ lệ", "Có", "Ghi chú"])
    sheet.append([1, "Đường hoa nông thôn mới", datetime.date(2025, 7, 1), 10700, 0.25, True, None])
    sheet.append([2, "  Ấp  Bắc  ", datetime.datetime(2025, 12, 31, 8, 30), "1.234,5", 1.5, False, "=A3*2"])
    sheet.append([])
    sheet.append([4, None, None, None, None, None, '=B2&" mới"'])
    sheet["C5"].number_format = "dd/mm/yyyy"
    sheet["D6"] = 45839
    sheet["D6"].number_format = "dd/mm/yyyy"
    sheet["E6"] = "=1/0"
    sheet["A8"] = CellRichText("Xã ", TextBlock(InlineFont(b=True), "Long Điền"))
    sheet["B8"] = datetime.time(7, 45)
    sheet["C8"] = "0012"
    sheet["J9"] = "xa"
    workbook.create_sheet("Huong_dan")["B2"] = "Hướng dẫn"
    workbook.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source(folder / "libreoffice.xlsx")
        (folder / "out").mkdir()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(folder / "out"),
                str(folder / "libreoffice.xlsx"),
            ],
            check=True,
            timeout=120,
        )
        shutil.copyfile(folder / "out" / "libreoffice.xlsx", TARGET)


if __name__ == "__main__":
    main()
