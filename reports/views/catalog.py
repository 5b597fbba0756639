"""The reporting catalog for system administrators: indicators, report forms with their sections,
items and validation rules (issue 4: forms are data an administrator edits)."""

import django_filters
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, deletion_blockers
from orgunits.filtersets import KindFilterSet
from orgunits.views.kinds import SystemAdminMixin
from reports import providers
from reports.choices import PeriodType, SectionKind, ValueType
from reports.forms import IndicatorForm, ItemForm, ReportFormForm, RuleForm, SectionForm
from reports.models import FormItem, FormSection, Indicator, ReportForm, ValidationRule
from reports.tables import IndicatorTable, ReportFormTable


class IndicatorFilterSet(KindFilterSet):
    value_type = django_filters.ChoiceFilter(choices=ValueType.choices, label=gettext_lazy("Kiểu giá trị"))

    class Meta:
        model = Indicator
        fields = ["q", "value_type"]


class ReportFormFilterSet(KindFilterSet):
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices, label=gettext_lazy("Loại kỳ"))

    class Meta:
        model = ReportForm
        fields = ["q", "period_type"]


def catalog_crumbs(*crumbs) -> list[dict]:
    return [{"label": gettext_lazy("Báo cáo"), "url": reverse("reports:report_list")}, *crumbs]


