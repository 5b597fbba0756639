"""Area.objects.ancestors_of(): the compiled-template fast path gives plain Django's results.

Each test compares the method with the plain queryset it stands for,
`Area.objects.filter(pk__in=ids).order_by("depth")`. The suite runs on SQLite and on PostgreSQL,
so both backends' SQL and converters are covered.
"""

import copy
import datetime
import pickle

import pytest
from django.db import connection, connections
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from orgunits import query_templates
from orgunits.models import Area, path_ids
from tests.factories.orgunits import commune, hamlet

pytestmark = pytest.mark.django_db


def plain(unit, include_self=False):
    """Return the ordinary Django queryset ancestors_of() stands for."""
    ids = path_ids(unit.path)
    if not include_self and isinstance(unit, Area):
        ids = ids[:-1]
    return Area.objects.all().filter(pk__in=ids).order_by("depth")


def field_values(areas):
    return [{field.attname: getattr(area, field.attname) for field in Area._meta.concrete_fields} for area in areas]


def captured_sql(evaluate):
    with CaptureQueriesContext(connection) as queries:
        result = evaluate()
    return result, [query["sql"] for query in queries.captured_queries]


def test_ancestors_of_lists_the_areas_above_from_the_root_down(world):
    district = commune(world.province, "Huyện Cũ", kind="huyen", code="91900", valid_from=datetime.date(2020, 1, 1))
    ward = commune(district, "Xã Trong Huyện", code="91901")
    deep_hamlet = hamlet(ward, "Ấp Sâu")

    assert list(Area.objects.ancestors_of(world.hamlet_a)) == [world.province, world.commune_a]
    assert list(Area.objects.ancestors_of(deep_hamlet)) == [world.province, district, ward]
    assert list(Area.objects.ancestors_of(world.front_a)) == [world.province, world.commune_a]
    assert list(Area.objects.ancestors_of(world.commune_b, include_self=True)) == [world.province, world.commune_b]
    assert list(Area.objects.ancestors_of(world.province)) == []


def test_ancestors_of_sends_the_sql_of_the_plain_queryset(world):
    for unit in (world.hamlet_a, world.hamlet_b, world.front_a):
        for evaluate in (
            lambda qs: list(qs),
            lambda qs: list(qs.values_list("id", "name", "path", "depth")),
            lambda qs: list(qs.values_list("name", flat=True)),
        ):
            fast, fast_sql = captured_sql(lambda u=unit, e=evaluate: e(Area.objects.ancestors_of(u)))
            expected, expected_sql = captured_sql(lambda u=unit, e=evaluate: e(plain(u)))

            assert fast == expected
            assert fast_sql == expected_sql
            assert len(fast_sql) == 1


def test_ancestors_of_runs_from_the_template_when_evaluated_directly(world):
    queryset = Area.objects.ancestors_of(world.hamlet_a).values_list("id", "name")

    rows = list(queryset)

    templates = query_templates._TEMPLATES[connections["default"]]
    shape = ("ancestors_of", 2, ("values_list", ("id", "name"), False))
    assert isinstance(templates[(Area, shape)], query_templates._Template)
    assert queryset._steps is not None  # served without building the Django query
    assert rows == [(world.province.pk, world.province.name), (world.commune_a.pk, world.commune_a.name)]


def test_ancestors_of_builds_instances_like_django(world):
    queryset = Area.objects.ancestors_of(world.hamlet_a)
    fast = list(queryset)
    expected = list(plain(world.hamlet_a))

    assert queryset._steps is not None  # served from the template

    # Every column, converted the backend's way (dates and times on SQLite), and the loaded
    # values the audit trail compares against.
    assert field_values(fast) == field_values(expected)
    assert [a._loaded_values for a in fast] == [a._loaded_values for a in expected]
    assert [a._state.adding for a in fast] == [False, False]
    assert [a._state.db for a in fast] == [a._state.db for a in expected]


def test_ancestors_of_a_province_runs_no_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Area.objects.ancestors_of(world.province)) == []
        assert list(Area.objects.ancestors_of(world.province).values_list("pk", flat=True)) == []


