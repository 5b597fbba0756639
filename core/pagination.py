"""A paginator for large lists: the page's keys first, then only those rows (a "deferred join")."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.db.models.sql.datastructures import Join
from django.db.models.sql.where import WhereNode
from django_tables2.data import TableQuerysetData
from django_tables2.rows import BoundRows


class DeferredJoinPaginator(Paginator):
    """Fetch a page of a queryset as the rows whose keys are that page's keys (a "deferred join").

    A plain page, `SELECT <row and its select_related joins> ... ORDER BY ... LIMIT 25`, makes
    PostgreSQL read and join every matching row before it can sort them and keep 25: for a
    province's list at national scale, hundreds or thousands of scattered table rows and as many
    joins, and the planner may pick a poor join for them (bench/initiatives.py). Here the page is
    `... WHERE pk IN (SELECT pk ... WHERE <filters> ORDER BY ... LIMIT 25) ORDER BY ...`: the
    subquery needs only the keys, with the filters and order, which a covering index answers
    without reading the table; the outer query then reads and joins just those rows, by key. The
    page holds the same rows, in the same order, as `object_list[bottom:top]`, in one query.

    `object_list` may be a queryset (DRF, views) or the rows of a django-tables2 table over a
    queryset (`Table.paginate(paginator_class=...)`); anything else is sliced as usual.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._slice(bottom, top), number, self)

    def _slice(self, bottom: int, top: int):
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows_by_key(rows, bottom, top)
        if isinstance(rows, BoundRows) and isinstance(rows.data, TableQuerysetData):
            records = rows_by_key(rows.data.data, bottom, top)
            return BoundRows(data=records, table=rows.table, pinned_data=rows.pinned_data)
        return rows[bottom:top]


def rows_by_key(queryset: QuerySet, bottom: int, top: int) -> list:
    """Return `list(queryset[bottom:top])`, read as the rows of that slice's keys.

    The outer query keeps the queryset's joins, ordering and prefetches, not its filters: the
    keys already met them, and compiling and planning them twice cost about a millisecond a page
    (bench/README.md). A queryset of values(), with annotations, distinct or its own slice, or
    joined to a many-valued relation (where a row may come once per related row) is sliced as it is.
    """
    query = queryset.query
    if (
        queryset._iterable_class is not ModelIterable
        or query.annotations
        or query.distinct
        or query.is_sliced
        or query.extra
        or query.combinator
        or _joins_many(query)
    ):
        return list(queryset[bottom:top])
    if top <= bottom:
        return []
    keys = queryset.values("pk")[bottom:top]
    rows = queryset.all()
    rows.query.where = WhereNode()
    return list(rows.filter(pk__in=keys))


def _joins_many(query) -> bool:
    """Whether `query` joins a reverse foreign key or a many-to-many relation."""
    for join in query.alias_map.values():
        field = getattr(join, "join_field", None) if isinstance(join, Join) else None
        if field is not None and (field.one_to_many or field.many_to_many):
            return True
    return False
