"""The list's hidden filters that express the statistics' figures (initiatives/filtersets.py):
registered_from/registered_to, recognized_from/recognized_to/recognized_outstanding, direct_of.
They serve the list page, its Excel export and the API alike; the page names them above the list.

The dataset is the statistics tests' (fixture `data`, initiatives/tests/statistics_data.py).
"""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.templatetags.lists import active_filter_count, hidden_filter_chips

pytestmark = pytest.mark.django_db


def chips(response):
    """The hidden filters' chips of a list page (core.templatetags.lists)."""
    return hidden_filter_chips(response.context["filter"], response.wsgi_request)


LIST = reverse("initiatives:initiative_list")
API = "/api/initiatives/"


def _listed(client, params) -> list[int]:
    """Return the ids the list page shows for `params`, after checking the API lists the same."""
    response = client.get(LIST, params)
    page = sorted(row.record.pk for row in response.context["table"].rows)
    body = client.get(API, {**params, "page_size": 100}).json()
    assert (body["count"], sorted(row["id"] for row in body["results"])) == (len(page), page)
    return page


def _ids(data, *numbers) -> list[int]:
    return sorted(data[number].pk for number in numbers)


def test_registered_range_includes_both_days_in_either_date_format(world, data, login):
    client = login(world.admin)

    iso = _listed(client, {"registered_from": "2025-12-31", "registered_to": "2026-01-01"})
    vietnamese = _listed(client, {"registered_from": "31/12/2025", "registered_to": "01/01/2026"})

    assert iso == vietnamese == _ids(data, 3, 4)


def test_recognized_range_needs_one_recognition_inside_it(world, data, login):
    # r2 was recognized on 31/12/2024 and on 01/02/2025: nothing in January 2025.
    client = login(world.admin)

    assert _listed(client, {"recognized_from": "2025-01-01", "recognized_to": "2025-01-31"}) == []
    assert _listed(client, {"recognized_from": "2025-01-01", "recognized_to": "2025-02-01"}) == _ids(data, 2)


def test_recognized_outstanding_needs_the_outstanding_recognition_inside_the_range(world, data, login):
    # r1: outstanding on 10/06/2025, recognized again (not as outstanding) on 01/12/2025.
    client = login(world.admin)
    december = {"recognized_from": "2025-12-01", "recognized_to": "2025-12-31"}

    assert _listed(client, december) == _ids(data, 1, 8)
    assert _listed(client, {**december, "recognized_outstanding": "yes"}) == _ids(data, 8)
    assert _listed(client, {"recognized_outstanding": "yes"}) == _ids(data, 1, 8)


def test_a_record_recognized_twice_in_the_range_is_listed_once(world, data, login):
    client = login(world.admin)

    listed = _listed(
        client, {"within": world.province.pk, "recognized_from": "2025-01-01", "recognized_to": "2025-12-31"}
    )

    assert listed == _ids(data, 1, 2, 8)


def test_direct_of_lists_the_records_of_the_area_own_organizations(world, data, login):
    client = login(world.admin)

    assert _listed(client, {"direct_of": world.province.pk}) == _ids(data, 10)
    # The farmers' association sits at the commune: its replica running in a hamlet is the commune's own.
    assert _listed(client, {"direct_of": world.commune_a.pk}) == _ids(data, 1, 2, 3, 4, 5, 6, 7)
    assert _listed(client, {"direct_of": world.hamlet_a.pk}) == []


def test_filters_keep_the_user_scope(world, data, login):
    client = login(world.editor_b)

    listed = _listed(client, {"recognized_from": "2025-01-01", "recognized_to": "2025-12-31"})

    assert listed == _ids(data, 8)


def test_a_period_ending_before_it_starts_is_refused(world, data, login):
    client = login(world.admin)
    params = {
        "registered_from": "01/07/2025",
        "registered_to": "30/06/2025",
        "recognized_from": "2025-01-01",
        "recognized_to": "2025-12-31",
    }

    page = client.get(LIST, params)
    api = client.get(API, params)

    assert page.context["filter"].errors == {"registered_to": ["Phải từ ngày 01/07/2025 trở đi."]}
    assert "Đăng ký đến ngày: Phải từ ngày 01/07/2025 trở đi." in page.content.decode()
    assert (api.status_code, api.json()) == (400, {"registered_to": ["Phải từ ngày 01/07/2025 trở đi."]})
    same_day = client.get(LIST, {"recognized_from": "2025-06-30", "recognized_to": "30/06/2025"})
    assert same_day.context["filter"].errors == {}


def test_bad_dates_are_refused_with_a_vietnamese_message(world, data, login):
    client = login(world.admin)
    params = {"registered_from": "31/02/2025", "recognized_to": "2025-13-01"}

    page = client.get(LIST, params)
    api = client.get(API, params)

    assert page.context["filter"].errors == {
        "registered_from": ["Nhập một ngày hợp lệ."],
        "recognized_to": ["Nhập một ngày hợp lệ."],
    }
    assert page.context["result_count"] == 0
    html = page.content.decode()
    assert "Đăng ký từ ngày: Nhập một ngày hợp lệ." in html
    assert "Được công nhận đến ngày: Nhập một ngày hợp lệ." in html
    assert (api.status_code, api.json()) == (
        400,
        {"registered_from": ["Nhập một ngày hợp lệ."], "recognized_to": ["Nhập một ngày hợp lệ."]},
    )


def test_direct_of_a_unit_outside_the_scope_is_refused_like_an_unknown_one(world, data, login):
    client = login(world.editor_a)

    outside = client.get(API, {"direct_of": world.commune_b.pk})
    unknown = client.get(API, {"direct_of": 999_999})

    assert (outside.status_code, unknown.status_code) == (400, 400)
    assert outside.json() == unknown.json()
    assert client.get(LIST, {"direct_of": world.commune_b.pk}).context["result_count"] == 0


