"""The .xlsx template users fill in: two data sheets, instructions with examples, and lists."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.exports import workbook_bytes
from core.imports import HEADER_FILL, HEADER_FONT, data_sheet, list_validation
from orgunits.imports.sheets import (
    HAMLET_COLUMNS,
    HAMLET_SHEET,
    HELP_SHEET,
    LISTS_SHEET,
    ORGANIZATION_COLUMNS,
    ORGANIZATION_SHEET,
)
from orgunits.imports.validation import hamlet_kinds, organization_kinds
from orgunits.models import Area, Organization

TEMPLATE_ROWS = 2_000  # rows of the data sheets covered by the dropdowns


def build_template(commune: Area) -> bytes:
    """Return the .xlsx template for `commune`: two data sheets, instructions and the lists used."""
    area_kinds = list(hamlet_kinds())
    org_kinds = list(organization_kinds())
    current_hamlets = list(Area.objects.filter(parent=commune).current().select_related("kind").order_by("name"))
    current_orgs = list(
        Organization.objects.filter(area__in=[commune, *current_hamlets])
        .current()
        .select_related("kind", "area")
        .order_by("area__name", "name")
    )
    workbook = Workbook()
    help_sheet = workbook.active
    help_sheet.title = HELP_SHEET
    _help(help_sheet, commune)

    hamlets = data_sheet(workbook, HAMLET_SHEET, HAMLET_COLUMNS, (6, 32, 16, 12, 30, 18))
    kind_list = list_validation(LISTS_SHEET, "A", _("Loại thôn/tổ dân phố"), len(area_kinds))
    hamlets.add_data_validation(kind_list)
    kind_list.add(f"C2:C{TEMPLATE_ROWS + 1}")

    organizations = data_sheet(
        workbook, ORGANIZATION_SHEET, ORGANIZATION_COLUMNS, (6, 40, 30, 26, 34, 14, 14, 26, 34, 34)
    )
    org_kind_list = list_validation(LISTS_SHEET, "B", _("Loại tổ chức"), len(org_kinds))
    organizations.add_data_validation(org_kind_list)
    org_kind_list.add(f"C2:C{TEMPLATE_ROWS + 1}")

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append(
        [
            _("Loại thôn/tổ dân phố"),
            _("Loại tổ chức"),
            _("Thôn/tổ dân phố đang có"),
            _("Tổ chức đang có"),
            _("Nơi hoạt động"),
            _("Loại tổ chức đang có"),
        ]
    )
    for cell in lists[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for position, width in enumerate((24, 40, 30, 44, 30, 36), start=1):
        lists.column_dimensions[get_column_letter(position)].width = width
    for index in range(max(len(area_kinds), len(org_kinds), len(current_hamlets), len(current_orgs))):
        org = current_orgs[index] if index < len(current_orgs) else None
        lists.append(
            [
                area_kinds[index].name if index < len(area_kinds) else None,
                org_kinds[index].name if index < len(org_kinds) else None,
                current_hamlets[index].name if index < len(current_hamlets) else None,
                org.name if org else None,
                org.area.name if org else None,
                org.kind.name if org else None,
            ]
        )
    lists.freeze_panes = "A2"

    return workbook_bytes(workbook)


def _help(sheet, commune: Area) -> None:
    """Write the instructions, with example rows (examples live here so they are never imported)."""
    sheet.column_dimensions["A"].width = 30
    for letter in "BCDEFGHIJ":
        sheet.column_dimensions[letter].width = 24
    lines = [
        (_("HƯỚNG DẪN NHẬP THÔN/TỔ DÂN PHỐ VÀ TỔ CHỨC TỪ EXCEL"), True),
        (_("Đơn vị nhận dữ liệu: %(commune)s") % {"commune": commune.name}, False),
        ("", False),
        (
            _("1. Nhập thôn, ấp, bản, tổ dân phố... vào trang %(sheet)s, mỗi dòng một đơn vị.")
            % {"sheet": HAMLET_SHEET},
            False,
        ),
        (_("2. Nhập các tổ chức vào trang %(sheet)s, mỗi dòng một tổ chức.") % {"sheet": ORGANIZATION_SHEET}, False),
        (_("3. Cột có dấu * là bắt buộc. Không đổi tên trang tính, không thêm, bớt hay đổi thứ tự cột."), False),
        (
            _("4. Cột “Loại” và “Loại tổ chức”: chọn trong danh sách thả xuống (xem trang %(sheet)s).")
            % {"sheet": LISTS_SHEET},
            False,
        ),
        (
            _(
                "5. Ngày ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025. Các cột ngày, mã và điện thoại để dạng văn bản "
                "để giữ nguyên số 0 ở đầu."
            ),
            False,
        ),
        (
            _(
                "6. “Thuộc thôn/tổ dân phố”: tên một thôn/tổ dân phố đang có của xã (xem trang %(sheet)s) "
                "hoặc có trên trang %(hamlets)s; để trống nếu tổ chức hoạt động ở cấp xã."
            )
            % {"sheet": LISTS_SHEET, "hamlets": HAMLET_SHEET},
            False,
        ),
        (
            _(
                "7. “Thuộc tổ chức”: tên tổ chức cấp trên hoạt động cùng nơi, đã có sẵn hoặc nằm ở dòng phía trên "
                "trên trang %(sheet)s; để trống nếu không có."
            )
            % {"sheet": ORGANIZATION_SHEET},
            False,
        ),
        (
            _(
                "8. “Báo cáo về (tổ chức cấp xã)”: với tổ chức ở thôn/tổ dân phố, tên tổ chức của xã nhận báo cáo "
                "của tổ chức này (ví dụ Tổ dân vận báo cáo Khối dân vận xã), đã có sẵn hoặc ở bất kỳ dòng nào trên "
                "trang %(sheet)s; để trống nếu không có."
            )
            % {"sheet": ORGANIZATION_SHEET},
            False,
        ),
        (_("9. Tên không được trùng trong tệp, không trùng thôn/tổ dân phố hay tổ chức đang có cùng nơi."), False),
        (
            _(
                "10. Hệ thống kiểm tra toàn bộ tệp trước khi ghi: nếu có bất kỳ lỗi nào thì chưa ghi dữ liệu nào, "
                "danh sách lỗi ghi rõ trang, dòng, cột để sửa rồi tải lên lại."
            ),
            False,
        ),
        ("", False),
        (_("Ví dụ trang %(sheet)s:") % {"sheet": HAMLET_SHEET}, True),
    ]
    for text, bold in lines:
        sheet.append([text])
        if bold:
            sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
    examples = [
        [c.template_header for c in HAMLET_COLUMNS],
        [1, "Thôn Đông", "Thôn", "", "Xóm Đông", "01/07/2025"],
        [2, "Tổ dân phố 3", "Tổ dân phố", "", "", ""],
        [],
        [_("Ví dụ trang %(sheet)s:") % {"sheet": ORGANIZATION_SHEET}],
        [c.template_header for c in ORGANIZATION_COLUMNS],
        [1, "Chi bộ Thôn Đông", "Chi bộ", "Thôn Đông", "", "", "", "", "", ""],
        [
            2,
            "Tổ dân vận Thôn Đông",
            "Tổ dân vận",
            "Thôn Đông",
            "Chi bộ Thôn Đông",
            "",
            "0912345678",
            "",
            "",
            "Khối dân vận xã",
        ],
        [
            3,
            "Ban công tác Mặt trận Tổ dân phố 3",
            "Ban công tác Mặt trận",
            "Tổ dân phố 3",
            "",
            "BCTMT TDP3",
            "",
            "",
            "",
            "",
        ],
        [4, "Hội Nông dân xã", "Hội Nông dân", "", "", "HND", "", "hoinongdan@example.vn", "", ""],
        [5, "Khối dân vận xã", "Khối dân vận", "", "", "", "", "", "", ""],
    ]
    for values in examples:
        sheet.append(values)
        if values and (values[0] == "STT" or len(values) == 1):
            for cell in sheet[sheet.max_row]:
                cell.font = HEADER_FONT
