"""The registry's figures (initiatives/queries.py), the statistics page, its export and the home card.

The crafted dataset (fixture `data`) is described in initiatives/tests/statistics_data.py.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import queries
from initiatives.choices import PeriodPreset
from initiatives.models import Stage
from tests.factories.accounts import UserFactory, user_with_role
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db

Y2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
D = datetime.date


def _figures(total=0, registered=0, effective=0, recognized=0, outstanding=0, replicated=0, sources=0, stopped=0):
    return {
        "total": total,
        "registered": registered,
        "effective": effective,
        "recognized": recognized,
        "outstanding": outstanding,
        "replicated": replicated,
        "replicated_sources": sources,
        "stopped": stopped,
    }


PROVINCE_2025 = _figures(
    total=9, registered=8, effective=5, recognized=3, outstanding=2, replicated=3, sources=2, stopped=1
)
COMMUNE_A_2025 = _figures(
    total=6, registered=5, effective=3, recognized=2, outstanding=1, replicated=2, sources=1, stopped=1
)
COMMUNE_B_2025 = _figures(total=2, registered=2, effective=1, recognized=1, outstanding=1, replicated=1, sources=1)


def _only_figures(rows):
    return [(row["label"], {name: row[name] for name in queries.FIGURES}) for row in rows]


#
# Figures
#


def test_statistics_of_a_province_for_a_year(world, data):
    assert queries.statistics(world.admin, world.province, *Y2025) == PROVINCE_2025


def test_statistics_of_a_commune_for_a_year(world, data):
    assert queries.statistics(world.admin, world.commune_a, *Y2025) == COMMUNE_A_2025


def test_statistics_without_an_area_count_the_whole_scope(world, data):
    other = _figures(total=1, registered=1, effective=1, recognized=1)
    expected = {name: PROVINCE_2025[name] + other[name] for name in queries.FIGURES}

    assert queries.statistics(world.admin, None, *Y2025) == expected


def test_statistics_commune_user_does_not_count_the_other_commune(world, data):
    assert queries.statistics(world.editor_a, world.province, *Y2025) == COMMUNE_A_2025
    assert queries.statistics(world.editor_a, None, *Y2025) == COMMUNE_A_2025
    assert queries.statistics(world.editor_b, world.commune_a, *Y2025) == _figures()
    assert queries.statistics(world.viewer_a, world.commune_b, *Y2025) == _figures()


def test_statistics_anonymous_counts_nothing(world, data):
    assert queries.statistics(AnonymousUser(), None, *Y2025) == _figures()


def test_statistics_period_boundaries_are_included(world, data):
    last_day = queries.statistics(world.admin, world.commune_a, D(2025, 12, 31), D(2025, 12, 31))
    first_day = queries.statistics(world.admin, world.commune_a, D(2025, 1, 1), D(2025, 1, 1))
    new_year = queries.statistics(world.admin, world.commune_a, D(2026, 1, 1), D(2026, 12, 31))

    # r3 registered on the last day; r1's province recognition was on 2025-12-01, not the last day.
    assert last_day == _figures(total=6, registered=1, effective=3, stopped=1)
    # r5 registered (and stopped) on the first day; r2 existed already.
    assert first_day == _figures(total=2, registered=1, effective=1, stopped=1)
    # 2026: only r4 is new, and recognized then; every earlier record still counts in the total.
    assert new_year == _figures(total=7, registered=1, effective=4, recognized=1, stopped=1)


def test_statistics_recognition_on_the_eve_of_the_period_is_not_counted(world, data):
    figures = queries.statistics(world.admin, world.commune_a, D(2024, 1, 1), D(2024, 12, 31))

    assert figures == _figures(total=1, registered=1, effective=1, recognized=1)


def test_by_child_unit_lists_the_area_own_organizations_first_then_children(world, data):
    rows = queries.by_child_unit(world.admin, world.province, *Y2025)

    assert _only_figures(rows) == [
        ("Cơ quan, tổ chức của Tỉnh Thử Nghiệm", _figures(total=1, registered=1, effective=1)),
        ("Xã Long Điền", COMMUNE_A_2025),
        ("Xã Thạnh An", COMMUNE_B_2025),
    ]
    assert [row["area"] for row in rows] == [None, world.commune_a, world.commune_b]


def test_by_child_unit_of_a_commune_splits_hamlets(world, data):
    rows = queries.by_child_unit(world.admin, world.commune_a, *Y2025)

    # The farmers' association sits at the commune: its replica running in a hamlet is the commune's own.
    assert _only_figures(rows) == [
        ("Cơ quan, tổ chức của Xã Long Điền", COMMUNE_A_2025),
        ("Ấp Bắc", _figures()),
    ]


def test_by_child_unit_without_area_for_a_system_admin_is_by_province(world, data):
    rows = queries.by_child_unit(world.admin, None, *Y2025)

    assert _only_figures(rows) == [
        ("Tỉnh Khác", _figures(total=1, registered=1, effective=1, recognized=1)),
        ("Tỉnh Thử Nghiệm", PROVINCE_2025),
    ]


def test_by_child_unit_without_area_for_a_user_with_two_units(world, data):
    user = user_with_role("hai_xa", "viewer", world.commune_a)
    user.role_assignments.create(role="viewer", area=world.commune_b)

    rows = queries.by_child_unit(user, None, *Y2025)

    assert _only_figures(rows) == [("Xã Long Điền", COMMUNE_A_2025), ("Xã Thạnh An", COMMUNE_B_2025)]


def test_by_field_lists_every_active_field(world, data):
    rows = queries.by_field(world.admin, world.province, *Y2025)

    assert _only_figures(rows) == [
        ("Kinh tế", _figures(total=5, registered=4, effective=4, recognized=2, outstanding=1, replicated=2, sources=2)),
        ("Văn hóa – xã hội", _figures(total=2, registered=2, stopped=1)),
        ("Quốc phòng – an ninh", _figures(total=1, registered=1, effective=1, recognized=1, outstanding=1)),
        ("Xây dựng Đảng và hệ thống chính trị", _figures()),
        ("Xây dựng nông thôn mới, đô thị văn minh", _figures(total=1, registered=1, replicated=1, sources=1)),
    ]


def test_by_organization_kind_lists_kinds_with_records(world, data):
    rows = queries.by_organization_kind(world.admin, world.province, *Y2025)

    assert _only_figures(rows) == [
        (
            "Ủy ban Mặt trận Tổ quốc Việt Nam",
            _figures(
                total=7, registered=6, effective=4, recognized=3, outstanding=2, replicated=1, sources=1, stopped=1
            ),
        ),
        ("Hội Nông dân", _figures(total=2, registered=2, effective=1, replicated=2, sources=1)),
    ]


def test_by_kind_and_by_subject(world, data):
    models = _figures(
        total=8, registered=7, effective=5, recognized=3, outstanding=2, replicated=3, sources=2, stopped=1
    )
    one_exemplar = _figures(total=1, registered=1)

    assert _only_figures(queries.by_kind(world.admin, world.province, *Y2025)) == [
        ("Mô hình", models),
        ("Điển hình", one_exemplar),
    ]
    assert _only_figures(queries.by_subject(world.admin, world.province, *Y2025)) == [
        ("Tập thể", models),
        ("Cá nhân", one_exemplar),
    ]


def test_result_sums_add_up_records_registered_in_the_period(world, data):
    sums = queries.result_sums(world.admin, world.province, *Y2025)

    assert [(row["name"], row["unit"], row["total"], row["records"]) for row in sums] == [
        ("Đường giao thông làm mới, nâng cấp", "m", Decimal("10700"), 1),
        ("Đèn chiếu sáng lắp đặt", "bóng", Decimal("300"), 2),
        ("Kinh phí vận động được", "đồng", Decimal("70000000"), 1),
    ]


def test_result_sums_are_scoped(world, data):
    sums = queries.result_sums(world.editor_b, None, *Y2025)

    assert [(row["name"], row["total"]) for row in sums] == [("Kinh phí vận động được", Decimal("70000000"))]


def test_breakdowns_use_two_queries_each(world, data, django_assert_num_queries):
    with django_assert_num_queries(2):
        queries.statistics(world.admin, world.province, *Y2025)
    with django_assert_num_queries(2):
        queries.by_kind(world.admin, world.province, *Y2025)


def test_report_breakdowns_equal_the_single_breakdowns(world, data):
    period = queries.period_for(PeriodPreset.YEAR, year=2025)
    args = (world.province_editor, world.province, *Y2025)

    report = queries.report(world.province_editor, world.province, period)

    def without_sources(rows):
        return [{key: value for key, value in row.items() if key != "replicated_sources"} for row in rows]

    assert report["totals"] == queries.statistics(*args) == PROVINCE_2025
    assert report["by_child_unit"] == without_sources(queries.by_child_unit(*args))
    assert report["by_field"] == without_sources(queries.by_field(*args))
    assert report["by_organization_kind"] == without_sources(queries.by_organization_kind(*args))
    assert report["by_kind"] == without_sources(queries.by_kind(*args))
    assert report["by_subject"] == without_sources(queries.by_subject(*args))
    assert report["result_sums"] == queries.result_sums(*args)


def test_report_reads_the_records_in_six_queries(world, data, django_assert_num_queries):
    period = queries.period_for(PeriodPreset.YEAR, year=2025)
    queries.report(world.admin, world.province, period)  # the seeded lookups, once

    # Records and recognitions by child unit, then by the four other keys; replicated sources;
    # results; and the rows' labels: child areas, fields, organization kinds.
    with django_assert_num_queries(9):
        queries.report(world.admin, world.province, period)


def test_replicated_sources_are_distinct_across_groups(world, data):
    # r6 and r7 (farmers of A, two fields) both replicate r1: one source, though two field groups.
    assert queries.replicated_sources(world.admin, world.commune_a, *Y2025) == 1
    assert [row["replicated_sources"] for row in queries.by_field(world.admin, world.commune_a, *Y2025)] == [
        1,
        0,
        0,
        0,
        1,
    ]


#
# Periods
#


@pytest.mark.parametrize(
    ("preset", "start", "end", "label"),
    [
        (PeriodPreset.YEAR, D(2025, 1, 1), D(2025, 12, 31), "Năm 2025"),
        (PeriodPreset.FIRST_HALF, D(2025, 1, 1), D(2025, 6, 30), "6 tháng đầu năm 2025"),
        (PeriodPreset.NINE_MONTHS, D(2025, 1, 1), D(2025, 9, 30), "9 tháng năm 2025"),
        (PeriodPreset.Q1, D(2025, 1, 1), D(2025, 3, 31), "Quý I/2025"),
        (PeriodPreset.Q2, D(2025, 4, 1), D(2025, 6, 30), "Quý II/2025"),
        (PeriodPreset.Q3, D(2025, 7, 1), D(2025, 9, 30), "Quý III/2025"),
        (PeriodPreset.Q4, D(2025, 10, 1), D(2025, 12, 31), "Quý IV/2025"),
    ],
)
def test_period_for_year_presets(preset, start, end, label):
    assert queries.period_for(preset, year=2025) == queries.Period(start, end, label)


def test_period_for_stage_and_custom_dates(db):
    stage = Stage.objects.get(code="2021-2025")

    assert queries.period_for(PeriodPreset.STAGE, stage=stage) == queries.Period(
        D(2021, 1, 1), D(2025, 12, 31), "Giai đoạn 2021-2025"
    )
    assert queries.period_for(PeriodPreset.CUSTOM, date_from=D(2025, 2, 3), date_to=D(2025, 4, 5)) == queries.Period(
        D(2025, 2, 3), D(2025, 4, 5), "Từ 03/02/2025 đến 05/04/2025"
    )


def test_period_refuses_an_end_before_its_start():
    with pytest.raises(ValueError):
        queries.Period(D(2025, 2, 1), D(2025, 1, 1), "")


#
# The page
#


def test_statistics_page_shows_the_figures_of_the_chosen_area_and_period(world, data, login):
    client = login(world.province_editor)

    response = client.get(
        reverse("initiatives:statistics"), {"area": world.province.pk, "preset": "year", "year": "2025"}
    )

    report = response.context["report"]
    assert response.status_code == 200
    assert (report["area"], report["period"].label, report["totals"]) == (world.province, "Năm 2025", PROVINCE_2025)
    assert response.context["chart"]["labels"] == ["Xã Long Điền", "Xã Thạnh An"]
    assert response.context["chart"]["datasets"][0]["data"] == [5, 2]
    assert response.context["chart"]["datasets"][1]["data"] == [2, 1]
    html = response.content.decode()
    assert 'data-figure="registered">8<' in html
    assert f"area={world.commune_a.pk}" in html  # drill-down link to the child unit


def test_statistics_page_defaults_to_the_user_unit_and_this_year(world, data, login):
    response = login(world.editor_a).get(reverse("initiatives:statistics"))

    report = response.context["report"]
    today = datetime.date.today()
    assert (report["area"], report["period"].date_from, report["period"].date_to) == (
        world.commune_a,
        D(today.year, 1, 1),
        D(today.year, 12, 31),
    )


def test_statistics_page_custom_dates_in_day_month_year(world, data, login):
    response = login(world.admin).get(
        reverse("initiatives:statistics"),
        {"area": world.commune_b.pk, "preset": "custom", "date_from": "01/07/2025", "date_to": "31/12/2025"},
    )

    assert response.context["report"]["totals"] == COMMUNE_B_2025
    assert response.context["chart"]["labels"] == ["Kinh tế", "Quốc phòng – an ninh"]


def test_statistics_page_rejects_an_inverted_period(world, login):
    response = login(world.admin).get(
        reverse("initiatives:statistics"), {"preset": "custom", "date_from": "31/12/2025", "date_to": "01/01/2025"}
    )

    assert (response.status_code, response.context["report"]) == (200, None)
    assert response.context["form"].errors == {"date_to": ["Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."]}


def test_statistics_page_gives_one_error_per_date(world, login):
    response = login(world.admin).get(
        reverse("initiatives:statistics"), {"preset": "custom", "date_from": "abc", "date_to": ""}
    )

    assert response.context["form"].errors == {
        "date_from": ["Nhập một ngày hợp lệ."],
        "date_to": ["Nhập ngày kết thúc (dd/mm/yyyy)."],
    }


def test_statistics_page_area_outside_scope_is_refused(world, data, login):
    response = login(world.editor_a).get(reverse("initiatives:statistics"), {"area": world.commune_b.pk})

    assert response.context["report"] is None
    assert list(response.context["form"].errors) == ["area"]


def test_statistics_page_empty_state(world, login):
    response = login(world.editor_a).get(reverse("initiatives:statistics"), {"year": "2025"})

    assert response.context["is_empty"] is True
    assert "data-empty-state" in response.content.decode()
    assert response.context["chart"] is None


def test_statistics_page_needs_login(client):
    response = client.get(reverse("initiatives:statistics"))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


def test_statistics_export_has_a_sheet_per_table(world, data, login):
    response = login(world.admin).get(
        reverse("initiatives:statistics"), {"area": world.province.pk, "year": "2025", "export": "xlsx"}
    )

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị trực thuộc",
        "Theo lĩnh vực",
        "Theo loại tổ chức",
        "Theo loại hình",
        "Tập thể, cá nhân",
        "Kết quả định lượng",
    ]
    summary = [tuple(row) for row in workbook["Tổng hợp"].iter_rows(values_only=True)]
    assert summary[:2] == [("Đơn vị, địa bàn", "Tỉnh Thử Nghiệm"), ("Kỳ thống kê", "Năm 2025")]
    assert summary[5:] == [
        ("Tổng số đến cuối kỳ", 9),
        ("Đăng ký trong kỳ", 8),
        ("Hiệu quả", 5),
        ("Được công nhận", 3),
        ("Tiêu biểu", 2),
        ("Nhân rộng", 3),
        ("Mô hình gốc được nhân rộng", 2),
        ("Dừng thực hiện", 1),
    ]
    children = [tuple(row) for row in workbook["Theo đơn vị trực thuộc"].iter_rows(values_only=True)]
    assert children == [
        (
            "Đơn vị",
            "Tổng số đến cuối kỳ",
            "Đăng ký trong kỳ",
            "Hiệu quả",
            "Được công nhận",
            "Tiêu biểu",
            "Nhân rộng",
            "Dừng thực hiện",
        ),
        ("Cơ quan, tổ chức của Tỉnh Thử Nghiệm", 1, 1, 1, 0, 0, 0, 0),
        ("Xã Long Điền", 6, 5, 3, 2, 1, 2, 1),
        ("Xã Thạnh An", 2, 2, 1, 1, 1, 1, 0),
        ("Tổng cộng", 9, 8, 5, 3, 2, 3, 1),
    ]
    results = [tuple(row) for row in workbook["Kết quả định lượng"].iter_rows(values_only=True)]
    assert results[1:] == [
        ("Đường giao thông làm mới, nâng cấp", 10700, "m", 1),
        ("Đèn chiếu sáng lắp đặt", 300, "bóng", 2),
        ("Kinh phí vận động được", 70000000, "đồng", 1),
    ]


#
# Home card
#


def test_home_card_counts_this_year_in_the_user_scope(world, login):
    year = datetime.date.today().year
    InitiativeFactory(organization=world.front_a, registered_on=D(year, 1, 1), is_effective=True)
    InitiativeFactory(organization=world.front_a, registered_on=D(year - 1, 6, 1), is_effective=True)
    InitiativeFactory(organization=world.front_b, registered_on=D(year, 1, 1))

    response = login(world.editor_a).get(reverse("home"))

    card = response.context["initiative_card"]
    assert (card["period"].label, card["figures"]) == (
        f"Năm {year}",
        _figures(total=2, registered=1, effective=2),
    )
    html = response.content.decode()
    assert 'data-figure="registered">1<' in html
    assert reverse("initiatives:statistics") in html


def test_home_card_says_its_effective_figure_counts_every_year(world, login):
    # "Hiệu quả" is the statistics page's figure: today's verdict of every record registered up to
    # the period's end, last year's too; the card says so next to the year's registrations.
    year = datetime.date.today().year
    InitiativeFactory(organization=world.front_a, registered_on=D(year, 1, 1), is_effective=True)
    InitiativeFactory(organization=world.front_a, registered_on=D(year - 1, 6, 1), is_effective=True)

    html = login(world.editor_a).get(reverse("home")).content.decode()

    assert re.findall(r'data-figure="(registered|effective|total)">([^<]*)<', html) == [
        ("registered", "1"),
        ("effective", "2"),
        ("total", "trên 2 mô hình đăng ký đến nay"),
    ]
    assert "“Hiệu quả” là tình trạng hiện nay của mọi mô hình đăng ký đến nay (kể cả các năm trước)" in html


def test_home_card_function_takes_the_day(world, data):
    card = queries.home_card(world.editor_b, today=D(2025, 8, 15))

    assert (card["period"].label, card["figures"]) == ("Năm 2025", COMMUNE_B_2025)


def test_home_card_is_not_shown_without_a_role(db, login):
    response = login(UserFactory(username="chua_phan_quyen")).get(reverse("home"))

    assert 'data-testid="initiative-home-card"' not in response.content.decode()


def test_area_page_links_to_its_models_statistics_and_gallery_settings(world, client):
    from django.urls import reverse

    from tests.factories.accounts import user_with_role

    manager = user_with_role("quantri_xa", "unit_admin", world.commune_a)
    area_url = reverse("orgunits:area_detail", kwargs={"pk": world.commune_a.pk})
    client.force_login(world.editor_a)
    as_editor = client.get(area_url).content.decode()
    client.force_login(manager)
    as_manager = client.get(area_url).content.decode()
    pk = world.commune_a.pk

    assert (f"/initiatives/?within={pk}" in as_editor, f"/initiatives/statistics/?area={pk}" in as_editor) == (
        True,
        True,
    )
    settings_url = reverse("initiatives:gallery_settings", kwargs={"area_pk": pk})
    assert (settings_url in as_editor, settings_url in as_manager) == (False, True)
    assert client.get(f"/initiatives/statistics/?area={pk}").status_code == 200


#
# API
#

API = "/api/initiative-statistics/"


def _api_rows(rows):
    return [(row["label"], {name: row[name] for name in queries.BREAKDOWN_FIGURES}) for row in rows]


def test_statistics_api_gives_the_page_figures_for_the_chosen_area_and_period(world, data, login):
    client = login(world.province_editor)

    response = client.get(API, {"area": world.province.pk, "preset": "year", "year": "2025"})
    page = client.get(reverse("initiatives:statistics"), {"area": world.province.pk, "preset": "year", "year": "2025"})

    body, report = response.json(), page.context["report"]
    assert response.status_code == 200
    figures = {name: value for name, value in body["totals"].items() if name != "lists"}  # test_figure_links.py
    assert (body["area"]["id"], body["period"], figures) == (
        world.province.pk,
        {"date_from": "2025-01-01", "date_to": "2025-12-31", "label": "Năm 2025"},
        PROVINCE_2025,
    )
    for name in ("by_child_unit", "by_field", "by_organization_kind", "by_kind", "by_subject"):
        assert _api_rows(body[name]) == _api_rows(report[name]), name
    # The province's own organizations first (no child unit), then each commune.
    assert [row["area"] for row in body["by_child_unit"]] == [None, world.commune_a.pk, world.commune_b.pk]
    assert [(row["name"], row["total"], row["records"]) for row in body["result_sums"]] == [
        (row["name"], f"{row['total']:.2f}", row["records"]) for row in report["result_sums"]
    ]


def test_statistics_api_defaults_to_the_user_unit_and_this_year(world, data, login):
    body = login(world.editor_a).get(API).json()

    year = datetime.date.today().year
    assert (body["area"]["id"], body["period"]["date_from"], body["period"]["date_to"]) == (
        world.commune_a.pk,
        f"{year}-01-01",
        f"{year}-12-31",
    )


def test_statistics_api_counts_only_the_user_scope(world, data, login):
    body = login(world.editor_a).get(API, {"year": "2025"}).json()

    assert {name: value for name, value in body["totals"].items() if name != "lists"} == COMMUNE_A_2025
    assert body["totals"]["lists"]["total"] == (
        f"http://testserver/api/initiatives/?within={world.commune_a.pk}&registered_to=2025-12-31"
    )


def test_statistics_api_area_outside_scope_or_unknown_is_404(world, data, login):
    client = login(world.editor_a)

    outside = client.get(API, {"area": world.commune_b.pk, "year": "2025"})
    unknown = client.get(API, {"area": 999_999, "year": "2025"})

    assert (outside.status_code, unknown.status_code) == (404, 404)
    assert outside.json() == unknown.json()


def test_statistics_api_period_rules_are_the_page_ones(world, login):
    client = login(world.admin)

    inverted = client.get(API, {"preset": "custom", "date_from": "2025-12-31", "date_to": "2025-01-01"})
    no_stage = client.get(API, {"preset": "stage"})

    assert (inverted.status_code, inverted.json()) == (
        400,
        {"date_to": ["Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."]},
    )
    assert (no_stage.status_code, no_stage.json()) == (400, {"stage": ["Chọn giai đoạn thi đua."]})


def test_statistics_api_needs_authentication(client):
    response = client.get(API)

    assert (response.status_code, "area" in response.json()) == (401, False)
