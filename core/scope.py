"""Where a user may act: the set of tree-path prefixes their role assignments cover.

Every unit (area or organization) has a materialised path such as "/12/345/" or "/12/345/o67/".
A role assignment on a unit covers every path that starts with the unit's path. This module
turns a user's assignments into those prefixes once per request (cached on the user object);
`RestrictedQuerySet.restrict()` turns the prefixes into one indexed filter.
"""

from django.apps import apps
from django.db.models import Q

from core.roles import roles_granting

_CACHE_ATTR = "_danvan_scope_cache"


def collapse_prefixes(paths) -> list[str]:
    """Drop every path that lies under another path of the list; return the rest sorted."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def scope_prefixes(user, action: str) -> list[str]:
    """Return the path prefixes under which `user` may perform `action` (empty: nowhere)."""
    if user is None or not user.is_authenticated:
        return []
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    if action not in cache:
        assignment = apps.get_model("accounts", "RoleAssignment")
        rows = list(
            assignment.objects.filter(user_id=user.pk, role__in=roles_granting(action)).values_list(
                "area_id", "area__path", "organization__path"
            )
        )
        paths = [area_path or org_path for _, area_path, org_path in rows]
        if action == "view":
            # Reading a unit includes its history: the areas it was formed from (issue #2).
            area_model = apps.get_model("orgunits", "Area")
            area_ids = [area_id for area_id, _, _ in rows if area_id]
            predecessor_ids = area_model.predecessor_ids(area_ids) if area_ids else []
            paths += list(area_model.objects.filter(pk__in=predecessor_ids).values_list("path", flat=True))
        cache[action] = collapse_prefixes(paths)
    return cache[action]


def clear_scope_cache(user) -> None:
    """Forget the cached prefixes, after the user's assignments changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def prefix_q(lookup: str, prefixes) -> Q:
    """Return a Q matching rows whose `lookup` path starts with any of `prefixes`."""
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{lookup}__startswith": prefix})
    return query


def is_system_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def can(user, action: str, path: str) -> bool:
    """Return whether `user` may perform `action` on the unit at `path`."""
    if is_system_admin(user):
        return True
    return any(path.startswith(prefix) for prefix in scope_prefixes(user, action))
