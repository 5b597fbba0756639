"""Audit trail: every create, update and delete of an AuditedModel becomes an ObjectChange.

Signals are used here on purpose (STYLE.md §11 allows them for decoupled concerns): every write
path (pages, API, admin, management commands, services) is covered without each one having to
remember. Bulk writes bypass signals; services that bulk-write call `record_bulk()` themselves.
The acting user comes from a context variable set by `CurrentRequestMiddleware` and by the API
base view (token authentication happens after middleware).
"""

import contextvars
import datetime
import decimal
import hashlib
import uuid
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.text import fold

_actor: contextvars.ContextVar = contextvars.ContextVar("danvan_audit_actor", default=None)
_request_id: contextvars.ContextVar = contextvars.ContextVar("danvan_audit_request_id", default=None)


def set_actor(user, request_id: uuid.UUID | None = None) -> None:
    """Record that changes from now on in this context are made by `user`."""
    _actor.set(user if user is not None and getattr(user, "is_authenticated", False) else None)
    if request_id is not None:
        _request_id.set(request_id)


@contextmanager
def acting_as(user):
    """Attribute the changes made inside the block to `user` (tasks, commands)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    return _actor.get()


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def snapshot_values(instance: Model, values: dict | None = None) -> dict:
    """Return {attname: JSON-ready value} for the audited concrete fields of `instance`."""
    exclude = set(getattr(instance, "audit_exclude", ()))
    redact = set(getattr(instance, "audit_redact", ()))
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.attname in exclude:
            continue
        raw = values.get(field.attname) if values is not None else getattr(instance, field.attname)
        if field.name in redact:
            raw = f"(đã ẩn, mã {hashlib.sha256(str(raw).encode()).hexdigest()[:8]})" if raw else None
        data[field.attname] = _jsonable(raw)
    return data


def _scope_path(instance) -> str:
    getter = getattr(instance, "get_scope_path", None)
    try:
        return (getter() if getter else "") or ""
    except Exception:  # noqa: BLE001 -- a missing parent must never block a write or a delete
        return ""


def _entry(instance, action: str, before: dict | None, after: dict | None):
    from core.models import ObjectChange  # noqa: PLC0415 -- core.models imports modules that import this one

    user = current_actor()
    return ObjectChange(
        user=user,
        user_name=getattr(user, "username", "") if user else "",
        request_id=_request_id.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance.__class__),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        search_text=fold(str(instance))[:255],
        scope_path=_scope_path(instance)[:255],
        prechange_data=before,
        postchange_data=after,
    )


def _write(instance, action: str, before: dict | None, after: dict | None) -> None:
    _entry(instance, action, before, after).save()


def record_bulk(instances, action: str = "create") -> None:
    """Write one audit entry per instance, for services that use bulk_create."""
    from core.models import ObjectChange  # noqa: PLC0415 -- see _entry

    rows = []
    for instance in instances:
        data = snapshot_values(instance)
        before = None if action == "create" else data
        loaded = getattr(instance, "_loaded_values", None)
        if action == "update" and loaded is not None:
            # The row as it was read before the bulk update: the entry shows what changed.
            before = snapshot_values(instance, loaded)
        after = None if action == "delete" else data
        rows.append(_entry(instance, action, before, after))
    ObjectChange.objects.bulk_create(rows, batch_size=1000)


def record_bulk_changes(changes) -> None:
    """Write one "update" entry per (instance, before, after), for changes written in bulk that
    the instances' own fields do not show (many-to-many links...)."""
    from core.models import ObjectChange  # noqa: PLC0415 -- see _entry

    rows = [_entry(instance, "update", before, after) for instance, before, after in changes]
    ObjectChange.objects.bulk_create(rows, batch_size=1000)


def _is_audited(sender) -> bool:
    from core.models import AuditMixin  # noqa: PLC0415 -- see _entry

    return isinstance(sender, type) and issubclass(sender, AuditMixin)


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_audited(sender) or getattr(instance, "_audit_suppress", False):
        return
    created = created or instance.__dict__.pop("_audit_created", False)
    after = snapshot_values(instance)
    loaded = getattr(instance, "_loaded_values", None)
    before = None if created else (snapshot_values(instance, loaded) if loaded is not None else None)
    if not created and before == after:
        return
    _write(instance, "create" if created else "update", before, after)
    instance._loaded_values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _on_delete(sender, instance, **kwargs):
    if not _is_audited(sender):
        return
    _write(instance, "delete", snapshot_values(instance), None)


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if reverse or not _is_audited(instance.__class__):
        return
    field = next(
        (f for f in instance._meta.many_to_many if f.remote_field.through is sender),
        None,
    )
    if field is None:
        return
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        instance._m2m_before = sorted(getattr(instance, field.name).values_list("pk", flat=True))
        return
    if action in {"post_add", "post_remove", "post_clear"}:
        before = getattr(instance, "_m2m_before", None)
        after = sorted(getattr(instance, field.name).values_list("pk", flat=True))
        if before != after:
            _write(instance, "update", {field.name: before}, {field.name: after})


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="danvan_audit_save")
    post_delete.connect(_on_delete, dispatch_uid="danvan_audit_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="danvan_audit_m2m")
