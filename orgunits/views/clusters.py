"""Cluster pages (cụm, khối thi đua; cụm giao ban)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.ids import parse_id
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from orgunits.filtersets import ClusterFilterSet
from orgunits.forms import ClusterForm
from orgunits.models import Cluster
from orgunits.tables import ClusterTable
from orgunits.views.common import object_history, permission_flags

CLUSTER_QUERYSET = Cluster.objects.select_related("owner_area").order_by("owner_area__path", "name")


class ClusterListView(ObjectListView):
    queryset = CLUSTER_QUERYSET
    filterset_class = ClusterFilterSet
    table_class = ClusterTable
    title = _("Cụm, khối thi đua")
    add_url_name = "orgunits:cluster_add"
    export_name = "cum-khoi"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(member_count=Count("areas", distinct=True) + Count("organizations", distinct=True))
        )


class ClusterDetailView(ObjectDetailView):
    queryset = CLUSTER_QUERYSET
    template_name = "orgunits/cluster_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster = self.object
        context.update(
            breadcrumbs=[
                {"label": _("Cụm, khối thi đua"), "url": reverse("orgunits:cluster_list")},
                {"label": cluster.name, "url": None},
            ],
            member_areas=cluster.areas.select_related("kind"),
            member_organizations=cluster.organizations.select_related("kind", "area"),
            changes=object_history(cluster),
            **permission_flags(self.request.user, cluster),
        )
        return context


class ClusterEditView(ObjectEditView):
    queryset = CLUSTER_QUERYSET
    list_url_name = "orgunits:cluster_list"
    form_class = ClusterForm

    def get_initial(self):
        initial = super().get_initial()
        owner = parse_id(self.request.GET.get("owner_area"))
        if owner:
            initial["owner_area"] = owner
        return initial


class ClusterDeleteView(ObjectDeleteView):
    queryset = CLUSTER_QUERYSET
    success_url_name = "orgunits:cluster_list"
