"""A paginator for large lists: the page's keys first, then only those rows (a "deferred join")."""

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Window
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

    `count_with_page=True` counts in the keys' query (`COUNT(*) OVER ()`) instead of a COUNT of
    its own: one pass over the matching rows instead of two. That is worth it when each row is
    costly to test, as in a text search, which tests every row of the unit's index range (about
    40 % faster for a province's search, bench/README.md); for a plain filter the COUNT alone
    reads the index faster, so lists set it only when searching. A page past the end (no keys)
    is counted the usual way.
    """

    def __init__(self, *args, count_with_page: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_with_page = count_with_page

    def page(self, number):
        if self.count_with_page and "count" not in self.__dict__:
            page = self._page_and_count(number)
            if page is not None:
                return page
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self._slice(bottom, self._top(bottom)), number, self)

    def _top(self, bottom: int) -> int:
        """Where the page starting at `bottom` ends: the last page takes the orphans."""
        top = bottom + self.per_page
        return self.count if top + self.orphans >= self.count else top

    def _queryset(self) -> QuerySet | None:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows
        if isinstance(rows, BoundRows) and isinstance(rows.data, TableQuerysetData):
            return rows.data.data
        return None

    def _rows(self, records: list):
        rows = self.object_list
        if isinstance(rows, BoundRows):
            return BoundRows(data=records, table=rows.table, pinned_data=rows.pinned_data)
        return records

    def _slice(self, bottom: int, top: int):
        queryset = self._queryset()
        if queryset is None:
            return self.object_list[bottom:top]
        return self._rows(rows_by_key(queryset, bottom, top))

    def _page_and_count(self, number):
        """The page, with the count read from its keys' query; None when that cannot tell it."""
        queryset = self._queryset()
        if queryset is None or not _by_key(queryset) or isinstance(number, bool):
            return None
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        if number < 1:
            return None
        bottom = (number - 1) * self.per_page
        # The orphans may join this page if it is the last: read them too.
        keys = list(queryset.values_list("pk", Window(Count("*")))[bottom : bottom + self.per_page + self.orphans])
        if not keys and number > 1:
            return None  # past the end: how far, only a COUNT tells
        self.__dict__["count"] = keys[0][1] if keys else 0
        number = self.validate_number(number)  # a page of orphans only is not a page
        shown = keys[: self._top(bottom) - bottom]
        return self._get_page(self._rows(_rows_of_keys(queryset, [pk for pk, _total in shown])), number, self)


def searching(params, name: str = "q") -> bool:
    """Whether the request's query `params` search for a text: the lists that page with
    DeferredJoinPaginator then count with the page (`count_with_page`)."""
    return bool(params.get(name, "").strip())


def rows_by_key(queryset: QuerySet, bottom: int, top: int) -> list:
    """Return `list(queryset[bottom:top])`, read as the rows of that slice's keys.

    The outer query keeps the queryset's joins, ordering and prefetches, not its filters: the
    keys already met them, and compiling and planning them twice cost about a millisecond a page
    (bench/README.md). A queryset of values(), with annotations, distinct or its own slice, or
    joined to a many-valued relation (where a row may come once per related row) is sliced as it is.
    """
    if not _by_key(queryset):
        return list(queryset[bottom:top])
    if top <= bottom:
        return []
    return _rows_of_keys(queryset, queryset.values("pk")[bottom:top])


def _by_key(queryset: QuerySet) -> bool:
    """Whether a slice of `queryset` may be read as the rows of its keys (see rows_by_key)."""
    query = queryset.query
    return not (
        queryset._iterable_class is not ModelIterable
        or query.annotations
        or query.distinct
        or query.is_sliced
        or query.extra
        or query.combinator
        or _joins_many(query)
    )


def _rows_of_keys(queryset: QuerySet, keys) -> list:
    """The rows of `queryset` whose keys are `keys` (a list, or a subquery), in its order."""
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
