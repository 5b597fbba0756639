"""Compiled SQL templates: run a small, fixed-shape queryset without rebuilding it on every call.

For a query as small as "the ancestors of a hamlet" (a primary-key lookup of 2–3 rows), Django
spends longer building and compiling the SQL (clone the queryset, resolve the filter, compile)
than the database spends running it (bench/README.md). A queryset method that knows the shape
of its query can return a *pending* queryset instead: it records the public QuerySet calls it
stands for (`filter(pk__in=ids)`, `order_by("depth")`), a shape key and the SQL parameters.

- Evaluated directly (`list()`, iteration, `len()`, `bool()`), possibly after `values_list()`
  of plain field names, it runs the SQL Django compiled for the first query of the same shape,
  on the same connection, with this call's parameters, and builds the same result: tuples, or
  instances through `Model.from_db()`, with the backend's converters applied.
- Any other use (`filter()`, `select_related()`, `count()`, `iterator()`, `.query`, slicing...)
  first replays the recorded calls on a real queryset, so from then on it *is* the plain Django
  queryset, composable as any other.

Only the SQL text is kept, per database connection, never rows: results always come from the
database. The SQL depends only on the shape (the models and the number of parameters), which
does not change while the process runs. A template is kept only if the parameters Django compiled
are exactly the ones the method computed, so both paths send the same query.
"""

import weakref
from functools import cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import sql
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable

# {connection: {(model, shape): _Template}}, one dict per connection (so per thread): the
# converters a template keeps are bound to that connection's operations.
_TEMPLATES: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()
_EMPTY = object()  # the shape never matches a row (e.g. pk__in=[]): Django runs no query either
_UNSUPPORTED = object()  # the shape compiles to something the fast path does not rebuild (joins...)


@cache
def _plain_field_names(model) -> frozenset[str]:
    """Return the names `values_list()` resolves to a column of `model`'s own table."""
    names = {"pk"}
    for field in model._meta.concrete_fields:
        names.update((field.name, field.attname))
    return frozenset(names)


class _Template:
    __slots__ = ("converters", "init_list", "kind", "sql")

    def __init__(self, sql, kind, converters, init_list):
        self.sql = sql
        self.kind = kind  # ModelIterable, ValuesListIterable or FlatValuesListIterable
        self.converters = converters  # [(position, [converter...], expression)]
        self.init_list = init_list  # attnames for Model.from_db (instances only)


