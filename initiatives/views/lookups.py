"""Reference data of the registry for system administrators: fields, stages, result metrics,
criteria sets and their weighted criteria."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from initiatives.choices import RoundStatus
from initiatives.forms.lookups import (
    CriteriaSetForm,
    CriterionForm,
    InitiativeFieldForm,
    ResultMetricForm,
    StageForm,
)
from initiatives.models import CriteriaSet, Criterion, InitiativeField, ResultMetric, ReviewRound, Score, Stage
from initiatives.tables.lookups import CriteriaSetTable, InitiativeFieldTable, ResultMetricTable, StageTable
from orgunits.filtersets import KindFilterSet
from orgunits.views.kinds import SystemAdminMixin


def _name_filterset(model):
    return type(
        f"{model.__name__}FilterSet", (KindFilterSet,), {"Meta": type("Meta", (), {"model": model, "fields": ["q"]})}
    )


def _crumbs(*crumbs):
    return [{"label": gettext_lazy("Dân vận khéo"), "url": reverse("initiatives:initiative_list")}, *crumbs]


class LookupPageMixin(SystemAdminMixin):
    """System administrators only; pages sit in the registry's menu."""

    list_url_name = ""
    section_label = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "initiatives"
        crumbs = [{"label": self.section_label, "url": reverse(self.list_url_name)}]
        if not isinstance(self, ObjectListView):
            obj = getattr(self, "object", None)
            crumbs.append({"label": str(obj) if obj is not None and obj.pk else _("Thêm mới"), "url": None})
        context.setdefault("breadcrumbs", _crumbs(*crumbs))
        return context


class LookupEditView(LookupPageMixin, ObjectEditView):
    def get_success_url(self):
        return reverse(self.list_url_name)


#
# Fields, stages, metrics
#


class FieldListView(LookupPageMixin, ObjectListView):
    # Aggregated querysets drop Meta.ordering: the order is spelled out.
    queryset = InitiativeField.objects.annotate(initiative_count=Count("initiatives")).order_by("sort_order", "name")
    table_class = InitiativeFieldTable
    filterset_class = _name_filterset(InitiativeField)
    title = section_label = gettext_lazy("Lĩnh vực")
    list_url_name = "initiatives:field_list"
    add_url_name = "initiatives:field_add"
    export_name = "linh-vuc"


class FieldEditView(LookupEditView):
    queryset = InitiativeField.objects.all()
    form_class = InitiativeFieldForm
    section_label = gettext_lazy("Lĩnh vực")
    list_url_name = "initiatives:field_list"


class StageListView(LookupPageMixin, ObjectListView):
    queryset = Stage.objects.annotate(initiative_count=Count("initiatives")).order_by("-start_year", "name")
    table_class = StageTable
    filterset_class = _name_filterset(Stage)
    title = section_label = gettext_lazy("Giai đoạn thi đua")
    list_url_name = "initiatives:stage_list"
    add_url_name = "initiatives:stage_add"
    export_name = "giai-doan-thi-dua"


class StageEditView(LookupEditView):
    queryset = Stage.objects.all()
    form_class = StageForm
    section_label = gettext_lazy("Giai đoạn thi đua")
    list_url_name = "initiatives:stage_list"


class MetricListView(LookupPageMixin, ObjectListView):
    queryset = ResultMetric.objects.all()
    table_class = ResultMetricTable
    filterset_class = _name_filterset(ResultMetric)
    title = section_label = gettext_lazy("Loại kết quả định lượng")
    list_url_name = "initiatives:metric_list"
    add_url_name = "initiatives:metric_add"
    export_name = "loai-ket-qua"


class MetricEditView(LookupEditView):
    queryset = ResultMetric.objects.all()
    form_class = ResultMetricForm
    section_label = gettext_lazy("Loại kết quả định lượng")
    list_url_name = "initiatives:metric_list"


#
# Criteria sets and criteria
#


