"""The registry's pages are read as keys first, then rows by key (core.pagination.DeferredJoinPaginator).

The page must hold exactly the rows, in exactly the order, that plain slicing gives, for every
ordering the list and the API offer, on SQLite and PostgreSQL alike.
"""

import datetime

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.pagination import DeferredJoinPaginator
from initiatives.models import Initiative
from initiatives.tables.initiatives import InitiativeTable
from initiatives.views.initiatives import LIST_QUERYSET
from tests.factories.initiatives import InitiativeFactory, field, metric

pytestmark = pytest.mark.django_db

FIELDS = ("kinh_te", "nong_thon_moi", "van_hoa_xa_hoi")
ORDERINGS = [
    (),  # the model's own: newest registration first
    ("search_text",),  # the list's "name" column
    ("-year", "-pk"),
    ("organization__search_text", "pk"),
    ("field__sort_order", "-registered_on", "pk"),
]


@pytest.fixture
def records(world):
    """Seven records over two organizations, three fields, three years and equal dates."""
    names = ["Đường hoa", "Ánh sáng", "Bữa cơm", "Camera", "Quỹ khuyến học", "Hũ gạo", "Ấp văn hóa"]
    return [
        InitiativeFactory(
            organization=world.front_a if index % 2 else world.front_b,
            name=name,
            field=field(FIELDS[index % 3]),
            year=2023 + index % 3,
            registered_on=datetime.date(2025, 1, 1 + index // 2),
        )
        for index, name in enumerate(names)
    ]


def pks(rows):
    return [row.pk for row in rows]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_deferred_join_page_holds_the_rows_of_a_plain_slice(records, ordering):
    queryset = LIST_QUERYSET.order_by(*ordering) if ordering else LIST_QUERYSET.all()
    plain = Paginator(queryset, 3)

    pages = [pks(DeferredJoinPaginator(queryset, 3).page(number)) for number in (1, 2, 3)]

    assert pages == [pks(plain.page(number)) for number in (1, 2, 3)]
    assert sorted(pk for page in pages for pk in page) == sorted(pks(records))


def test_deferred_join_page_keeps_the_querysets_filters(records, world):
    queryset = LIST_QUERYSET.filter(organization=world.front_a, year__gte=2024)
    expected = [r.pk for r in sorted(records, key=lambda r: (r.registered_on, r.pk), reverse=True)]
    expected = [pk for pk in expected if pk in set(queryset.values_list("pk", flat=True))]

    page = DeferredJoinPaginator(queryset, 2).page(1)

    assert (page.paginator.count, pks(page)) == (len(expected), expected[:2])


def test_deferred_join_page_reads_its_rows_and_joins_in_one_query(records, django_assert_num_queries):
    paginator = DeferredJoinPaginator(LIST_QUERYSET.all(), 3)
    assert paginator.count == 7

    with django_assert_num_queries(1):
        page = paginator.page(2)
        names = [(row.organization.name, row.area.name, row.field.name) for row in page]

    assert len(names) == 3


def test_deferred_join_outer_query_reads_by_key_without_the_filters(records, world):
    # The keys met the filters: the outer query does not compile and plan them a second time.
    queryset = LIST_QUERYSET.filter(organization=world.front_a, year__gte=2024)

    with CaptureQueriesContext(connection) as captured:
        DeferredJoinPaginator(queryset, 2).page(1)

    outer, subquery = captured.captured_queries[-1]["sql"].split(" IN (SELECT ", 1)
    assert outer.endswith('WHERE "initiatives_initiative"."id"')
    assert '"year" >=' in subquery and '"organization_id" =' in subquery


def test_deferred_join_page_across_a_many_valued_join_is_a_plain_slice(records, world):
    # One row per matching related row: the outer query must keep the join and its filter.
    for record in records[:3]:
        record.resultvalues.create(metric=metric("duong_giao_thong"), value=5)
        record.resultvalues.create(metric=metric("den_chieu_sang"), value=7)
    queryset = LIST_QUERYSET.filter(resultvalues__value__gte=6).order_by("pk")

    page = DeferredJoinPaginator(queryset, 4).page(1)

    assert pks(page) == pks(queryset[:4]) == pks(records[:3])


def test_deferred_join_last_page_takes_the_orphans(records):
    paginator = DeferredJoinPaginator(LIST_QUERYSET.all(), 3, orphans=1)

    pages = [pks(paginator.page(number)) for number in range(1, paginator.num_pages + 1)]

    assert pages == [pks(Paginator(LIST_QUERYSET.all(), 3, orphans=1).page(n)) for n in (1, 2)]
    assert [len(page) for page in pages] == [3, 4]


def test_deferred_join_page_of_an_empty_list_is_empty(world):
    page = DeferredJoinPaginator(LIST_QUERYSET.all(), 25).page(1)

    assert (page.paginator.count, list(page)) == (0, [])


def test_deferred_join_page_of_values_is_a_plain_slice(records):
    queryset = Initiative.objects.values_list("pk", "name").order_by("search_text")

    page = DeferredJoinPaginator(queryset, 4).page(2)

    assert list(page) == list(queryset[4:7])


def test_deferred_join_page_of_a_table_keeps_the_table_rows(records):
    table = InitiativeTable(LIST_QUERYSET.all(), order_by=("name",))

    table.paginate(paginator_class=DeferredJoinPaginator, per_page=3, page=2)

    expected = pks(LIST_QUERYSET.order_by("search_text")[3:6])
    assert [row.record.pk for row in table.page.object_list] == expected
    assert [row.get_cell("year") for row in table.page.object_list] == [
        str(Initiative.objects.get(pk=pk).year) for pk in expected
    ]
    assert table.paginator.count == 7


def test_initiative_list_second_page_sorted_by_name(world, client):
    for number in range(27):
        InitiativeFactory(organization=world.front_a, name=f"Mô hình {(number * 7) % 27:02d}")
    client.force_login(world.admin)

    response = client.get(reverse("initiatives:initiative_list"), {"sort": "-name", "page": 2})

    table = response.context["table"]
    assert isinstance(table.paginator, DeferredJoinPaginator)
    assert [row.record.name for row in table.page.object_list] == ["Mô hình 01", "Mô hình 00"]
    assert response.context["result_count"] == 27


def test_initiative_api_pages_follow_the_ordering(records, world, client):
    client.force_login(world.admin)

    def page(number):
        params = {"ordering": "-name", "page_size": 3, "page": number}
        body = client.get("/api/initiatives/", params).json()
        return body["count"], [row["id"] for row in body["results"]]

    expected = pks(Initiative.objects.order_by("-search_text", "-registered_on", "-pk"))
    assert [page(1), page(2), page(3)] == [(7, expected[:3]), (7, expected[3:6]), (7, expected[6:])]


def test_initiative_list_export_reads_no_column_per_row(world, client):
    # The list loads only the columns its table shows (LIST_QUERYSET.only()): the Excel export
    # of the same table must not fetch a missing column row by row.
    client.force_login(world.admin)
    url = reverse("initiatives:initiative_list")

    def queries_for(rows):
        Initiative.objects.all().delete()
        for number in range(rows):
            InitiativeFactory(organization=world.front_a, name=f"Mô hình {number}", is_outstanding=number == 0)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"export": "xlsx"})
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert queries_for(1) == queries_for(4)


