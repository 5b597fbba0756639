"""Choices of the periodic-reporting engine: period types, value types, aggregation rules, states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    SIX_MONTHS = "six_months", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")
    CUSTOM = "custom", _("Tùy chọn (đột xuất)")


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENT = "percent", _("Tỷ lệ (%)")
    BOOLEAN = "boolean", _("Có/không")
    TEXT = "text", _("Văn bản")


class TreeAggregation(models.TextChoices):
    """How the values of the units beneath a unit add up to the unit's value."""

    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Trung bình")
    NONE = "none", _("Không tổng hợp")


class TimeAggregation(models.TextChoices):
    """How the values of shorter periods make a longer period's value (months → a quarter)."""

    SUM = "sum", _("Cộng")
    LAST = "last", _("Giá trị kỳ cuối")
    AVERAGE = "average", _("Trung bình")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Bị trả lại")


class SectionKind(models.TextChoices):
    FIGURES = "figures", _("Số liệu")
    PROSE = "prose", _("Nội dung")


class Comparison(models.TextChoices):
    LE = "le", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    GE = "ge", "≥"
    GT = "gt", ">"


class ReportAction(models.TextChoices):
    CREATE = "create", _("Tạo báo cáo")
    SUBMIT = "submit", _("Gửi báo cáo")
    APPROVE = "approve", _("Duyệt")
    APPROVE_WITHOUT_CHILDREN = "approve_without_children", _("Duyệt khi cấp dưới chưa đủ")
    RETURN = "return", _("Trả lại")
    REOPEN = "reopen", _("Mở lại để sửa")


class ValueSource(models.TextChoices):
    TYPED = "typed", _("Nhập tay")
    PROVIDER = "provider", _("Lấy tự động từ dữ liệu hệ thống")
    ROLLUP = "rollup", _("Tổng hợp từ đơn vị cấp dưới")


class ReminderKind(models.TextChoices):
    """Why a unit was reminded: automatically before or after the deadline, or by an approver."""

    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    MANUAL = "manual", _("Cấp trên nhắc")


class Timeliness(models.TextChoices):
    """Whether an organization's report came in by the deadline (completeness and timeliness)."""

    ON_TIME = "on_time", _("Nộp đúng hạn")
    LATE = "late", _("Nộp trễ hạn")
    OVERDUE = "overdue", _("Quá hạn, chưa nộp")
    PENDING = "pending", _("Chưa nộp, còn hạn")
