"""Implausible input refused by the unit tree's models: dates outside the window, area sizes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orgunits.models import Area
from orgunits.validators import latest_plausible_date
from tests.factories.orgunits import ClusterFactory, area_kind, organization

pytestmark = pytest.mark.django_db


def _window(label: str) -> str:
    return f"“{label}” phải từ 19/08/1945 đến {latest_plausible_date():%d/%m/%Y}."


def _errors(call) -> dict[str, list[str]]:
    """Return the message dict of the ValidationError `call()` raises, or {} if it raises none."""
    try:
        call()
    except ValidationError as error:
        return error.message_dict
    return {}


#
# Dates
#


def test_latest_plausible_date_is_two_years_ahead_and_exists_after_29_february():
    assert latest_plausible_date(datetime.date(2025, 11, 23)) == datetime.date(2027, 11, 23)
    assert latest_plausible_date(datetime.date(2028, 2, 29)) == datetime.date(2030, 2, 28)


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("valid_from", datetime.date(9999, 12, 31), "Hiệu lực từ ngày"),
        ("valid_from", datetime.date(1, 1, 1), "Hiệu lực từ ngày"),
        ("valid_to", datetime.date(9999, 12, 31), "Hết hiệu lực từ ngày"),
    ],
)
def test_area_dates_outside_the_window_are_refused(world, field, value, label):
    area = Area.objects.get(pk=world.hamlet_a.pk)
    setattr(area, field, value)

    assert _errors(area.full_clean) == {field: [_window(label)]}


def test_area_end_date_must_still_follow_its_start_inside_the_window(world):
    area = Area.objects.get(pk=world.hamlet_a.pk)
    area.valid_from, area.valid_to = datetime.date(2020, 1, 1), datetime.date(2019, 1, 1)

    assert _errors(area.full_clean) == {"valid_to": ["Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."]}


def test_area_page_refuses_a_start_in_year_9999(world, client):
    client.force_login(world.editor_a)
    form = {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": "Ấp Tương Lai"}

    response = client.post(reverse("orgunits:area_add"), {**form, "valid_from": "31/12/9999"})

    assert response.status_code == 200
    assert _window("Hiệu lực từ ngày") in response.content.decode()
    assert not Area.objects.filter(name="Ấp Tương Lai").exists()


def test_organization_founded_before_1945_is_accepted_but_year_1_is_not(world):
    party = organization(world.commune_a, "chi_bo", valid_from=datetime.date(1930, 2, 3))
    party.full_clean()
    party.valid_from = datetime.date(1, 1, 1)

    assert _errors(party.full_clean) == {
        "valid_from": [f"“Hiệu lực từ ngày” phải từ 01/01/1900 đến {latest_plausible_date():%d/%m/%Y}."]
    }


def test_cluster_ending_in_year_9999_is_refused(world):
    cluster = ClusterFactory(owner_area=world.commune_a, valid_to=datetime.date(9999, 12, 31))

    assert _errors(cluster.full_clean) == {"valid_to": [_window("Hết hiệu lực từ ngày")]}


#
# Area size
#

SIZE_MESSAGE = (
    "“Diện tích (km²)” phải lớn hơn 0 và không quá 50.000 km² (tỉnh lớn nhất, Lâm Đồng, rộng khoảng 24.000 km²)."
)


@pytest.mark.parametrize("size", [1e30, 50_000.01, 0.0, -5.0])
def test_area_size_not_positive_or_above_50000_km2_is_refused(world, size):
    area = Area.objects.get(pk=world.province.pk)
    area.area_km2 = size

    assert _errors(area.full_clean) == {"area_km2": [SIZE_MESSAGE]}


@pytest.mark.parametrize("size", [None, 0.05, 23968.44, 50_000.0])
def test_area_size_of_a_real_unit_is_accepted(world, size):
    area = Area.objects.get(pk=world.province.pk)
    area.area_km2 = size

    assert _errors(area.full_clean) == {}


def test_area_page_refuses_a_size_of_1e30(world, client):
    client.force_login(world.editor_a)
    form = {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": "Ấp Khổng Lồ"}

    response = client.post(reverse("orgunits:area_add"), {**form, "area_km2": "1e30"})

    assert response.status_code == 200
    assert SIZE_MESSAGE in response.content.decode()
    assert not Area.objects.filter(name="Ấp Khổng Lồ").exists()
