"""The roll-up table page: figures by unit, drill-down, clusters, longer periods, scope, export."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment
from reports import queries, rollups, services
from reports.models import Period
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import ClusterFactory, commune, organization

pytestmark = pytest.mark.django_db
URL = reverse("reports:rollup")


def _submitted(setup, org, user, period=None, **numbers):
    report = services.open_report(setup.form, period or setup.period, org, user=user)
    values = {getattr(setup, name).pk: value for name, value in numbers.items()}
    services.save_report(report, user=user, version=report.version, values=values)
    return services.submit(report, user=user)


def _approve(report, world):
    approver = user_with_role(f"duyet_{report.pk}", "approver", report.organization.area.parent)
    return services.approve(report, user=approver)


def _get(client, user, setup, **params):
    client.force_login(user)
    return client.get(URL, {"form": setup.form.pk, "period": setup.period.code, **params})


def _cells(response, setup, *names):
    """Return {row label: [cell text of each named indicator]} of the page, the total first."""
    table = response.context["table"]
    positions = [[c.indicator.pk for c in table.columns].index(getattr(setup, name).pk) for name in names]
    rows = [response.context["total_row"], *response.context["rows"]]
    return {row["unit"].label: [row["cells"][p] for p in positions] for row in rows}


def test_rollup_province_total_changes_after_approving_a_commune_report(setup, world, client):
    report_a = _submitted(setup, world.front_a, world.editor_a, received="10", resolved="9")

    before = _get(client, world.province_editor, setup, area=world.province.pk)
    _approve(report_a, world)
    after = _get(client, world.province_editor, setup, area=world.province.pk)

    assert _cells(before, setup, "received", "rate") == {
        "Tỉnh Thử Nghiệm": ["", ""],
        "Xã Long Điền": ["", ""],
        "Xã Thạnh An": ["", ""],
    }
    assert _cells(after, setup, "received", "rate") == {
        "Tỉnh Thử Nghiệm": ["10", "90"],
        "Xã Long Điền": ["10", "90"],
        "Xã Thạnh An": ["", ""],
    }


def test_rollup_rows_per_child_drill_down_to_the_commune_organizations(setup, world, client):
    _approve(_submitted(setup, world.front_a, world.editor_a, received="10", resolved="9"), world)
    _approve(_submitted(setup, world.front_b, world.editor_b, received="1.200", resolved="11"), world)

    province = _get(client, world.province_editor, setup, area=world.province.pk)
    content = province.content.decode()
    drill = province.context["rows"][0]["unit"].area
    commune_page = _get(client, world.province_editor, setup, area=drill.pk)

    assert _cells(province, setup, "received", "resolved", "rate") == {
        "Tỉnh Thử Nghiệm": ["1.210", "20", "1,65"],
        "Xã Long Điền": ["10", "9", "90"],
        "Xã Thạnh An": ["1.200", "11", "0,92"],
    }
    assert f'data-drill="{world.commune_a.pk}"' in content
    assert _cells(commune_page, setup, "received") == {
        "Xã Long Điền": ["10"],
        world.front_a.name: ["10"],
        "Ấp Bắc": [""],
    }
    assert [step["label"] for step in commune_page.context["trail"]] == ["Tỉnh Thử Nghiệm", "Xã Long Điền"]


def test_rollup_columns_follow_the_form_sections_with_formulas(setup, world, client):
    response = _get(client, world.province_editor, setup, area=world.province.pk)

    table = response.context["table"]
    assert [column.indicator.code for column in table.columns] == [
        "thu_tiep_nhan",
        "thu_giai_quyet",
        "thu_ty_le",
        "thu_mo_hinh",
        "thu_hoi_vien",
    ]
    assert table.sections == [("Số liệu", 5)]


def test_rollup_cluster_sums_its_members(setup, world, client):
    _approve(_submitted(setup, world.front_a, world.editor_a, received="10", resolved="9"), world)
    _approve(_submitted(setup, world.front_b, world.editor_b, received="30", resolved="11"), world)
    cluster = ClusterFactory(name="Cụm thi đua số 1", owner_area=world.province)
    cluster.areas.set([world.commune_b])

    response = _get(client, world.province_editor, setup, cluster=cluster.pk)

    assert response.context["table"].label == "Cụm thi đua số 1"
    assert _cells(response, setup, "received") == {"Cụm thi đua số 1": ["30"], "Xã Thạnh An": ["30"]}


def test_rollup_cluster_of_another_province_is_refused(setup, world, client):
    cluster = ClusterFactory(name="Cụm ngoài", owner_area=world.other_province)

    response = _get(client, world.province_editor, setup, cluster=cluster.pk)

    assert (response.context["table"], list(response.context["form"].errors)) == (None, ["cluster"])


def test_rollup_year_of_a_quarterly_form_aggregates_over_time(setup, world, client):
    q1 = Period.objects.for_code("2025Q1")
    _approve(_submitted(setup, world.front_a, world.editor_a, q1, received="10", resolved="5", members="100"), world)
    _approve(_submitted(setup, world.front_a, world.editor_a, received="20", resolved="5", members="120"), world)

    response = _get(client, world.province_editor, setup, area=world.province.pk, period="2025")

    assert _cells(response, setup, "received", "members", "rate")["Tỉnh Thử Nghiệm"] == ["30", "120", "33,33"]
    assert response.context["table"].period.name == "Năm 2025"


def test_rollup_includes_submitted_reports_when_asked(setup, world, client):
    _submitted(setup, world.front_a, world.editor_a, received="7")

    approved_only = _get(client, world.province_editor, setup, area=world.province.pk)
    with_submitted = _get(client, world.province_editor, setup, area=world.province.pk, include_submitted="on")

    assert (
        _cells(approved_only, setup, "received")["Tỉnh Thử Nghiệm"],
        _cells(with_submitted, setup, "received")["Tỉnh Thử Nghiệm"],
    ) == ([""], ["7"])
    assert "Kể cả báo cáo đã gửi chưa duyệt" in approved_only.content.decode()


def test_rollup_refuses_periods_shorter_than_or_across_the_form_period(setup, world, client):
    month = _get(client, world.province_editor, setup, period="202505")
    text = _get(client, world.province_editor, setup, period="quy 2")

    assert month.context["form"].errors == {"period": ["Kỳ này ngắn hơn kỳ báo cáo của biểu mẫu (quý)."]}
    assert list(text.context["form"].errors) == ["period"]
    assert month.context["table"] is None


def test_rollup_defaults_to_the_user_unit_and_last_ended_period(setup, world, client):
    client.force_login(world.editor_a)

    response = client.get(URL, {"form": setup.form.pk})

    table = response.context["table"]
    assert (table.area, table.period.code) == (world.commune_a, queries.last_ended_period("quarter").code)


def test_rollup_scope_of_several_communes_lists_them(setup, world, client):
    both = user_with_role("hai_xa", "viewer", world.commune_a)
    RoleAssignment.objects.create(user=both, role="viewer", area=world.commune_b)
    _approve(_submitted(setup, world.front_a, world.editor_a, received="10"), world)
    _approve(_submitted(setup, world.front_b, world.editor_b, received="30"), world)

    response = _get(client, both, setup)

    assert _cells(response, setup, "received") == {
        "Toàn bộ phạm vi phụ trách": ["40"],
        "Xã Long Điền": ["10"],
        "Xã Thạnh An": ["30"],
    }


def test_rollup_hides_units_outside_the_scope(setup, world, client):
    _approve(_submitted(setup, world.front_b, world.editor_b, received="30"), world)

    outside = _get(client, world.editor_a, setup, area=world.commune_b.pk)
    other = _get(client, world.editor_a, setup, area=world.province.pk)

    assert (list(outside.context["form"].errors), outside.context["table"]) == (["area"], None)
    assert (list(other.context["form"].errors), other.context["table"]) == (["area"], None)


def test_rollup_organization_role_sees_only_its_organization(setup, world, client):
    second = organization(world.commune_a, "hoi_nong_dan", name="Hội Nông dân xã Long Điền")
    setup.form.organization_kinds.add(second.kind)
    officer = user_with_role("mttq_a", "editor", world.front_a)
    _approve(_submitted(setup, world.front_a, world.editor_a, received="10"), world)
    _approve(_submitted(setup, second, world.editor_a, received="5"), world)

    response = _get(client, officer, setup, area=world.commune_a.pk)

    assert _cells(response, setup, "received") == {"Xã Long Điền": ["10"], world.front_a.name: ["10"]}


def test_rollup_export_is_the_same_table(setup, world, client):
    from io import BytesIO

    from openpyxl import load_workbook

    _approve(_submitted(setup, world.front_a, world.editor_a, received="10", resolved="9"), world)

    response = _get(client, world.province_editor, setup, area=world.province.pk, export="xlsx")

    sheet = load_workbook(BytesIO(response.content)).active
    assert response["Content-Disposition"].endswith("tong-hop-bao_cao_quy-2025Q2-tinh-thu-nghiem.xlsx")
    assert sheet["A1"].value == "Tổng hợp số liệu: Báo cáo công tác dân vận quý"
    assert [sheet.cell(row=9, column=c).value for c in range(1, 5)] == ["Tỉnh Thử Nghiệm (tổng hợp)", 10, 9, 90]


def test_rollup_anonymous_goes_to_login(client):
    response = client.get(URL)

    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_rollup_page_values_equal_the_rollup_service(setup, world, client):
    _approve(_submitted(setup, world.front_a, world.editor_a, received="10", resolved="3"), world)

    response = _get(client, world.province_editor, setup, area=world.province.pk)

    expected = rollups.values(setup.form, setup.period, [setup.received, setup.rate], [world.province.path])
    assert response.context["table"].total.values[:3:2] == [expected[setup.received.pk], expected[setup.rate.pk]]
    assert expected[setup.rate.pk] == Decimal("30.00")


@pytest.mark.parametrize("communes", [1, 3])
def test_rollup_query_count_does_not_depend_on_rows(setup, world, client, django_assert_num_queries, communes):
    for number in range(communes):
        organization(commune(world.province, f"Xã Mới {number}", code=f"9190{number}"), "mttq")
    _approve(_submitted(setup, world.front_a, world.editor_a, received="10"), world)
    client.force_login(world.province_editor)
    params = {"form": setup.form.pk, "period": setup.period.code, "area": world.province.pk}
    client.get(URL, params)

    # session, user, the chosen form, view prefixes with predecessors (one statement), the fields' checks (form,
    # area), period, items, total, by child, child areas, their units; the navbar (manage, add
    # prefixes, current unit); the selects (forms rendered twice, chosen area, clusters)
    with django_assert_num_queries(19):
        response = client.get(URL, params)

    assert len(response.context["rows"]) == 2 + communes


def test_rollup_rows_are_paged_with_links_keeping_the_query(setup, world, client, monkeypatch):
    from reports.views import rollup as rollup_view

    monkeypatch.setattr(rollup_view, "ROWS_PER_PAGE", 1)
    both = user_with_role("hai_xa_trang", "viewer", world.commune_a)
    RoleAssignment.objects.create(user=both, role="viewer", area=world.commune_b)

    first = _get(client, both, setup).content.decode()
    second = _get(client, both, setup, page=2)

    assert "Trang 1/2" in first and f"form={setup.form.pk}&amp;period={setup.period.code}&amp;page=2" in first
    assert "Trang 2/2" in second.content.decode() and len(second.context["rows"]) == 1
