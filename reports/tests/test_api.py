"""The reporting API: catalog, periods, reports (figures, version conflicts, workflow), roll-ups
equal to the service's, completeness; scoping and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reports import rollups, services
from reports.models import Period, Report, ReportForm
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import ClusterFactory
from tests.factories.reports import ReportFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _url(name, **kwargs):
    return reverse(f"{name}", kwargs=kwargs or None)


def _report_url(report, suffix=""):
    return reverse("report-detail", kwargs={"pk": report.pk}) + (f"{suffix}/" if suffix else "")


def _open(setup, world, org=None, user=None):
    return services.open_report(setup.form, setup.period, org or world.front_a, user=user or world.editor_a)


def _approved(setup, world, org, user, period=None, **numbers):
    report = services.open_report(setup.form, period or setup.period, org, user=user)
    values = {getattr(setup, name).pk: value for name, value in numbers.items()}
    services.save_report(report, user=user, version=report.version, values=values)
    services.submit(report, user=user)
    return services.approve(report, user=user_with_role(f"duyet_{report.pk}", "approver", world.province))


@pytest.fixture
def approver(world):
    return user_with_role("duyet_tinh", "approver", world.province)


#
# Catalog and periods
#


def test_report_form_api_gives_sections_items_and_rules(world, client):
    form = ReportForm.objects.get(code="bao_cao_dan_van_quy")
    client.force_login(world.viewer_a)

    data = client.get(_url("reportform-detail", pk=form.pk)).json()

    assert (data["code"], data["period_type"], data["organization_kinds"]) == (
        "bao_cao_dan_van_quy",
        "quarter",
        ["ban_tgdv", "khoi_dan_van"],
    )
    assert [section["kind"] for section in data["sections"]] == ["figures"] * 5 + ["prose"] * 5
    rate = data["sections"][2]["items"][2]["indicator"]
    assert (rate["code"], rate["is_formula"], rate["numerator"], rate["denominator"]) == (
        "ty_le_giai_quyet",
        True,
        "kien_nghi_giai_quyet",
        "kien_nghi_tiep_nhan",
    )
    assert [(r["left"], r["comparison"], r["right"]) for r in data["rules"]] == [
        ("y_kien_da_tra_loi", "le", "y_kien_doi_thoai"),
        ("kien_nghi_giai_quyet", "le", "kien_nghi_tiep_nhan"),
        ("doan_vien_hoi_vien", "le", "doi_tuong_tap_hop"),
    ]


def test_indicator_api_filters_by_code(setup, world, client):
    client.force_login(world.viewer_a)

    data = client.get(_url("indicator-list"), {"code": "thu_ty_le"}).json()

    assert [(row["code"], row["value_type"], row["numerator"]) for row in data["results"]] == [
        ("thu_ty_le", "percent", "thu_giai_quyet")
    ]


def test_period_api_lists_a_year_and_reads_one(world, client):
    client.force_login(world.viewer_a)

    quarters = client.get(_url("period-list"), {"type": "quarter", "year": 2025}).json()
    one = client.get(_url("period-detail", code="2025S1")).json()
    wrong = client.get(_url("period-detail", code="2025Q7"))
    bad_type = client.get(_url("period-list"), {"type": "week"})

    assert [(p["code"], p["name"], p["start"], p["end"]) for p in quarters] == [
        ("2025Q1", "Quý I/2025", "2025-01-01", "2025-03-31"),
        ("2025Q2", "Quý II/2025", "2025-04-01", "2025-06-30"),
        ("2025Q3", "Quý III/2025", "2025-07-01", "2025-09-30"),
        ("2025Q4", "Quý IV/2025", "2025-10-01", "2025-12-31"),
    ]
    assert one == {
        "code": "2025S1",
        "type": "six_months",
        "name": "6 tháng đầu năm 2025",
        "start": "2025-01-01",
        "end": "2025-06-30",
    }
    assert (wrong.status_code, bad_type.status_code, list(bad_type.json())) == (404, 400, ["type"])
    assert Period.objects.count() == 0


#
# Reports
#


def test_report_api_opens_a_report_with_known_figures(setup, world, client):
    client.force_login(world.editor_a)

    response = client.post(
        _url("report-list"),
        {"form": "bao_cao_quy", "period": "2025Q2", "organization": world.front_a.pk},
        content_type=JSON,
    )

    data = response.json()
    assert (response.status_code, data["status"], data["version"], data["deadline"]) == (
        201,
        "draft",
        1,
        "2025-07-05",
    )
    assert {v["code"]: (v["number"], v["source"]) for v in data["values"]} == {
        "thu_tiep_nhan": (None, ""),
        "thu_giai_quyet": (None, ""),
        "thu_ty_le": (None, "formula"),
        "thu_mo_hinh": ("0.0000", "provider"),
        "thu_hoi_vien": (None, ""),
    }
    assert data["allowed_actions"] == ["edit", "submit"]


def test_report_api_open_refuses_hidden_and_forbidden_units(setup, world, client):
    client.force_login(world.editor_a)
    hidden = client.post(
        _url("report-list"),
        {"form": setup.form.pk, "period": "2025Q2", "organization": world.front_b.pk},
        content_type=JSON,
    )
    client.force_login(world.viewer_a)
    forbidden = client.post(
        _url("report-list"),
        {"form": setup.form.pk, "period": "2025Q2", "organization": world.front_a.pk},
        content_type=JSON,
    )
    client.force_login(world.editor_a)
    month = client.post(
        _url("report-list"),
        {"form": setup.form.pk, "period": "202505", "organization": world.front_a.pk},
        content_type=JSON,
    )

    assert (hidden.status_code, list(hidden.json())) == (400, ["organization"])
    assert forbidden.json() == {"detail": "Bạn không có quyền lập báo cáo cho đơn vị này."}
    assert (month.status_code, month.json()) == (
        400,
        {"period": ["Biểu mẫu này báo cáo theo kỳ quý: chọn một kỳ quý."]},
    )
    assert Report.objects.count() == 0


def test_report_api_saves_figures_by_code_or_id_and_prose(setup, world, client):
    report = _open(setup, world)
    client.force_login(world.editor_a)

    response = client.patch(
        _report_url(report, "values"),
        {
            "version": 1,
            "values": {"thu_tiep_nhan": "1.200", str(setup.resolved.pk): 1300},
            "texts": {str(setup.results.pk): "Tổ chức 3 cuộc đối thoại."},
            "number": "07-BC/DV",
        },
        content_type=JSON,
    )

    data = response.json()
    assert (response.status_code, data["version"]) == (200, 2)
    assert data["warnings"] == ["“Kiến nghị đã giải quyết” (1.300) phải ≤ “Kiến nghị tiếp nhận” (1.200)."]
    assert {v["code"]: v["number"] for v in data["report"]["values"]}["thu_ty_le"] == "108.3300"
    assert data["report"]["texts"] == [
        {"section": setup.results.pk, "title": "Kết quả", "text": "Tổ chức 3 cuộc đối thoại."}
    ]
    assert data["report"]["number"] == "07-BC/DV"


def test_report_api_refuses_a_document_number_over_the_limit(setup, world, client):
    report = _open(setup, world)
    client.force_login(world.editor_a)

    response = client.patch(
        _report_url(report, "values"), {"version": 1, "values": {}, "number": "X" * 51}, content_type=JSON
    )

    report.refresh_from_db()
    assert (response.status_code, response.json()) == (
        400,
        {"number": ["Số văn bản dài tối đa 50 ký tự (đang có 51 ký tự)."]},
    )
    assert (report.number, report.version) == ("", 1)


def test_report_api_reads_and_writes_the_signer(setup, world, client):
    report = _open(setup, world)
    client.force_login(world.editor_a)

    saved = client.patch(
        _report_url(report, "values"),
        {"version": 1, "signer_title": " KT. TRƯỞNG KHỐI \n PHÓ TRƯỞNG KHỐI", "signer_name": "Nguyễn Văn Ký "},
        content_type=JSON,
    )
    listed = client.get(_url("report-list")).json()["results"]

    signer = ("KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI", "Nguyễn Văn Ký")
    report_data = saved.json()["report"]
    assert (saved.status_code, (report_data["signer_title"], report_data["signer_name"])) == (200, signer)
    assert [(row["id"], row["signer_title"], row["signer_name"]) for row in listed] == [(report.pk, *signer)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "signer_title",
            "KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI\nỦY VIÊN",
            "Chức vụ người ký có tối đa 2 dòng (đang có 3 dòng): một dòng như TRƯỞNG KHỐI, hoặc hai dòng khi ký thay, "
            "như KT. TRƯỞNG KHỐI và PHÓ TRƯỞNG KHỐI.",
        ),
        ("signer_title", "T" * 151, "Chức vụ người ký dài tối đa 150 ký tự (đang có 151 ký tự)."),
        ("signer_name", "N" * 101, "Họ và tên người ký dài tối đa 100 ký tự (đang có 101 ký tự)."),
    ],
)
def test_report_api_refuses_an_invalid_signer_and_writes_nothing(setup, world, client, field, value, message):
    report = _open(setup, world)
    client.force_login(world.editor_a)

    response = client.patch(
        _report_url(report, "values"),
        {"version": 1, "values": {"thu_tiep_nhan": "5"}, "signer_name": "Lê Ký", field: value},
        content_type=JSON,
    )

    report.refresh_from_db()
    assert (response.status_code, response.json()) == (400, {field: [message]})
    assert (report.signer_title, report.signer_name, report.version) == ("", "", 1)
    assert not report.values.filter(indicator=setup.received).exists()


def test_report_api_reads_json_numbers_as_numbers(setup, world, client):
    # 1.234 as a JSON number is one point two three four, not the Vietnamese "1.234" (one thousand...).
    report = _open(setup, world)
    client.force_login(world.editor_a)

    refused = client.patch(
        _report_url(report, "values"), {"version": 1, "values": {"thu_tiep_nhan": 1.234}}, content_type=JSON
    )
    saved = client.patch(
        _report_url(report, "values"),
        {"version": 1, "values": {"thu_tiep_nhan": 1200.0, "thu_giai_quyet": 900}},
        content_type=JSON,
    )

    assert (refused.status_code, refused.json()["values"]) == (400, {"thu_tiep_nhan": ["Chỉ số này là số nguyên."]})
    numbers = {v["code"]: v["number"] for v in saved.json()["report"]["values"]}
    assert (saved.status_code, numbers["thu_tiep_nhan"], numbers["thu_giai_quyet"]) == (200, "1200.0000", "900.0000")


def test_report_api_refuses_a_number_too_large_to_store(setup, world, client):
    report = _open(setup, world)
    client.force_login(world.editor_a)

    response = client.patch(
        _report_url(report, "values"),
        {"version": 1, "values": {"thu_tiep_nhan": "9999999999999999"}},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert response.json()["values"] == {"thu_tiep_nhan": ["Số quá lớn: phần nguyên có tối đa 15 chữ số."]}


def test_report_api_refuses_invalid_figures_and_writes_nothing(setup, world, client):
    report = _open(setup, world)
    client.force_login(world.editor_a)

    response = client.patch(
        _report_url(report, "values"),
        {"version": 1, "values": {"thu_tiep_nhan": "12", "thu_giai_quyet": "abc", "thu_ty_le": "5", "khac": "1"}},
        content_type=JSON,
    )

    report.refresh_from_db()
    assert response.status_code == 400
    assert response.json() == {
        "values": {
            "thu_giai_quyet": ["“abc” không phải là số (viết như 1.234 hoặc 12,5)."],
            "thu_ty_le": ["Chỉ số tính toán không nhập được: hệ thống tự tính."],
            "khac": ["Biểu mẫu không có chỉ số “khac”."],
        }
    }
    assert (report.version, report.values.filter(indicator=setup.received).exists()) == (1, False)


def test_report_api_refuses_a_period_that_has_not_begun_and_stores_nothing(setup, world, client):
    client.force_login(world.editor_a)

    response = client.post(
        _url("report-list"),
        {"form": "bao_cao_quy", "period": "2100Q4", "organization": world.front_a.pk},
        content_type=JSON,
    )

    assert (response.status_code, response.json()) == (
        400,
        {"period": ["Kỳ báo cáo Quý IV/2100 chưa bắt đầu (từ ngày 01/10/2100)."]},
    )
    assert (Report.objects.count(), Period.objects.filter(code="2100Q4").exists()) == (0, False)


def test_report_api_stale_version_is_a_409_and_overwrites_nothing(setup, world, client):
    report = _open(setup, world)
    services.save_report(report, user=world.province_editor, version=1, values={setup.received.pk: "5"})
    client.force_login(world.editor_a)

    response = client.patch(
        _report_url(report, "values"), {"version": 1, "values": {"thu_tiep_nhan": "9"}}, content_type=JSON
    )

    assert response.status_code == 409
    assert "Thay đổi của bạn chưa được lưu" in response.json()["detail"]
    assert report.values.get(indicator=setup.received).number == Decimal(5)


def test_report_api_workflow_actions_call_the_services(setup, world, approver, client):
    report = _open(setup, world)
    services.save_report(report, user=world.editor_a, version=1, values={setup.received.pk: "4"})
    client.force_login(world.editor_a)

    stale = client.post(_report_url(report, "submit"), {"version": 1}, content_type=JSON)
    submitted = client.post(_report_url(report, "submit"), {"version": 2}, content_type=JSON)
    not_mine = client.post(_report_url(report, "approve"), {}, content_type=JSON)
    client.force_login(approver)
    no_reason = client.post(_report_url(report, "return"), {"comment": " "}, content_type=JSON)
    approved = client.post(_report_url(report, "approve"), {"comment": "Đồng ý"}, content_type=JSON)
    reopened = client.post(_report_url(report, "reopen"), {"comment": "Sửa số liệu quý"}, content_type=JSON)

    assert (stale.status_code, submitted.json()["status"]) == (409, "submitted")
    assert (not_mine.status_code, not_mine.json()) == (
        403,
        {"detail": "Chỉ cấp trên có quyền phê duyệt mới duyệt được báo cáo đã gửi."},
    )
    assert (no_reason.status_code, list(no_reason.json())) == (400, ["comment"])
    assert (approved.json()["status"], reopened.json()["status"]) == ("approved", "returned")
    assert [event["action"] for event in reopened.json()["events"]] == ["create", "submit", "approve", "reopen"]


def test_report_api_missing_required_figures_block_the_submission(setup, world, client):
    report = _open(setup, world)
    client.force_login(world.editor_a)

    response = client.post(_report_url(report, "submit"), {}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"non_field_errors": ["Chưa nhập “Kiến nghị tiếp nhận”."]})


def test_report_api_is_scoped(setup, world, client):
    own = _open(setup, world)
    other = _open(setup, world, world.front_b, world.editor_b)
    client.force_login(world.editor_a)

    listed = [row["id"] for row in client.get(_url("report-list")).json()["results"]]
    hidden = client.get(_report_url(other))
    write = client.patch(_report_url(other, "values"), {"version": 1, "values": {}}, content_type=JSON)
    action = client.post(_report_url(other, "submit"), {}, content_type=JSON)

    assert listed == [own.pk]
    assert (hidden.status_code, write.status_code, action.status_code) == (404, 404, 404)


def test_report_api_viewer_cannot_write(setup, world, client):
    report = _open(setup, world)
    client.force_login(world.viewer_a)

    response = client.patch(_report_url(report, "values"), {"version": 1, "values": {}}, content_type=JSON)

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Bạn không có quyền nhập số liệu cho báo cáo này."},
    )


def test_report_api_state_conflicts_are_409_with_the_state_not_a_permission(setup, world, approver, client):
    report = _open(setup, world)
    services.save_report(report, user=world.editor_a, version=1, values={setup.received.pk: "4"})
    services.submit(report, user=world.editor_a)
    client.force_login(world.editor_a)
    resubmit = client.post(_report_url(report, "submit"), {}, content_type=JSON)
    edit = client.patch(_report_url(report, "values"), {"version": 3, "values": {}}, content_type=JSON)
    client.force_login(approver)
    reopen = client.post(_report_url(report, "reopen"), {"comment": "Sửa"}, content_type=JSON)
    client.post(_report_url(report, "approve"), {}, content_type=JSON)
    again = client.post(_report_url(report, "approve"), {}, content_type=JSON)
    give_back = client.post(_report_url(report, "return"), {"comment": "Sửa"}, content_type=JSON)

    sent = f"{world.editor_a.display_name}, "
    approved = f"{approver.display_name}, "
    assert [(r.status_code, r.json()["detail"].split(" (")[0]) for r in (resubmit, edit, reopen, again, give_back)] == [
        (409, "Báo cáo đã được gửi"),
        (
            409,
            "Báo cáo đang ở trạng thái “Đã gửi”, chờ cấp trên duyệt: không sửa được; nếu cần sửa, cấp trên trả lại báo cáo.",
        ),
        (409, "Báo cáo đang chờ duyệt, chưa được duyệt: không cần mở lại; cấp trên dùng “Trả lại” nếu cần sửa."),
        (409, "Báo cáo đã được duyệt"),
        (409, "Báo cáo đã được duyệt: không trả lại được; nếu cần sửa, cấp trên dùng “Mở lại”."),
    ]
    assert sent in resubmit.json()["detail"] and approved in again.json()["detail"]
    assert again.json()["detail"].endswith("): không cần duyệt lại.")


@pytest.mark.parametrize("rows", [1, 3])
def test_report_list_query_count_does_not_depend_on_rows(setup, world, client, django_assert_num_queries, rows):
    for year in range(rows):
        ReportFactory(organization=world.front_a, period=Period.objects.for_code(f"{2020 + year}Q1"))
    client.force_login(world.editor_a)
    client.get(_url("report-list"))

    # session, user, view prefixes with predecessors (one statement), count, page
    with django_assert_num_queries(5):
        response = client.get(_url("report-list"))

    assert len(response.json()["results"]) == rows


def test_report_api_filters_by_period_and_status(setup, world, client):
    _approved(setup, world, world.front_a, world.editor_a, received="1")
    ReportFactory(organization=world.front_a, period=Period.objects.for_code("2025Q1"))
    client.force_login(world.province_editor)

    rows = client.get(_url("report-list"), {"period": "2025Q2", "status": "approved"}).json()["results"]

    assert [(row["period"], row["status"], row["form_code"]) for row in rows] == [("2025Q2", "approved", "bao_cao_quy")]


#
# Roll-ups and completeness
#


def test_rollup_api_figures_equal_the_service(setup, world, client):
    _approved(setup, world, world.front_a, world.editor_a, received="10", resolved="9")
    _approved(setup, world, world.front_b, world.editor_b, received="30", resolved="11")
    client.force_login(world.province_editor)

    data = client.get(
        _url("rollup-list"),
        {"form": "bao_cao_quy", "period": "2025Q2", "area": world.province.pk, "indicators": "thu_tiep_nhan,thu_ty_le"},
    ).json()

    chosen = [setup.received, setup.rate]
    total = rollups.values(setup.form, setup.period, chosen, [world.province.path])
    children = rollups.by_child(setup.form, setup.period, chosen, world.province)
    assert data["values"] == {
        "thu_tiep_nhan": f"{total[setup.received.pk]:.4f}",
        "thu_ty_le": f"{total[setup.rate.pk]:.4f}",
    }
    assert {child["key"]: child["values"] for child in data["children"]} == {
        key: {"thu_tiep_nhan": f"{value[setup.received.pk]:.4f}", "thu_ty_le": f"{value[setup.rate.pk]:.4f}"}
        for key, value in children.items()
    }
    assert (data["values"]["thu_ty_le"], [child["name"] for child in data["children"]]) == (
        "50.0000",
        ["Xã Long Điền", "Xã Thạnh An"],
    )
    assert [indicator["code"] for indicator in data["indicators"]] == ["thu_tiep_nhan", "thu_ty_le"]


def test_rollup_api_year_cluster_and_submitted(setup, world, client):
    _approved(setup, world, world.front_a, world.editor_a, Period.objects.for_code("2025Q1"), received="10")
    _approved(setup, world, world.front_b, world.editor_b, received="30")
    waiting = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(waiting, user=world.editor_a, version=1, values={setup.received.pk: "5"})
    services.submit(waiting, user=world.editor_a)
    cluster = ClusterFactory(name="Cụm A", owner_area=world.province)
    cluster.areas.set([world.commune_a])
    client.force_login(world.province_editor)
    base = {"form": setup.form.pk, "indicators": "thu_tiep_nhan"}

    year = client.get(_url("rollup-list"), {**base, "period": "2025", "area": world.province.pk}).json()
    by_cluster = client.get(_url("rollup-list"), {**base, "period": "2025", "cluster": cluster.pk}).json()
    submitted = client.get(
        _url("rollup-list"), {**base, "period": "2025", "cluster": cluster.pk, "include_submitted": "true"}
    ).json()

    assert year["values"] == {"thu_tiep_nhan": "40.0000"}
    assert (by_cluster["unit"], by_cluster["values"]) == ("Cụm A", {"thu_tiep_nhan": "10.0000"})
    assert (submitted["values"], submitted["statuses"]) == ({"thu_tiep_nhan": "15.0000"}, ["approved", "submitted"])


def test_rollup_api_is_scoped(setup, world, client):
    _approved(setup, world, world.front_b, world.editor_b, received="30")
    client.force_login(world.editor_a)

    own = client.get(_url("rollup-list"), {"form": setup.form.pk, "period": "2025Q2"}).json()
    bad = client.get(_url("rollup-list"), {"form": setup.form.pk, "period": "2025Q2", "indicators": "khong_co"})

    assert (own["unit"], own["values"]["thu_tiep_nhan"]) == ("Xã Long Điền", None)
    assert (bad.status_code, list(bad.json())) == (400, ["indicators"])


@pytest.mark.parametrize("name", ["rollup-list", "completeness-list"])
def test_figures_of_an_area_outside_scope_are_404_as_an_unknown_area(setup, world, client, name):
    _approved(setup, world, world.front_b, world.editor_b, received="30")
    client.force_login(world.editor_a)
    query = {"form": setup.form.pk, "period": "2025Q2"}

    hidden = client.get(_url(name), {**query, "area": world.commune_b.pk})
    unknown = client.get(_url(name), {**query, "area": 999_999})

    # The area is the unit whose figures are asked for: out of scope is not found (STYLE.md §3).
    assert (hidden.status_code, unknown.status_code) == (404, 404)
    assert hidden.json() == unknown.json()


def test_rollup_of_a_cluster_outside_scope_is_404_as_an_unknown_cluster(setup, world, client):
    cluster = ClusterFactory(name="Cụm B", owner_area=world.commune_b)
    cluster.areas.set([world.commune_b])
    client.force_login(world.editor_a)
    query = {"form": setup.form.pk, "period": "2025Q2"}

    hidden = client.get(_url("rollup-list"), {**query, "cluster": cluster.pk})
    unknown = client.get(_url("rollup-list"), {**query, "cluster": 999_999})

    assert (hidden.status_code, unknown.status_code) == (404, 404)
    assert hidden.json() == unknown.json()


def test_completeness_api_counts_the_units(setup, world, client):
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(report, user=world.editor_a, version=1, values={setup.received.pk: "1"})
    services.submit(report, user=world.editor_a)
    client.force_login(world.province_editor)

    data = client.get(
        _url("completeness-list"), {"form": "bao_cao_quy", "period": "2025Q2", "area": world.province.pk}
    ).json()

    assert (data["deadline"], data["counts"]["total"], data["counts"]["submitted"]) == ("2025-07-05", 2, 1)
    assert data["percentages"]["submitted"] == "50.0"
    today = datetime.date.today()
    expected_a = "on_time" if today <= datetime.date(2025, 7, 5) else "late"
    assert [(row["name"], row["status"], row["timeliness"]) for row in data["organizations"]] == [
        (world.front_a.name, "submitted", expected_a),
        (world.front_b.name, "", "overdue"),
    ]


def test_completeness_api_needs_a_known_form(world, client):
    client.force_login(world.viewer_a)

    response = client.get(_url("completeness-list"), {"form": "khong_co", "period": "2025Q2"})

    assert (response.status_code, response.json()) == (400, {"form": ["Không có biểu mẫu có số hoặc mã “khong_co”."]})


def test_reports_api_needs_authentication(client):
    assert [client.get(_url(name)).status_code for name in ("report-list", "rollup-list", "period-list")] == [401] * 3


#
# Codes are matched whatever their case (LookupModel)
#


def test_indicator_api_filters_by_code_whatever_its_case(setup, world, client):
    client.force_login(world.viewer_a)

    data = client.get(_url("indicator-list"), {"code": "THU_TY_LE"}).json()

    assert [row["code"] for row in data["results"]] == ["thu_ty_le"]


def test_report_api_saves_figures_by_code_whatever_its_case(setup, world, client):
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    client.force_login(world.editor_a)

    response = client.patch(
        _report_url(report, "values"),
        {"version": report.version, "values": {"THU_TIEP_NHAN": "12", " Thu_Giai_Quyet ": "9"}},
        content_type="application/json",
    )

    numbers = {v["code"]: v["number"] for v in response.json()["report"]["values"]}
    assert (response.status_code, numbers["thu_tiep_nhan"], numbers["thu_giai_quyet"]) == (200, "12.0000", "9.0000")


def test_rollup_api_selects_indicators_and_form_by_code_whatever_its_case(setup, world, client):
    _approved(setup, world, world.front_a, world.editor_a, received="10")
    client.force_login(world.province_editor)

    data = client.get(
        _url("rollup-list"),
        {"form": "BAO_CAO_QUY", "period": "2025Q2", "area": world.province.pk, "indicators": "THU_TIEP_NHAN"},
    ).json()

    assert (data["form"]["code"], data["values"]) == ("bao_cao_quy", {"thu_tiep_nhan": "10.0000"})
