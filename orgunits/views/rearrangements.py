"""Re-arrangement pages: readable by every user; written by whoever may change every area named."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scope import can_anywhere
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from orgunits.filtersets import RearrangementFilterSet
from orgunits.forms import RearrangementForm
from orgunits.models import Rearrangement
from orgunits.tables import RearrangementTable
from orgunits.views.common import object_history


class RearrangementListView(ObjectListView):
    queryset = Rearrangement.objects.all()
    filterset_class = RearrangementFilterSet
    table_class = RearrangementTable
    title = _("Sắp xếp đơn vị hành chính")
    export_name = "sap-xep-don-vi-hanh-chinh"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(predecessor_count=Count("predecessors", distinct=True))
            .prefetch_related("successors")
            .order_by("-effective_date", "pk")
        )

    def get_add_url(self):
        return reverse("orgunits:rearrangement_add") if can_anywhere(self.request.user, "change") else None


class RearrangementDetailView(ObjectDetailView):
    queryset = Rearrangement.objects.all()
    template_name = "orgunits/rearrangement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context.update(
            breadcrumbs=[
                {"label": _("Sắp xếp đơn vị hành chính"), "url": reverse("orgunits:rearrangement_list")},
                {"label": str(item), "url": None},
            ],
            predecessor_list=item.predecessors.select_related("kind", "parent"),
            successor_list=item.successors.select_related("kind", "parent"),
            changes=object_history(item),
            is_system_admin=self.request.user.is_superuser,
            can_change=Rearrangement.objects.restrict(self.request.user, "change").filter(pk=item.pk).exists(),
            can_manage=self.request.user.is_superuser,
        )
        return context


class RearrangementEditView(ObjectEditView):
    queryset = Rearrangement.objects.all()
    list_url_name = "orgunits:rearrangement_list"
    form_class = RearrangementForm


class RearrangementDeleteView(ObjectDeleteView):
    queryset = Rearrangement.objects.all()
    success_url_name = "orgunits:rearrangement_list"
