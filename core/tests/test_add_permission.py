"""The "Thêm mới" buttons and the add pages: shown and opened only for a user who may add somewhere
(core.views.ObjectListView.get_add_url, ObjectEditView.add_action)."""

import pytest
from django.urls import reverse

from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db

# (list page, its add page) for every list whose add page any scoped user may open.
LISTS = [
    ("orgunits:organization_list", "orgunits:organization_add"),
    ("orgunits:cluster_list", "orgunits:cluster_add"),
    ("initiatives:initiative_list", "initiatives:initiative_add"),
    ("reports:report_list", "reports:report_add"),
]


@pytest.fixture
def approver(world):
    return user_with_role("duyet_a", "approver", world.commune_a)


@pytest.mark.parametrize(("list_name", "add_name"), LISTS)
def test_an_approver_gets_no_add_button_and_a_clear_refusal(approver, client, list_name, add_name):
    client.force_login(approver)

    listed = client.get(reverse(list_name))
    refused = client.get(reverse(add_name))

    assert listed.status_code == 200
    assert reverse(add_name) not in listed.content.decode()
    assert refused.status_code == 403
    assert "Bạn không có quyền" in refused.content.decode()


@pytest.mark.parametrize(("list_name", "add_name"), LISTS)
def test_an_editor_gets_the_add_button_and_the_page(world, client, list_name, add_name):
    client.force_login(world.editor_a)

    listed = client.get(reverse(list_name))
    opened = client.get(reverse(add_name))

    assert reverse(add_name) in listed.content.decode()
    assert opened.status_code == 200


def test_an_approver_cannot_add_by_posting_either(world, approver, client):
    client.force_login(approver)

    response = client.post(reverse("orgunits:cluster_add"), {"owner_area": world.commune_a.pk, "name": "Cụm mới"})

    assert response.status_code == 403
    assert "Bạn không có quyền thêm mới ở đơn vị nào." in response.content.decode()


def test_a_viewer_cannot_open_the_area_add_page(world, client):
    client.force_login(world.viewer_a)

    response = client.get(reverse("orgunits:area_add"))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("add_name", "list_name"),
    [("orgunits:cluster_add", "orgunits:cluster_list"), ("orgunits:organization_add", "orgunits:organization_list")],
)
def test_cancel_on_an_add_page_goes_back_to_the_list(world, client, add_name, list_name):
    client.force_login(world.editor_a)

    page = client.get(reverse(add_name)).content.decode()

    assert f'href="{reverse(list_name)}">Hủy</a>' in page
