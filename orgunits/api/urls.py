from orgunits.api import views


def register(router) -> None:
    router.register("areas", views.AreaViewSet, basename="area")
    router.register("organizations", views.OrganizationViewSet, basename="organization")
    router.register("clusters", views.ClusterViewSet, basename="cluster")
    router.register("rearrangements", views.RearrangementViewSet, basename="rearrangement")
    router.register("area-kinds", views.AreaKindViewSet, basename="areakind")
    router.register("organization-kinds", views.OrganizationKindViewSet, basename="organizationkind")