#
# Counting with the page's keys (count_with_page, used when searching)
#


def _count_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_counting_with_the_keys_gives_the_plain_pages_and_count(records, ordering):
    queryset = LIST_QUERYSET.order_by(*ordering) if ordering else LIST_QUERYSET.all()
    plain = Paginator(queryset, 3)

    for number in (1, 2, 3):
        paginator = DeferredJoinPaginator(queryset, 3, count_with_page=True)
        with CaptureQueriesContext(connection) as captured:
            page = paginator.page(number)
        assert (paginator.count, pks(page)) == (plain.count, pks(plain.page(number)))
        assert len(captured.captured_queries) == 2  # the keys with the count, then their rows
        assert "OVER ()" in captured.captured_queries[0]["sql"]
        assert _count_queries(captured) == []


def test_counting_with_the_keys_keeps_the_filters(records, world):
    queryset = LIST_QUERYSET.filter(organization=world.front_a, year__gte=2024)

    page = DeferredJoinPaginator(queryset, 2, count_with_page=True).page(1)

    assert (page.paginator.count, pks(page)) == (queryset.count(), pks(queryset[:2]))


def test_counting_with_the_keys_last_page_takes_the_orphans(records):
    plain = Paginator(LIST_QUERYSET.all(), 3, orphans=1)

    def page(number):
        return pks(DeferredJoinPaginator(LIST_QUERYSET.all(), 3, orphans=1, count_with_page=True).page(number))

    assert [page(1), page(2)] == [pks(plain.page(1)), pks(plain.page(2))]
    assert len(page(2)) == 4
    with pytest.raises(EmptyPage):  # row 7 is an orphan of page 2, not a page of its own
        page(3)


