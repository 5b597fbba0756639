"""Lists and API lists run a fixed number of queries whatever the number of rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgunits.models import Area
from tests.factories.orgunits import ClusterFactory, area_kind, organization

pytestmark = pytest.mark.django_db


def _hamlets(world, count):
    for index in range(count):
        Area.objects.create(kind=area_kind("ap"), name=f"Ấp số {index}", parent=world.commune_a)


def _organizations(world, count):
    for _ in range(count):
        organization(world.commune_a, "hoi_nong_dan", parent=world.front_a)


def _clusters(world, count):
    for _ in range(count):
        ClusterFactory(owner_area=world.commune_a).areas.add(world.hamlet_a)


LISTS = [
    ("/areas/", _hamlets),
    ("/organizations/", _organizations),
    ("/clusters/", _clusters),
    ("/api/areas/", _hamlets),
    ("/api/organizations/", _organizations),
    ("/api/clusters/", _clusters),
    ("/search/?q=a", _hamlets),
]


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("url", "make"), LISTS, ids=[url for url, _ in LISTS])
def test_list_query_count_does_not_depend_on_rows(world, client, url, make):
    client.force_login(world.editor_a)
    make(world, 1)
    _query_count(client, url)  # warm caches (content types, sessions)
    one = _query_count(client, url)
    make(world, 2)

    three = _query_count(client, url)

    assert three == one
