"""Account changes: create a user with a first role, grant and revoke roles (all audited)."""

from django.db import transaction

from accounts.models import RoleAssignment, User
from core.scope import clear_scope_cache


@transaction.atomic
def create_user(*, user_form, role_form=None) -> User:
    """Save the new user and, when given, their first role assignment, in one transaction."""
    user = user_form.save()
    if role_form is not None:
        grant_role(user=user, role_form=role_form)
    return user


@transaction.atomic
def save_user(*, user_form) -> User:
    return user_form.save()


@transaction.atomic
def grant_role(*, user: User, role_form) -> RoleAssignment:
    assignment = role_form.save(commit=False)
    assignment.user = user
    assignment.save()
    clear_scope_cache(user)
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment) -> None:
    user = assignment.user
    assignment.delete()
    clear_scope_cache(user)