def test_counting_with_the_keys_past_the_end_or_not_a_number_is_refused_as_plainly(records):
    paginator = DeferredJoinPaginator(LIST_QUERYSET.all(), 3, count_with_page=True)
    with pytest.raises(EmptyPage):
        paginator.page(5)
    assert paginator.count == 7  # counted the usual way, once
    with pytest.raises(PageNotAnInteger):
        DeferredJoinPaginator(LIST_QUERYSET.all(), 3, count_with_page=True).page("hai")
    with pytest.raises(EmptyPage):
        DeferredJoinPaginator(LIST_QUERYSET.all(), 3, count_with_page=True).page(0)


def test_counting_with_the_keys_of_an_empty_list(world, django_assert_num_queries):
    paginator = DeferredJoinPaginator(LIST_QUERYSET.all(), 25, count_with_page=True)

    with django_assert_num_queries(1):
        page = paginator.page(1)

    assert (paginator.count, list(page), paginator.num_pages) == (0, [], 1)


def test_counting_with_the_keys_of_a_table(records):
    table = InitiativeTable(LIST_QUERYSET.all(), order_by=("name",))

    table.paginate(paginator_class=DeferredJoinPaginator, per_page=3, page=3, count_with_page=True)

    assert [row.record.pk for row in table.page.object_list] == pks(LIST_QUERYSET.order_by("search_text")[6:])
    assert table.paginator.count == 7


def test_the_list_and_the_api_count_a_search_with_its_keys(records, world, client):
    client.force_login(world.admin)
    expected = sorted(pk for pk in pks(records) if "hoa" in Initiative.objects.get(pk=pk).search_text)

    # Each request's queries are read before the next request (which empties the query log).
    with CaptureQueriesContext(connection) as searched:
        response = client.get(reverse("initiatives:initiative_list"), {"q": "hoa"})
    search_counted_with_keys = any("OVER ()" in q["sql"] for q in searched.captured_queries)
    with CaptureQueriesContext(connection) as listed:
        plain = client.get(reverse("initiatives:initiative_list"))
    list_counted_with_keys = any("OVER ()" in q["sql"] for q in listed.captured_queries)
    with CaptureQueriesContext(connection) as api:
        body = client.get("/api/initiatives/", {"q": "hoa"}).json()
    api_counted_with_keys = any("OVER ()" in q["sql"] for q in api.captured_queries)

    assert response.context["result_count"] == len(expected) == 2
    assert sorted(row.record.pk for row in response.context["table"].page.object_list) == expected
    assert plain.context["result_count"] == 7
    assert (search_counted_with_keys, list_counted_with_keys, api_counted_with_keys) == (True, False, True)
    assert (body["count"], sorted(row["id"] for row in body["results"])) == (2, expected)
