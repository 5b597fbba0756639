"""Filters of the registry, shared by the list pages, the export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filtersets import BaseFilterSet
from core.scope import is_system_admin
from core.widgets import AutocompleteSelect
from initiatives.choices import InitiativeKind, RecognitionLevel, RoundStatus, Status, Subject
from initiatives.models import Initiative, InitiativeField, ReviewRound, Stage
from orgunits.filtersets import AreaChoiceFilter, _within_queryset
from orgunits.models import OrganizationKind

EFFECTIVE_CHOICES = [("yes", _("Hiệu quả")), ("no", _("Chưa hiệu quả")), ("unknown", _("Chưa đánh giá"))]
YES_NO = [("yes", _("Có")), ("no", _("Không"))]


class InitiativeFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Tìm kiếm"))
    within = AreaChoiceFilter(
        queryset=_within_queryset,
        method="filter_within",
        label=_("Thuộc địa bàn"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )
    organization_kind = django_filters.ModelChoiceFilter(
        field_name="organization__kind", queryset=OrganizationKind.objects.all(), label=_("Loại đơn vị")
    )
    field = django_filters.ModelChoiceFilter(queryset=InitiativeField.objects.all(), label=_("Lĩnh vực"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Trạng thái"))
    year = django_filters.NumberFilter(field_name="year", label=_("Năm"), min_value=2000, max_value=2100)
    stage = django_filters.ModelChoiceFilter(queryset=Stage.objects.all(), method="filter_stage", label=_("Giai đoạn"))
    level = django_filters.ChoiceFilter(
        field_name="recognition_level", choices=RecognitionLevel.choices, label=_("Cấp công nhận")
    )
    kind = django_filters.ChoiceFilter(choices=InitiativeKind.choices, label=_("Mô hình/điển hình"))
    subject = django_filters.ChoiceFilter(choices=Subject.choices, label=_("Tập thể/cá nhân"))
    effective = django_filters.ChoiceFilter(choices=EFFECTIVE_CHOICES, method="filter_effective", label=_("Hiệu quả"))
    outstanding = django_filters.ChoiceFilter(choices=YES_NO, method="filter_outstanding", label=_("Tiêu biểu"))
    replica = django_filters.ChoiceFilter(choices=YES_NO, method="filter_replica", label=_("Là mô hình nhân rộng"))

    class Meta:
        model = Initiative
        fields = [
            "q",
            "within",
            "organization_kind",
            "field",
            "status",
            "year",
            "stage",
            "level",
            "kind",
            "subject",
            "effective",
            "outstanding",
            "replica",
        ]

    def filter_search(self, queryset, name, value):
        # Within a unit (chosen, or the user's own scope) the unit's range is the cheaper scan.
        user = getattr(self.request, "user", None)
        within_unit = self.form.cleaned_data.get("within") is not None or not is_system_admin(user)
        return queryset.search(value, indexed=not within_unit)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_within(self, queryset, name, value):
        # The owner's place in the tree: a commune's list holds what its organizations registered.
        queryset = queryset.within(value.path)
        if (self.data.get("sort") or "").lstrip("-") == "area":
            # The list sorted by area (the table's `sort=area`): the record's area lies under its
            # owner's area (Initiative.clean), so this condition changes no result; it lets
            # PostgreSQL sort without walking every area in the country. Not otherwise: the join
            # makes the page's COUNT 50 times slower (bench/README.md, "Dân vận khéo registry").
            queryset = queryset.filter(area__path__startswith=value.path)
        return queryset

    def filter_stage(self, queryset, name, value):
        # A record registered without a stage (optional on the page, the API and the import) is in
        # the stage whose years cover its year, as the statistics of a stage count it.
        return queryset.filter(
            Q(stage=value) | Q(stage__isnull=True, year__gte=value.start_year, year__lte=value.end_year)
        )

    def filter_effective(self, queryset, name, value):
        return queryset.filter(is_effective={"yes": True, "no": False, "unknown": None}[value])

    def filter_outstanding(self, queryset, name, value):
        return queryset.filter(is_outstanding=value == "yes")

    def filter_replica(self, queryset, name, value):
        return queryset.filter(replicated_from__isnull=value != "yes")


class ReviewRoundFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Tên đợt"))
    year = django_filters.NumberFilter(field_name="year", label=_("Năm"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Trạng thái"))
    level = django_filters.ChoiceFilter(choices=RecognitionLevel.choices, label=_("Cấp công nhận"))

    class Meta:
        model = ReviewRound
        fields = ["q", "year", "status", "level"]
