"""Filters of the report list, shared by the page and its Excel export, and of the API's catalog."""

import re

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filtersets import BaseFilterSet
from core.widgets import AutocompleteSelect
from orgunits.filtersets import AreaChoiceFilter, _within_queryset
from reports import periods
from reports.choices import ReportStatus
from reports.models import Indicator, Report, ReportForm
from reports.models.report import SENT_STATES

TIMELINESS_CHOICES = [
    ("on_time", _("Nộp đúng hạn")),
    ("late", _("Nộp trễ hạn")),
    ("overdue", _("Quá hạn, chưa nộp")),
]
YEAR = re.compile(r"^\d{4}$")


class PeriodField(forms.CharField):
    """A period identifier ("2025Q2") or a year ("2025", every period starting in it)."""

    def clean(self, value):
        value = super().clean(value)
        text = (value or "").strip().upper()
        if not text or YEAR.match(text):
            return text
        try:
            return periods.parse(text).code
        except periods.InvalidPeriod as error:
            raise forms.ValidationError(str(error)) from error


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodField


class ReportFilterSet(BaseFilterSet):
    form = django_filters.ModelChoiceFilter(
        queryset=ReportForm.objects.order_by("sort_order", "name"), label=_("Biểu mẫu")
    )
    period = PeriodFilter(
        method="filter_period",
        label=_("Kỳ hoặc năm"),
        widget=forms.TextInput(attrs={"placeholder": "2025Q2, 2025…"}),
    )
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Trạng thái"))
    timeliness = django_filters.ChoiceFilter(
        choices=TIMELINESS_CHOICES, method="filter_timeliness", label=_("Đúng hạn/muộn")
    )
    within = AreaChoiceFilter(
        queryset=_within_queryset,
        method="filter_within",
        label=_("Thuộc địa bàn"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )

    class Meta:
        model = Report
        fields = ["form", "period", "status", "timeliness", "within"]

    def filter_period(self, queryset, name, value):
        if YEAR.match(value):
            return queryset.filter(period__start__year=int(value))
        return queryset.filter(period__code=value)

    def filter_timeliness(self, queryset, name, value):
        # Report.timeliness's rule: a returned report is not sent; `__date` is the local day.
        sent = Q(status__in=SENT_STATES, submitted_at__isnull=False)
        if value == "on_time":
            return queryset.filter(sent, submitted_at__date__lte=F("deadline"))
        if value == "late":
            return queryset.filter(sent, submitted_at__date__gt=F("deadline"))
        return queryset.exclude(sent).filter(deadline__lt=timezone.localdate())

    @extend_schema_field(OpenApiTypes.INT)
    def filter_within(self, queryset, name, value):
        return queryset.within(value.path)


class IndicatorFilterSet(BaseFilterSet):
    """The API's indicators: `?code=` finds a code whatever its case (LookupModel)."""

    code = django_filters.CharFilter(lookup_expr="iexact", label=_("Mã"))

    class Meta:
        model = Indicator
        fields = ["is_active", "code", "value_type"]
