"""The registration list's layout (the columns provinces use, one per result metric) and reading it."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.imports import (
    Column,
    ParsedFile,
    Problem,
    SheetRow,
    check_header,
    header_key,
    header_problem,
    opened_workbook,
    read_rows,
)
from core.text import clean_text
from initiatives.models import Initiative, ResultMetric

IMPORT_JOB_KIND = "initiatives.import"
DATA_SHEET = "Danh_sach"
HELP_SHEET = "Huong_dan"
LISTS_SHEET = "Danh_muc"
MAX_ROWS = 10_000


def _max_length(name: str) -> int:
    return Initiative._meta.get_field(name).max_length


# The fixed columns, in the order of the provinces' registration lists; one column per result
# metric follows them (`metric_column`).
FIXED_COLUMNS = (
    Column("index", "STT", kind="index"),
    Column("name", "Tên mô hình/điển hình", required=True, max_length=_max_length("name")),
    Column("kind", "Mô hình/Điển hình", required=True),
    Column("subject", "Tập thể/Cá nhân", required=True),
    Column("person_name", "Họ tên cá nhân", max_length=_max_length("person_name")),
    Column("organization", "Đơn vị đăng ký", required=True),
    Column("area", "Địa bàn thực hiện"),
    Column("field", "Lĩnh vực", required=True),
    Column("year", "Năm", required=True, kind="integer"),
    Column("stage", "Giai đoạn"),
    Column("registered_on", "Ngày đăng ký (dd/mm/yyyy)", kind="date", text_format=True),
    Column("start_date", "Ngày bắt đầu (dd/mm/yyyy)", kind="date", text_format=True),
    Column("goals", "Mục tiêu"),
    Column("method", "Cách làm"),
    Column("forces", "Lực lượng tham gia"),
    Column("contact_name", "Người liên hệ", max_length=_max_length("contact_name")),
    Column("contact_phone", "Điện thoại", max_length=_max_length("contact_phone"), kind="phone", text_format=True),
)
# Where the model's validation errors are shown (Initiative field → column key).
FIELD_COLUMNS = {column.key: column.key for column in FIXED_COLUMNS if column.key != "index"}


def active_metrics() -> list[ResultMetric]:
    return list(ResultMetric.objects.filter(is_active=True).order_by("sort_order", "name"))


def metric_header(metric: ResultMetric) -> str:
    return f"{metric.name} ({metric.unit})"


def metric_column(metric: ResultMetric) -> Column:
    return Column(f"metric_{metric.pk}", metric_header(metric), kind="number")


def template_columns(metrics: list[ResultMetric]) -> tuple[Column, ...]:
    return FIXED_COLUMNS + tuple(metric_column(metric) for metric in metrics)


@dataclass
class RegistrationFile(ParsedFile):
    """The rows of the data sheet, with the columns as found in the file (the fixed ones, then the
    result metrics the file has, in its order)."""

    columns: tuple[Column, ...] = FIXED_COLUMNS
    metrics: dict[str, ResultMetric] = field(default_factory=dict)  # column key → metric

    @property
    def rows(self) -> list[SheetRow]:
        return self.sheets.get(DATA_SHEET, [])


def _metric_columns(header: list, parsed: RegistrationFile) -> list[Column]:
    """Resolve the header cells after the fixed columns to result metrics (by their header, in any
    order, any subset); report unknown, inactive and repeated ones."""
    by_header = {header_key(metric_header(metric)): metric for metric in ResultMetric.objects.all()}
    columns: list[Column] = []
    seen: dict[int, int] = {}
    for position in range(len(FIXED_COLUMNS) + 1, len(header) + 1):
        found = clean_text(header[position - 1])
        metric = by_header.get(header_key(found))
        if not found:
            columns.append(Column(f"blank_{position}", "", kind="index"))  # an empty column is skipped
            continue
        if metric is None:
            parsed.problems.append(header_problem(DATA_SHEET, position, found))
        elif not metric.is_active:
            parsed.problems.append(
                Problem(
                    _("Loại kết quả “%(metric)s” đã ngừng sử dụng: xóa cột này hoặc dùng tệp mẫu mới nhất.")
                    % {"metric": found},
                    sheet=DATA_SHEET,
                    row=1,
                    position=position,
                )
            )
        elif metric.pk in seen:
            parsed.problems.append(
                Problem(
                    _("Cột “%(metric)s” bị lặp (đã có ở cột số %(first)s).")
                    % {"metric": found, "first": seen[metric.pk]},
                    sheet=DATA_SHEET,
                    row=1,
                    position=position,
                )
            )
        else:
            seen[metric.pk] = position
            column = metric_column(metric)
            parsed.metrics[column.key] = metric
            columns.append(column)
            continue
        columns.append(Column(f"bad_{position}", found, kind="index"))
    return columns


def read_workbook(fileobj, progress: Callable[[int], None] | None = None) -> RegistrationFile:
    """Read the data sheet; file-level problems (sheet, headers, no data, too many rows) go to `problems`."""
    parsed = RegistrationFile()
    with opened_workbook(fileobj, [DATA_SHEET], parsed) as workbook:
        if workbook is None:
            return parsed
        rows = workbook.rows(DATA_SHEET)
        header = list(next(rows, ()))
        fixed_ok = check_header(header[: len(FIXED_COLUMNS)], FIXED_COLUMNS, DATA_SHEET, parsed.problems)
        parsed.columns = FIXED_COLUMNS + tuple(_metric_columns(header, parsed))
        if fixed_ok and not parsed.problems:
            parsed.sheets[DATA_SHEET] = read_rows(rows, parsed.columns, DATA_SHEET, parsed.problems, MAX_ROWS, progress)
    if not parsed.problems and not parsed.row_count:
        parsed.problems.append(
            Problem(_("Trang %(sheet)s không có dòng dữ liệu nào.") % {"sheet": DATA_SHEET}, sheet=DATA_SHEET)
        )
    return parsed
