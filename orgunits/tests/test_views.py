import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.validators import PHONE_MESSAGE
from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind, Rearrangement
from tests.factories.orgunits import ClusterFactory, area_kind, organization, organization_kind

pytestmark = pytest.mark.django_db


def test_commune_editor_adds_a_hamlet_under_the_commune(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("orgunits:area_add"),
        {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": "Ấp Mới", "valid_from": "01/07/2025"},
    )

    created = Area.objects.get(name="Ấp Mới")
    assert (response.status_code, response.url) == (302, created.get_absolute_url())
    assert (created.parent, created.valid_from, created.path.startswith(world.commune_a.path)) == (
        world.commune_a,
        datetime.date(2025, 7, 1),
        True,
    )


def test_commune_editor_cannot_add_under_another_commune(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("orgunits:area_add"), {"parent": world.commune_b.pk, "kind": area_kind("ap").pk, "name": "Ấp Lạ"}
    )

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not Area.objects.filter(name="Ấp Lạ").exists()


def test_area_form_reports_vietnamese_errors(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("orgunits:area_add"),
        {"parent": world.commune_a.pk, "kind": area_kind("tinh").pk, "name": "", "valid_from": "31/02/2025"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in content
    assert "Hãy chọn một lựa chọn hợp lệ" in content  # a province kind is not offered under a commune


def test_area_with_children_cannot_be_deleted(world, client):
    client.force_login(world.province_editor)

    response = client.post(reverse("orgunits:area_delete", kwargs={"pk": world.commune_a.pk}), follow=True)

    assert Area.objects.filter(pk=world.commune_a.pk).exists()
    assert "Không thể xóa" in response.content.decode()


def test_organization_edit_rejects_a_parent_in_another_area(world, client):
    client.force_login(world.province_editor)
    farmers = organization(world.commune_a, "hoi_nong_dan")

    response = client.post(
        reverse("orgunits:organization_edit", kwargs={"pk": farmers.pk}),
        {
            "area": world.commune_a.pk,
            "kind": organization_kind("hoi_nong_dan").pk,
            "name": farmers.name,
            "parent": world.front_b.pk,
        },
    )

    assert response.status_code == 200
    assert "Tổ chức cấp trên phải hoạt động trên cùng địa bàn." in response.content.decode()
    farmers.refresh_from_db()
    assert farmers.parent is None


def test_area_list_filters_by_level_and_search_and_exports_excel(world, client):
    client.force_login(world.province_editor)

    page = client.get(reverse("orgunits:area_list"), {"q": "long dien"}).content.decode()
    export = client.get(reverse("orgunits:area_list"), {"level": 3, "export": "xlsx"})

    links = (world.commune_a.get_absolute_url() in page, world.commune_b.get_absolute_url() in page)
    assert links == (True, False)
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tên", "Loại", "Mã")
    assert sorted(r[0] for r in rows[1:]) == ["Xã Long Điền", "Xã Thạnh An"]


def test_area_list_htmx_request_returns_only_the_results(world, client):
    client.force_login(world.province_editor)

    response = client.get(reverse("orgunits:area_list"), {"q": "thanh an"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "<html" not in content
    assert "Xã Thạnh An" in content


def test_tree_children_fragment_lists_visible_children(world, client):
    client.force_login(world.editor_a)

    own = client.get(reverse("orgunits:area_children", kwargs={"pk": world.commune_a.pk}))
    other = client.get(reverse("orgunits:area_children", kwargs={"pk": world.commune_b.pk}))
    tree = client.get(reverse("orgunits:area_tree")).content.decode()

    assert "Ấp Bắc" in own.content.decode()
    assert world.front_a.name in own.content.decode()
    assert other.status_code == 404
    assert ("Xã Long Điền" in tree, "Tỉnh Thử Nghiệm" in tree) == (True, False)


def test_cluster_members_are_limited_to_the_owner_area(world, client):
    client.force_login(world.province_editor)

    response = client.post(
        reverse("orgunits:cluster_add"),
        {
            "owner_area": world.province.pk,
            "name": "Cụm thi đua số 1",
            "kind": "emulation",
            "areas": [world.commune_a.pk, world.commune_b.pk],
        },
    )
    bad = client.post(
        reverse("orgunits:cluster_add"),
        {"owner_area": world.province.pk, "name": "Cụm lạ", "kind": "emulation", "areas": [world.other_province.pk]},
    )

    cluster = Cluster.objects.get(name="Cụm thi đua số 1")
    assert response.status_code == 302
    assert sorted(cluster.areas.values_list("name", flat=True)) == ["Xã Long Điền", "Xã Thạnh An"]
    assert bad.status_code == 200
    assert not Cluster.objects.filter(name="Cụm lạ").exists()


def test_rearrangements_are_readable_by_every_assigned_user_but_edited_by_system_admins(world, client):
    item = Rearrangement.objects.create(
        kind="merge", effective_date=datetime.date(2025, 7, 1), decision="NQ 1656/NQ-UBTVQH15"
    )
    item.successors.add(world.commune_a)
    client.force_login(world.editor_b)

    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.get(reverse("orgunits:rearrangement_edit", kwargs={"pk": item.pk})).status_code == 403
    client.force_login(world.admin)
    response = client.post(
        reverse("orgunits:rearrangement_edit", kwargs={"pk": item.pk}),
        {
            "kind": "transfer",
            "effective_date": "01/07/2025",
            "decision": "NQ 1656",
            "predecessors": f"{world.commune_b.pk}",
            "successors": f"{world.commune_a.pk}",
        },
    )
    assert response.status_code == 302
    assert list(item.predecessors.all()) == [world.commune_b]


def test_kinds_are_managed_by_system_admins_only(world, client):
    client.force_login(world.province_editor)
    assert client.get(reverse("orgunits:areakind_list")).status_code == 403
    client.force_login(world.admin)

    response = client.post(
        reverse("orgunits:organizationkind_add"),
        {
            "code": "hoi_nguoi_mu",
            "name": "Hội Người mù",
            "category": "association",
            "sort_order": 50,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert Organization.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "model", "data", "taken"),
    [
        ("orgunits:areakind_add", AreaKind, {"code": "Xa", "name": "Xã (trùng)", "level": 3}, "xa"),
        (
            "orgunits:organizationkind_add",
            OrganizationKind,
            {"code": "MTTQ", "name": "Mặt trận (trùng)", "category": "front"},
            "mttq",
        ),
    ],
)
def test_kind_code_differing_only_by_case_is_refused_on_the_code(world, client, name, model, data, taken):
    client.force_login(world.admin)
    existing = model.objects.get(code=taken)

    response = client.post(reverse(name), {**data, "sort_order": 50, "is_active": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": [f"Mã “{taken}” đã có (không phân biệt chữ hoa, chữ thường): {existing.name}."]
    }
    assert list(model.objects.filter(code__iexact=taken)) == [existing]


@pytest.mark.parametrize(
    ("name", "model", "data", "taken"),
    [
        ("orgunits:areakind_add", AreaKind, {"code": "thon_moi", "name": "thôn ", "level": 4}, "thon"),
        (
            "orgunits:organizationkind_add",
            OrganizationKind,
            {"code": "hnd2", "name": "HỘI NÔNG DÂN", "category": "member"},
            "hoi_nong_dan",
        ),
    ],
)
def test_kind_named_as_another_but_for_case_is_refused(world, client, name, model, data, taken):
    """The Excel import finds a kind by its name: two such names would make it pick either."""
    client.force_login(world.admin)

    response = client.post(reverse(name), {**data, "sort_order": 50, "is_active": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": [f"Tên này đã có (mã {taken})."]}
    assert not model.objects.filter(code=data["code"]).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_area_list_query_count_does_not_grow_with_rows(world, client, django_assert_max_num_queries, count):
    for index in range(count):
        Area.objects.create(kind=area_kind("ap"), name=f"Ấp số {index}", parent=world.commune_a)
    client.force_login(world.editor_a)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("orgunits:area_list"), {"level": 4})

    assert response.status_code == 200


def test_numbers_and_dates_use_vietnamese_formats_whatever_the_browser_language(world, client):
    Area.objects.bulk_create(
        [
            Area(
                kind=area_kind("ap"),
                name=f"Ấp {i}",
                parent=world.commune_a,
                path=f"{world.commune_a.path}{900000 + i}/",
                level=4,
            )
            for i in range(1200)
        ]
    )
    client.force_login(world.province_editor)

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert "1.202" in home  # 1,200 bulk hamlets + the two of the world, grouped with a dot


def test_commune_editor_saves_the_commune_itself(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("orgunits:area_edit", kwargs={"pk": world.commune_a.pk}),
        {
            "parent": world.province.pk,
            "kind": area_kind("xa").pk,
            "name": "Xã Long Điền",
            "short_name": "Long Điền",
            "code": "91001",
        },
    )

    world.commune_a.refresh_from_db()
    assert (response.status_code, world.commune_a.short_name) == (302, "Long Điền")


def test_organization_editor_adds_a_member_organization(world, client):
    from tests.factories.accounts import user_with_role

    client.force_login(user_with_role("mt_a", "editor", world.front_a))

    response = client.post(
        reverse("orgunits:organization_add"),
        {
            "area": world.commune_a.pk,
            "kind": organization_kind("hoi_lhpn").pk,
            "name": "Hội LHPN xã",
            "parent": world.front_a.pk,
        },
    )
    top_level = client.post(
        reverse("orgunits:organization_add"),
        {"area": world.commune_a.pk, "kind": organization_kind("doan_tn").pk, "name": "Đoàn TN xã"},
    )

    assert response.status_code == 302
    assert Organization.objects.get(name="Hội LHPN xã").parent == world.front_a
    assert top_level.status_code == 200
    assert not Organization.objects.filter(name="Đoàn TN xã").exists()


def test_organization_form_checks_the_phone_number(world, client):
    client.force_login(world.editor_a)
    data = {"area": world.commune_a.pk, "kind": organization_kind("doan_tn").pk, "name": "Đoàn TN xã"}

    refused = client.post(reverse("orgunits:organization_add"), {**data, "phone": "0912 34"})
    accepted = client.post(reverse("orgunits:organization_add"), {**data, "phone": "(0254) 3.123.456"})

    assert refused.status_code == 200
    assert refused.context["form"].errors["phone"] == [str(PHONE_MESSAGE)]
    assert accepted.status_code == 302
    assert Organization.objects.get(name="Đoàn TN xã").phone == "(0254) 3.123.456"


def test_htmx_request_after_session_expiry_redirects_the_whole_page_to_login(world, client):
    response = client.get(reverse("orgunits:area_children", kwargs={"pk": world.commune_a.pk}), HTTP_HX_REQUEST="true")

    assert (response.status_code, response["HX-Redirect"].startswith("/login/")) == (204, True)


def test_export_with_an_invalid_filter_exports_nothing(world, client):
    client.force_login(world.province_editor)

    export = client.get(reverse("orgunits:area_list"), {"status": "bogus", "export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only


def test_area_page_offers_delete_only_where_it_is_allowed(world, client):
    client.force_login(world.editor_a)

    commune_page = client.get(world.commune_a.get_absolute_url()).content.decode()
    hamlet_page = client.get(world.hamlet_a.get_absolute_url()).content.decode()

    delete_commune = reverse("orgunits:area_delete", kwargs={"pk": world.commune_a.pk})
    delete_hamlet = reverse("orgunits:area_delete", kwargs={"pk": world.hamlet_a.pk})
    assert (delete_commune in commune_page, delete_hamlet in hamlet_page) == (False, True)


def test_odd_ids_in_forms_are_validation_errors_not_crashes(world, client):
    client.force_login(world.province_editor)
    huge = "99999999999999999999"

    cluster = client.post(
        reverse("orgunits:cluster_add"),
        {"owner_area": world.province.pk, "name": "Cụm", "kind": "emulation", "areas": [huge]},
    )
    area = client.post(reverse("orgunits:area_add"), {"parent": "abc", "kind": area_kind("ap").pk, "name": "Ấp"})
    client.force_login(world.admin)
    rearrangement = client.post(
        reverse("orgunits:rearrangement_add"), {"kind": "merge", "effective_date": "01/07/2025", "predecessors": "²"}
    )

    assert (cluster.status_code, area.status_code, rearrangement.status_code) == (200, 200, 200)
    assert "“²” không phải là mã hợp lệ." in rearrangement.content.decode()
    assert "“99999999999999999999” không phải là mã hợp lệ." in cluster.content.decode()


def test_deleting_an_area_named_in_a_cluster_says_why(world, client):
    ClusterFactory(owner_area=world.commune_a).areas.add(world.hamlet_a)
    client.force_login(world.editor_a)

    response = client.post(reverse("orgunits:area_delete", kwargs={"pk": world.hamlet_a.pk}), follow=True)

    assert "Địa bàn còn được nêu trong sắp xếp đơn vị hành chính hoặc cụm, khối." in response.content.decode()
    assert Area.objects.filter(pk=world.hamlet_a.pk).exists()


def test_htmx_login_redirect_returns_to_the_page_not_the_fragment(world, client):
    response = client.get(
        reverse("orgunits:area_children", kwargs={"pk": world.commune_a.pk}),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/areas/tree/?history=1",
    )

    assert response["HX-Redirect"] == "/login/?next=%2Fareas%2Ftree%2F%3Fhistory%3D1"


def test_commune_editor_records_a_merger_of_its_hamlets_but_not_of_others(world, client):
    from accounts.models import RoleAssignment
    from tests.factories.orgunits import hamlet

    merged = hamlet(world.commune_a, "Ấp Bắc Nam")
    east = hamlet(world.commune_a, "Ấp Đông")
    form = {"kind": "merge", "effective_date": "01/01/2026", "decision": "NQ 12/NQ-HĐND"}
    # Commune A's editor who also views the whole province: sees Ấp Nam, may not change it.
    RoleAssignment.objects.create(user=world.editor_a, role="viewer", area=world.province)
    client.force_login(world.editor_a)

    visible_only = client.post(
        reverse("orgunits:rearrangement_add"),
        {**form, "predecessors": [world.hamlet_a.pk, world.hamlet_b.pk], "successors": [merged.pk]},
    )
    inside = client.post(
        reverse("orgunits:rearrangement_add"),
        {**form, "predecessors": [world.hamlet_a.pk, east.pk], "successors": [merged.pk]},
    )
    client.force_login(world.editor_b)
    unseen = client.post(
        reverse("orgunits:rearrangement_add"),
        {**form, "predecessors": [world.hamlet_b.pk, world.hamlet_a.pk], "successors": [merged.pk]},
    )

    assert visible_only.status_code == 200
    assert "Bạn không có quyền cập nhật các địa bàn: Ấp Nam." in visible_only.content.decode()
    assert unseen.status_code == 200
    assert f"{world.hamlet_a.pk} không phải là một trong các lựa chọn khả thi" in unseen.content.decode()
    assert inside.status_code == 302
    assert list(merged.predecessors()) == [world.hamlet_a, east]
    assert Rearrangement.objects.count() == 1


def test_coordinates_take_a_decimal_comma_and_are_range_checked(world, client):
    client.force_login(world.editor_a)
    form = {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": "Ấp Tọa Độ"}

    bad = client.post(reverse("orgunits:area_add"), {**form, "latitude": "105"})
    good = client.post(reverse("orgunits:area_add"), {**form, "latitude": "10,5", "longitude": "107,25"})

    assert "Nhập cả vĩ độ và kinh độ" in bad.content.decode()
    assert "Vĩ độ phải từ -90 đến 90" in bad.content.decode()
    assert good.status_code == 302
    created = Area.objects.get(name="Ấp Tọa Độ")
    assert (created.latitude, created.longitude) == (10.5, 107.25)


def test_search_finds_organizations_by_their_kind(world, client):
    client.force_login(world.editor_a)

    content = client.get("/search/", {"q": "mat tran"}).content.decode()

    assert world.front_a.get_absolute_url() in content


def test_deleting_a_hamlet_returns_to_its_commune(world, client):
    client.force_login(world.editor_a)

    response = client.post(reverse("orgunits:area_delete", kwargs={"pk": world.hamlet_a.pk}))

    assert (response.status_code, response.url) == (302, world.commune_a.get_absolute_url())


def test_list_pagination_speaks_vietnamese(world, client):
    Area.objects.bulk_create(
        [
            Area(
                kind=area_kind("ap"),
                name=f"Ấp {i}",
                parent=world.commune_a,
                path=f"{world.commune_a.path}{800000 + i}/",
                level=4,
            )
            for i in range(30)
        ]
    )
    client.force_login(world.editor_a)

    content = client.get(reverse("orgunits:area_list")).content.decode()

    assert ("Trang sau" in content, re.search(r">\s*next\s*<", content)) == (True, None)


@pytest.mark.parametrize("target", ["commune_a", "hamlet_a"])
def test_delete_page_writes_nothing(world, client, target):
    client.force_login(world.province_editor)
    ClusterFactory(owner_area=world.province).areas.add(world.hamlet_a)  # the model's own refusal

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("orgunits:area_delete", kwargs={"pk": getattr(world, target).pk}))

    assert page.status_code == 200
    assert page.context["blockers"]
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].split()[0].upper() in WRITES]
    assert writes == []


WRITES = {"INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN"}


def test_delete_page_names_what_blocks_the_deletion_before_confirming(world, client):
    client.force_login(world.province_editor)

    page = client.get(reverse("orgunits:area_delete", kwargs={"pk": world.commune_a.pk})).content.decode()

    assert "Chưa thể xóa “Xã Long Điền”" in page
    assert "1 địa bàn" in page and "1 tổ chức" in page
    assert Area.objects.filter(pk=world.commune_a.pk).exists()
    assert 'type="submit">Xóa<' not in page


@pytest.mark.parametrize("persona", ["admin", "editor_a"])
def test_lists_filter_within_any_visible_area(world, client, persona):
    client.force_login(getattr(world, persona))

    areas = client.get(reverse("orgunits:area_list"), {"within": world.commune_a.pk}).content.decode()
    organizations = client.get(reverse("orgunits:organization_list"), {"within": world.commune_a.pk}).content.decode()

    assert (world.hamlet_a.get_absolute_url() in areas, world.hamlet_b.get_absolute_url() in areas) == (True, False)
    assert world.front_a.get_absolute_url() in organizations


def test_area_search_offers_former_areas_only_on_request_and_keeps_the_chosen_ones(world, client):
    import datetime as dt

    from tests.factories.orgunits import hamlet

    former = hamlet(world.commune_a, "Ấp Bắc Cũ")
    Area.objects.filter(pk=former.pk).update(valid_to=dt.date(2025, 6, 30))
    client.force_login(world.editor_a)
    url = reverse("orgunits:area_autocomplete")

    current = client.get(url, {"field": "within", "within__search": "ap bac"}).content.decode()
    history = client.get(
        url,
        {
            "field": "predecessors",
            "predecessors__search": "ap bac",
            "history": "1",
            "multiple": "1",
            "predecessors": [world.hamlet_a.pk, world.hamlet_b.pk, "abc"],
        },
    ).content.decode()
    parents = client.get(url, {"field": "parent", "parent__search": "a"}).content.decode()

    assert "Ấp Bắc Cũ" not in current and "Ấp Bắc (" in current and "---------" in current
    # The chosen (visible) area first and selected, then the matches, former ones with their end date.
    assert history.index(f'value="{world.hamlet_a.pk}" selected>Ấp Bắc (') < history.index(
        "Ấp Bắc Cũ (Ấp, đến 30/06/2025)"
    )
    assert history.count("Ấp Bắc (") == 1 and "Ấp Nam" not in history and "---------" not in history
    assert "Ấp Bắc" not in parents and "Xã Long Điền" in parents


def test_rearrangement_form_shows_the_chosen_areas_by_name(world, client):
    import datetime as dt

    item = Rearrangement.objects.create(kind="merge", effective_date=dt.date(2025, 7, 1))
    item.predecessors.set([world.hamlet_a])
    item.successors.set([world.commune_a])
    client.force_login(world.admin)

    page = client.get(reverse("orgunits:rearrangement_edit", kwargs={"pk": item.pk})).content.decode()

    assert f'<option value="{world.hamlet_a.pk}" selected>Ấp Bắc (Ấp) — Xã Long Điền, Tỉnh Thử Nghiệm</option>' in page
    assert f'<option value="{world.commune_a.pk}" selected>Xã Long Điền (Xã) — Tỉnh Thử Nghiệm</option>' in page
    assert 'name="predecessors__search"' in page and "&quot;history&quot;: &quot;1&quot;" in page


def test_parent_search_of_the_organization_form_offers_the_chosen_areas_organizations(world, client):
    # The parent works in the same area (Organization.clean): the search sends the chosen area.
    client.force_login(world.editor_a)
    form_page = client.get(reverse("orgunits:organization_add")).content.decode()
    hamlet_front = organization(world.hamlet_a, "ban_cong_tac_mat_tran", name="Ban công tác Mặt trận Ấp Bắc")

    options = client.get(
        reverse("orgunits:organization_autocomplete"),
        {"parent__search": "mat tran", "field": "parent", "area": world.hamlet_a.pk},
    ).content.decode()

    assert 'name="parent__search"' in form_page
    assert 'hx-include="#id_area"' in form_page.split('name="parent__search"', 1)[1].split(">", 1)[0]
    assert hamlet_front.name in options and world.front_a.name not in options


def test_area_form_refuses_a_code_used_at_the_same_level(world, client):
    Area.objects.filter(pk=world.hamlet_a.pk).update(code="91001-01")
    client.force_login(world.admin)
    data = {"parent": world.commune_a.pk, "kind": world.hamlet_a.kind_id, "name": "Ấp Mới", "code": "91001-01"}

    added = client.post(reverse("orgunits:area_add"), data)
    edited = client.post(reverse("orgunits:area_edit", kwargs={"pk": world.hamlet_b.pk}), {**data, "name": "Ấp Nam"})

    message = ["Đã có đơn vị đang hoạt động cùng cấp với mã này (không phân biệt chữ hoa, chữ thường)."]
    assert added.status_code == edited.status_code == 200
    assert added.context["form"].errors == edited.context["form"].errors == {"code": message}
    assert not Area.objects.filter(name="Ấp Mới").exists()


def test_history_shows_every_changed_field_the_first_six_open(world, client):
    created = organization(
        world.commune_a,
        "hoi_nong_dan",
        name="Hội Nông dân xã Long Điền",
        short_name="HND Long Điền",
        code="HND-LD",
        address="Ấp Bắc, xã Long Điền",
        phone="0254 3861 234",
        email="hnd.longdien@example.vn",
        note="Thành lập lại sau sắp xếp",
    )
    client.force_login(world.editor_a)

    page = client.get(created.get_absolute_url()).content.decode()

    details = page[page.index("<details>") : page.index("</details>")]
    assert "Xem thêm" in details
    for label in ("Tên tổ chức", "Tên viết tắt", "Mã", "Địa chỉ", "Điện thoại", "Thư điện tử", "Ghi chú"):
        assert f"<strong>{label}</strong>" in page, label


def test_validity_filter_offers_each_choice_once_and_keeps_the_url_clean(world, client):
    client.force_login(world.editor_a)

    page = client.get(reverse("orgunits:cluster_list")).content.decode()
    explicit = client.get(reverse("orgunits:cluster_list"), {"status": "current"})

    select = re.search(r'<select name="status".*?</select>', page, flags=re.S).group(0)
    offered = re.findall(r"<option (?![^>]*hidden)[^>]*>([^<]*)</option>", select)
    assert offered == ["Đang hoạt động", "Đã hết hiệu lực", "Tất cả"]
    assert explicit.status_code == 200  # still a valid value (the API's ?status=current)
