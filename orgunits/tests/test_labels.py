"""Pickers name a unit unambiguously, with the same words whether the form renders the option or
the htmx search returns it: many communes have a "Khu phố 1" and its "Tổ dân vận Khu phố 1"."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.forms import RoleAssignmentForm
from orgunits.forms import OrganizationForm
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import commune, hamlet, organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def kp1(world):
    """A "Khu phố 1" in each commune of the province, each with its "Tổ dân vận Khu phố 1"."""
    hamlets = [hamlet(parent, "Khu phố 1", kind="khu_pho") for parent in (world.commune_a, world.commune_b)]
    teams = [organization(area, "to_dan_van", name="Tổ dân vận Khu phố 1") for area in hamlets]
    return hamlets, teams


def _options(content: str) -> dict[str, str]:
    """Return {value: label} of the <option>s of an HTML fragment."""
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', content))


def test_area_search_names_hamlets_with_their_commune(world, client, kp1):
    hamlets, _teams = kp1
    client.force_login(world.province_editor)

    content = client.get(reverse("orgunits:area_autocomplete"), {"field": "area", "area__search": "khu pho 1"})

    assert _options(content.content.decode()) == {
        str(hamlets[0].pk): "Khu phố 1 (Khu phố) — Xã Long Điền, Tỉnh Thử Nghiệm",
        str(hamlets[1].pk): "Khu phố 1 (Khu phố) — Xã Thạnh An, Tỉnh Thử Nghiệm",
    }


def test_area_search_tells_namesake_hamlets_of_other_provinces_apart(world, client):
    """ "Ấp 1 — Xã Long Điền" exists in several provinces: the province names each."""
    other_commune = commune(world.other_province, "Xã Long Điền", code="92001")
    ours, theirs = hamlet(world.commune_a, "Ấp 1"), hamlet(other_commune, "Ấp 1")
    district = commune(world.other_province, "Huyện Châu Thành", kind="huyen", code="92100")
    deep = hamlet(commune(district, "Xã Long Điền Cũ", code="92101"), "Ấp 1")  # the province is 3 steps up
    client.force_login(world.admin)

    content = client.get(reverse("orgunits:area_autocomplete"), {"area__search": "ap 1 long dien"})

    options = _options(content.content.decode())
    assert {pk: options[pk] for pk in map(str, (ours.pk, theirs.pk, deep.pk))} == {
        str(ours.pk): "Ấp 1 (Ấp) — Xã Long Điền, Tỉnh Thử Nghiệm",
        str(theirs.pk): "Ấp 1 (Ấp) — Xã Long Điền, Tỉnh Khác",
        str(deep.pk): "Ấp 1 (Ấp) — Xã Long Điền Cũ, Tỉnh Khác",
    }


def test_area_search_leaves_provinces_and_communes_as_they_are(world, client):
    client.force_login(world.admin)

    options = _options(
        client.get(
            reverse("orgunits:area_autocomplete"), {"field": "area", "area__search": "thu nghiem"}
        ).content.decode()
    )
    communes = _options(
        client.get(
            reverse("orgunits:area_autocomplete"), {"field": "area", "area__search": "long dien"}
        ).content.decode()
    )

    assert options[str(world.province.pk)] == "Tỉnh Thử Nghiệm (Tỉnh)"
    assert communes[str(world.commune_a.pk)] == "Xã Long Điền (Xã) — Tỉnh Thử Nghiệm"


def test_organization_search_names_a_hamlets_organization_with_the_hamlet_and_its_commune(world, client, kp1):
    _hamlets, teams = kp1
    client.force_login(world.province_editor)

    content = client.get(reverse("orgunits:organization_autocomplete"), {"q__search": "to dan van khu pho 1"})
    communes = client.get(reverse("orgunits:organization_autocomplete"), {"q__search": "mat tran long dien"})

    assert _options(content.content.decode()) == {
        str(teams[0].pk): "Tổ dân vận Khu phố 1 — Khu phố 1, Xã Long Điền, Tỉnh Thử Nghiệm",
        str(teams[1].pk): "Tổ dân vận Khu phố 1 — Khu phố 1, Xã Thạnh An, Tỉnh Thử Nghiệm",
    }
    assert (
        _options(communes.content.decode())[str(world.front_a.pk)]
        == f"{world.front_a.name} — Xã Long Điền, Tỉnh Thử Nghiệm"
    )


def test_user_page_names_the_chosen_units_as_the_search_does(world, client, kp1):
    """The options a form renders itself (label_from_instance) read as the search's options."""
    hamlets, teams = kp1
    manager = user_with_role("quan_tri_tinh", "unit_admin", world.province)
    client.force_login(manager)
    searched = {
        **_options(client.get(reverse("orgunits:area_autocomplete"), {"area__search": "khu pho 1"}).content.decode()),
        **_options(
            client.get(reverse("orgunits:organization_autocomplete"), {"q__search": "khu pho 1"}).content.decode()
        ),
    }

    form = RoleAssignmentForm(user=manager, initial={"area": hamlets[1].pk, "organization": teams[0].pk})
    rendered = _options(str(form["area"]) + str(form["organization"]))

    assert (
        rendered[str(hamlets[1].pk)]
        == searched[str(hamlets[1].pk)]
        == "Khu phố 1 (Khu phố) — Xã Thạnh An, Tỉnh Thử Nghiệm"
    )
    assert (
        rendered[str(teams[0].pk)]
        == searched[str(teams[0].pk)]
        == "Tổ dân vận Khu phố 1 — Khu phố 1, Xã Long Điền, Tỉnh Thử Nghiệm"
    )


