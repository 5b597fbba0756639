"""The unit tree's API: what it lists, and in which order, compared with the pages."""

import re

import pytest

from tests.factories.orgunits import ClusterFactory, hamlet, organization

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_api_sorts_names_as_the_list_page_does_ignoring_diacritics(world, client):
    hamlet(world.commune_a, "Khu phố 1", kind="khu_pho")
    hamlet(world.commune_a, "Ấp Xóm Mới")
    client.force_login(world.editor_a)
    query = {"within": world.commune_a.pk, "level": 4}

    api = client.get("/api/areas/", {**query, "ordering": "name"})
    page = client.get("/areas/", {**query, "sort": "name"}).content.decode()

    assert _names(api) == ["Ấp Bắc", "Ấp Xóm Mới", "Khu phố 1"]
    assert [n for n in re.findall(r">([^<>]+)</a></td>", page) if n in _names(api)] == _names(api)
    assert _names(client.get("/api/areas/", {**query, "ordering": "-name"})) == ["Khu phố 1", "Ấp Xóm Mới", "Ấp Bắc"]


def test_api_sorts_organizations_and_clusters_by_name_ignoring_diacritics(world, client):
    organization(world.commune_a, "hoi_nong_dan", name="Hội Nông dân xã Long Điền")
    organization(world.commune_a, "doan_tn", name="Đoàn Thanh niên xã Long Điền")
    ClusterFactory(owner_area=world.province, name="Cụm Bắc")
    ClusterFactory(owner_area=world.province, name="Ấp văn hóa (cụm)")
    client.force_login(world.admin)

    organizations = client.get("/api/organizations/", {"area": world.commune_a.pk, "ordering": "name"})
    clusters = client.get("/api/clusters/")

    assert _names(organizations) == ["Đoàn Thanh niên xã Long Điền", "Hội Nông dân xã Long Điền", world.front_a.name]
    assert _names(clusters) == ["Ấp văn hóa (cụm)", "Cụm Bắc"]
