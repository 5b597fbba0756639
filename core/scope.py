"""Where a user may act: the set of tree-path prefixes their role assignments cover.

Every unit (area or organization) has a materialised path such as "/12/345/" or "/12/345/o67/".
A role assignment on a unit covers every path that starts with the unit's path. This module
turns a user's assignments into those prefixes once per request (cached on the user object);
`RestrictedQuerySet.restrict()` turns the prefixes into one indexed filter.
"""

from django.apps import apps
from django.db import connection
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
        cache[action] = collapse_prefixes(_assignment_paths(user.pk, roles_granting(action), action == "view"))
    return cache[action]


# One generation back through re-arrangements: the areas that the areas in `history` were formed
# from. Shared by the user's scope and `predecessor_ids()` (Area.lineage()).
_PREDECESSOR_STEP = """
        SELECT p.area_id{generation} FROM history h
        JOIN {successors} s ON s.area_id = h.area_id
        JOIN {predecessors} p ON p.rearrangement_id = s.rearrangement_id"""
# Re-arrangements may loop (an area named on both sides of one, or data loaded from elsewhere):
# the scope's walk keeps no generation, so UNION ends it; a walk with generations stops here.
MAX_GENERATIONS = 100


def _tables() -> dict[str, str]:
    rearrangement = apps.get_model("orgunits", "Rearrangement")
    return {
        "assignments": apps.get_model("accounts", "RoleAssignment")._meta.db_table,
        "areas": apps.get_model("orgunits", "Area")._meta.db_table,
        "organizations": apps.get_model("orgunits", "Organization")._meta.db_table,
        "predecessors": rearrangement.predecessors.through._meta.db_table,
        "successors": rearrangement.successors.through._meta.db_table,
    }


def _assignment_paths(user_id: int, roles: list[str], with_history: bool) -> list[str]:
    """Return the paths of the units of the user's assignments in `roles`, in one statement.

    With `with_history` (reading), also the paths of every area those areas were formed from,
    transitively through re-arrangements (issue #2): a recursive query, the same on SQLite and
    PostgreSQL, where a loop over the generations would cost one query each. The areas' paths
    are read by key, one subquery per area: PostgreSQL cannot estimate how many rows a recursive
    query yields (it guesses thousands) and would otherwise hash-join the whole area table (60 ms
    at national scale instead of 0.1 ms).
    """
    if not roles:
        return []
    table = _tables()
    history = "\n        UNION" + _PREDECESSOR_STEP.format(generation="", **table) if with_history else ""
    placeholders = ", ".join(["%s"] * len(roles))
    sql = f"""
        WITH RECURSIVE roles AS (
            SELECT area_id, organization_id FROM {{assignments}} WHERE user_id = %s AND role IN ({placeholders})
        ), history(area_id) AS (
            SELECT area_id FROM roles WHERE area_id IS NOT NULL{history}
        )
        SELECT (SELECT a.path FROM {{areas}} a WHERE a.id = h.area_id) FROM history h
        UNION ALL
        SELECT o.path FROM roles r JOIN {{organizations}} o ON o.id = r.organization_id
    """.format(**table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, *roles])
        return [row[0] for row in cursor.fetchall()]


def predecessor_ids(area_ids, *, skip_rearrangement: int | None = None) -> list[int]:
    """Return the ids of every area the given areas were formed from, transitively through
    re-arrangements (not the given areas themselves): nearest generation first, then by id; one
    statement (the same walk as the scope's history).

    `skip_rearrangement`: walk as if this re-arrangement had no links (its stored links are
    about to be replaced: Rearrangement.clean_links()).
    """
    area_ids = list(area_ids)
    if not area_ids:
        return []
    table = _tables()
    step = _PREDECESSOR_STEP.format(generation=", h.generation + 1", **table)
    placeholders = ", ".join(["%s"] * len(area_ids))
    skip = "" if skip_rearrangement is None else " AND s.rearrangement_id <> %s"
    sql = f"""
        WITH RECURSIVE history(area_id, generation) AS (
            SELECT id, 0 FROM {table["areas"]} WHERE id IN ({placeholders})
            UNION{step}
            WHERE h.generation < %s{skip}
        )
        SELECT area_id FROM history GROUP BY area_id HAVING MIN(generation) > 0 ORDER BY MIN(generation), area_id
    """
    params = [*area_ids, MAX_GENERATIONS] + ([] if skip_rearrangement is None else [skip_rearrangement])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


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


def can_anywhere(user, action: str) -> bool:
    """Return whether `user` may perform `action` on at least one unit (the "Thêm mới" buttons
    and add pages: a user who may add nowhere is told so before filling a form)."""
    return is_system_admin(user) or bool(scope_prefixes(user, action))


def can(user, action: str, path: str) -> bool:
    """Return whether `user` may perform `action` on the unit at `path`."""
    if is_system_admin(user):
        return True
    return any(path.startswith(prefix) for prefix in scope_prefixes(user, action))
