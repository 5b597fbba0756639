"""The registry's list table: sortable columns; the Excel export uses the same columns and a few
hidden ones (the outstanding mark, the registration and recognition dates)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import TABLE_ATTRS, BaseTable, StatusColumn, YesNoColumn, compact_badge
from initiatives.choices import Status, effective_label
from initiatives.models import Initiative

# Bootstrap badge colour of each status (lists, detail page).
STATUS_BADGES = {
    Status.REGISTERED: "text-bg-secondary",
    Status.IMPLEMENTING: "text-bg-primary",
    Status.UNDER_REVIEW: "text-bg-info",
    Status.RECOGNIZED: "text-bg-success",
    Status.NOT_RECOGNIZED: "text-bg-warning",
    Status.STOPPED: "text-bg-dark",
}
# Its icon, which stands for the status in a list on a phone (core.tables.compact_badge).
STATUS_ICONS = {
    Status.REGISTERED: "bi-journal-plus",
    Status.IMPLEMENTING: "bi-play-circle-fill",
    Status.UNDER_REVIEW: "bi-hourglass-split",
    Status.RECOGNIZED: "bi-award-fill",
    Status.NOT_RECOGNIZED: "bi-x-circle",
    Status.STOPPED: "bi-stop-circle-fill",
}


def status_badge(initiative) -> str:
    return format_html(
        '<span class="badge {}">{}</span>',
        STATUS_BADGES.get(initiative.status, "text-bg-secondary"),
        initiative.get_status_display(),
    )


class InitiativeStatusColumn(StatusColumn):
    """The record's status, and the outstanding mark beside it (a star on a phone)."""

    def __init__(self, **kwargs):
        super().__init__(colours=STATUS_BADGES, icons=STATUS_ICONS, verbose_name=_("Trạng thái"), **kwargs)

    def render(self, value, record, bound_column):
        badge = super().render(value, record, bound_column)
        if record.is_outstanding:
            return format_html("{} {}", badge, compact_badge(_("Tiêu biểu"), "text-bg-warning", "bi-star-fill"))
        return badge

    # value(): the status alone; the mark has its own column in the file.


class InitiativeTable(BaseTable):
    # Sorted on the folded text, which starts with the name: "Ấp" sorts with "Ap", not after "Xã".
    name = tables.Column(linkify=True, verbose_name=_("Tên mô hình, điển hình"), order_by=("search_text",))
    kind = tables.Column(empty_values=(), verbose_name=_("Loại"), order_by=("kind", "subject"))
    organization = tables.Column(
        accessor="organization__name", verbose_name=_("Đơn vị đăng ký"), order_by=("organization__search_text",)
    )
    area = tables.Column(accessor="area__name", verbose_name=_("Địa bàn"), order_by=("area__path",))
    field = tables.Column(accessor="field__name", verbose_name=_("Lĩnh vực"), order_by=("field__sort_order",))
    year = tables.Column(verbose_name=_("Năm"))
    status = InitiativeStatusColumn()
    recognition_level = tables.Column(verbose_name=_("Cấp công nhận"), default="—")
    is_effective = tables.Column(empty_values=(), verbose_name=_("Hiệu quả"))
    # In the Excel file only (the page shows the mark as a badge next to the status, the dates on
    # the record's page). Dates leave as real dates, shown dd/mm/yyyy (core.exports).
    is_outstanding = YesNoColumn(verbose_name=_("Tiêu biểu"), visible=False)
    registered_on = tables.DateColumn(verbose_name=_("Ngày đăng ký"), visible=False)
    # Annotated by the list's export (InitiativeListView.get_export_queryset).
    recognized_on = tables.DateColumn(verbose_name=_("Ngày quyết định công nhận"), visible=False, orderable=False)

    class Meta:
        model = Initiative
        fields = (
            "name",
            "kind",
            "organization",
            "area",
            "field",
            "year",
            "status",
            "recognition_level",
            "is_effective",
            "is_outstanding",
            "registered_on",
            "recognized_on",
        )
        secondary_columns = ("kind", "organization", "area", "field", "recognition_level", "is_effective")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có mô hình, điển hình nào.")

    def render_year(self, value):
        return str(value)  # a year, not a quantity: no thousands separator ("2025", not "2.025")

    def value_year(self, value):
        return value

    def render_kind(self, record):
        return f"{record.get_kind_display()} ({record.get_subject_display().lower()})"

    def value_kind(self, record):
        return self.render_kind(record)

    def render_is_effective(self, value):
        if value is None:
            return format_html('<span class="text-body-secondary">{}</span>', effective_label(value))
        icon = "bi-check-circle-fill text-success" if value else "bi-dash-circle text-body-secondary"
        return format_html('<i class="bi {}" aria-hidden="true"></i> {}', icon, effective_label(value))

    def value_is_effective(self, value):
        return effective_label(value)
