"""The registry's rules through the API, answered as the pages answer them (400 by field)."""

import pytest

from initiatives.models import Initiative
from initiatives.tests.test_api import LIST, _body, _patch, _post, _url
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_create_refuses_a_name_the_organization_has_registered_in_the_year(world, login):
    InitiativeFactory(organization=world.front_a, name="Mô hình “Thắp sáng đường quê”")
    client = login(world.editor_a)

    response = _post(client, LIST, _body(world, name="MÔ HÌNH “THẮP SÁNG ĐƯỜNG QUÊ”"))

    assert (response.status_code, response.json()) == (
        400,
        {"name": [f"{world.front_a.name} đã đăng ký “Mô hình “Thắp sáng đường quê”” năm 2025."]},
    )
    assert Initiative.objects.count() == 1


def test_update_refuses_the_name_of_another_record_of_the_organization_and_year(world, login):
    InitiativeFactory(organization=world.front_a, name="Đường hoa")
    initiative = InitiativeFactory(organization=world.front_a, name="Thắp sáng đường quê")

    response = _patch(login(world.editor_a), _url(initiative), {"name": "đường hoa"})

    initiative.refresh_from_db()
    assert (response.status_code, response.json()) == (
        400,
        {"name": [f"{world.front_a.name} đã đăng ký “Đường hoa” năm 2025."]},
    )
    assert initiative.name == "Thắp sáng đường quê"
