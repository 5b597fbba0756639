"""Insert many rows fast (imports): COPY on PostgreSQL, executemany on SQLite.

`bulk_create()` costs, per row, a model's worth of Django value preparation and, on PostgreSQL,
the Python-side dumping of one array per column (the UNNEST form of INSERT); for the tens of
thousands of rows an import writes (records, their children and their audit entries) that is
several times the cost of reading the file. These helpers prepare each column once (most values
go to the driver as they are) and send the rows with COPY (PostgreSQL) or `executemany()`.

They skip what `save()` and `bulk_create()` would do besides the INSERT: signals, `save()`
overrides, field defaults computed at insert time other than `auto_now`/`auto_now_add`. Callers
set every value `save()` would set and write the audit entries (`core.audit.record_bulk`).
"""

import json
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, models

# Fields whose Python value is what the driver takes.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}
# ...and on PostgreSQL (psycopg adapts them), also these.
_PLAIN_TYPES_POSTGRESQL = {"DateField", "DateTimeField", "DecimalField", "UUIDField"}


def _is_plain(field: models.Field) -> bool:
    target = field.target_field if field.is_relation else field
    internal = target.get_internal_type()
    return internal in _PLAIN_TYPES or (connection.vendor == "postgresql" and internal in _PLAIN_TYPES_POSTGRESQL)


def _converter(field: models.Field) -> Callable:
    if isinstance(field, models.JSONField):
        # What Django sends (json.dumps with the field's encoder), without its per-value wrapper.
        encode = (field.encoder or json.JSONEncoder)().encode
        return lambda value: None if value is None else encode(value)
    return lambda value: field.get_db_prep_save(value, connection)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve `count` new primary keys of `model`; call inside the transaction that inserts them.

    PostgreSQL draws them from the table's sequence. SQLite allocates after the highest id ever
    used (AUTOINCREMENT's counter), which is safe because SQLite lets one transaction write at a time.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 0) FROM {quoted}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
    return list(range(start, start + count))


def insert_rows(model: type[models.Model], field_names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (values in the order of `field_names`, as the model holds them) into `model`'s
    table; return how many. Values are prepared per column as Django would for the database."""
    fields = [model._meta.get_field(name) for name in field_names]
    special = [(index, _converter(field)) for index, field in enumerate(fields) if not _is_plain(field)]

    def prepare(row):
        if not special:
            return row
        row = list(row)
        for index, convert in special:
            row[index] = convert(row[index])
        return row

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            count = 0
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepare(row))
                    count += 1
            return count
        prepared = [prepare(row) for row in rows]
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)
        return len(prepared)


def insert_objects(objects: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model with new primary keys (set on them), like
    `bulk_create()` but faster; `auto_now`/`auto_now_add` fields are filled in as save() would."""
    if not objects:
        return
    model = type(objects[0])
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    stamped = [field for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    for field in stamped:
        field.pre_save(objects[0], add=True)
        stamp = getattr(objects[0], field.attname)
        for obj in objects[1:]:
            setattr(obj, field.attname, stamp)
    for obj, pk in zip(objects, allocate_ids(model, len(objects)), strict=True):
        obj.pk = pk
        obj._state.adding = False
    attnames = [field.attname for field in fields]
    insert_rows(model, attnames, ([getattr(obj, name) for name in attnames] for obj in objects))


class Builder:
    """Build unsaved instances of one model fast, for the thousands of rows an import inserts.

    `Model(**kwargs)` costs a descriptor call per keyword; positional arguments in the order of the
    concrete fields (the path Django takes when loading rows from the database) do not. Foreign
    keys may be given as objects (by field name): their id is set and the object cached on the
    instance, as assigning it would, so `str()`, `clean()` and the audit read it without a query.
    Fields not given take their default, computed once per builder (so one `timezone.now` for all),
    except mutable ones (a dict or list), made for each instance.
    """

    def __init__(self, model: type[models.Model]):
        self.model = model
        fields = model._meta.concrete_fields
        self.template = [field.get_default() for field in fields]
        # A mutable default (a JSONField's dict or list) is made afresh for each instance.
        self.fresh = [
            (index, field) for index, field in enumerate(fields) if isinstance(self.template[index], (dict, list, set))
        ]
        self.position = {field.attname: index for index, field in enumerate(fields)}
        self.relations = {field.name: (self.position[field.attname], field) for field in fields if field.is_relation}

    def __call__(self, **values) -> models.Model:
        args = self.template.copy()
        for index, field in self.fresh:
            args[index] = field.get_default()
        related = []
        for name, value in values.items():
            relation = self.relations.get(name)
            if relation is None:
                args[self.position[name]] = value
            else:
                args[relation[0]] = None if value is None else value.pk
                if value is not None:
                    related.append((relation[1], value))
        instance = self.model(*args)
        for field, value in related:
            field.set_cached_value(instance, value)
        return instance
