"""`?search=`, the API's name of a list's text search, is `?q=` on every list that searches by
text, and a 400 on the lists that do not (core.api.filters.FilterBackend)."""

import pytest

from tests.factories.initiatives import InitiativeFactory
from tests.factories.orgunits import ClusterFactory

pytestmark = pytest.mark.django_db


def _names(response):
    return sorted(row["name"] for row in response.json()["results"])


def test_search_is_the_text_search_of_the_registry_clusters_areas_and_organizations(world, login):
    InitiativeFactory(organization=world.front_a, name="Thắp sáng đường quê")
    InitiativeFactory(organization=world.front_a, name="Hũ gạo tình thương")
    ClusterFactory(owner_area=world.province, name="Cụm miền Đông")
    ClusterFactory(owner_area=world.province, name="Cụm miền Tây")
    client = login(world.admin)

    initiatives = client.get("/api/initiatives/", {"search": "thap sang"})
    by_q = client.get("/api/initiatives/", {"q": "thap sang"})
    clusters = client.get("/api/clusters/", {"search": "dong"})
    areas = client.get("/api/areas/", {"search": "long dien"})
    organizations = client.get("/api/organizations/", {"search": "long dien"})

    assert _names(initiatives) == _names(by_q) == ["Thắp sáng đường quê"]
    assert _names(clusters) == ["Cụm miền Đông"]
    assert _names(areas) == ["Xã Long Điền"]
    assert [row["area"]["id"] for row in organizations.json()["results"]] == [world.commune_a.pk]


def test_q_wins_when_both_are_sent(world, login):
    InitiativeFactory(organization=world.front_a, name="Thắp sáng đường quê")
    InitiativeFactory(organization=world.front_a, name="Hũ gạo tình thương")
    client = login(world.admin)

    response = client.get("/api/initiatives/", {"q": "hu gao", "search": "thap sang"})

    assert _names(response) == ["Hũ gạo tình thương"]


@pytest.mark.parametrize("path", ["/api/reports/", "/api/indicators/", "/api/rearrangements/"])
def test_a_list_without_text_search_refuses_search_instead_of_listing_everything(world, login, path):
    client = login(world.admin)

    response = client.get(path, {"search": "long dien"})

    assert response.status_code == 400
    assert response.json() == {"search": ["Danh sách này không tìm được theo chữ: hãy dùng các bộ lọc của nó."]}
