from django.urls import path

from orgunits import views
from orgunits.views.imports import AreaImportTemplateView, AreaImportView

app_name = "orgunits"

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/tree/", views.AreaTreeView.as_view(), name="area_tree"),
    path("areas/add/", views.AreaEditView.as_view(), name="area_add"),
    path("areas/autocomplete/", views.area_autocomplete, name="area_autocomplete"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("areas/<int:pk>/children/", views.AreaChildrenView.as_view(), name="area_children"),
    path("areas/<int:pk>/edit/", views.AreaEditView.as_view(), name="area_edit"),
    path("areas/<int:pk>/delete/", views.AreaDeleteView.as_view(), name="area_delete"),
    path("areas/<int:pk>/import/", AreaImportView.as_view(), name="area_import"),
    path("areas/<int:pk>/import/template.xlsx", AreaImportTemplateView.as_view(), name="area_import_template"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/add/", views.OrganizationEditView.as_view(), name="organization_add"),
    path("organizations/autocomplete/", views.organization_autocomplete, name="organization_autocomplete"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.OrganizationEditView.as_view(), name="organization_edit"),
    path("organizations/<int:pk>/delete/", views.OrganizationDeleteView.as_view(), name="organization_delete"),
    path("clusters/", views.ClusterListView.as_view(), name="cluster_list"),
    path("clusters/add/", views.ClusterEditView.as_view(), name="cluster_add"),
    path("clusters/<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path("clusters/<int:pk>/edit/", views.ClusterEditView.as_view(), name="cluster_edit"),
    path("clusters/<int:pk>/delete/", views.ClusterDeleteView.as_view(), name="cluster_delete"),
    path("rearrangements/", views.RearrangementListView.as_view(), name="rearrangement_list"),
    path("rearrangements/add/", views.RearrangementEditView.as_view(), name="rearrangement_add"),
    path("rearrangements/<int:pk>/", views.RearrangementDetailView.as_view(), name="rearrangement_detail"),
    path("rearrangements/<int:pk>/edit/", views.RearrangementEditView.as_view(), name="rearrangement_edit"),
    path("rearrangements/<int:pk>/delete/", views.RearrangementDeleteView.as_view(), name="rearrangement_delete"),
    path("area-kinds/", views.AreaKindListView.as_view(), name="areakind_list"),
    path("area-kinds/add/", views.AreaKindEditView.as_view(), name="areakind_add"),
    path("area-kinds/<int:pk>/edit/", views.AreaKindEditView.as_view(), name="areakind_edit"),
    path("organization-kinds/", views.OrganizationKindListView.as_view(), name="organizationkind_list"),
    path("organization-kinds/add/", views.OrganizationKindEditView.as_view(), name="organizationkind_add"),
    path("organization-kinds/<int:pk>/edit/", views.OrganizationKindEditView.as_view(), name="organizationkind_edit"),
]
