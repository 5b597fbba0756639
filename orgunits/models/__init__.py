"""Units of the tree (split by topic; imported here for Django and callers)."""

from orgunits.models.areas import Area
from orgunits.models.base import area_part, org_ids, path_ids
from orgunits.models.clusters import Cluster
from orgunits.models.kinds import AreaKind, OrganizationKind
from orgunits.models.organizations import Organization
from orgunits.models.rearrangements import Rearrangement

__all__ = [
    "Area",
    "AreaKind",
    "Cluster",
    "Organization",
    "OrganizationKind",
    "Rearrangement",
    "area_part",
    "org_ids",
    "path_ids",
]