def criteria_locked_reason(criteria_set) -> str:
    """Return why the set's criteria cannot change now ("" if they can): an open round already
    scored against them would have its scores silently re-weighted."""
    scored = (
        ReviewRound.objects.filter(criteria_set=criteria_set, status=RoundStatus.OPEN)
        .filter(pk__in=Score.objects.filter(criterion__criteria_set=criteria_set).values("entry__round_id"))
        .order_by("pk")
        .first()
    )
    if scored is None:
        return ""
    return _(
        "Bộ tiêu chí đang được dùng để chấm điểm trong đợt bình xét “%(round)s” chưa có kết quả: "
        "chỉ sửa được tiêu chí sau khi đợt đó có kết quả."
    ) % {"round": scored.name}


class CriteriaSetListView(LookupPageMixin, ObjectListView):
    queryset = CriteriaSet.objects.annotate(criterion_count=Count("criteria")).order_by("sort_order", "name")
    table_class = CriteriaSetTable
    filterset_class = _name_filterset(CriteriaSet)
    title = section_label = gettext_lazy("Bộ tiêu chí bình xét")
    list_url_name = "initiatives:criteriaset_list"
    add_url_name = "initiatives:criteriaset_add"
    export_name = "bo-tieu-chi"


class CriteriaSetDetailView(LookupPageMixin, ObjectDetailView):
    queryset = CriteriaSet.objects.all()
    template_name = "initiatives/lookup_criteriaset_detail.html"
    section_label = gettext_lazy("Bộ tiêu chí bình xét")
    list_url_name = "initiatives:criteriaset_list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria = list(self.object.criteria.all())
        context.update(
            criteria=criteria,
            total_weight=sum(c.weight for c in criteria),
            round_count=self.object.rounds.count(),
            locked_reason=criteria_locked_reason(self.object),
        )
        return context


class CriteriaSetEditView(LookupEditView):
    queryset = CriteriaSet.objects.all()
    form_class = CriteriaSetForm
    section_label = gettext_lazy("Bộ tiêu chí bình xét")
    list_url_name = "initiatives:criteriaset_list"

    def get_success_url(self):
        return self.object.get_absolute_url()


class CriterionMixin(LookupPageMixin):
    section_label = gettext_lazy("Bộ tiêu chí bình xét")
    list_url_name = "initiatives:criteriaset_list"

    def check_unlocked(self, criteria_set):
        reason = criteria_locked_reason(criteria_set)
        if reason:
            raise PermissionDenied(reason)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria_set = self.object.criteria_set
        label = str(self.object) if self.object.pk else _("Thêm tiêu chí")
        context["breadcrumbs"] = _crumbs(
            {"label": self.section_label, "url": reverse(self.list_url_name)},
            {"label": criteria_set.name, "url": criteria_set.get_absolute_url()},
            {"label": label, "url": None},
        )
        context["cancel_url"] = criteria_set.get_absolute_url()
        return context


class CriterionEditView(CriterionMixin, ObjectEditView):
    """Add a criterion to a set (/criteria-sets/<set_pk>/criteria/add/) or edit one."""

    queryset = Criterion.objects.select_related("criteria_set")
    form_class = CriterionForm

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.check_unlocked(obj.criteria_set)
        return obj

    def new_object(self):
        criteria_set = get_object_or_404(CriteriaSet, pk=self.kwargs["set_pk"])
        next_order = (
            criteria_set.criteria.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
        ) + 1
        return Criterion(criteria_set=criteria_set, sort_order=next_order)

    def get_success_url(self):
        return self.object.criteria_set.get_absolute_url()


class CriterionDeleteView(CriterionMixin, ObjectDeleteView):
    queryset = Criterion.objects.select_related("criteria_set")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.check_unlocked(obj.criteria_set)
        return obj

    def get_success_url(self):
        return self.object.criteria_set.get_absolute_url()
