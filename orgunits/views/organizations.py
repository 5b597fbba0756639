"""Organization pages: list, detail, edit, delete, autocomplete."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.ids import parse_id
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from orgunits.filtersets import OrganizationFilterSet
from orgunits.forms import OrganizationForm
from orgunits.labels import ORGANIZATION_LABEL_RELATED
from orgunits.models import Cluster, Organization
from orgunits.tables import OrganizationTable
from orgunits.views.common import area_breadcrumbs, object_history, permission_flags

ORGANIZATION_QUERYSET = Organization.objects.select_related("kind", "area__parent", "parent", "reports_to__area")


class OrganizationListView(ObjectListView):
    queryset = ORGANIZATION_QUERYSET
    filterset_class = OrganizationFilterSet
    table_class = OrganizationTable
    title = _("Tổ chức")
    add_url_name = "orgunits:organization_add"
    export_name = "to-chuc"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "units"
        return context


REPORTING_SHOWN = 20


class OrganizationDetailView(ObjectDetailView):
    queryset = ORGANIZATION_QUERYSET
    template_name = "orgunits/organization_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org, user = self.object, self.request.user
        visible = Organization.objects.restrict(user, "view")
        children = visible.filter(parent=org).select_related("kind", "area")
        reporting = visible.filter(reports_to=org).select_related("kind", "area").order_by("path")
        reporting_count = reporting.count()
        context.update(
            breadcrumbs=[
                *area_breadcrumbs(user, org.area, include_self=False),
                {"label": org.area.name, "url": org.area.get_absolute_url()},
                {"label": org.name, "url": None},
            ],
            children=children,
            # A provincial body may hear from hundreds: the first ones here, all of them in the list
            # (filters, export) through its hidden filter ?reports_to=.
            reporting=reporting[:REPORTING_SHOWN],
            reporting_count=reporting_count,
            # The organization reported to lies above: named always, linked only within the user's scope.
            reports_to_visible=bool(org.reports_to_id) and visible.filter(pk=org.reports_to_id).exists(),
            clusters=Cluster.objects.restrict(user, "view").filter(organizations=org),
            changes=object_history(org),
            nav_section="units",
            **permission_flags(user, org),
        )
        return context


class OrganizationEditView(ObjectEditView):
    queryset = ORGANIZATION_QUERYSET
    list_url_name = "orgunits:organization_list"
    form_class = OrganizationForm

    def get_initial(self):
        initial = super().get_initial()
        for name in ("area", "parent"):
            value = parse_id(self.request.GET.get(name))
            if value:
                initial[name] = value
        if "parent" in initial and "area" not in initial:
            parent = Organization.objects.restrict(self.request.user, "view").filter(pk=initial["parent"]).first()
            if parent:
                initial["area"] = parent.area_id
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "units"
        return context


class OrganizationDeleteView(ObjectDeleteView):
    queryset = ORGANIZATION_QUERYSET
    success_url_name = "orgunits:organization_list"

    def get_success_url(self):
        return reverse("orgunits:area_detail", kwargs={"pk": self.object.area_id})


@login_required
def organization_autocomplete(request):
    """Return <option>s of visible organizations matching the typed text."""
    text = next((value for key, value in request.GET.items() if key.endswith("__search")), "")
    organizations = (
        Organization.objects.restrict(request.user, "view").current().select_related(*ORGANIZATION_LABEL_RELATED)
    )
    area_id = parse_id(request.GET.get("area"))
    if request.GET.get("upper"):
        # "Báo cáo về": `area` is the edited organization's own area, sent along by the form.
        organizations = organizations.reportable_from(area_id)
    elif area_id:
        organizations = organizations.filter(area_id=area_id)
    organizations = organizations.search(text).order_by("search_text")[:30]
    return render(request, "orgunits/autocomplete_options.html", {"objects": organizations})
