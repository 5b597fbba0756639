"""The area page's list of units beneath it is paged by links that keep the tab and can be
opened, reloaded and bookmarked."""

import pytest

from tests.factories.orgunits import hamlet

pytestmark = pytest.mark.django_db


def test_the_second_page_of_units_beneath_opens_on_its_own(world, client):
    for number in range(2, 56):
        hamlet(world.commune_a, name=f"Ấp {number:02d}")
    client.force_login(world.editor_a)
    url = world.commune_a.get_absolute_url()

    first = client.get(url).content.decode()
    second = client.get(url, {"tab": "children", "page": 2}).content.decode()

    assert 'href="?tab=children&page=2"' in first and 'hx-push-url="true"' in first
    assert "Ấp 55" not in first and "Ấp 55" in second
    assert 'href="?tab=children&page=1"' in second
