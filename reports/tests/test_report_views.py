"""Report pages: the list, opening a report, the report page and the workflow pages, per persona."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Job
from reports import periods, services
from reports.choices import ReportAction, ReportStatus
from reports.models import Period, Report
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import organization

pytestmark = pytest.mark.django_db


def opened(setup, world, org=None, user=None, period=None):
    return services.open_report(setup.form, period or setup.period, org or world.front_a, user=user or world.editor_a)


def submitted(setup, world, org=None, user=None, received="10", resolved="8", period=None):
    user = user or world.editor_a
    report = opened(setup, world, org, user, period)
    services.save_report(
        report, user=user, version=report.version, values={setup.received.pk: received, setup.resolved.pk: resolved}
    )
    return services.submit(report, user=user)


def url(name, report):
    return reverse(f"reports:report_{name}", kwargs={"pk": report.pk})


@pytest.fixture
def province_approver(world):
    return user_with_role("duyet_tinh", "approver", world.province)


@pytest.fixture
def commune_approver(world):
    return user_with_role("duyet_xa", "approver", world.commune_a)


#
# List
#


def test_report_list_needs_login(world, client):
    response = client.get(reverse("reports:report_list"))

    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_report_list_shows_the_subtree_and_filters_by_status_and_period(setup, world, client):
    draft = opened(setup, world)
    other = submitted(setup, world, world.front_b, world.editor_b)
    client.force_login(world.province_editor)

    everything = client.get(reverse("reports:report_list"))
    only_submitted = client.get(reverse("reports:report_list"), {"status": "submitted"})
    by_year = client.get(reverse("reports:report_list"), {"period": "2025"})
    by_other_period = client.get(reverse("reports:report_list"), {"period": "2025Q1"})

    assert [r.pk for r in everything.context["table"].data] == [draft.pk, other.pk]
    assert [r.pk for r in only_submitted.context["table"].data] == [other.pk]
    assert by_year.context["result_count"] == 2
    assert by_other_period.context["result_count"] == 0
    assert "Quý II/2025" in everything.content.decode()


def test_report_list_filters_by_form(setup, world, client):
    from tests.factories.reports import report_form

    own = opened(setup, world)
    other_form = report_form("bao_cao_khac", name="Báo cáo khác")
    other_form.organization_kinds.set(setup.form.organization_kinds.all())
    services.open_report(other_form, setup.period, world.front_a, user=world.editor_a)
    client.force_login(world.editor_a)

    rows = client.get(reverse("reports:report_list"), {"form": setup.form.pk}).context["table"].data

    assert [r.pk for r in rows] == [own.pk]


def test_report_list_period_filter_refuses_a_bad_identifier(setup, world, client):
    opened(setup, world)
    client.force_login(world.editor_a)

    response = client.get(reverse("reports:report_list"), {"period": "2025Q7"})

    assert response.context["result_count"] == 0
    assert "không phải là mã kỳ báo cáo hợp lệ" in response.content.decode()


def test_report_list_filters_late_and_on_time(setup, world, client):
    on_time = submitted(setup, world)
    late = submitted(setup, world, world.front_b, world.editor_b)
    Report.objects.filter(pk=on_time.pk).update(submitted_at=timezone.make_aware(datetime.datetime(2025, 7, 1, 9)))
    Report.objects.filter(pk=late.pk).update(submitted_at=timezone.make_aware(datetime.datetime(2025, 7, 20, 9)))
    client.force_login(world.province_editor)

    late_rows = client.get(reverse("reports:report_list"), {"timeliness": "late"}).context["table"].data
    on_time_rows = client.get(reverse("reports:report_list"), {"timeliness": "on_time"}).context["table"].data

    assert ([r.pk for r in late_rows], [r.pk for r in on_time_rows]) == ([late.pk], [on_time.pk])


def test_report_list_filters_within_an_area(setup, world, client):
    own = opened(setup, world)
    submitted(setup, world, world.front_b, world.editor_b)
    client.force_login(world.province_editor)

    rows = client.get(reverse("reports:report_list"), {"within": world.commune_a.pk}).context["table"].data

    assert [r.pk for r in rows] == [own.pk]


def test_report_list_exports_excel(setup, world, client):
    opened(setup, world)
    client.force_login(world.editor_a)

    response = client.get(reverse("reports:report_list"), {"export": "xlsx"})

    assert (response.status_code, response["Content-Type"].startswith("application/vnd.openxmlformats")) == (200, True)


def test_report_list_large_export_clicked_twice_queues_one_job(setup, world, client, no_worker):
    opened(setup, world)
    client.force_login(world.editor_a)

    first = client.get(reverse("reports:report_list"), {"export": "xlsx", "status": "draft"})
    second = client.get(reverse("reports:report_list"), {"status": "draft", "export": "xlsx"})

    job = Job.objects.get()
    assert (first.url, second.url, job.status, len(no_worker.results)) == (
        job.get_absolute_url(),
        job.get_absolute_url(),
        Job.Status.PENDING,
        1,
    )


@pytest.mark.parametrize("count", [1, 3])
def test_report_list_query_count_is_constant(setup, world, client, django_assert_num_queries, count):
    for index in range(count):
        org = organization(world.commune_a, "mttq", name=f"Ủy ban MTTQ số {index}")
        opened(setup, world, org)
    client.force_login(world.editor_a)
    client.get(reverse("reports:report_list"))  # warm the session and content types

    # Session, user; scope prefixes for view (and the areas it was formed from), add (the button)
    # and manage (the menu); the menu's unit; count and rows; the filters' choices (forms, areas).
    with django_assert_num_queries(10):
        response = client.get(reverse("reports:report_list"))

    assert response.context["result_count"] == count


#
# Opening a report
#


def test_new_report_opens_a_draft_and_goes_to_data_entry(setup, world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("reports:report_add"),
        {"form": setup.form.pk, "period": "2025Q2", "organization": world.front_a.pk},
    )

    report = Report.objects.get()
    assert (response.status_code, response.url) == (302, url("edit", report))
    assert (report.organization, report.period.code, report.status) == (world.front_a, "2025Q2", ReportStatus.DRAFT)


def test_new_report_offers_the_current_and_previous_periods(setup, world, client):
    client.force_login(world.editor_a)

    response = client.get(reverse("reports:report_add"), {"form": setup.form.pk})

    today = timezone.localdate()
    current = periods.containing("quarter", today)
    choices = [code for code, _label in response.context["form"].fields["period"].widget.choices]
    assert choices[:2] == ["", current.code]
    assert len(choices) == 6
    assert response.context["form"].initial["organization"] == world.front_a.pk


def test_new_report_accepts_any_identifier_of_the_form_type(setup, world, client):
    client.force_login(world.editor_a)

    client.post(
        reverse("reports:report_add"),
        {"form": setup.form.pk, "period_code": "2019q3", "organization": world.front_a.pk},
    )
    wrong_type = client.post(
        reverse("reports:report_add"),
        {"form": setup.form.pk, "period_code": "201903", "organization": world.front_a.pk},
    )

    assert list(Report.objects.values_list("period__code", flat=True)) == ["2019Q3"]
    assert wrong_type.context["form"].errors["period_code"] == ["Biểu mẫu này báo cáo theo quý."]


def test_new_report_that_exists_links_to_it(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_a)

    response = client.post(
        reverse("reports:report_add"),
        {"form": setup.form.pk, "period": "2025Q2", "organization": world.front_a.pk},
    )

    assert (response.status_code, Report.objects.count()) == (200, 1)
    assert report.get_absolute_url() in response.content.decode()


def test_new_report_refuses_units_outside_the_users_scope(setup, world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("reports:report_add"),
        {"form": setup.form.pk, "period": "2025Q2", "organization": world.front_b.pk},
    )

    assert (response.status_code, Report.objects.count()) == (200, 0)
    assert list(response.context["form"].errors) == ["organization"]


def test_new_report_page_is_refused_to_viewers(setup, world, client):
    client.force_login(world.viewer_a)

    response = client.get(reverse("reports:report_add"))

    assert response.status_code == 403


def test_organization_autocomplete_offers_units_that_must_submit_the_form(setup, world, client):
    organization(world.commune_a, "doan_tn", name="Đoàn Thanh niên xã Long Điền")
    client.force_login(world.province_editor)

    response = client.get(reverse("reports:organization_autocomplete"), {"form": setup.form.pk, "q__search": ""})

    content = response.content.decode()
    assert (world.front_a.name in content, world.front_b.name in content, "Đoàn Thanh niên" in content) == (
        True,
        True,
        False,
    )


#
# The report page
#


def test_report_page_shows_figures_badges_rates_prose_and_history(setup, world, client):
    report = opened(setup, world)
    services.save_report(
        report,
        user=world.editor_a,
        version=report.version,
        values={setup.received.pk: "1.200", setup.resolved.pk: "800"},
        texts={setup.results.pk: "Tổ chức 3 cuộc đối thoại."},
    )
    client.force_login(world.viewer_a)

    response = client.get(report.get_absolute_url())

    content = response.content.decode()
    rows = {row["indicator"].code: row for block in response.context["figure_sections"] for row in block["rows"]}
    assert (rows["thu_tiep_nhan"]["display"], rows["thu_ty_le"]["display"]) == ("1.200 vụ", "66,67 %")
    assert (rows["thu_ty_le"]["source"], rows["thu_mo_hinh"]["source"], rows["thu_tiep_nhan"]["source"]) == (
        "formula",
        "provider",
        None,
    )
    assert "Tự động" in content and "Tổ chức 3 cuộc đối thoại." in content
    assert [e.action for e in response.context["events"]] == [ReportAction.CREATE]
    assert response.context["actions"] == set()


def test_report_page_buttons_follow_the_rules(setup, world, client, province_approver):
    report = submitted(setup, world)
    client.force_login(world.editor_a)
    as_editor = client.get(report.get_absolute_url()).context["actions"]
    client.force_login(province_approver)
    as_approver = client.get(report.get_absolute_url())

    assert (as_editor, as_approver.context["actions"]) == (set(), {"approve", "return"})
    assert url("approve", report) in as_approver.content.decode()


def test_consolidated_report_lists_the_children_and_their_status(setup, world, client, province_approver):
    province_front = organization(world.province, "mttq", name="Ủy ban MTTQ tỉnh")
    child = submitted(setup, world)
    parent = opened(setup, world, province_front, world.province_editor)
    client.force_login(world.province_editor)

    response = client.get(parent.get_absolute_url())

    children = {row["organization"].pk: row for row in response.context["children"]}
    assert parent.is_consolidated is True
    assert sorted(children) == sorted([world.front_a.pk, world.front_b.pk])
    assert (children[world.front_a.pk]["url"], children[world.front_b.pk]["report"]) == (
        child.get_absolute_url(),
        None,
    )


#
# Workflow pages
#


def test_workflow_page_outside_scope_is_404(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.editor_b)

    assert client.get(url("submit", report)).status_code == 404


def test_viewer_cannot_submit(setup, world, client):
    report = opened(setup, world)
    client.force_login(world.viewer_a)

    response = client.post(url("submit", report))

    report.refresh_from_db()
    assert (response.status_code, report.status) == (403, ReportStatus.DRAFT)


def test_submit_page_lists_the_problems_and_sends_nothing(setup, world, client):
    report = opened(setup, world)
    services.save_report(
        report, user=world.editor_a, version=report.version, values={setup.received.pk: "5", setup.resolved.pk: "7"}
    )
    client.force_login(world.editor_a)

    page = client.get(url("submit", report))
    response = client.post(url("submit", report), {"version": report.version + 1})

    report.refresh_from_db()
    assert "“Kiến nghị đã giải quyết” (7) phải ≤ “Kiến nghị tiếp nhận” (5)." in page.content.decode()
    assert (response.status_code, report.status) == (200, ReportStatus.DRAFT)


def test_commune_editor_submits(setup, world, client):
    report = opened(setup, world)
    services.save_report(
        report, user=world.editor_a, version=report.version, values={setup.received.pk: "5", setup.resolved.pk: "4"}
    )
    report.refresh_from_db()
    client.force_login(world.editor_a)

    response = client.post(url("submit", report), {"version": report.version})

    report.refresh_from_db()
    assert (response.status_code, response.url, report.status) == (
        302,
        report.get_absolute_url(),
        ReportStatus.SUBMITTED,
    )
    assert report.submitted_by == world.editor_a


def test_submit_over_a_newer_version_is_refused(setup, world, client):
    report = opened(setup, world)
    loaded = report.version
    services.save_report(
        report, user=world.province_editor, version=loaded, values={setup.received.pk: "5", setup.resolved.pk: "4"}
    )
    client.force_login(world.editor_a)

    response = client.post(url("submit", report), {"version": loaded})

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert "tải lại trước khi gửi" in response.content.decode()


def test_commune_approver_cannot_approve_its_own_report(setup, world, client, commune_approver):
    report = submitted(setup, world)
    client.force_login(commune_approver)

    response = client.post(url("approve", report))

    report.refresh_from_db()
    assert (response.status_code, report.status) == (403, ReportStatus.SUBMITTED)
    assert "không tự duyệt" in response.content.decode()


def test_who_sent_a_report_cannot_approve_it_but_another_approver_can(setup, world, client, province_approver):
    # A provincial unit administrator may enter and send a commune's report, and approve the
    # communes' reports: not the one they sent themselves.
    unit_admin = user_with_role("quan_tri_tinh", "unit_admin", world.province)
    report = submitted(setup, world, user=unit_admin)
    client.force_login(unit_admin)

    page = client.get(report.get_absolute_url())
    refused = client.post(url("approve", report), {"comment": ""})
    report.refresh_from_db()
    status_after_refusal = report.status
    client.force_login(province_approver)
    approved = client.post(url("approve", report), {"comment": ""})

    report.refresh_from_db()
    assert url("approve", report) not in page.content.decode()
    assert url("return", report) in page.content.decode()
    assert (refused.status_code, status_after_refusal) == (403, ReportStatus.SUBMITTED)
    assert "Bạn đã gửi báo cáo này nên không tự duyệt được" in refused.content.decode()
    assert (approved.status_code, report.status, report.approved_by) == (302, ReportStatus.APPROVED, province_approver)


def test_a_system_administrator_may_approve_a_report_they_sent(setup, world, client):
    report = submitted(setup, world, user=world.admin)
    client.force_login(world.admin)

    response = client.post(url("approve", report), {"comment": ""})

    report.refresh_from_db()
    assert (response.status_code, report.status) == (302, ReportStatus.APPROVED)


def test_province_approver_approves(setup, world, client, province_approver):
    report = submitted(setup, world)
    client.force_login(province_approver)

    response = client.post(url("approve", report), {"comment": ""})

    report.refresh_from_db()
    assert (response.status_code, report.status, report.approved_by) == (302, ReportStatus.APPROVED, province_approver)


def test_return_needs_a_comment(setup, world, client, province_approver):
    report = submitted(setup, world)
    client.force_login(province_approver)

    refused = client.post(url("return", report), {"comment": "  "})
    returned = client.post(url("return", report), {"comment": "Thiếu số liệu kiến nghị"})

    report.refresh_from_db()
    assert (refused.status_code, returned.status_code, report.status) == (200, 302, ReportStatus.RETURNED)
    assert report.events.order_by("-pk").first().comment == "Thiếu số liệu kiến nghị"


def test_entry_page_of_a_returned_report_shows_the_reasons(setup, world, client, province_approver):
    report = submitted(setup, world)
    client.force_login(province_approver)
    client.post(url("return", report), {"comment": "Thiếu số liệu kiến nghị\nBổ sung phần kết quả"})
    client.force_login(world.editor_a)

    page = client.get(reverse("reports:report_edit", args=[report.pk]))

    assert page.context["return_event"].comment == "Thiếu số liệu kiến nghị\nBổ sung phần kết quả"
    content = page.content.decode()
    assert 'id="return-reason"' in content and "Thiếu số liệu kiến nghị" in content
    assert province_approver.display_name in content


def test_approve_refused_on_a_draft(setup, world, client, province_approver):
    report = opened(setup, world)
    client.force_login(province_approver)

    response = client.get(url("approve", report), follow=True)

    assert response.redirect_chain == [(report.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Báo cáo chưa được gửi (đang ở trạng thái “Đang soạn”): chỉ duyệt hoặc trả lại được báo cáo đã gửi."
    ]


def test_approving_an_approved_report_says_it_is_approved_not_a_permission(setup, world, client, province_approver):
    report = submitted(setup, world)
    client.force_login(province_approver)
    client.post(url("approve", report), {"comment": ""}, follow=True)

    again = client.post(url("approve", report), {"comment": ""}, follow=True)

    assert again.redirect_chain == [(report.get_absolute_url(), 302)]
    assert [str(m) for m in again.context["messages"]] == [
        f"Báo cáo đã được duyệt ({province_approver.display_name}, "
        f"{timezone.localtime(Report.objects.get().approved_at):%d/%m/%Y %H:%M}): không cần duyệt lại."
    ]


def test_approve_by_a_user_without_the_role_is_a_permission_refusal(setup, world, client):
    report = submitted(setup, world)
    client.force_login(world.province_editor)

    response = client.get(url("approve", report))

    assert response.status_code == 403
    assert "Chỉ cấp trên có quyền phê duyệt mới duyệt được báo cáo đã gửi." in response.content.decode()


def test_a_step_taken_meanwhile_by_someone_else_is_a_state_message(setup, world, client, province_approver):
    report = submitted(setup, world)
    client.force_login(province_approver)
    page = client.get(url("return", report))  # the page is open...
    services.approve(report, user=province_approver)  # ...when the report is approved elsewhere

    response = client.post(url("return", report), {"comment": "Sửa lại"}, follow=True)

    assert page.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Báo cáo đã được duyệt: không trả lại được; nếu cần sửa, cấp trên dùng “Mở lại”."
    ]


def test_reopen_needs_a_comment_and_returns_the_report(setup, world, client, province_approver):
    report = submitted(setup, world)
    services.approve(report, user=province_approver)
    client.force_login(province_approver)

    refused = client.post(url("reopen", report), {"comment": ""})
    reopened = client.post(url("reopen", report), {"comment": "Sửa số hội viên"})

    report.refresh_from_db()
    assert (refused.status_code, reopened.status_code, report.status) == (200, 302, ReportStatus.RETURNED)


def test_consolidated_approval_shows_missing_children_and_needs_the_reason(setup, world, client):
    province_front = organization(world.province, "mttq", name="Ủy ban MTTQ tỉnh")
    parent = submitted(setup, world, province_front, world.province_editor)
    admin = world.admin  # a province's report is decided by the system administrators
    client.force_login(admin)

    page = client.get(url("approve", parent))
    without_reason = client.post(url("approve", parent), {"without_children": "on", "comment": ""})
    plain = client.post(url("approve", parent), {"comment": ""})
    approved = client.post(url("approve", parent), {"without_children": "on", "comment": "Xã B chưa báo cáo"})

    parent.refresh_from_db()
    assert world.front_b.name in page.content.decode()
    assert (without_reason.status_code, plain.status_code, approved.status_code) == (200, 200, 302)
    assert (parent.status, parent.approved_without_children) == (ReportStatus.APPROVED, True)


#
# Home card
#


def test_home_card_lists_units_that_have_not_sent_the_last_period(setup, world, client):
    client.force_login(world.editor_a)

    response = client.get(reverse("reports:home_card"))

    rows = response.context["rows"]
    last = periods.containing(
        "quarter", periods.containing("quarter", timezone.localdate()).start - datetime.timedelta(days=1)
    )
    assert [(row["organization"], row["period_name"]) for row in rows] == [(world.front_a, last.name)]
    assert response.context["total"] == 1


def test_new_report_refuses_a_typed_period_that_has_not_begun(setup, world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("reports:report_add"),
        {"form": setup.form.pk, "period_code": "2100Q4", "organization": world.front_a.pk},
    )

    assert response.context["form"].errors["period_code"] == [
        "Kỳ báo cáo Quý IV/2100 chưa bắt đầu (từ ngày 01/10/2100)."
    ]
    assert (Report.objects.count(), Period.objects.filter(code="2100Q4").exists()) == (0, False)


def test_home_card_lists_the_reports_returned_for_correction_with_a_link(setup, world, client, province_approver):
    returned = submitted(setup, world)
    services.return_report(returned, user=province_approver, comment="Thiếu số liệu kiến nghị")
    reopened = submitted(setup, world, period=Period.objects.for_code("2025Q1"))
    services.approve(reopened, user=province_approver)
    services.reopen(reopened, user=province_approver, comment="Sửa số hội viên")
    submitted(setup, world, period=Period.objects.for_code("2024Q4"))  # waiting for approval: nothing to fix
    other = submitted(setup, world, world.front_b, world.editor_b)
    services.return_report(other, user=province_approver, comment="Xã B sửa")
    client.force_login(world.editor_a)

    response = client.get(reverse("reports:home_card"))

    content = response.content.decode()
    assert [(r.period.code, r.return_comment) for r in response.context["returned"]] == [
        ("2025Q1", "Sửa số hội viên"),
        ("2025Q2", "Thiếu số liệu kiến nghị"),
    ]
    assert response.context["returned_total"] == 2
    assert f'href="{url("edit", returned)}">{world.front_a.name}</a>' in content
    assert "2 báo cáo bị trả lại, cần sửa" in content
    assert "Xã B sửa" not in content


def test_home_card_lists_a_returned_report_of_the_last_period_once(setup, world, client, province_approver):
    last = periods.containing(
        "quarter", periods.containing("quarter", timezone.localdate()).start - datetime.timedelta(days=1)
    )
    report = submitted(setup, world, period=Period.objects.for_spec(last))
    services.return_report(report, user=province_approver, comment="Bổ sung")
    client.force_login(world.editor_a)

    response = client.get(reverse("reports:home_card"))

    assert ([r.pk for r in response.context["returned"]], response.context["rows"]) == ([report.pk], [])


def test_entry_page_of_a_reopened_report_shows_the_reopening_reason(setup, world, client, province_approver):
    """Reopening sends an approved report back as returned: its page says why, as the home card does."""
    report = submitted(setup, world)
    services.approve(report, user=province_approver)
    services.reopen(report, user=province_approver, comment="Sửa số liệu tháng 3")
    client.force_login(world.editor_a)

    page = client.get(reverse("reports:report_edit", args=[report.pk]))

    assert page.context["return_event"].comment == "Sửa số liệu tháng 3"


def test_report_page_names_who_signs(setup, world, client):
    report = opened(setup, world)
    Report.objects.filter(pk=report.pk).update(signer_title="KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI", signer_name="Lê Văn Tư")
    client.force_login(world.editor_a)

    content = client.get(report.get_absolute_url()).content.decode()

    signer = content[content.index('id="report-signer"') :]
    assert "Lê Văn Tư" in signer[:200] and "KT. TRƯỞNG KHỐI<br>PHÓ TRƯỞNG KHỐI" in signer[:300]