def test_export_follows_the_hidden_filters(world, data, login):
    response = login(world.admin).get(
        LIST, {"recognized_from": "2025-01-01", "recognized_to": "2025-12-31", "sort": "name", "export": "xlsx"}
    )

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == sorted(data[n].name for n in (1, 2, 8, 11))


def test_recognized_filter_keeps_the_count_and_the_pages_read_by_key(world, data, login):
    # EXISTS, not a join: the COUNT counts records, and the page is still read as keys first
    # (core.pagination.DeferredJoinPaginator refuses a many-valued join).
    client = login(world.admin)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, {"recognized_from": "2025-01-01", "recognized_to": "2025-12-31"})

    statements = [query["sql"] for query in captured.captured_queries if "initiatives_recognition" in query["sql"]]
    count, keys = statements
    assert response.context["result_count"] == 4
    assert ("COUNT(" in count, "EXISTS" in count, "JOIN" in count) == (True, True, False)
    outer, subquery = keys.split(" IN (SELECT ", 1)
    assert ("initiatives_recognition" in outer, "EXISTS" in subquery) == (False, True)


#
# What the page says
#


def test_list_names_the_hidden_filters_and_clears_each(world, data, login):
    client = login(world.admin)
    params = {
        "within": world.province.pk,
        "registered_to": "2025-12-31",
        "recognized_from": "01/01/2025",
        "recognized_to": "2025-12-31",
        "recognized_outstanding": "yes",
        "direct_of": world.province.pk,
    }

    response = client.get(LIST, params)

    pk = world.province.pk
    assert [(chip.label, chip.text, chip.remove_url) for chip in chips(response)] == [
        (
            "",
            "Đăng ký đến 31/12/2025",
            f"{LIST}?within={pk}&recognized_from=01%2F01%2F2025&recognized_to=2025-12-31"
            f"&recognized_outstanding=yes&direct_of={pk}",
        ),
        (
            "",
            "Được công nhận tiêu biểu từ 01/01/2025 đến 31/12/2025",
            f"{LIST}?within={pk}&registered_to=2025-12-31&direct_of={pk}",
        ),
        (
            "",
            "Chỉ của cơ quan, tổ chức đặt tại chính Tỉnh Thử Nghiệm (không gồm đơn vị trực thuộc)",
            f"{LIST}?within={pk}&registered_to=2025-12-31&recognized_from=01%2F01%2F2025"
            "&recognized_to=2025-12-31&recognized_outstanding=yes",
        ),
    ]
    html = response.content.decode()
    assert "data-filter-chips" in html
    assert "Được công nhận tiêu biểu từ 01/01/2025 đến 31/12/2025" in html
    # Hidden inputs carry them through the form's htmx requests; "Thêm bộ lọc" stays folded.
    assert 'type="hidden" name="recognized_outstanding" value="yes"' in html
    assert response.context["more_filters_open"] is False


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"registered_from": "2025-01-01", "registered_to": "2025-06-30"}, "Đăng ký từ 01/01/2025 đến 30/06/2025"),
        ({"registered_from": "2025-01-01"}, "Đăng ký từ 01/01/2025"),
        (
            {"recognized_from": "2025-01-01", "recognized_to": "2025-06-30"},
            "Được công nhận từ 01/01/2025 đến 30/06/2025",
        ),
        ({"recognized_to": "2025-06-30"}, "Được công nhận đến 30/06/2025"),
        ({"recognized_outstanding": "yes"}, "Được công nhận tiêu biểu"),
    ],
)
def test_list_notes_say_each_range(world, login, params, text):
    response = login(world.admin).get(LIST, params)

    assert [chip.text for chip in chips(response)] == [text]


def test_list_without_hidden_filters_has_no_notes(world, data, login):
    response = login(world.admin).get(LIST, {"year": "2025"})

    assert chips(response) == []
    assert "data-filter-chips" not in response.content.decode()


def test_htmx_results_carry_the_chips(world, data, login):
    # A visible filter changed through htmx: the chips' × links must keep it.
    response = login(world.admin).get(
        LIST, {"registered_to": "2025-12-31", "status": "stopped"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "data-filter-chips" in html
    assert f'href="{LIST}?status=stopped"' in html
    assert response.context["result_count"] == 1


def test_the_filter_button_counts_a_worded_period_once(world, data, login):
    params = {
        "within": world.province.pk,
        "recognized_from": "2025-01-01",
        "recognized_to": "2025-12-31",
        "recognized_outstanding": "yes",
    }

    response = login(world.admin).get(LIST, params)

    assert active_filter_count(response.context["filter"]) == 2  # the unit, and one chip for the period


def test_a_refused_period_gets_a_chip_per_date_as_dates_are_written(world, data, login):
    response = login(world.admin).get(LIST, {"registered_from": "2025-12-31", "registered_to": "2025-01-01"})

    assert [(chip.label, chip.text) for chip in chips(response)] == [
        ("Đăng ký từ ngày", "31/12/2025"),
        ("Đăng ký đến ngày", "2025-01-01"),
    ]
    assert active_filter_count(response.context["filter"]) == 2


def test_a_valid_period_is_worded_beside_a_refused_unit(world, data, login):
    # A statistics link of commune A opened by commune B's editor: the unit is refused, the period
    # still reads as one chip.
    params = {"within": world.commune_a.pk, "registered_from": "2025-01-01", "registered_to": "2025-12-31"}

    response = login(world.editor_b).get(LIST, params)

    assert "within" in response.context["filter"].errors
    assert [chip.text for chip in chips(response)] == ["Đăng ký từ 01/01/2025 đến 31/12/2025"]
