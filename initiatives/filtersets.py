"""Filters of the registry, shared by the list pages, the export and the API.

Besides the filters the list's form shows, hidden ones (HiddenInput: set by the links of the
statistics page and the home card, named on the list by `filter_notes()`) select exactly the
records each figure of initiatives/queries.py counts; `figure_filters()` says which.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filtersets import BaseFilterSet
from core.scope import is_system_admin
from core.widgets import AutocompleteSelect
from initiatives.choices import InitiativeKind, RecognitionLevel, RoundStatus, Status, Subject
from initiatives.models import Initiative, InitiativeField, Recognition, ReviewRound, Stage
from orgunits.filtersets import AreaChoiceFilter, _within_queryset
from orgunits.models import Area, OrganizationKind

EFFECTIVE_CHOICES = [("yes", _("Hiệu quả")), ("no", _("Chưa hiệu quả")), ("unknown", _("Chưa đánh giá"))]
YES_NO = [("yes", _("Có")), ("no", _("Không"))]
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# The filters on recognitions: one EXISTS for the three together (see filter_queryset).
RECOGNITION_FILTERS = ("recognized_from", "recognized_to", "recognized_outstanding")
REGISTRATION_FILTERS = ("registered_from", "registered_to")


def _hidden_date(label, **kwargs):
    return django_filters.DateFilter(label=label, input_formats=DATE_FORMATS, widget=forms.HiddenInput, **kwargs)


class InitiativeFilterForm(forms.Form):
    """The registry's filter form: a period that ends before it starts is an error, not an empty list."""

    RANGES = (("registered_from", "registered_to"), ("recognized_from", "recognized_to"))

    def clean(self):
        cleaned = super().clean()
        for start, end in self.RANGES:
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, _("Phải từ ngày %(start)s trở đi.") % {"start": f"{cleaned[start]:%d/%m/%Y}"})
        return cleaned


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
    # Hidden: the statistics' definitions (filter_notes() words them in the list's chips).
    registered_from = _hidden_date(_("Đăng ký từ ngày"), field_name="registered_on", lookup_expr="gte")
    registered_to = _hidden_date(_("Đăng ký đến ngày"), field_name="registered_on", lookup_expr="lte")
    recognized_from = _hidden_date(_("Được công nhận từ ngày"), method="filter_recognitions_together")
    recognized_to = _hidden_date(_("Được công nhận đến ngày"), method="filter_recognitions_together")
    recognized_outstanding = django_filters.ChoiceFilter(
        choices=[("yes", _("Có"))],
        method="filter_recognitions_together",
        label=_("Được công nhận là tiêu biểu"),
        widget=forms.HiddenInput,
    )
    direct_of = AreaChoiceFilter(
        queryset=_within_queryset,
        method="filter_direct_of",
        label=_("Của cơ quan, tổ chức đặt tại chính địa bàn"),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Initiative
        form = InitiativeFilterForm
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
            *REGISTRATION_FILTERS,
            *RECOGNITION_FILTERS,
            "direct_of",
        ]

    def filter_queryset(self, queryset):
        return self.filter_recognitions(super().filter_queryset(queryset))

    def filter_recognitions_together(self, queryset, name, value):
        # The dates and "outstanding" qualify the same recognition: filter_recognitions() applies
        # them in one EXISTS (two would accept one recognition after the start and another
        # before the end).
        return queryset

    def filter_recognitions(self, queryset):
        """Keep the records with at least one recognition decided within the chosen dates (and
        marked outstanding, if asked): the statistics' "recognized" and "outstanding".

        EXISTS rather than a join: a record recognized twice is listed once, the COUNT stays a
        count of records and the list's deferred-join pages still apply (core.pagination).
        """
        data = self.form.cleaned_data
        conditions = {}
        if data.get("recognized_from"):
            conditions["decision_date__gte"] = data["recognized_from"]
        if data.get("recognized_to"):
            conditions["decision_date__lte"] = data["recognized_to"]
        if data.get("recognized_outstanding") == "yes":
            conditions["is_outstanding"] = True
        if not conditions:
            return queryset
        # Recognitions are scoped with their record (`initiative__path`): the outer query's scope is theirs.
        return queryset.filter(Exists(Recognition.objects.filter(initiative=OuterRef("pk"), **conditions)))

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

    @extend_schema_field(OpenApiTypes.INT)
    def filter_direct_of(self, queryset, name, value):
        # The records of the organizations placed at the area itself, not at its sub-units: their
        # paths go on from the area's path with an organization step ("/1/23/o4/"; orgunits.models).
        # The statistics' "Cơ quan, tổ chức của ..." row (queries.DIRECT).
        return queryset.filter(path__startswith=f"{value.path}o")

    def filter_notes(self) -> list[dict]:
        """Return what the hidden filters in use select, in words, each with the names of the
        parameters that clear it: [{"text", "names"}]. A group with a value the form refused is not
        worded: the list says what is wrong, and each of its parameters gets a chip as typed."""
        if not self.is_bound:
            return []
        if not hasattr(self, "_filter_notes"):  # the chips and the filter button's count both ask
            self._filter_notes = self._word_filters()
        return self._filter_notes

    def _word_filters(self) -> list[dict]:
        self.is_valid()
        errors = set(self.form.errors)
        groups = {name: group for group in (REGISTRATION_FILTERS, RECOGNITION_FILTERS) for name in group}
        data = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if not errors.intersection(groups.get(name, (name,)))
        }
        notes = []
        registered = _date_range(data.get("registered_from"), data.get("registered_to"))
        if registered:
            notes.append({"text": _("Đăng ký %(range)s") % {"range": registered}, "names": REGISTRATION_FILTERS})
        recognized = _date_range(data.get("recognized_from"), data.get("recognized_to"))
        if data.get("recognized_outstanding") == "yes":
            text = (
                _("Được công nhận tiêu biểu %(range)s") % {"range": recognized}
                if recognized
                else _("Được công nhận tiêu biểu")
            )
            notes.append({"text": text, "names": RECOGNITION_FILTERS})
        elif recognized:
            notes.append({"text": _("Được công nhận %(range)s") % {"range": recognized}, "names": RECOGNITION_FILTERS})
        if data.get("direct_of") is not None:
            name = Area.objects.filter(pk=data["direct_of"].pk).values_list("name", flat=True).first()
            notes.append(
                {
                    "text": _("Chỉ của cơ quan, tổ chức đặt tại chính %(area)s (không gồm đơn vị trực thuộc)")
                    % {"area": name},
                    "names": ("direct_of",),
                }
            )
        return notes


