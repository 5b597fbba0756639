"""The list of document layout settings (system administrators): its filter and table."""

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.filtersets import BaseFilterSet
from core.tables import BaseTable
from orgunits.tables import TABLE_ATTRS
from reports.models import DocumentSettings


class DocumentSettingsTable(BaseTable):
    area = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        verbose_name=_("Áp dụng cho"),
        order_by=("area__path",),
        empty_values=(),
    )
    margins = tables.Column(
        accessor="margin_top", verbose_name=_("Lề trên/dưới/trái/phải (mm)"), orderable=False, empty_values=()
    )

    class Meta:
        model = DocumentSettings
        fields = ("area", "font_name", "font_size", "margins", "archive_note", "updated")
        secondary_columns = ("margins", "archive_note", "updated")
        attrs = TABLE_ATTRS

    def render_area(self, record):
        return str(record)

    def value_area(self, record):
        return str(record)

    def render_margins(self, record):
        return f"{record.margin_top}/{record.margin_bottom}/{record.margin_left}/{record.margin_right}"

    def value_margins(self, record):
        return self.render_margins(record)


class DocumentSettingsFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="area__name", lookup_expr="icontains", label=_("Địa bàn"))

    class Meta:
        model = DocumentSettings
        fields = ["q"]
