"""RestrictedQuerySet.within(): the "Thuộc địa bàn" filter, written once when restrict() already
limited the rows to exactly that subtree, and never widening what restrict() allows."""

import pytest

from accounts.models import RoleAssignment
from core.querysets import RestrictedQuerySet
from initiatives.models import Initiative
from orgunits.models import Organization
from reports.models import Report
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db


def conditions(queryset, path: str) -> int:
    """How many times the query tests "starts with `path`"."""
    _sql, params = queryset.query.sql_with_params()
    return sum(1 for param in params if param == f"{path}%")


@pytest.fixture
def records(world):
    return InitiativeFactory(organization=world.front_a), InitiativeFactory(organization=world.front_b)


def test_a_subtree_the_user_is_restricted_to_is_tested_once(world, records):
    restricted = Initiative.objects.restrict(world.province_editor).order_by("pk")

    mine = restricted.within(world.province.path)

    assert conditions(restricted, world.province.path) == conditions(mine, world.province.path) == 1
    assert list(mine) == list(restricted) == sorted(records, key=lambda record: record.pk)


def test_the_marker_follows_clones_and_each_queryset_keeps_its_own(world, records):
    restricted = Initiative.objects.restrict(world.province_editor)
    chained = restricted.filter(year=2025).exclude(name="").order_by("-pk")
    other_user = Initiative.objects.restrict(world.editor_a)

    assert conditions(chained.within(world.province.path), world.province.path) == 1
    assert conditions(other_user.within(world.province.path), world.province.path) == 1
    assert conditions(other_user.within(world.province.path), world.commune_a.path) == 1


def test_a_smaller_subtree_is_added_to_the_scope(world, records):
    narrowed = Initiative.objects.restrict(world.province_editor).within(world.commune_a.path)

    assert conditions(narrowed, world.province.path) == conditions(narrowed, world.commune_a.path) == 1
    assert list(narrowed) == [records[0]]


def test_a_larger_subtree_never_widens_the_scope(world, records):
    # editor_a sees commune A only: asking for the whole province must not show commune B's record.
    widened = Initiative.objects.restrict(world.editor_a).within(world.province.path)

    assert conditions(widened, world.commune_a.path) == 1
    assert list(widened) == [records[0]]


def test_without_a_scope_the_condition_is_written(world, records):
    everyone = Initiative.objects.restrict(world.admin).within(world.commune_b.path)
    plain = Initiative.objects.within(world.commune_b.path)

    assert conditions(everyone, world.commune_b.path) == conditions(plain, world.commune_b.path) == 1
    assert list(everyone) == list(plain) == [records[1]]


def test_several_scope_prefixes_keep_the_condition(world, records):
    # A user of both communes listing one of them: the list must still name it.
    both = user_with_role("hai_xa", "viewer", world.commune_a)
    RoleAssignment.objects.create(user=both, role="viewer", area=world.commune_b)
    restricted = Initiative.objects.restrict(both)

    assert restricted._scope_prefixes == ("path", (world.commune_a.path, world.commune_b.path))
    assert list(restricted.within(world.commune_b.path)) == [records[1]]


def test_units_with_their_own_scope_rule_always_get_the_condition(world):
    # Units widen the scope with what lies above them (orgunits' scope_filter): no marker.
    restricted = Organization.objects.restrict(world.editor_a)

    assert restricted._scope_prefixes is None
    assert conditions(restricted.within(world.commune_a.path), world.commune_a.path) == (
        conditions(restricted, world.commune_a.path) + 1
    )


def test_the_marker_names_the_path_the_scope_was_tested_on(world):
    restricted = Report.objects.restrict(world.editor_a)

    assert isinstance(restricted, RestrictedQuerySet)
    assert restricted._scope_prefixes == ("path", (world.commune_a.path,))
    assert conditions(restricted.within(world.commune_a.path), world.commune_a.path) == 1
    assert conditions(restricted.within(world.commune_a.path, lookup="organization__path"), world.commune_a.path) == 2


def test_an_or_with_other_rows_forgets_the_marker(world, records):
    restricted = Initiative.objects.restrict(world.editor_a)
    widened = restricted | Initiative.objects.filter(pk=records[1].pk)

    assert restricted._scope_prefixes is not None
    assert widened._scope_prefixes is None
    assert conditions(widened.within(world.commune_a.path), world.commune_a.path) == 2
    assert list(widened.within(world.commune_a.path)) == [records[0]]
    # An OR with nothing leaves the restricted rows as they were, marker and all.
    assert (restricted | Initiative.objects.none())._scope_prefixes == restricted._scope_prefixes
