"""The records' search column follows renames of their organization and area."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from initiatives.filtersets import InitiativeFilterSet
from initiatives.models import Initiative
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_renaming_the_organization_or_the_area_refreshes_the_search(world):
    record = InitiativeFactory(organization=world.front_a, area=world.hamlet_a, name="Thắp sáng đường quê")
    other = InitiativeFactory(organization=world.front_b, area=world.hamlet_b, name="Thắp sáng đường quê")

    world.front_a.name = "Ủy ban MTTQ xã Phước Hưng"
    world.front_a.save()
    world.hamlet_a.name = "Ấp Hải Sơn"
    world.hamlet_a.save()

    found = set(Initiative.objects.search("phuoc hung").values_list("pk", flat=True))
    assert found == {record.pk}
    assert set(Initiative.objects.search("hai son thap sang").values_list("pk", flat=True)) == {record.pk}
    other.refresh_from_db()
    assert "phuoc hung" not in other.search_text

    # A save that keeps the name does not touch the records.
    organization = type(world.front_a).objects.get(pk=world.front_a.pk)
    with CaptureQueriesContext(connection) as captured:
        organization.save()
    assert captured.captured_queries
    assert not any("initiatives_initiative" in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize(
    ("persona", "within", "indexed"),
    [("admin", None, True), ("admin", "province", False), ("province_editor", None, False)],
)
def test_search_within_a_unit_tests_words_without_the_trigram_index(world, persona, within, indexed):
    found = InitiativeFactory(organization=world.front_a, area=world.hamlet_a, name="Đường hoa nông thôn mới")
    InitiativeFactory(organization=world.front_a, area=world.hamlet_a, name="Thắp sáng đường quê")
    data = {"q": "duong hoa", **({"within": getattr(world, within).pk} if within else {})}
    request = RequestFactory().get("/", data)
    request.user = getattr(world, persona)
    filterset = InitiativeFilterSet(request.GET, queryset=Initiative.objects.restrict(request.user), request=request)

    assert filterset.is_valid()
    sql = str(filterset.qs.query).upper()
    assert [record.pk for record in filterset.qs] == [found.pk]
    # LIKE lets PostgreSQL use the trigram index; STRPOS (INSTR on SQLite) makes it scan the unit's range.
    assert bool(re.search(r'"SEARCH_TEXT"(::TEXT)? LIKE', sql)) is indexed
    assert bool(re.search(r'(STRPOS|INSTR)\("INITIATIVES_INITIATIVE"\."SEARCH_TEXT"', sql)) is not indexed
