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
import functools
import hashlib
import uuid
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core.bulk import insert_rows
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


_PLAIN_JSON = (str, int, bool, float, type(None))


def _jsonable(value):
    if type(value) in _PLAIN_JSON:
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


@functools.cache
def _audited_fields(model, exclude: tuple, redact: tuple) -> tuple[tuple[str, bool, bool], ...]:
    """Return (attname, redacted, stored as is) of the model's audited concrete fields (bulk writes
    call this per row). "Stored as is": the instance's __dict__ holds the value getattr returns
    (not so for a file field, whose descriptor wraps the stored name)."""
    plain_descriptors = (DeferredAttribute, ForeignKeyDeferredAttribute)
    return tuple(
        (field.attname, field.name in redact, field.descriptor_class in plain_descriptors)
        for field in model._meta.concrete_fields
        if field.name not in exclude and field.attname not in exclude
    )


def snapshot_values(instance: Model, values: dict | None = None) -> dict:
    """Return {attname: JSON-ready value} for the audited concrete fields of `instance`."""
    fields = _audited_fields(
        type(instance), tuple(getattr(instance, "audit_exclude", ())), tuple(getattr(instance, "audit_redact", ()))
    )
    # Values straight from the instance's __dict__ (bulk writes snapshot tens of thousands of
    # rows); a deferred field, absent from it, goes through getattr and its query.
    loaded = instance.__dict__
    data = {}
    for attname, redacted, stored in fields:
        if values is not None:
            raw = values.get(attname)
        else:
            raw = loaded[attname] if stored and attname in loaded else getattr(instance, attname)
        if redacted:
            raw = f"(đã ẩn, mã {hashlib.sha256(str(raw).encode()).hexdigest()[:8]})" if raw else None
        data[attname] = raw if type(raw) in _PLAIN_JSON else _jsonable(raw)
    return data


def _scope_path(instance) -> str:
    getter = getattr(instance, "get_scope_path", None)
    try:
        return (getter() if getter else "") or ""
    except Exception:  # noqa: BLE001 -- a missing parent must never block a write or a delete
        return ""


def _common_values() -> dict:
    """Return the entry values shared by a batch of changes (and a cache of content type ids)."""
    user = current_actor()
    return {
        "time": timezone.now(),
        "user_id": user.pk if user else None,
        "user_name": getattr(user, "username", "") if user else "",
        "request_id": _request_id.get(),
        "content_types": {},
    }


def _entry_values(instance, action: str, before: dict | None, after: dict | None, common: dict | None = None) -> dict:
    """Return the ObjectChange column values (by attname) recording `action` on `instance`.

    `common`: the values shared by a batch of entries (`_common_values()`, plus the content type
    ids by class under "content_types"), computed once for it.
    """
    common = common or _common_values()
    content_types = common["content_types"]
    model = instance.__class__
    if model not in content_types:
        content_types[model] = ContentType.objects.get_for_model(model).pk
    parent_type_id, parent_id = None, ""
    parent = getattr(model, "audit_parent", None)
    if parent:
        field = model._meta.get_field(parent)
        if field.related_model not in content_types:
            content_types[field.related_model] = ContentType.objects.get_for_model(field.related_model).pk
        value = getattr(instance, field.attname)
        if value is not None:
            parent_type_id, parent_id = content_types[field.related_model], str(value)
    text = str(instance)
    return {
        "time": common["time"],
        "user_id": common["user_id"],
        "user_name": common["user_name"],
        "request_id": common["request_id"],
        "action": action,
        "content_type_id": content_types[model],
        "object_id": str(instance.pk),
        "object_repr": text[:255],
        "search_text": fold(text)[:255],
        "scope_path": _scope_path(instance)[:255],
        "prechange_data": before,
        "postchange_data": after,
        "parent_type_id": parent_type_id,
        "parent_id": parent_id,
    }


def _entry(instance, action: str, before: dict | None, after: dict | None):
    from core.models import ObjectChange  # noqa: PLC0415 -- core.models imports modules that import this one

    return ObjectChange(**_entry_values(instance, action, before, after))


def _write(instance, action: str, before: dict | None, after: dict | None) -> None:
    _entry(instance, action, before, after).save()


def _insert_entries(entries: list[dict]) -> None:
    """Insert the entries in bulk (COPY on PostgreSQL): imports write tens of thousands at once."""
    from core.models import ObjectChange  # noqa: PLC0415 -- see _entry

    if entries:
        names = list(entries[0])
        insert_rows(ObjectChange, names, ([entry[name] for name in names] for entry in entries))


def record_bulk(instances, action: str = "create") -> None:
    """Write one audit entry per instance, for services that write in bulk (bulk_create, core.bulk)."""
    entries = []
    common = _common_values()
    for instance in instances:
        data = snapshot_values(instance)
        before = None if action == "create" else data
        loaded = getattr(instance, "_loaded_values", None)
        if action == "update" and loaded is not None:
            # The row as it was read before the bulk update: the entry shows what changed.
            before = snapshot_values(instance, loaded)
        after = None if action == "delete" else data
        entries.append(_entry_values(instance, action, before, after, common))
    _insert_entries(entries)


def record_bulk_changes(changes) -> None:
    """Write one "update" entry per (instance, before, after), for changes written in bulk that
    the instances' own fields do not show (many-to-many links...)."""
    common = _common_values()
    _insert_entries([_entry_values(instance, "update", before, after, common) for instance, before, after in changes])


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
