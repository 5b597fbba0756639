from orgunits.views.areas import (
    AreaChildrenView,
    AreaDeleteView,
    AreaDetailView,
    AreaEditView,
    AreaListView,
    AreaTreeView,
    area_autocomplete,
)
from orgunits.views.clusters import ClusterDeleteView, ClusterDetailView, ClusterEditView, ClusterListView
from orgunits.views.home import home, search
from orgunits.views.kinds import AreaKindEditView, AreaKindListView, OrganizationKindEditView, OrganizationKindListView
from orgunits.views.organizations import (
    OrganizationDeleteView,
    OrganizationDetailView,
    OrganizationEditView,
    OrganizationListView,
    organization_autocomplete,
)
from orgunits.views.rearrangements import (
    RearrangementDeleteView,
    RearrangementDetailView,
    RearrangementEditView,
    RearrangementListView,
)

__all__ = [
    "AreaChildrenView",
    "AreaDeleteView",
    "AreaDetailView",
    "AreaEditView",
    "AreaKindEditView",
    "AreaKindListView",
    "AreaListView",
    "AreaTreeView",
    "ClusterDeleteView",
    "ClusterDetailView",
    "ClusterEditView",
    "ClusterListView",
    "OrganizationDeleteView",
    "OrganizationDetailView",
    "OrganizationEditView",
    "OrganizationKindEditView",
    "OrganizationKindListView",
    "OrganizationListView",
    "RearrangementDeleteView",
    "RearrangementDetailView",
    "RearrangementEditView",
    "RearrangementListView",
    "area_autocomplete",
    "home",
    "organization_autocomplete",
    "search",
]
