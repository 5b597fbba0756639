"""Filters shared by the list pages and the API (NetBox style: one FilterSet per model)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filtersets import BaseFilterSet, ObjectIdFilter
from core.text import search_words
from core.widgets import AutocompleteSelect
from orgunits.choices import AreaLevel, ClusterKind, OrganizationCategory, RearrangementKind
from orgunits.forms import UnitLabelMixin
from orgunits.labels import (
    AREA_LABEL_FIELDS,
    AREA_LABEL_RELATED,
    ORGANIZATION_LABEL_RELATED,
    area_in_province,
    organization_label,
)
from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind, Rearrangement

STATUS_CHOICES = [("current", _("Đang hoạt động")), ("past", _("Đã hết hiệu lực")), ("all", _("Tất cả"))]


class StatusSelect(forms.Select):
    """The validity filter's select: "current" stays a valid value (the API's `?status=current`)
    but is not offered, since the empty choice, "Đang hoạt động", means the same; the list's URL
    then stays clean (`?level=3`, not `?level=3&status=current`)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value == "current":
            option["attrs"]["hidden"] = True
            option["attrs"]["disabled"] = True
        return option


class ValidityFilterMixin(BaseFilterSet):
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        label=_("Hiệu lực"),
        empty_label=_("Đang hoạt động"),
        widget=StatusSelect,
    )

    def filter_status(self, queryset, name, value):
        if value == "all":
            return queryset
        if value == "past":
            return queryset.filter(valid_to__lte=timezone.localdate())
        return queryset.current()

    @property
    def qs(self):
        queryset = super().qs
        # No status chosen means "in force today", for pages and API alike.
        if not (self.data.get("status") if self.data else None):
            queryset = queryset.current()
        return queryset


class SearchFilterMixin(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Tìm kiếm"))

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class AreaFilterField(UnitLabelMixin, django_filters.fields.ModelChoiceField):
    """An area filter's field, its chosen area named as the area search names it (orgunits.labels).

    The filters read the chosen area's path, the widget its label. Validating the choice runs on
    every list page and API call with a unit chosen, so it loads the path alone, without the
    label's joins; the widget loads the label when it renders the choice (core.widgets)."""

    label_related = AREA_LABEL_RELATED
    only = ("path", *AREA_LABEL_FIELDS)

    def to_python(self, value):
        labelled = self._queryset
        # The same rows (the queryset's scope), without the label's columns and joins.
        self._queryset = labelled.select_related(None).only("path")
        try:
            return super().to_python(value)
        finally:
            self._queryset = labelled


class AreaChoiceFilter(django_filters.ModelChoiceFilter):
    """Filter by one area, chosen with the area search (AutocompleteSelect)."""

    field_class = AreaFilterField


def _within_queryset(request):
    """Any area the user can see may be the subtree to list (the widget renders only a few)."""
    user = getattr(request, "user", None)
    if user is None:
        return Area.objects.none()
    return Area.objects.restrict(user, "view").select_related("kind")


def _area_id_filter(field_name: str, label, chip_label) -> ObjectIdFilter:
    """A hidden filter by one area's id, its chip naming the area down from its province."""
    return ObjectIdFilter(
        field_name=field_name,
        label=label,
        chip_label=chip_label,
        object_model="orgunits.Area",
        describe=area_in_province,
        related=("parent__parent__parent",),
    )


class AreaFilterSet(SearchFilterMixin, ValidityFilterMixin):
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices, label=_("Cấp"))
    kind = django_filters.ModelChoiceFilter(queryset=AreaKind.objects.all(), label=_("Loại"))
    within = AreaChoiceFilter(
        queryset=_within_queryset,
        method="filter_within",
        label=_("Thuộc địa bàn"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )
    parent = _area_id_filter("parent_id", _("Mã đơn vị trực thuộc"), _("Trực thuộc"))
    code = django_filters.CharFilter(field_name="code", label=_("Mã"), widget=forms.HiddenInput)

    class Meta:
        model = Area
        fields = ["q", "level", "kind", "within", "status"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_within(self, queryset, name, value):
        return queryset.within(value.path)


class OrganizationFilterSet(SearchFilterMixin, ValidityFilterMixin):
    kind = django_filters.ModelChoiceFilter(queryset=OrganizationKind.objects.all(), label=_("Loại tổ chức"))
    category = django_filters.ChoiceFilter(
        field_name="kind__category", choices=OrganizationCategory.choices, label=_("Nhóm")
    )
    within = AreaChoiceFilter(
        queryset=_within_queryset,
        method="filter_within",
        label=_("Thuộc địa bàn"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )
    area = _area_id_filter("area_id", _("Mã địa bàn"), _("Địa bàn"))
    reports_to = ObjectIdFilter(
        field_name="reports_to_id",
        label=_("Mã tổ chức nhận báo cáo"),
        chip_label=_("Báo cáo cho"),
        object_model="orgunits.Organization",
        describe=organization_label,
        related=ORGANIZATION_LABEL_RELATED,
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "category", "within", "status"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_within(self, queryset, name, value):
        return queryset.within(value.path)


class ClusterFilterSet(ValidityFilterMixin):
    q = django_filters.CharFilter(method="filter_search", label=_("Tìm kiếm"))
    kind = django_filters.ChoiceFilter(choices=ClusterKind.choices, label=_("Loại"))

    class Meta:
        model = Cluster
        fields = ["q", "kind", "status"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class RearrangementFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=RearrangementKind.choices, label=_("Hình thức"))
    effective_date = django_filters.DateFilter(label=_("Ngày có hiệu lực"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    area = django_filters.CharFilter(method="filter_area", label=_("Tên địa bàn"))

    class Meta:
        model = Rearrangement
        fields = ["kind", "effective_date", "area"]

    def filter_area(self, queryset, name, value):
        words = search_words(value)
        if not words:
            return queryset
        matching = Area.objects.filter(search_text__contains=" ".join(words)).values("pk")
        return queryset.filter(Q(successors__in=matching) | Q(predecessors__in=matching)).distinct()


class KindFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Tên"))
