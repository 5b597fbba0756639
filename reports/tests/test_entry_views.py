"""Data entry: the page, saving as the user types (htmx autosave), conflicts, and the explicit save."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports import services
from reports.choices import ReportStatus, ValueSource
from reports.documents.content import report_content
from reports.models import DataValue

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def opened(setup, world):
    return services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)


def url(name, report):
    return reverse(f"reports:report_{name}", kwargs={"pk": report.pk})


def stored(report):
    return {v.indicator.code: v.number for v in DataValue.objects.filter(report=report).select_related("indicator")}


def form_data(
    setup, version, received="", resolved="", members="", results="", number="", signer_title="", signer_name=""
):
    return {
        "version": version,
        f"v-{setup.received.pk}": received,
        f"v-{setup.resolved.pk}": resolved,
        f"v-{setup.members.pk}": members,
        f"t-{setup.results.pk}": results,
        "number": number,
        "signer_title": signer_title,
        "signer_name": signer_name,
    }


#
# The page
#


def test_entry_page_needs_login(setup, world, client):
    report = opened(setup, world)

    response = client.get(url("edit", report))

    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_entry_page_outside_scope_is_404(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_b)

    assert (client.get(url("edit", report)).status_code, client.post(url("autosave", report)).status_code) == (
        404,
        404,
    )


def test_entry_page_is_refused_to_viewers(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.viewer_a)

    response = client.post(url("autosave", report), form_data(setup, report.version, received="5"), **HTMX)

    assert response.status_code == 403
    assert stored(report) == {"thu_mo_hinh": Decimal(0)}


def test_entry_page_is_refused_once_submitted(setup, world, client):
    report = opened(setup, world)
    services.save_report(
        report, user=world.editor_a, version=report.version, values={setup.received.pk: "5", setup.resolved.pk: "4"}
    )
    services.submit(report, user=world.editor_a)
    client.force_login(world.editor_a)

    response = client.get(url("edit", report), follow=True)
    autosave = client.post(url("autosave", report), form_data(setup, report.version, received="9"), **HTMX)

    message = (
        "Báo cáo đang ở trạng thái “Đã gửi”, chờ cấp trên duyệt: không sửa được; nếu cần sửa, cấp trên trả lại báo cáo."
    )
    assert response.redirect_chain == [(url("detail", report), 302)]
    assert [str(m) for m in response.context["messages"]] == [message]
    assert (autosave.status_code, 'data-state="refused">' + message in autosave.content.decode()) == (200, True)
    assert stored(report)["thu_tiep_nhan"] == Decimal(5)


def test_entry_page_has_an_input_per_typed_figure_and_marks_automatic_ones(setup, world, client):
    report = opened(setup, world)
    services.save_report(report, user=world.editor_a, version=report.version, values={setup.received.pk: "1200"})
    client.force_login(world.editor_a)

    response = client.get(url("edit", report))

    content = response.content.decode()
    rows = {row["indicator"].code: row for block in response.context["figure_sections"] for row in block["rows"]}
    assert {code: row["readonly"] for code, row in rows.items()} == {
        "thu_tiep_nhan": False,
        "thu_giai_quyet": False,
        "thu_ty_le": True,
        "thu_mo_hinh": True,
        "thu_hoi_vien": False,
    }
    assert f'name="v-{setup.received.pk}"' in content and 'value="1.200"' in content
    assert f'name="v-{setup.rate.pk}"' not in content  # computed: shown, never sent
    assert f'name="t-{setup.results.pk}"' in content
    assert 'hx-trigger="change, keyup changed delay:1500ms"' in content


#
# Autosave
#


def test_autosave_saves_and_answers_the_status_and_the_new_version(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        url("autosave", report),
        form_data(setup, report.version, received="1.200", resolved="800", results="Ba cuộc đối thoại", number="07-BC"),
        **HTMX,
    )

    report.refresh_from_db()
    content = response.content.decode()
    assert stored(report) == {"thu_tiep_nhan": Decimal(1200), "thu_giai_quyet": Decimal(800), "thu_mo_hinh": Decimal(0)}
    assert (report.texts.get().text, report.number, report.version) == ("Ba cuộc đối thoại", "07-BC", 2)
    assert "Đã lưu lúc" in content
    assert 'id="report-version" value="2" hx-swap-oob="true"' in content


def test_autosave_keeps_valid_fields_and_shows_the_error_next_to_the_invalid_one(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        url("autosave", report), form_data(setup, report.version, received="12", resolved="abc"), **HTMX
    )

    content = response.content.decode()
    assert stored(report)["thu_tiep_nhan"] == Decimal(12)
    assert "thu_giai_quyet" not in stored(report)
    assert f'id="err-v-{setup.resolved.pk}" role="alert" hx-swap-oob="true">“abc” không phải là số' in content
    assert f'id="err-v-{setup.received.pk}" role="alert" hx-swap-oob="true"></div>' in content
    assert "1 ô chưa hợp lệ chưa được lưu" in content


def test_autosave_refuses_a_document_number_over_the_limit_instead_of_cutting_it(setup, world, client):
    report = opened(setup, world)
    services.save_report(report, user=world.editor_a, version=report.version, values={}, document_number="07-BC/DV")
    client.force_login(world.editor_a)
    long_number = "07-BC/DV-" + "X" * 51

    response = client.post(
        url("autosave", report), form_data(setup, report.version + 1, received="12", number=long_number), **HTMX
    )

    report.refresh_from_db()
    content = response.content.decode()
    assert (report.number, stored(report)["thu_tiep_nhan"]) == ("07-BC/DV", Decimal(12))
    assert (
        'id="err-report-number" role="alert" hx-swap-oob="true">Số văn bản dài tối đa 50 ký tự (đang có 60 ký tự).'
        in content
    )


def test_autosave_saves_the_signer_and_clears_its_errors_out_of_band(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        url("autosave", report),
        form_data(
            setup, report.version, signer_title="KT. TRƯỞNG KHỐI\r\nPHÓ TRƯỞNG KHỐI ", signer_name=" Nguyễn Văn Ký"
        ),
        **HTMX,
    )

    report.refresh_from_db()
    content = response.content.decode()
    assert (report.signer_title, report.signer_name) == ("KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI", "Nguyễn Văn Ký")
    assert 'id="err-report-signer-title" role="alert" hx-swap-oob="true"></div>' in content
    assert 'id="err-report-signer-name" role="alert" hx-swap-oob="true"></div>' in content


def test_autosave_refuses_an_invalid_signer_and_says_why_next_to_it(setup, world, client):
    report = opened(setup, world)
    services.save_report(
        report, user=world.editor_a, version=report.version, values={}, signer_title="TRƯỞNG KHỐI", signer_name="Lê Ký"
    )
    client.force_login(world.editor_a)

    response = client.post(
        url("autosave", report),
        form_data(setup, report.version + 1, received="12", signer_title="A\nB\nC", signer_name="N" * 101),
        **HTMX,
    )

    report.refresh_from_db()
    content = response.content.decode()
    assert (report.signer_title, report.signer_name, stored(report)["thu_tiep_nhan"]) == (
        "TRƯỞNG KHỐI",
        "Lê Ký",
        Decimal(12),
    )
    assert 'id="err-report-signer-title" role="alert" hx-swap-oob="true">Chức vụ người ký có tối đa 2 dòng' in content
    assert (
        'id="err-report-signer-name" role="alert" hx-swap-oob="true">Họ và tên người ký dài tối đa 100 ký tự '
        "(đang có 101 ký tự).</div>" in content
    )
    assert "2 ô chưa hợp lệ chưa được lưu" in content


def test_entry_page_shows_the_signer_inputs_with_the_stored_signer(setup, world, client):
    report = opened(setup, world)
    services.save_report(
        report,
        user=world.editor_a,
        version=report.version,
        values={},
        signer_title="KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI",
        signer_name="Nguyễn Văn Ký",
    )
    client.force_login(world.editor_a)

    content = client.get(url("edit", report)).content.decode()

    assert (
        '<textarea class="form-control" rows="2" name="signer_title" id="report-signer-title" maxlength="150"'
        in content
    )
    assert ">KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI</textarea>" in content
    assert 'name="signer_name" id="report-signer-name" maxlength="100" value="Nguyễn Văn Ký"' in content


def test_save_button_with_an_invalid_signer_shows_the_page_with_what_was_typed(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        url("edit", report),
        form_data(setup, report.version, received="9", signer_title="A\nB\nC", signer_name="Trần Thị Ký"),
    )

    report.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 200
    assert ">A\nB\nC</textarea>" in content and 'value="Trần Thị Ký"' in content
    assert 'id="err-report-signer-title" role="alert">Chức vụ người ký có tối đa 2 dòng' in content
    assert (report.signer_title, report.signer_name, stored(report)["thu_tiep_nhan"]) == ("", "Trần Thị Ký", Decimal(9))


def test_entry_page_shows_the_document_number_limit(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    content = client.get(url("edit", report)).content.decode()

    assert 'id="report-number" maxlength="50"' in content
    assert "Tối đa 50 ký tự." in content


def test_autosave_shows_rule_warnings(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        url("autosave", report), form_data(setup, report.version, received="5", resolved="7"), **HTMX
    )

    assert "“Kiến nghị đã giải quyết” (7) phải ≤ “Kiến nghị tiếp nhận” (5)." in response.content.decode()


def test_autosave_over_a_newer_version_is_a_conflict_and_overwrites_nothing(setup, world, client):
    report = opened(setup, world)
    loaded = report.version
    services.save_report(report, user=world.province_editor, version=loaded, values={setup.received.pk: "10"})
    client.force_login(world.editor_a)

    response = client.post(url("autosave", report), form_data(setup, loaded, received="20", resolved="3"), **HTMX)

    content = response.content.decode()
    report.refresh_from_db()
    assert stored(report) == {"thu_tiep_nhan": Decimal(10), "thu_mo_hinh": Decimal(0)}
    assert report.version == loaded + 1
    assert f"Báo cáo đã được {world.province_editor.display_name} lưu lúc" in content
    assert "Thay đổi của bạn chưa được lưu" in content
    assert "hx-swap-oob" not in content  # the stale version stays: the next autosave is refused too


def test_autosave_in_sequence_with_the_returned_versions_never_conflicts(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)
    version = report.version

    for received in ("1", "12", "123"):
        response = client.post(url("autosave", report), form_data(setup, version, received=received), **HTMX)
        version = response.context["version"]

    assert (stored(report)["thu_tiep_nhan"], version) == (Decimal(123), report.version + 3)


def test_autosave_ignores_typed_values_of_automatic_figures(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)
    data = form_data(setup, report.version, received="4") | {
        f"v-{setup.registered.pk}": "99",
        f"v-{setup.rate.pk}": "5",
    }

    client.post(url("autosave", report), data, **HTMX)

    values = {v.indicator.code: (v.number, v.source) for v in report.values.select_related("indicator")}
    assert values == {
        "thu_tiep_nhan": (Decimal(4), ValueSource.TYPED),
        "thu_mo_hinh": (Decimal(0), ValueSource.PROVIDER),
    }


def test_autosave_then_submit_redirects_to_the_submit_page(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        url("autosave", report),
        form_data(setup, report.version, received="5", resolved="4") | {"then_submit": "1"},
        **HTMX,
    )

    assert response["HX-Redirect"] == url("submit", report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT  # the submit page asks for confirmation


#
# Without JavaScript
#


def test_save_button_without_javascript_saves_and_comes_back(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(url("edit", report), form_data(setup, report.version, received="9", members="1.500"))

    assert (response.status_code, response.url) == (302, url("edit", report))
    assert stored(report)["thu_hoi_vien"] == Decimal(1500)


def test_save_button_with_an_error_shows_the_page_with_what_was_typed(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(url("edit", report), form_data(setup, report.version, received="9", resolved="-3"))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="-3"' in content and "Giá trị không được âm." in content
    assert stored(report)["thu_tiep_nhan"] == Decimal(9)


def test_save_button_over_a_newer_version_says_so_and_keeps_the_typed_values(setup, world, client):
    report = opened(setup, world)
    loaded = report.version
    services.save_report(report, user=world.province_editor, version=loaded, values={setup.received.pk: "10"})
    client.force_login(world.editor_a)

    response = client.post(url("edit", report), form_data(setup, loaded, received="77"))

    assert response.status_code == 409
    assert 'value="77"' in response.content.decode()
    assert stored(report)["thu_tiep_nhan"] == Decimal(10)


def test_submit_button_without_javascript_saves_then_goes_to_the_submit_page(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        url("edit", report), form_data(setup, report.version, received="5", resolved="4") | {"then_submit": "1"}
    )

    assert (response.status_code, response.url) == (302, url("submit", report))


def test_autosave_refused_by_state_reads_the_report_once(setup, world, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = opened(setup, world)
    services.save_report(
        report, user=world.editor_a, version=report.version, values={setup.received.pk: "5", setup.resolved.pk: "4"}
    )
    services.submit(report, user=world.editor_a)
    client.force_login(world.editor_a)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url("autosave", report), form_data(setup, report.version, received="9"), **HTMX)

    report_reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and 'FROM "reports_report"' in q["sql"]]
    assert (response.status_code, len(report_reads)) == (200, 1)
    assert 'data-state="refused">' in response.content.decode()


def test_save_button_after_a_conflict_keeps_the_loaded_version_so_saving_again_is_refused(setup, world, client):
    report = opened(setup, world)
    loaded = report.version
    services.save_report(report, user=world.province_editor, version=loaded, values={setup.received.pk: "10"})
    client.force_login(world.editor_a)

    first = client.post(url("edit", report), form_data(setup, loaded, received="77"))
    again = client.post(url("edit", report), form_data(setup, first.context["version"], received="77"))

    assert (first.status_code, first.context["version"], again.status_code) == (409, loaded, 409)
    assert f'id="report-version" value="{loaded}"' in first.content.decode()
    assert stored(report)["thu_tiep_nhan"] == Decimal(10)


def test_number_example_uses_the_abbreviation_the_document_prints_for_a_blank_number(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    content = client.get(url("edit", report)).content.decode()

    blank = report_content(report, user=world.editor_a).number_line  # "Số       -BC/<abbreviation>"
    suffix = blank.rsplit("-", 1)[1]
    assert suffix.startswith("BC/") and f'placeholder="07-{suffix}"' in content
