"""Roles a user can hold on a unit, and the actions each role grants over the unit's subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Xem")
    ADD = "add", _("Thêm")
    CHANGE = "change", _("Sửa")
    DELETE = "delete", _("Xóa")
    APPROVE = "approve", _("Phê duyệt")
    MANAGE = "manage", _("Quản trị đơn vị")


class Role(models.TextChoices):
    VIEWER = "viewer", _("Xem")
    EDITOR = "editor", _("Cập nhật")
    APPROVER = "approver", _("Phê duyệt")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.EDITOR: frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE}),
    Role.APPROVER: frozenset({Action.VIEW, Action.APPROVE}),
    Role.UNIT_ADMIN: frozenset(Action.values),
}


def roles_granting(action: str) -> list[str]:
    """Return the roles whose holders may perform `action`."""
    if action not in Action.values:
        raise ValueError(f"unknown action {action!r}")
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
