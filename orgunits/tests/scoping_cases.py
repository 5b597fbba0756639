"""Scoped models of orgunits, declared for the reusable scoping suite (tests/scoping.py)."""

from orgunits.models import Area, Cluster, Organization
from tests.factories.orgunits import ClusterFactory, hamlet, organization
from tests.scoping import ScopedCase


def _area(world, where):
    return hamlet(
        world.commune_a if where == "a" else world.commune_b, f"Tổ dân phố {where.upper()}", kind="to_dan_pho"
    )


def _organization(world, where):
    return organization(world.commune_a if where == "a" else world.commune_b, "hoi_nong_dan")


def _cluster(world, where):
    owner = world.commune_a if where == "a" else world.commune_b
    return ClusterFactory(owner_area=owner)


CASES = [
    ScopedCase(
        model=Area,
        make=_area,
        detail_url="orgunits:area_detail",
        edit_url="orgunits:area_edit",
        delete_url="orgunits:area_delete",
        list_url="orgunits:area_list",
        api_basename="area",
    ),
    ScopedCase(
        model=Organization,
        make=_organization,
        detail_url="orgunits:organization_detail",
        edit_url="orgunits:organization_edit",
        delete_url="orgunits:organization_delete",
        list_url="orgunits:organization_list",
        api_basename="organization",
    ),
    ScopedCase(
        model=Cluster,
        make=_cluster,
        detail_url="orgunits:cluster_detail",
        edit_url="orgunits:cluster_edit",
        delete_url="orgunits:cluster_delete",
        list_url="orgunits:cluster_list",
        api_basename="cluster",
    ),
]