def test_ancestors_of_reads_the_database_on_every_call(world):
    assert list(Area.objects.ancestors_of(world.hamlet_a).values_list("name", flat=True)) == [
        "Tỉnh Thử Nghiệm",
        "Xã Long Điền",
    ]
    world.commune_a.name = "Xã Long Điền Mới"
    world.commune_a.save()
    moved = Area.objects.get(pk=world.hamlet_a.pk)
    moved.parent = world.commune_b
    moved.save()

    assert list(Area.objects.ancestors_of(world.hamlet_a).values_list("name", flat=True)) == [
        "Tỉnh Thử Nghiệm",
        "Xã Long Điền Mới",
    ]
    assert list(Area.objects.ancestors_of(moved)) == [world.province, world.commune_b]


def test_ancestors_of_takes_the_path_when_called_like_django(world):
    unit = Area.objects.get(pk=world.hamlet_a.pk)
    fast = Area.objects.ancestors_of(unit)
    expected = plain(unit)

    unit.path = world.hamlet_b.path  # changed after the call, before evaluation

    assert list(fast) == list(expected) == [world.province, world.commune_a]


@pytest.mark.parametrize(
    "chain",
    [
        lambda qs: list(qs.select_related("kind", "parent")),
        lambda qs: list(qs.filter(level=1)),
        lambda qs: list(qs.order_by("-depth")),
        lambda qs: list(qs.current()),
        lambda qs: qs.count(),
        lambda qs: qs.exists(),
        lambda qs: qs.first(),
        lambda qs: qs.last(),
        lambda qs: qs[1],
        lambda qs: list(qs[:1]),
        lambda qs: list(qs.values("name")),
        lambda qs: list(qs.values_list("kind__name", flat=True)),
        lambda qs: list(qs.values_list("id", "id")),
        lambda qs: list(qs.values_list("name", named=True)),
        lambda qs: list(qs.values_list(F("depth") + 1, flat=True)),
        lambda qs: list(qs.values_list("id", "name").filter(depth=2)),
        lambda qs: list(qs.values_list("id", flat=True).order_by("-id")),
        lambda qs: list(qs.iterator()),
        lambda qs: str(qs.query),
        lambda qs: str(qs.values_list("id", "name").query),
        lambda qs: list(qs | Area.objects.filter(pk=0)),
        lambda qs: list(Area.objects.filter(pk__in=qs.values_list("pk", flat=True))),
        lambda qs: list(copy.deepcopy(qs)),
        lambda qs: list(pickle.loads(pickle.dumps(qs))),
        lambda qs: len(qs),
        lambda qs: bool(qs),
    ],
)
def test_ancestors_of_chains_like_the_plain_queryset(world, chain):
    assert chain(Area.objects.ancestors_of(world.hamlet_a)) == chain(plain(world.hamlet_a))


def test_ancestors_of_after_restrict_is_the_restricted_queryset(world):
    # The API asks for the ancestors a user may open: the province is outside a commune viewer's scope.
    for user in (world.admin, world.viewer_a, world.province_editor):
        restricted = Area.objects.restrict(user, "view")
        expected = list(restricted.filter(pk__in=[world.province.pk, world.commune_a.pk]).order_by("depth"))

        assert list(Area.objects.restrict(user, "view").ancestors_of(world.hamlet_a)) == expected
        assert list(Area.objects.restrict(user, "view").ancestors_of(world.hamlet_a).select_related("kind")) == expected


def test_ancestors_of_on_a_filtered_queryset_keeps_the_filter(world):
    assert list(Area.objects.filter(level=1).ancestors_of(world.hamlet_a)) == [world.province]
    assert list(Area.objects.exclude(level=1).ancestors_of(world.hamlet_a).values_list("name", flat=True)) == [
        "Xã Long Điền"
    ]


def test_a_base_query_changed_in_place_later_does_not_reach_the_ancestors(world):
    base = Area.objects.all()
    ancestors = base.ancestors_of(world.hamlet_a)

    base.query.add_q(Q(level=1))

    # As a set: the areas are ordered by path, and "/12/" sorts before "/9/" once the ids grow.
    assert set(base) == {world.province, world.other_province}
    assert list(ancestors) == [world.province, world.commune_a]
