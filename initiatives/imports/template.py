"""The .xlsx template of a registration list: instructions, the data sheet with dropdowns, and lists."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.exports import workbook_bytes
from core.imports import HEADER_FILL, HEADER_FONT, WRAP, data_sheet, list_validation
from initiatives.choices import InitiativeKind, Subject
from initiatives.imports.sheets import (
    DATA_SHEET,
    FIXED_COLUMNS,
    HELP_SHEET,
    LISTS_SHEET,
    MAX_ROWS,
    active_metrics,
    template_columns,
)
from initiatives.imports.validation import load_existing
from initiatives.models import InitiativeField, Stage
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR
from orgunits.models import Area

FIXED_WIDTHS = (6, 40, 14, 12, 24, 36, 26, 26, 8, 20, 14, 14, 36, 36, 28, 22, 14)
METRIC_WIDTH = 18
LIST_HEADERS = (
    # (header, width) of the lists sheet's columns A, B, C...
    (gettext_lazy("Mô hình/Điển hình"), 18),
    (gettext_lazy("Tập thể/Cá nhân"), 16),
    (gettext_lazy("Lĩnh vực"), 40),
    (gettext_lazy("Giai đoạn"), 22),
    (gettext_lazy("Đơn vị đăng ký"), 48),
    (gettext_lazy("Địa bàn của đơn vị"), 28),
    (gettext_lazy("Loại đơn vị"), 32),
    (gettext_lazy("Địa bàn thực hiện"), 40),
    (gettext_lazy("Kết quả định lượng"), 44),
    (gettext_lazy("Đơn vị tính"), 14),
)


def _letter(key: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(FIXED_COLUMNS, start=1) if c.key == key))


def build_template(area: Area) -> bytes:
    """Return the .xlsx template for `area`: its organizations and areas are in the lists sheet."""
    existing = load_existing(area)
    metrics = active_metrics()
    fields = list(InitiativeField.objects.filter(is_active=True))
    stages = list(Stage.objects.filter(is_active=True))
    lists_columns = [
        [str(choice.label) for choice in InitiativeKind],
        [str(choice.label) for choice in Subject],
        [item.name for item in fields],
        [item.name for item in stages],
        [label for _organization, label in existing.organization_labels],
        [organization.area.name for organization, _label in existing.organization_labels],
        [organization.kind.name for organization, _label in existing.organization_labels],
        [label for _area, label in existing.area_labels],
        [metric.name for metric in metrics],
        [metric.unit for metric in metrics],
    ]

    workbook = Workbook()
    help_sheet = workbook.active
    help_sheet.title = HELP_SHEET
    _help(help_sheet, area, metrics, fields, stages)

    columns = template_columns(metrics)
    data = data_sheet(workbook, DATA_SHEET, columns, FIXED_WIDTHS + (METRIC_WIDTH,) * len(metrics))
    last_row = MAX_ROWS + 1
    dropdowns = [
        # (data column, lists column, title, strict)
        ("kind", "A", _("Mô hình/Điển hình"), True),
        ("subject", "B", _("Tập thể/Cá nhân"), True),
        ("field", "C", _("Lĩnh vực"), True),
        ("stage", "D", _("Giai đoạn"), True),
        # Other spellings of organizations and areas are accepted too: a warning only.
        ("organization", "E", _("Đơn vị đăng ký"), False),
        ("area", "H", _("Địa bàn thực hiện"), False),
    ]
    for key, lists_letter, title, strict in dropdowns:
        count = len(lists_columns[ord(lists_letter) - ord("A")])
        if not count:
            continue
        validation = list_validation(LISTS_SHEET, lists_letter, title, count, strict=strict)
        data.add_data_validation(validation)
        validation.add(f"{_letter(key)}2:{_letter(key)}{last_row}")
    year = DataValidation(
        type="whole",
        operator="between",
        formula1=str(MIN_YEAR),
        formula2=str(MAX_YEAR),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Năm"),
        error=_("Năm là số nguyên từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
    )
    data.add_data_validation(year)
    year.add(f"{_letter('year')}2:{_letter('year')}{last_row}")
    if metrics:
        amounts = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=_("Kết quả định lượng"),
            error=_("Kết quả là số không âm, ví dụ 10.700 hoặc 1.234,5."),
        )
        data.add_data_validation(amounts)
        first, last = get_column_letter(len(FIXED_COLUMNS) + 1), get_column_letter(len(columns))
        amounts.add(f"{first}2:{last}{last_row}")

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append([str(header) for header, _width in LIST_HEADERS])
    for position, (_header, width) in enumerate(LIST_HEADERS, start=1):
        lists.column_dimensions[get_column_letter(position)].width = width
        lists.cell(row=1, column=position).font = HEADER_FONT
        lists.cell(row=1, column=position).fill = HEADER_FILL
    for index in range(max(len(values) for values in lists_columns)):
        lists.append([values[index] if index < len(values) else None for values in lists_columns])
    lists.freeze_panes = "A2"

    return workbook_bytes(workbook)


def _help(sheet, area: Area, metrics, fields, stages) -> None:
    """Write the instructions, with an example row (examples live here so they are never imported)."""
    sheet.column_dimensions["A"].width = 120
    lines = [
        (_("HƯỚNG DẪN NHẬP DANH SÁCH ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” TỪ EXCEL"), True),
        (_("Địa bàn nhận dữ liệu: %(area)s") % {"area": area.name}, False),
        ("", False),
        (_("1. Nhập vào trang %(sheet)s, mỗi dòng một mô hình hoặc điển hình.") % {"sheet": DATA_SHEET}, False),
        (_("2. Cột có dấu * là bắt buộc. Không đổi tên trang tính, không đổi tên hay thứ tự các cột."), False),
        (
            _(
                "3. “Mô hình/Điển hình”, “Tập thể/Cá nhân”, “Lĩnh vực”, “Giai đoạn”: chọn trong danh sách thả xuống "
                "(xem trang %(sheet)s)."
            )
            % {"sheet": LISTS_SHEET},
            False,
        ),
        (
            _(
                "4. “Đơn vị đăng ký”: tên một đơn vị thuộc %(area)s, ghi như cột “Đơn vị đăng ký” của trang %(sheet)s "
                "(không phân biệt chữ hoa, chữ thường, có dấu hay không dấu; đơn vị trùng tên thì ghi kèm địa bàn "
                "trong ngoặc)."
            )
            % {"area": area.name, "sheet": LISTS_SHEET},
            False,
        ),
        (
            _(
                "5. “Địa bàn thực hiện”: tên thôn, tổ dân phố hoặc xã nơi thực hiện, thuộc địa bàn của đơn vị đăng ký; "
                "nếu trùng tên thì ghi thêm tên xã sau dấu phẩy (ví dụ “Thôn 1, Xã A”); để trống nếu thực hiện trên "
                "toàn địa bàn của đơn vị."
            ),
            False,
        ),
        (_("6. “Họ tên cá nhân” bắt buộc với điển hình cá nhân."), False),
        (
            _(
                "7. Năm từ %(min)s đến %(max)s; nếu ghi giai đoạn thì năm phải thuộc giai đoạn. Ngày ghi dd/mm/yyyy, "
                "ví dụ 01/03/2025. Ngày đăng ký phải thuộc năm đăng ký và không sau ngày nhập; để trống thì lấy "
                "ngày nhập (chỉ khi năm đăng ký là năm nay). Điện thoại ghi một số, ví dụ 0912 345 678 hoặc "
                "(0254) 3.123.456."
            )
            % {"min": MIN_YEAR, "max": MAX_YEAR},
            False,
        ),
        (
            _(
                "8. Các cột kết quả định lượng (sau cột “Điện thoại”): số không âm, ghi kiểu Việt Nam: dấu chấm ngăn "
                "cách hàng nghìn, dấu phẩy trước phần thập phân (10.700; 1.234,5), tối đa 2 chữ số thập phân; bỏ "
                "trống nếu không có. Có thể xóa các cột kết quả không dùng."
            ),
            False,
        ),
        (
            _(
                "9. Tên mô hình không được trùng trong tệp, cũng không trùng mô hình đã đăng ký của cùng đơn vị "
                "trong cùng năm."
            ),
            False,
        ),
        (
            _(
                "10. Hệ thống kiểm tra toàn bộ tệp trước khi ghi: nếu có bất kỳ lỗi nào thì chưa ghi dữ liệu nào, "
                "danh sách lỗi ghi rõ dòng, cột để sửa rồi tải lên lại. Tối đa %(max)s dòng một tệp."
            )
            % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
            False,
        ),
        ("", False),
        (_("Ví dụ trang %(sheet)s:") % {"sheet": DATA_SHEET}, True),
    ]
    for text, bold in lines:
        sheet.append([text])
        sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
        if bold:
            sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
    sheet.append([column.template_header for column in template_columns(metrics)])
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
    example = [
        1,
        "Thắp sáng đường quê",
        str(InitiativeKind.MODEL.label),
        str(Subject.COLLECTIVE.label),
        "",
        _("(tên đơn vị, ví dụ Ủy ban MTTQ xã)"),
        _("(tên thôn, để trống nếu toàn xã)"),
        fields[0].name if fields else "",
        2025,
        next((stage.name for stage in stages if stage.covers(2025)), ""),
        "01/03/2025",
        "15/03/2025",
        "Lắp đèn chiếu sáng các tuyến đường thôn",
        "Vận động nhân dân góp tiền, ngày công",
        "Hội Nông dân, Đoàn Thanh niên, nhân dân",
        "Nguyễn Văn A",
        "0912345678",
    ]
    sheet.append(example + ["10.700" if index == 0 else "" for index in range(len(metrics))])
