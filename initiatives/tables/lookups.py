"""Tables of the registry's reference data (system administrators' pages)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.tables import TABLE_ATTRS, BaseTable, YesNoColumn
from initiatives.models import CriteriaSet, InitiativeField, ResultMetric, Stage


def _edit_link(url_name):
    return lambda record: reverse(url_name, kwargs={"pk": record.pk})


class InitiativeFieldTable(BaseTable):
    name = tables.Column(linkify=_edit_link("initiatives:field_edit"), verbose_name=_("Tên"))
    initiative_count = tables.Column(verbose_name=_("Số mô hình"))
    is_active = YesNoColumn()

    class Meta:
        model = InitiativeField
        fields = ("name", "code", "sort_order", "is_active", "initiative_count")
        secondary_columns = ("code", "sort_order")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có lĩnh vực nào.")


class StageTable(BaseTable):
    name = tables.Column(linkify=_edit_link("initiatives:stage_edit"), verbose_name=_("Tên"))
    initiative_count = tables.Column(verbose_name=_("Số mô hình"))
    is_active = YesNoColumn()

    class Meta:
        model = Stage
        fields = ("name", "code", "start_year", "end_year", "is_active", "initiative_count")
        secondary_columns = ("code", "initiative_count")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có giai đoạn nào.")


class ResultMetricTable(BaseTable):
    name = tables.Column(linkify=_edit_link("initiatives:metric_edit"), verbose_name=_("Tên"))
    is_count = YesNoColumn()
    is_active = YesNoColumn()

    class Meta:
        model = ResultMetric
        fields = ("name", "unit", "is_count", "code", "sort_order", "is_active")
        secondary_columns = ("is_count", "code", "sort_order")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có loại kết quả nào.")


class CriteriaSetTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Tên"))
    criterion_count = tables.Column(verbose_name=_("Số tiêu chí"))
    is_active = YesNoColumn()

    class Meta:
        model = CriteriaSet
        fields = ("name", "code", "subject", "pass_score", "outstanding_score", "criterion_count", "is_active")
        secondary_columns = ("code", "pass_score", "outstanding_score", "criterion_count")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có bộ tiêu chí nào.")
