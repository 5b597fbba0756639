"""Tables of the reports app: the catalog lists and the report list (the Excel export uses the same columns)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import TABLE_ATTRS, BaseTable, StatusColumn, YesNoColumn, state_badge
from reports.choices import ReportStatus, Timeliness
from reports.models import Indicator, Report, ReportForm

STATUS_BADGES = {
    ReportStatus.DRAFT: "text-bg-secondary",
    ReportStatus.SUBMITTED: "text-bg-primary",
    ReportStatus.APPROVED: "text-bg-success",
    ReportStatus.RETURNED: "text-bg-warning",
}
# Its icon, which stands for the status in the list on a phone (core.tables.compact_badge).
STATUS_ICONS = {
    ReportStatus.DRAFT: "bi-pencil-fill",
    ReportStatus.SUBMITTED: "bi-send-fill",
    ReportStatus.APPROVED: "bi-check-circle-fill",
    ReportStatus.RETURNED: "bi-arrow-return-left",
}


def status_badge(report) -> str:
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        STATUS_BADGES.get(report.status, "text-bg-secondary"),
        report.status,
        report.get_status_display(),
    )


def timeliness(report, today=None) -> tuple[str, str]:
    """Return (key, label) of how the report stands against its deadline (Report.timeliness): on
    time, late, overdue, or ("", "") while there is still time. The keys and labels are the
    completeness page's (reports.choices.Timeliness)."""
    state = Timeliness(report.timeliness(today))
    return ("", "") if state == Timeliness.PENDING else (state.value, str(state.label))


# One colour per state wherever a report's timeliness shows (the report list and page, the
# completeness table and its counts): on time green, late amber, overdue red, still time grey.
TIMELINESS_BADGES = {
    Timeliness.ON_TIME: "text-bg-success",
    Timeliness.LATE: "text-bg-warning",
    Timeliness.OVERDUE: "text-bg-danger",
    Timeliness.PENDING: "text-bg-secondary",
}
# Its icon, which stands for the state in a table on a phone (core.tables.compact_badge).
TIMELINESS_ICONS = {
    Timeliness.ON_TIME: "bi-calendar-check-fill",
    Timeliness.LATE: "bi-clock-history",
    Timeliness.OVERDUE: "bi-exclamation-triangle-fill",
    Timeliness.PENDING: "bi-hourglass-split",
}


def timeliness_badge(key: str, label, *, compact: bool = False) -> str:
    """Return the badge of a timeliness state (a Timeliness value; "" gives no badge).

    Args:
        key: the state.
        label: its words.
        compact: a table cell's badge, its icon alone on a phone; a detail page has the room for words.
    """
    if not key:
        return ""
    if compact:
        badge = state_badge(key, label, TIMELINESS_BADGES, TIMELINESS_ICONS)
        return format_html('<span data-timeliness="{}">{}</span>', key, badge)
    css = TIMELINESS_BADGES.get(key, "text-bg-secondary")
    return format_html('<span class="badge {}" data-timeliness="{}">{}</span>', css, key, label)


class ReportTable(BaseTable):
    organization = tables.Column(
        accessor="organization__name",
        linkify=lambda record: record.get_absolute_url(),
        verbose_name=_("Đơn vị"),
        order_by=("organization__search_text",),
    )
    area = tables.Column(accessor="organization__area__name", verbose_name=_("Địa bàn"), order_by=("path",))
    form = tables.Column(accessor="form__name", verbose_name=_("Biểu mẫu"), order_by=("form__sort_order", "form__name"))
    # A short label, kept on one line ("Quý III/2026" wrapped after "Quý" on a phone).
    period = tables.Column(
        empty_values=(),
        verbose_name=_("Kỳ báo cáo"),
        order_by=("period__start", "period__end"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    status = StatusColumn(colours=STATUS_BADGES, icons=STATUS_ICONS, verbose_name=_("Trạng thái"))
    deadline = tables.DateColumn(format="d/m/Y", verbose_name=_("Hạn nộp"))
    submitted_at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Gửi lúc"), default="—")
    late = tables.Column(empty_values=(), orderable=False, verbose_name=_("Đúng hạn/muộn"))

    class Meta:
        model = Report
        fields = ("organization", "area", "form", "period", "status", "deadline", "submitted_at", "late")
        secondary_columns = ("area", "form", "deadline", "submitted_at", "late")
        attrs = TABLE_ATTRS
        order_by = ("-period", "organization")
        empty_text = _("Chưa có báo cáo nào.")

    def render_period(self, record):
        return record.period.name

    def value_period(self, record):
        return record.period.name

    def render_late(self, record):
        return timeliness_badge(*timeliness(record), compact=True) or "—"

    def value_late(self, record):
        return timeliness(record)[1]


class IndicatorTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Tên chỉ số"))
    kind = tables.Column(empty_values=(), orderable=False, verbose_name=_("Cách lấy số liệu"))
    use_count = tables.Column(verbose_name=_("Số biểu mẫu dùng"))
    is_active = YesNoColumn()

    class Meta:
        model = Indicator
        fields = (
            "code",
            "name",
            "unit",
            "value_type",
            "tree_aggregation",
            "time_aggregation",
            "kind",
            "use_count",
            "is_active",
        )
        secondary_columns = ("code", "value_type", "tree_aggregation", "time_aggregation", "use_count")
        main_column = "name"
        attrs = TABLE_ATTRS

    def render_kind(self, record):
        if record.is_formula:
            return _("Tính toán")
        if record.provider:
            return _("Tự động")
        return _("Nhập tay")

    def value_kind(self, record):
        return str(self.render_kind(record))


class ReportFormTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Tên biểu mẫu"))
    report_count = tables.Column(verbose_name=_("Số báo cáo"))
    is_active = YesNoColumn()

    class Meta:
        model = ReportForm
        fields = ("code", "name", "period_type", "deadline_days", "report_count", "is_active")
        secondary_columns = ("code", "deadline_days", "report_count")
        main_column = "name"
        attrs = TABLE_ATTRS