def _date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """Return "từ 01/01/2026 đến 30/06/2026", "từ 01/01/2026", "đến 30/06/2026" or ""."""
    if start and end:
        return _("từ %(start)s đến %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
    if start:
        return _("từ %(start)s") % {"start": f"{start:%d/%m/%Y}"}
    if end:
        return _("đến %(end)s") % {"end": f"{end:%d/%m/%Y}"}
    return ""


def figure_filters(figure: str, date_from: datetime.date, date_to: datetime.date) -> dict[str, str]:
    """Return the list's filters that select exactly the records `figure` of initiatives/queries.py
    counts for the period (its module docstring defines them), beside the unit (`within`) and
    the group of a breakdown row. "replicated_sources" has none: its records are the sources of
    the period's replicas, which may lie outside the unit and the user's scope."""
    start, end = date_from.isoformat(), date_to.isoformat()
    return {
        "total": {"registered_to": end},
        "registered": {"registered_from": start, "registered_to": end},
        "effective": {"registered_to": end, "effective": "yes"},
        "recognized": {"recognized_from": start, "recognized_to": end},
        "outstanding": {"recognized_from": start, "recognized_to": end, "recognized_outstanding": "yes"},
        "replicated": {"registered_from": start, "registered_to": end, "replica": "yes"},
        "stopped": {"registered_to": end, "status": Status.STOPPED.value},
    }[figure]


class ReviewRoundFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Tên đợt"))
    year = django_filters.NumberFilter(field_name="year", label=_("Năm"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Trạng thái"))
    level = django_filters.ChoiceFilter(choices=RecognitionLevel.choices, label=_("Cấp công nhận"))

    class Meta:
        model = ReviewRound
        fields = ["q", "year", "status", "level"]
