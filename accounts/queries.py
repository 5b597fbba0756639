"""Which users an administrator may see and manage."""

from django.db.models import Q

from accounts.models import RoleAssignment, User
from core.scope import is_system_admin, prefix_q, scope_prefixes


def managed_users(manager):
    """Return the users `manager` may manage: everyone for a system administrator, else users
    holding a role somewhere inside the manager's unit-administrator subtrees."""
    if is_system_admin(manager):
        return User.objects.all()
    prefixes = scope_prefixes(manager, "manage")
    if not prefixes:
        return User.objects.none()
    assignments = RoleAssignment.objects.filter(
        prefix_q("area__path", prefixes) | prefix_q("organization__path", prefixes)
    ).values("user_id")
    return User.objects.filter(Q(pk__in=assignments))
