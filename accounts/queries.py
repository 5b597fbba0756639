"""Which users an administrator may see and manage."""

from django.db.models import Prefetch, Q

from accounts.models import RoleAssignment, User
from core.scope import is_system_admin, prefix_q, scope_prefixes


def _assignments_inside(prefixes):
    return RoleAssignment.objects.filter(prefix_q("area__path", prefixes) | prefix_q("organization__path", prefixes))


def managed_users(manager):
    """Return the users `manager` may see in user management: everyone for a system
    administrator, else users holding a role somewhere inside the manager's unit-admin subtrees."""
    if is_system_admin(manager):
        return User.objects.all()
    prefixes = scope_prefixes(manager, "manage")
    if not prefixes:
        return User.objects.none()
    return User.objects.filter(pk__in=_assignments_inside(prefixes).values("user_id"))


def fully_managed_users(manager):
    """Return the users whose account (name, password, active flag) `manager` may change.

    A unit administrator may change an account only when every role of that user lies inside the
    administrator's subtrees: a cadre who also works for another unit, or a higher level, is
    managed by an administrator covering all of their units. System administrators' accounts
    are changed by system administrators only.
    """
    if is_system_admin(manager):
        return User.objects.all()
    prefixes = scope_prefixes(manager, "manage")
    if not prefixes:
        return User.objects.none()
    outside = RoleAssignment.objects.exclude(pk__in=_assignments_inside(prefixes).values("pk")).values("user_id")
    # Fellow administrators of the manager's own units are managed from the level above.
    peers = (
        RoleAssignment.objects.filter(role="unit_admin")
        .filter(Q(area__path__in=prefixes) | Q(organization__path__in=prefixes))
        .exclude(user_id=manager.pk)
        .values("user_id")
    )
    return managed_users(manager).filter(is_superuser=False).exclude(pk__in=outside).exclude(pk__in=peers)


def visible_assignments(manager):
    """Return the role assignments `manager` may see (and revoke): those inside their subtrees."""
    return RoleAssignment.objects.restrict(manager, "manage").select_related("area__kind", "organization__kind")


def with_visible_assignments(users, manager):
    """Prefetch, on each user, only the assignments the manager may see (as `visible_assignments`)."""
    return users.prefetch_related(
        Prefetch("role_assignments", queryset=visible_assignments(manager), to_attr="visible_assignments")
    )


def can_revoke(manager, assignment) -> bool:
    """Return whether `manager` may revoke `assignment` (already known to be in their scope).

    A unit administrator may not revoke another unit administrator of the very unit they
    administer: peers are removed by the level above (or a system administrator).
    """
    if is_system_admin(manager):
        return True
    if assignment.role != "unit_admin" or assignment.user_id == manager.pk:
        return True
    return not is_peer_unit(manager, assignment.get_scope_path())


def is_peer_unit(manager, path: str) -> bool:
    """Return whether `path` is a unit `manager` administers itself (not one beneath it).

    Administrators of such a unit are the manager's peers: the level above (or a system
    administrator) appoints and removes them, so the manager may neither grant nor revoke them.
    """
    return not is_system_admin(manager) and path in scope_prefixes(manager, "manage")
