"""Two users editing the same object: the second save is refused instead of undoing the first."""

import re

import pytest
from django.urls import reverse

from orgunits.models import Organization

pytestmark = pytest.mark.django_db


def _form_data(page: str, **changes) -> dict:
    data = dict(re.findall(r'<input type="hidden" name="(_version)" value="([^"]+)"', page))
    return data | changes


def test_saving_over_a_newer_version_is_refused_and_keeps_the_other_change(world, client):
    org = world.front_a
    url = reverse("orgunits:organization_edit", kwargs={"pk": org.pk})
    client.force_login(world.editor_a)
    loaded = _form_data(client.get(url).content.decode())
    fields = {"kind": org.kind_id, "name": org.name, "area": org.area_id}

    other = client.__class__()
    other.force_login(world.province_editor)
    first = other.post(url, loaded | fields | {"name": "Ủy ban MTTQ (tên mới)"})
    second = client.post(url, loaded | fields | {"name": "Ủy ban MTTQ (tên của tôi)"})

    assert (first.status_code, second.status_code) == (302, 200)
    assert "Trong lúc bạn sửa, bản ghi này đã được cập nhật" in second.content.decode()
    assert Organization.objects.get(pk=org.pk).name == "Ủy ban MTTQ (tên mới)"


def test_saving_the_version_one_loaded_succeeds(world, client):
    org = world.front_a
    url = reverse("orgunits:organization_edit", kwargs={"pk": org.pk})
    client.force_login(world.editor_a)
    loaded = _form_data(client.get(url).content.decode())

    response = client.post(url, loaded | {"kind": org.kind_id, "name": "Tên mới", "area": org.area_id})

    assert response.status_code == 302
    assert Organization.objects.get(pk=org.pk).name == "Tên mới"