def test_new_user_page_lists_each_hamlet_with_its_commune(world, client, kp1):
    """As QA met it: a unit administrator's new-user page, whose area picker shows its first areas."""
    manager = user_with_role("quan_tri_tinh", "unit_admin", world.province)
    client.force_login(manager)

    page = client.get(reverse("accounts:user_add")).content.decode()

    labels = list(_options(page).values())
    assert (
        "Khu phố 1 (Khu phố) — Xã Long Điền, Tỉnh Thử Nghiệm" in labels
        and "Khu phố 1 (Khu phố) — Xã Thạnh An, Tỉnh Thử Nghiệm" in labels
    )
    assert "Khu phố 1 (Khu phố)" not in labels


def test_organization_form_names_its_parent_organization_with_its_area(world, kp1):
    _hamlets, teams = kp1
    team = teams[0]

    team.parent = world.front_a  # unsaved: the form shows the instance's parent as chosen

    rendered = _options(str(OrganizationForm(instance=team, user=world.province_editor)["parent"]))

    assert rendered[str(world.front_a.pk)] == f"{world.front_a.name} — Xã Long Điền, Tỉnh Thử Nghiệm"


def _count(callable_):
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("orgunits:area_autocomplete", {"area__search": "khu pho"}),
        ("orgunits:organization_autocomplete", {"q__search": "to dan van"}),
        ("initiatives:organization_autocomplete", {"organization__search": "to dan van"}),
        ("initiatives:round_organization_autocomplete", {"organization__search": "to dan van"}),
    ],
)
def test_searches_run_as_many_queries_for_many_hamlets_as_for_one(world, client, url_name, params):
    client.force_login(world.province_editor)

    def add(count):
        for index in range(count):
            area = hamlet(world.commune_a if index % 2 else world.commune_b, f"Khu phố {index}", kind="khu_pho")
            organization(area, "to_dan_van", name=f"Tổ dân vận Khu phố {index}")

    def run():
        response = client.get(reverse(url_name), params)
        assert response.status_code == 200

    add(1)
    run()  # warm the caches (session, content types)
    one = _count(run)
    add(4)

    assert _count(run) == one


def test_rendering_a_picker_runs_as_many_queries_for_many_hamlets_as_for_one(world, kp1):
    manager = user_with_role("quan_tri_tinh", "unit_admin", world.province)

    def render():
        form = RoleAssignmentForm(user=manager)
        return str(form["area"]) + str(form["organization"])

    render()
    one = _count(render)
    for index in range(4):
        area = hamlet(world.commune_a, f"Tổ {index}", kind="khu_pho")
        organization(area, "to_dan_van", name=f"Tổ dân vận {index}")

    assert _count(render) == one


def test_a_commune_of_a_former_district_is_named_with_its_district_and_province(world, client):
    district = commune(world.province, "Huyện Cũ", kind="huyen")
    former = commune(district, "Xã Tân Phú")
    client.force_login(world.admin)

    content = client.get(reverse("orgunits:area_autocomplete"), {"area__search": "tan phu"}).content.decode()

    assert _options(content)[str(former.pk)] == "Xã Tân Phú (Xã) — Huyện Cũ, Tỉnh Thử Nghiệm"
