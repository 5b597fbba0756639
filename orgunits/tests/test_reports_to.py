"""An organization reports to one in a higher area (a hamlet's Dân vận team to the commune's
Dân vận bloc): the rule, the form, the pages, the API and the demo."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import ObjectChange
from orgunits.models import Organization
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world):
    bloc = organization(world.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    team = organization(world.hamlet_a, "to_dan_van", name="Tổ dân vận Ấp Bắc")
    return bloc, team


def _form_data(org, **changes):
    data = {"area": org.area_id, "kind": org.kind_id, "name": org.name, "parent": "", "reports_to": ""}
    return {**data, **changes}


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        ("bloc", True),  # the commune above the hamlet
        ("province_front", True),  # the province, further up
        ("hamlet_team", False),  # the same area
        ("other_commune", False),  # not above
        ("self", False),
    ],
)
def test_reports_to_must_work_in_a_higher_area(world, units, target, allowed):
    bloc, team = units
    targets = {
        "bloc": bloc,
        "province_front": organization(world.province, "mttq"),
        "hamlet_team": organization(world.hamlet_a, "ban_cong_tac_mat_tran"),
        "other_commune": world.front_b,
        "self": team,
    }
    team.reports_to = targets[target]

    if allowed:
        team.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            team.full_clean()
        assert error.value.message_dict["reports_to"] == [
            "Tổ chức nhận báo cáo phải hoạt động ở địa bàn cấp trên của Ấp Bắc (xã, tỉnh chứa địa bàn này)."
        ]


def test_edit_form_sets_reports_to_and_the_audit_records_it(world, client, units):
    bloc, team = units
    client.force_login(world.editor_a)

    response = client.post(
        reverse("orgunits:organization_edit", kwargs={"pk": team.pk}), _form_data(team, reports_to=bloc.pk)
    )

    assert response.status_code == 302, response.content.decode()
    team.refresh_from_db()
    assert team.reports_to == bloc
    change = ObjectChange.objects.filter(object_id=str(team.pk), action="update").latest("pk")
    assert (change.prechange_data["reports_to_id"], change.postchange_data["reports_to_id"]) == (None, bloc.pk)


def test_edit_form_refuses_an_organization_outside_the_editor_scope(world, client, units):
    _bloc, team = units
    client.force_login(world.editor_a)

    response = client.post(
        reverse("orgunits:organization_edit", kwargs={"pk": team.pk}), _form_data(team, reports_to=world.front_b.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reports_to"]
    team.refresh_from_db()
    assert team.reports_to is None


def test_edit_form_refuses_a_hamlet_organization(world, client, units):
    bloc, team = units
    client.force_login(world.editor_a)

    response = client.post(
        reverse("orgunits:organization_edit", kwargs={"pk": bloc.pk}), _form_data(bloc, reports_to=team.pk)
    )

    assert response.status_code == 200
    assert "reports_to" in response.context["form"].errors


def test_detail_pages_show_both_ends_of_the_link(world, client, units):
    bloc, team = units
    team.reports_to = bloc
    team.save()
    client.force_login(world.editor_a)

    team_page = client.get(team.get_absolute_url()).content.decode()
    bloc_page = client.get(bloc.get_absolute_url()).content.decode()

    assert f'href="{bloc.get_absolute_url()}">{bloc.name}</a>' in team_page
    assert 'id="reporting"' in bloc_page
    assert f'href="{team.get_absolute_url()}">{team.name}</a>' in bloc_page


def test_detail_page_shows_the_first_twenty_reporting_and_links_to_all_in_the_list(world, client, units):
    bloc, _team = units
    teams = [
        organization(world.hamlet_a, "to_dan_van", name=f"Tổ dân vận số {number:02d}", reports_to=bloc)
        for number in range(1, 23)
    ]
    client.force_login(world.editor_a)
    list_url = f"{reverse('orgunits:organization_list')}?reports_to={bloc.pk}"

    page = client.get(bloc.get_absolute_url())
    listed = client.get(list_url)

    content = page.content.decode()
    in_tree_order = list(Organization.objects.filter(reports_to=bloc).order_by("path"))  # as the list orders them
    assert list(page.context["reporting"]) == in_tree_order[:20]
    assert page.context["reporting_count"] == 22
    assert (
        f'href="{list_url}">Đang hiện 20 trên 22 tổ chức: xem tất cả trong danh sách (lọc, xuất Excel)</a>' in content
    )
    assert in_tree_order[20].name not in content
    assert len(teams) == 22
    assert listed.context["result_count"] == 22


def test_detail_page_links_a_short_reporting_list_to_the_list_too(world, client, units):
    bloc, team = units
    team.reports_to = bloc
    team.save()
    client.force_login(world.editor_a)

    content = client.get(bloc.get_absolute_url()).content.decode()

    assert (
        f'href="{reverse("orgunits:organization_list")}?reports_to={bloc.pk}">Xem dạng danh sách (lọc, xuất Excel)</a>'
        in content
    )


def test_detail_page_names_an_organization_reported_to_outside_the_scope_without_a_link(world, client, units):
    bloc, team = units
    team.reports_to = bloc
    team.save()
    hamlet_user = user_with_role("ap_bac", "editor", world.hamlet_a)
    client.force_login(hamlet_user)

    page = client.get(team.get_absolute_url()).content.decode()

    assert bloc.name in page
    assert bloc.get_absolute_url() not in page
    assert client.get(bloc.get_absolute_url()).status_code == 404


def test_api_shows_and_filters_by_reports_to(world, client, units):
    bloc, team = units
    team.reports_to = bloc
    team.save()
    client.force_login(world.editor_a)

    data = client.get(reverse("organization-list"), {"reports_to": bloc.pk}).json()

    assert [(row["id"], row["reports_to"]) for row in data["results"]] == [(team.pk, bloc.pk)]
    assert client.get(reverse("organization-list"), {"reports_to": "x"}).status_code == 400


def test_autocomplete_for_reports_to_offers_no_hamlet_organization(world, client, units):
    bloc, team = units
    client.force_login(world.editor_a)

    options = client.get(reverse("orgunits:organization_autocomplete"), {"upper": "1", "reports_to__search": "dan van"})

    assert bloc.name in options.content.decode()
    assert team.name not in options.content.decode()


def test_deleting_an_organization_that_others_report_to_is_refused(world, client, units):
    bloc, team = units
    team.reports_to = bloc
    team.save()
    client.force_login(world.province_editor)

    response = client.post(reverse("orgunits:organization_delete", kwargs={"pk": bloc.pk}), follow=True)

    assert Organization.objects.filter(pk=bloc.pk).exists()
    assert "Không thể xóa" in response.content.decode()


def test_autocomplete_for_reports_to_offers_only_organizations_above_the_edited_area(world, client, units):
    bloc, _team = units
    city_front = organization(world.province, "mttq")
    client.force_login(world.province_editor)
    url = reverse("orgunits:organization_autocomplete")

    for_team = client.get(url, {"upper": "1", "area": world.hamlet_a.pk, "reports_to__search": ""}).content.decode()
    for_bloc = client.get(url, {"upper": "1", "area": world.commune_a.pk, "reports_to__search": ""}).content.decode()

    assert (bloc.name in for_team, city_front.name in for_team, world.front_b.name in for_team) == (True, True, False)
    assert (bloc.name in for_bloc, city_front.name in for_bloc) == (False, True)


def test_edit_form_offers_only_organizations_above(world, client, units):
    bloc, _team = units
    city_front = organization(world.province, "mttq")
    client.force_login(world.province_editor)

    form = client.get(reverse("orgunits:organization_edit", kwargs={"pk": bloc.pk})).context["form"]

    assert list(form.fields["reports_to"].queryset) == [city_front]


def test_moving_a_hamlet_to_another_commune_drops_the_links_it_broke(world, client, units):
    bloc, team = units
    front_team = organization(world.hamlet_a, "ban_cong_tac_mat_tran", name="Ban công tác Mặt trận Ấp Bắc")
    province_front = organization(world.province, "mttq")
    team.reports_to = bloc  # commune A's bloc: no longer above Ấp Bắc once it moves to commune B
    team.save()
    front_team.reports_to = province_front  # the province stays above
    front_team.save()
    client.force_login(world.admin)
    hamlet = world.hamlet_a

    response = client.post(
        reverse("orgunits:area_edit", kwargs={"pk": hamlet.pk}),
        {"parent": world.commune_b.pk, "kind": hamlet.kind_id, "name": hamlet.name, "code": hamlet.code},
        follow=True,
    )

    team.refresh_from_db()
    front_team.refresh_from_db()
    assert (team.reports_to, front_team.reports_to) == (None, province_front)
    assert team.path.startswith(world.commune_b.path)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Đã bỏ “Báo cáo về” của 1 tổ chức vì tổ chức nhận báo cáo không còn ở địa bàn cấp trên sau khi chuyển: "
        "Tổ dân vận Ấp Bắc (Ấp Bắc)."
    )
    entry = ObjectChange.objects.filter(object_id=str(team.pk), action="update").latest("pk")
    assert (entry.prechange_data["reports_to_id"], entry.postchange_data["reports_to_id"]) == (bloc.pk, None)


def test_moving_an_organization_down_drops_the_links_of_those_reporting_to_it(world, units):
    bloc, team = units
    team.reports_to = bloc
    team.save()

    bloc.area = world.hamlet_b  # the bloc moves to a hamlet of commune B: no longer above Ấp Bắc
    bloc.save()

    team.refresh_from_db()
    assert team.reports_to is None
    assert bloc.save_notes and "Tổ dân vận Ấp Bắc (Ấp Bắc)" in bloc.save_notes[0]
