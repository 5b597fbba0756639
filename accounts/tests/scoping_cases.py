"""Role assignments are scoped by the unit they are on (managed by unit administrators)."""

from accounts.models import RoleAssignment
from tests.factories.accounts import UserFactory
from tests.scoping import ScopedCase


def _assignment(world, where):
    user = UserFactory(username=f"nguoi_{where}")
    return RoleAssignment.objects.create(
        user=user, role="viewer", area=world.commune_a if where == "a" else world.commune_b
    )


CASES = [
    ScopedCase(
        model=RoleAssignment, make=_assignment, delete_url="accounts:assignment_delete", extra={"action": "manage"}
    )
]
