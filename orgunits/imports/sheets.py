"""The workbook's layout (sheets, columns) and reading it (the generic parts are in core.imports)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.imports import Column, ParsedFile, Problem, SheetRow, opened_workbook, read_sheet
from core.imports import cell_problem as _cell_problem
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
    Column("phone", "Điện thoại", max_length=_max_length(Organization, "phone"), kind="phone", text_format=True),
    Column("email", "Thư điện tử", max_length=_max_length(Organization, "email"), kind="email"),
    Column("address", "Địa chỉ", max_length=_max_length(Organization, "address")),
    Column("reports_to", "Báo cáo về (tổ chức cấp xã)", added_later=True),
)
SHEETS = {HAMLET_SHEET: HAMLET_COLUMNS, ORGANIZATION_SHEET: ORGANIZATION_COLUMNS}


def cell_problem(sheet: str, row: int, key: str, message: str) -> Problem:
    return _cell_problem(SHEETS[sheet], sheet, row, key, message)


#
# Reading
#


@dataclass
class UnitsFile(ParsedFile):
    """The hamlet and organization rows of the file."""

    @property
    def hamlets(self) -> list[SheetRow]:
        return self.sheets.get(HAMLET_SHEET, [])

    @property
    def organizations(self) -> list[SheetRow]:
        return self.sheets.get(ORGANIZATION_SHEET, [])


def read_workbook(fileobj) -> UnitsFile:
    """Read both data sheets; file-level problems (sheets, headers, no data) go to `problems`."""
    parsed = UnitsFile()
    with opened_workbook(fileobj, SHEETS, parsed) as workbook:
        if workbook is None:
            return parsed
        for sheet, columns in SHEETS.items():
            parsed.sheets[sheet] = read_sheet(workbook, columns, sheet, parsed.problems, MAX_ROWS_PER_SHEET)
    if not parsed.problems and not parsed.row_count:
        parsed.problems.append(
            Problem(
                _("Tệp không có dòng dữ liệu nào: trang %(hamlets)s và trang %(organizations)s đều trống.")
                % {"hamlets": HAMLET_SHEET, "organizations": ORGANIZATION_SHEET}
            )
        )
    return parsed
