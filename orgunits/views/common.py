"""Helpers shared by the orgunits views: breadcrumbs, permission flags, object history."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ObjectChange
from core.scope import can, is_system_admin
from orgunits.models import Area


def area_breadcrumbs(user, unit, include_self: bool = True) -> list[dict]:
    """Return breadcrumbs from the province down to `unit`; ancestors the user cannot open have no link."""
    ancestors = list(Area.objects.ancestors_of(unit))
    visible = set(
        Area.objects.restrict(user, "view").filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True)
    )
    crumbs = [{"label": _("Địa bàn"), "url": None}]
    crumbs += [{"label": a.name, "url": a.get_absolute_url() if a.pk in visible else None} for a in ancestors]
    if include_self:
        crumbs.append({"label": str(unit), "url": None})
    return crumbs


def permission_flags(user, obj) -> dict:
    """Return which actions the page may offer on `obj` (the same rules as the views enforce)."""
    path = obj.get_scope_path()
    return {
        "can_add": can(user, "add", path),
        "can_change": can(user, "change", path),
        # Deleting has a rule of its own (a unit is deleted from above): ask the model's filter.
        "can_delete": type(obj).objects.restrict(user, "delete").filter(pk=obj.pk).exists(),
        "can_manage": can(user, "manage", path),
        "is_system_admin": is_system_admin(user),
    }


def object_history(obj, limit: int = 50):
    content_type = ContentType.objects.get_for_model(obj.__class__)
    # Its own changes and those of the objects that belong to it (AuditMixin.audit_parent).
    changes = ObjectChange.objects.filter(
        Q(content_type=content_type, object_id=str(obj.pk)) | Q(parent_type=content_type, parent_id=str(obj.pk))
    )
    return changes.select_related("content_type", "user")[:limit]
