"""Tables of the reports app: the catalog lists and the report list (the Excel export uses the same columns)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import TABLE_ATTRS, BaseTable, StatusColumn, YesNoColumn
from reports.choices import ReportStatus
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
    """Return (key, label) of how the report stands against its deadline: on time, late, overdue
    (not submitted and past the deadline) or "" while there is still time."""
    if report.submitted_at is not None:
        return ("late", str(_("Nộp muộn"))) if report.is_late else ("on_time", str(_("Đúng hạn")))
    if report.deadline < (today or timezone.localdate()):
        return "overdue", str(_("Quá hạn, chưa nộp"))
    return "", ""


def timeliness_badge(report) -> str:
    key, label = timeliness(report)
    css = {"late": "text-bg-danger", "overdue": "text-bg-danger", "on_time": "text-bg-light border"}.get(key)
    return format_html('<span class="badge {}" data-timeliness="{}">{}</span>', css, key, label) if css else ""


class ReportTable(BaseTable):
    organization = tables.Column(
        accessor="organization__name",
        linkify=lambda record: record.get_absolute_url(),
        verbose_name=_("Đơn vị"),
        order_by=("organization__search_text",),
    )
    area = tables.Column(accessor="organization__area__name", verbose_name=_("Địa bàn"), order_by=("path",))
    form = tables.Column(accessor="form__name", verbose_name=_("Biểu mẫu"), order_by=("form__sort_order", "form__name"))
    period = tables.Column(empty_values=(), verbose_name=_("Kỳ báo cáo"), order_by=("period__start", "period__end"))
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
        return timeliness_badge(record) or "—"

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