class CatalogMixin(SystemAdminMixin):
    """System administrators only; pages sit in the reports menu.

    Args:
        section_label / list_url_name: the catalog list the page belongs to (breadcrumbs).
    """

    section_label = ""
    list_url_name = ""

    def object_crumbs(self) -> list[dict]:
        obj = getattr(self, "object", None)
        return [{"label": str(obj) if obj is not None and obj.pk else _("Thêm mới"), "url": None}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "reports"
        crumbs = [{"label": self.section_label, "url": reverse(self.list_url_name)}]
        if not isinstance(self, ObjectListView):
            crumbs += self.object_crumbs()
        context.setdefault("breadcrumbs", catalog_crumbs(*crumbs))
        return context


#
# Indicators
#


class IndicatorMixin(CatalogMixin):
    section_label = gettext_lazy("Chỉ số")
    list_url_name = "reports:indicator_list"


class IndicatorListView(IndicatorMixin, ObjectListView):
    # Aggregated querysets drop Meta.ordering: the order is spelled out.
    queryset = Indicator.objects.annotate(use_count=Count("form_items__section__form", distinct=True)).order_by(
        "sort_order", "name"
    )
    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    title = gettext_lazy("Chỉ số báo cáo")
    add_url_name = "reports:indicator_add"
    export_name = "chi-so-bao-cao"


class IndicatorDetailView(IndicatorMixin, ObjectDetailView):
    queryset = Indicator.objects.select_related("numerator", "denominator")
    template_name = "reports/catalog_indicator_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        provider = providers.get(obj.provider) if obj.provider else None
        context.update(
            provider_label=provider.label if provider else obj.provider,
            provider_missing=bool(obj.provider) and provider is None,
            items=list(obj.form_items.select_related("section__form").order_by("section__form__name")),
            used_in_formulas=list(Indicator.objects.filter(numerator=obj) | Indicator.objects.filter(denominator=obj)),
            blockers=deletion_blockers(obj),
        )
        return context


class IndicatorEditView(IndicatorMixin, ObjectEditView):
    queryset = Indicator.objects.all()
    form_class = IndicatorForm

    def get_success_url(self):
        return self.object.get_absolute_url()


class IndicatorDeleteView(IndicatorMixin, ObjectDeleteView):
    queryset = Indicator.objects.all()
    success_url_name = "reports:indicator_list"


#
# Report forms
#


class ReportFormMixin(CatalogMixin):
    section_label = gettext_lazy("Biểu mẫu báo cáo")
    list_url_name = "reports:form_list"


class ReportFormListView(ReportFormMixin, ObjectListView):
    queryset = ReportForm.objects.annotate(report_count=Count("reports")).order_by("sort_order", "name")
    table_class = ReportFormTable
    filterset_class = ReportFormFilterSet
    title = gettext_lazy("Biểu mẫu báo cáo")
    add_url_name = "reports:form_add"
    export_name = "bieu-mau-bao-cao"


class ReportFormDetailView(ReportFormMixin, ObjectDetailView):
    queryset = ReportForm.objects.all()
    template_name = "reports/catalog_form_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.object
        sections = list(form.sections.order_by("sort_order", "pk"))
        items = list(
            FormItem.objects.filter(section__form=form).select_related("indicator").order_by("sort_order", "pk")
        )
        for section in sections:
            section.item_list = [item for item in items if item.section_id == section.pk]
        context.update(
            sections=sections,
            rules=list(form.rules.select_related("left", "right")),
            kinds=list(form.organization_kinds.order_by("sort_order", "name")),
            report_count=form.reports.count(),
            blockers=deletion_blockers(form),
        )
        return context


class ReportFormEditView(ReportFormMixin, ObjectEditView):
    queryset = ReportForm.objects.all()
    form_class = ReportFormForm

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReportFormDeleteView(ReportFormMixin, ObjectDeleteView):
    queryset = ReportForm.objects.all()
    success_url_name = "reports:form_list"


#
# Sections, items and rules of a form (on the form's page)
#


class FormPartMixin(ReportFormMixin):
    """A part of a form (section, item, rule): breadcrumbs and the way back go to the form's page."""

    parent_kwarg = ""

    def part_form(self) -> ReportForm:
        raise NotImplementedError

    def object_crumbs(self):
        form = self.part_form()
        label = str(self.object) if self.object.pk else _("Thêm mới")
        return [{"label": form.name, "url": form.get_absolute_url()}, {"label": label, "url": None}]

    def get_success_url(self):
        return self.part_form().get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.part_form().get_absolute_url()
        return context


def _next_order(queryset) -> int:
    return (queryset.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0) + 1


class SectionEditView(FormPartMixin, ObjectEditView):
    """Add a section to a form (/forms/<form_pk>/sections/add/) or edit one."""

    queryset = FormSection.objects.select_related("form")
    form_class = SectionForm

    def part_form(self):
        return self.object.form

    def new_object(self):
        form = get_object_or_404(ReportForm, pk=self.kwargs["form_pk"])
        return FormSection(form=form, sort_order=_next_order(form.sections.all()))


class SectionDeleteView(FormPartMixin, ObjectDeleteView):
    queryset = FormSection.objects.select_related("form")

    def part_form(self):
        return self.object.form


class ItemEditView(FormPartMixin, ObjectEditView):
    """Add an indicator to a figures section (/sections/<section_pk>/items/add/) or edit the item."""

    queryset = FormItem.objects.select_related("section__form", "indicator")
    form_class = ItemForm

    def part_form(self):
        return self.object.section.form

    def new_object(self):
        # Only figures sections hold indicators (their page offers no such link for prose).
        section = get_object_or_404(
            FormSection.objects.select_related("form"), pk=self.kwargs["section_pk"], kind=SectionKind.FIGURES
        )
        return FormItem(section=section, sort_order=_next_order(section.items.all()))


class ItemDeleteView(FormPartMixin, ObjectDeleteView):
    queryset = FormItem.objects.select_related("section__form", "indicator")

    def part_form(self):
        return self.object.section.form


class RuleEditView(FormPartMixin, ObjectEditView):
    """Add a validation rule to a form (/forms/<form_pk>/rules/add/) or edit one."""

    queryset = ValidationRule.objects.select_related("form")
    form_class = RuleForm

    def part_form(self):
        return self.object.form

    def new_object(self):
        return ValidationRule(form=get_object_or_404(ReportForm, pk=self.kwargs["form_pk"]))


class RuleDeleteView(FormPartMixin, ObjectDeleteView):
    queryset = ValidationRule.objects.select_related("form")

    def part_form(self):
        return self.object.form


class MoveView(SystemAdminMixin, LoginRequiredMixin, View):
    """Move a section or an item one place up or down (POST direction=up|down), renumbering its
    siblings 1, 2, 3... so the order stays unambiguous."""

    http_method_names = ["post"]
    model = None

    def siblings(self, obj):
        raise NotImplementedError

    def post(self, request, pk):
        obj = get_object_or_404(self.model, pk=pk)
        with transaction.atomic():
            ordered = list(self.siblings(obj).select_for_update().order_by("sort_order", "pk"))
            index = next(i for i, row in enumerate(ordered) if row.pk == obj.pk)
            target = index - 1 if request.POST.get("direction") == "up" else index + 1
            if 0 <= target < len(ordered):
                ordered[index], ordered[target] = ordered[target], ordered[index]
            for position, row in enumerate(ordered, start=1):
                if row.sort_order != position:
                    row.sort_order = position
                    row.save(update_fields=["sort_order", "updated"])
        return HttpResponseRedirect(self.form_url(obj))

    def form_url(self, obj) -> str:
        raise NotImplementedError


class SectionMoveView(MoveView):
    model = FormSection

    def siblings(self, obj):
        return FormSection.objects.filter(form_id=obj.form_id)

    def form_url(self, obj):
        return reverse("reports:form_detail", kwargs={"pk": obj.form_id})


class ItemMoveView(MoveView):
    model = FormItem

    def siblings(self, obj):
        return FormItem.objects.filter(section_id=obj.section_id)

    def form_url(self, obj):
        return reverse("reports:form_detail", kwargs={"pk": obj.section.form_id})
