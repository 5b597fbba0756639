"""Formula cells stored without their result (a file written by a program that does not
calculate) are reported by cell, instead of reading as empty."""

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from core.imports import Problem, open_workbook, sort_problems


def workbook_bytes(cache_results: bool) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    sheet.append(["Tên", "Số hộ", "Ghi chú"])
    sheet.append(["Ấp Bắc", 12, '=A2&" mới"'])
    sheet.append(["Ấp Nam", "=B2*2", "không"])
    rule = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    rule.add("B2:B10")
    sheet.add_data_validation(rule)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not cache_results:
        return io.BytesIO(buffer.getvalue())
    # As Excel saves it: each formula followed by its last result.
    patched = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb"(<f>[^<]*</f>)<v\s*/>|(<f>[^<]*</f>)<v></v>|(<f>[^<]*</f>)(?!<v)", rb"\1\2\3<v>1</v>", data
                )
            target.writestr(item, data)
    return io.BytesIO(patched.getvalue())


def test_formulas_without_results_are_reported_by_cell():
    problems: list[Problem] = []

    workbook = open_workbook(workbook_bytes(cache_results=False), ["Dữ liệu"], problems)
    workbook.close()

    assert [(p.sheet, p.row, p.position) for p in problems] == [("Dữ liệu", 2, 3), ("Dữ liệu", 3, 2)]
    assert problems[1].message.startswith("Ô B3 có công thức nhưng tệp không lưu kết quả tính")


def test_formulas_with_their_results_are_read_as_values():
    problems: list[Problem] = []

    workbook = open_workbook(workbook_bytes(cache_results=True), ["Dữ liệu"], problems)
    values = list(workbook.rows("Dữ liệu"))
    workbook.close()

    assert problems == []
    assert values[2] == ("Ấp Nam", 1, "không")


def test_a_formula_cell_keeps_only_its_formula_problem():
    formula = Problem("công thức", sheet="Dữ liệu", row=3, position=2, code="formula")
    required = Problem("Bắt buộc, chưa nhập.", sheet="Dữ liệu", row=3, position=2)
    other = Problem("Bắt buộc, chưa nhập.", sheet="Dữ liệu", row=3, position=1)
    problems = [required, other, formula]

    sort_problems(problems, ["Dữ liệu"])

    assert problems == [other, formula]