class TemplatedQuerySetMixin:
    """QuerySet mixin: methods call `_templated()` to return a pending queryset (see module docstring).

    Only a queryset fresh from the manager (`Model.objects`, `.all()`, or `restrict()` for a system
    administrator, which returns it unchanged) can become pending; anything already filtered,
    ordered, sliced... builds its query the ordinary way.
    """

    _steps = None  # ((method name, args, kwargs), ...): the public calls this queryset stands for
    _shape = None  # hashable: identifies the SQL those calls compile to
    _params = None  # the SQL parameters, in order

    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model=model, query=query, using=using, hints=hints)
        # A queryset created without a query has a fresh sql.Query: nothing filtered, ordered,
        # selected or sliced. Clones always pass their query, so they are not pristine.
        self._pristine = query is None

    @property
    def query(self):
        if self._steps is not None:
            self._materialize()
        # Whoever holds the Query may change it in place: the queryset is no longer pristine.
        self._pristine = False
        return super().query

    @query.setter
    def query(self, value):
        self._steps = None
        self._pristine = False
        models.QuerySet.query.fset(self, value)

    def _can_template(self) -> bool:
        # Besides the Query, the flags some QuerySet methods set in place (get_or_create() sets
        # _for_write, _next_is_sticky() _sticky_filter, related managers _defer_next_filter).
        return (
            self._pristine
            and not self._for_write
            and not self._sticky_filter
            and not self._defer_next_filter
            and self._deferred_filter is None
        )

    def _templated(self, shape, params, steps):
        """Return the queryset `steps` stand for: pending if this queryset is pristine, else built now.

        Args:
            shape: hashable; two calls with the same shape compile to the same SQL text.
            params: the SQL parameters of this call, in the order Django compiles them.
            steps: ((QuerySet method name, args, kwargs), ...), the query itself.
        """
        if not self._can_template():
            return self._apply(self, steps)
        return self._pending(shape, params, steps)

    def _pending(self, shape, params, steps):
        # A fresh Query of its own (equal to the pristine one; under a microsecond): nothing done
        # later to this queryset's Query in place can reach the pending one.
        pending = self.__class__(model=self.model, query=sql.Query(self.model), using=self._db, hints=self._hints)
        pending._steps = steps
        pending._shape = shape
        pending._params = params
        return pending

    def values_list(self, *fields, flat=False, named=False):
        if (
            self._steps is not None
            and self._fields is None
            and fields
            and not named
            and (not flat or len(fields) == 1)
            and all(type(name) is str for name in fields)
            and len(set(fields)) == len(fields)
            and _plain_field_names(self.model).issuperset(fields)
        ):
            pending = self._pending(
                (*self._shape, ("values_list", fields, flat)),
                self._params,
                (*self._steps, ("values_list", fields, {"flat": flat})),
            )
            # Set now, exactly as QuerySet.values_list() would: code that reads them before
            # touching .query sees the right values.
            pending._fields = fields
            pending._iterable_class = FlatValuesListIterable if flat else ValuesListIterable
            return pending
        return super().values_list(*fields, flat=flat, named=named)

    @staticmethod
    def _apply(queryset, steps):
        for name, args, kwargs in steps:
            queryset = getattr(queryset, name)(*args, **kwargs)
        return queryset

    def _replay(self, steps):
        """Return the plain Django queryset `steps` stand for."""
        base = self.__class__(model=self.model, query=self._query.chain(), using=self._db, hints=self._hints)
        return self._apply(base, steps)

    def _materialize(self) -> None:
        steps, self._steps = self._steps, None
        built = self._replay(steps)
        self._query = built._query
        if built._fields != self._fields or built._iterable_class is not self._iterable_class:
            raise AssertionError(f"templated queryset {steps!r} does not match its replay")

    def _fetch_all(self):
        if self._result_cache is None and self._steps is not None:
            self._result_cache = self._fetch_templated()
        super()._fetch_all()

    def _fetch_templated(self):
        """Return the result list through the shape's template; None if the shape has none."""
        db = self.db
        connection = connections[db]
        templates = _TEMPLATES.get(connection)
        if templates is None:
            templates = _TEMPLATES.setdefault(connection, {})
        key = (self.model, self._shape)
        template = templates.get(key)
        if template is None:
            template = self._compile_template(db)
            if template is None:
                return None  # parameters differ from the method's: no template, the ordinary path runs
            templates[key] = template
        if template is _UNSUPPORTED:
            return None  # the ordinary path (materialise, then Django's iterable) runs instead
        if template is _EMPTY:
            return []
        with connection.cursor() as cursor:
            cursor.execute(template.sql, self._params)
            rows = cursor.fetchall()
        if template.converters:
            rows = [_convert(row, template.converters, connection) for row in rows]
        if template.kind is ModelIterable:
            from_db, init_list = self.model.from_db, template.init_list
            return [from_db(db, init_list, row) for row in rows]
        if template.kind is FlatValuesListIterable:
            return [row[0] for row in rows]
        return [row if type(row) is tuple else tuple(row) for row in rows]

    def _compile_template(self, db):
        """Build the real query once, compile it, and keep its SQL if the shape allows it."""
        built = self._replay(self._steps)
        query = built.query
        compiler = query.get_compiler(using=db)
        try:
            sql_text, params = compiler.as_sql()
        except EmptyResultSet:
            return _EMPTY
        if not sql_text:
            return _EMPTY  # SQLCompiler.execute_sql() treats it as EmptyResultSet too
        if list(params) != list(self._params):
            return None
        if query.extra_select or query.annotation_select or compiler.has_extra_select:
            return _UNSUPPORTED
        select = compiler.select[: compiler.col_count]
        init_list = None
        if built._iterable_class is ModelIterable:
            klass_info = compiler.klass_info
            if klass_info.get("related_klass_infos") or compiler.annotation_col_map:
                return _UNSUPPORTED
            if list(klass_info["select_fields"]) != list(range(len(select))):
                return _UNSUPPORTED
            init_list = [column[0].target.attname for column in select]
        elif built._iterable_class not in (ValuesListIterable, FlatValuesListIterable):
            return _UNSUPPORTED
        converters = [
            (position, convs, expression)
            for position, (convs, expression) in compiler.get_converters([column[0] for column in select]).items()
        ]
        return _Template(sql_text, built._iterable_class, converters, init_list)


def _convert(row, converters, connection):
    """Apply the backend's and the fields' converters, as SQLCompiler.apply_converters() does."""
    row = list(row)
    for position, convs, expression in converters:
        value = row[position]
        for converter in convs:
            value = converter(value, expression, connection)
        row[position] = value
    return tuple(row)
