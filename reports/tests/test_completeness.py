"""Completeness and timeliness: who must submit, on time, late, overdue; the page, its filters and
scope; reminders (task, command, approvers' button) sent once to the right people."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from reports import periods, queries, reminders, services
from reports.choices import ReminderKind, Timeliness
from reports.models import Period, Report, ReportReminder
from reports.tasks import send_report_reminders
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import commune, organization

pytestmark = pytest.mark.django_db
URL = reverse("reports:completeness")
REMIND = reverse("reports:completeness_remind")


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


def _submitted(setup, org, user, on: datetime.date, received="3"):
    report = services.open_report(setup.form, setup.period, org, user=user)
    services.save_report(report, user=user, version=report.version, values={setup.received.pk: received})
    services.submit(report, user=user)
    Report.objects.filter(pk=report.pk).update(submitted_at=_at(on))
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def third(world):
    """A third commune's Front committee, with no report at all."""
    return organization(commune(world.province, "Xã Bình Khánh", code="91003"), "mttq")


def _statuses(result):
    return {row.organization.name: (row.status, row.timeliness) for row in result.rows}


def test_completeness_on_time_late_and_overdue(setup, world, third):
    _submitted(setup, world.front_a, world.editor_a, datetime.date(2025, 7, 5))
    _submitted(setup, world.front_b, world.editor_b, datetime.date(2025, 7, 9))

    result = queries.completeness_for_user(world.admin, setup.form, setup.period, area=world.province)

    assert _statuses(result) == {
        world.front_a.name: ("submitted", Timeliness.ON_TIME),
        world.front_b.name: ("submitted", Timeliness.LATE),
        third.name: ("", Timeliness.OVERDUE),
    }
    assert result.counts == {
        "total": 3,
        "submitted": 2,
        "on_time": 1,
        "late": 1,
        "missing": 1,
        "overdue": 1,
        "pending": 0,
        "approved": 0,
    }
    assert result.deadline == datetime.date(2025, 7, 5)


def test_completeness_draft_and_returned_reports_are_not_submitted(setup, world, third):
    services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    returned = _submitted(setup, world.front_b, world.editor_b, datetime.date(2025, 7, 1))
    services.return_report(
        returned, user=user_with_role("duyet", "approver", world.province), comment="Bổ sung số liệu."
    )

    result = queries.completeness_for_user(world.admin, setup.form, setup.period, area=world.province)

    assert _statuses(result) == {
        world.front_a.name: ("draft", Timeliness.OVERDUE),
        world.front_b.name: ("returned", Timeliness.OVERDUE),
        third.name: ("", Timeliness.OVERDUE),
    }


def test_completeness_before_the_deadline_is_pending(setup, world):
    result = queries.completeness_for_user(
        world.admin, setup.form, setup.period, area=world.province, today=datetime.date(2025, 7, 5)
    )

    assert {row.timeliness for row in result.rows} == {Timeliness.PENDING}


def test_completeness_page_shows_counts_and_percentages(setup, world, third, client):
    _submitted(setup, world.front_a, world.editor_a, datetime.date(2025, 7, 2))
    client.force_login(world.province_editor)

    response = client.get(URL, {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk})

    content = response.content.decode()
    assert (response.context["counts"]["submitted"], response.context["counts"]["overdue"]) == (1, 2)
    assert '<span data-percent="submitted">33,3%</span>' in content
    assert [row.organization.name for row in response.context["page"].object_list] == [
        third.name,
        world.front_a.name,
        world.front_b.name,
    ]


def test_completeness_page_filters_by_state(setup, world, third, client):
    _submitted(setup, world.front_a, world.editor_a, datetime.date(2025, 7, 2))
    client.force_login(world.province_editor)
    params = {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk}

    def names(state):
        response = client.get(URL, {**params, "state": state})
        return [row.organization.name for row in response.context["page"].object_list]

    assert names("submitted") == [world.front_a.name]
    assert names("overdue") == [third.name, world.front_b.name]
    assert names("late") == []


def test_completeness_page_is_scoped_to_the_user(setup, world, client):
    client.force_login(world.editor_a)

    own = client.get(URL, {"form": setup.form.pk, "period": "2025Q2"})
    other = client.get(URL, {"form": setup.form.pk, "period": "2025Q2", "area": world.commune_b.pk})

    assert [row.organization for row in own.context["page"].object_list] == [world.front_a]
    assert (list(other.context["form"].errors), other.context["data"]) == (["area"], None)


def test_completeness_refuses_a_year_of_a_quarterly_form(setup, world, client):
    client.force_login(world.province_editor)

    response = client.get(URL, {"form": setup.form.pk, "period": "2025"})

    assert response.context["form"].errors == {"period": ["Biểu mẫu này báo cáo theo kỳ quý: chọn một kỳ quý."]}


def test_completeness_export_lists_the_filtered_rows(setup, world, third, client):
    from io import BytesIO

    from openpyxl import load_workbook

    _submitted(setup, world.front_b, world.editor_b, datetime.date(2025, 7, 9))
    client.force_login(world.province_editor)

    response = client.get(
        URL, {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk, "export": "xlsx", "state": "late"}
    )

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=14, values_only=True))
    assert sheet["A1"].value == "Tình hình nộp báo cáo: Báo cáo công tác dân vận quý"
    assert rows[0][:6] == ("STT", "Đơn vị", "Địa bàn", "Loại tổ chức", "Trạng thái", "Tình hình nộp")
    assert [row[:6] for row in rows[1:]] == [
        (1, world.front_b.name, "Xã Thạnh An", world.front_b.kind.name, "Đã gửi", "Nộp trễ hạn")
    ]
    assert rows[1][6:8] == (datetime.datetime(2025, 7, 5), datetime.datetime(2025, 7, 9, 9, 30))


@pytest.mark.parametrize("communes", [1, 3])
def test_completeness_query_count_does_not_depend_on_rows(setup, world, client, django_assert_num_queries, communes):
    for number in range(communes):
        organization(commune(world.province, f"Xã Mới {number}", code=f"9190{number}"), "mttq")
    client.force_login(world.province_editor)
    params = {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk}
    client.get(URL, params)

    # session, user, the chosen form, view prefixes with predecessors (one statement), the fields' checks (form,
    # area), period, obligated organizations, their reports, reminders, the approve prefixes; the
    # navbar (manage and add prefixes, current unit); the selects (forms twice, chosen area, kinds)
    with django_assert_num_queries(18):
        response = client.get(URL, params)

    assert response.context["counts"]["total"] == 2 + communes


#
# Reminders
#


@pytest.fixture
def people(world, third):
    """Who is in charge where: commune A's editor (by the area), commune B's unit administrator
    (on its Front committee), a province editor (not reminded: the level above), no e-mail for
    the third commune."""
    return {
        "a": user_with_role("can_bo_a", "editor", world.commune_a, email="a@danvan.vn", full_name="Nguyễn Văn A"),
        "b": user_with_role("can_bo_b", "unit_admin", world.front_b, email="b@danvan.vn"),
        "province": user_with_role("can_bo_tinh", "editor", world.province, email="tinh@danvan.vn"),
        "viewer": user_with_role("xem_b", "viewer", world.commune_b, email="xem@danvan.vn"),
    }


def test_reminder_task_emails_the_people_in_charge_once(setup, world, third, people):
    _submitted(setup, world.front_a, world.editor_a, datetime.date(2025, 7, 2))
    services.open_report(setup.form, setup.period, world.front_b, user=world.editor_b)

    send_report_reminders.enqueue(form_id=setup.form.pk, period_id=setup.period.pk, area_path=world.province.path)
    first = [(message.to, message.subject) for message in mail.outbox]
    send_report_reminders.enqueue(form_id=setup.form.pk, period_id=setup.period.pk, area_path=world.province.path)

    assert first == [(["b@danvan.vn"], "Nhắc nộp báo cáo “Báo cáo công tác dân vận quý” – Quý II/2025")]
    assert len(mail.outbox) == 1
    assert f"- {world.front_b.name} (Xã Thạnh An)" in mail.outbox[0].body
    assert "Báo cáo đã quá hạn" in mail.outbox[0].body
    assert sorted(ReportReminder.objects.values_list("organization__name", "kind", "recipients")) == sorted(
        [(world.front_b.name, ReminderKind.OVERDUE, "b@danvan.vn"), (third.name, ReminderKind.OVERDUE, "")]
    )


def test_reminder_one_message_per_user_for_several_units(setup, world, people):
    second = organization(world.commune_a, "hoi_nong_dan", name="Hội Nông dân xã Long Điền")
    setup.form.organization_kinds.add(second.kind)

    reminders.send_reminders(setup.form, setup.period, area_path=world.commune_a.path)

    assert [message.to for message in mail.outbox] == [["a@danvan.vn"]]
    assert mail.outbox[0].body.startswith("Kính gửi Nguyễn Văn A,")
    assert (world.front_a.name in mail.outbox[0].body, second.name in mail.outbox[0].body) == (True, True)


def test_reminder_before_and_after_the_deadline_are_sent_once_each(setup, world, people):
    area = world.commune_a.path

    before = reminders.send_reminders(setup.form, setup.period, area_path=area, today=datetime.date(2025, 7, 3))
    again = reminders.send_reminders(setup.form, setup.period, area_path=area, today=datetime.date(2025, 7, 4))
    after = reminders.send_reminders(setup.form, setup.period, area_path=area, today=datetime.date(2025, 7, 6))

    assert ([r.kind for r in before], again, [r.kind for r in after]) == (
        [ReminderKind.DUE_SOON],
        [],
        [ReminderKind.OVERDUE],
    )
    assert "Còn 2 ngày đến hạn nộp báo cáo." in mail.outbox[0].body


def test_reminder_button_needs_the_approve_role(setup, world, people, client):
    client.force_login(world.province_editor)

    response = client.post(REMIND, {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk})

    assert (response.status_code, len(mail.outbox), ReportReminder.objects.count()) == (403, 0, 0)


def test_reminder_button_reminds_the_missing_units_once_a_day(setup, world, third, people, client):
    approver = user_with_role("duyet_tinh", "approver", world.province, full_name="Trần Thị Duyệt")
    client.force_login(approver)
    data = {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk}

    page = client.get(URL, data)
    first = client.post(REMIND, data, follow=True)
    client.post(REMIND, data)

    assert 'data-testid="remind-form"' in page.content.decode()
    assert page.context["remindable"] == 3
    assert first.redirect_chain == [(f"{URL}?form={setup.form.pk}&period=2025Q2&area={world.province.pk}", 302)]
    assert sorted(message.to[0] for message in mail.outbox) == ["a@danvan.vn", "b@danvan.vn"]
    assert "Người nhắc: Trần Thị Duyệt." in mail.outbox[0].body
    assert ReportReminder.objects.filter(kind=ReminderKind.MANUAL, sent_by=approver).count() == 3
    assert first.context["remindable"] == 0


def test_reminder_button_refuses_a_period_that_has_not_begun(setup, world, people, client):
    client.force_login(user_with_role("duyet_tinh", "approver", world.province))

    response = client.post(REMIND, {"form": setup.form.pk, "period": "2100Q4", "area": world.province.pk}, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "Chưa nhắc được: Kỳ báo cáo Quý IV/2100 chưa bắt đầu (từ ngày 01/10/2100)."
    ]
    assert (len(mail.outbox), ReportReminder.objects.count(), Period.objects.filter(code="2100Q4").exists()) == (
        0,
        0,
        False,
    )


def test_reminder_button_is_hidden_from_editors(setup, world, client):
    client.force_login(world.province_editor)

    response = client.get(URL, {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk})

    assert (response.context["can_remind"], 'data-testid="remind-form"' in response.content.decode()) == (False, False)


def test_send_report_reminders_command_queues_the_current_periods(setup, world, people):
    today = timezone.localdate()
    last = queries.last_ended_period("quarter", today)
    setup.form.deadline_days = (today - last.end).days + 1  # the deadline is tomorrow
    setup.form.save()
    output = io.StringIO()

    call_command("send_report_reminders", "--form", setup.form.code, "--days", "3", stdout=output)
    # A code is one code whatever its case: the second run finds the form as well.
    call_command("send_report_reminders", "--form", setup.form.code.upper(), stdout=output)

    assert set(ReportReminder.objects.values_list("period__code", "kind")) == {(last.code, ReminderKind.DUE_SOON)}
    assert sorted(message.to[0] for message in mail.outbox) == ["a@danvan.vn", "b@danvan.vn"]
    assert output.getvalue().count("Đã xếp lịch nhắc: Báo cáo công tác dân vận quý") == 2


def test_send_report_reminders_command_with_a_period(setup, world, third, people):
    output = io.StringIO()

    call_command("send_report_reminders", "--period", "2025Q2", stdout=output)

    assert sorted(ReportReminder.objects.values_list("organization__name", "kind")) == sorted(
        [(org.name, ReminderKind.OVERDUE) for org in (world.front_a, world.front_b, third)]
    )
    assert "Báo cáo công tác dân vận quý – Quý II/2025" in output.getvalue()


def test_send_report_reminders_command_refuses_unknown_codes(setup):
    with pytest.raises(CommandError):
        call_command("send_report_reminders", "--form", "khong_co")
    with pytest.raises(CommandError):
        call_command("send_report_reminders", "--period", "2025Q9")


@pytest.mark.parametrize("arguments", [["--period", "2100Q4"], ["--days", "100000"], ["--days", "-1"]])
def test_send_report_reminders_command_refuses_far_periods_and_horizons(setup, arguments):
    with pytest.raises(CommandError):
        call_command("send_report_reminders", *arguments)

    assert (ReportReminder.objects.count(), Period.objects.filter(code="2100Q4").exists()) == (0, False)


def test_reminders_are_not_sent_for_a_period_that_has_not_begun(setup, world, people):
    future = Period.objects.for_code("2100Q4")

    sent = reminders.send_reminders(setup.form, future, area_path=world.province.path)

    assert (sent, len(mail.outbox)) == ([], 0)


def test_due_periods_takes_the_last_ended_period_near_its_deadline(setup):
    setup.form.deadline_days = 5

    near = reminders.due_periods(setup.form, datetime.date(2025, 7, 3), within_days=3)
    far = reminders.due_periods(setup.form, datetime.date(2025, 7, 1), within_days=3)
    passed = reminders.due_periods(setup.form, datetime.date(2025, 9, 20), within_days=3)

    assert ([p.code for p in near], far, [p.code for p in passed]) == (["2025Q2"], [], ["2025Q2"])


def test_last_ended_period_of_each_type():
    day = datetime.date(2025, 7, 1)

    assert [queries.last_ended_period(t, day).code for t in ("month", "quarter", "six_months", "year")] == [
        "202506",
        "2025Q2",
        "2025S1",
        "2024",
    ]
    assert periods.parse("2024N9").code == queries.last_ended_period("nine_months", day).code
    assert Period.objects.count() == 0


def _timeliness_colours(content: str) -> dict[str, str]:
    """{state: badge colour} of the timeliness badges in a page (compact or not)."""
    compact = re.findall(r'<span data-timeliness="(\w+)"><span class="badge ([\w-]+) compact-label"', content)
    plain = [
        (state, css) for css, state in re.findall(r'<span class="badge ([\w-]+)" data-timeliness="(\w+)"', content)
    ]
    return dict(compact + plain)


def test_timeliness_has_one_colour_per_state_on_every_reports_page(setup, world, third, client):
    _submitted(setup, world.front_a, world.editor_a, datetime.date(2025, 7, 2))
    late = _submitted(setup, world.front_b, world.editor_b, datetime.date(2025, 7, 9))
    client.force_login(world.province_editor)

    completeness = client.get(URL, {"form": setup.form.pk, "period": "2025Q2", "area": world.province.pk})
    report_list = client.get(reverse("reports:report_list"))
    report_page = client.get(late.get_absolute_url())

    on_time, late_css, overdue = "text-bg-success", "text-bg-warning", "text-bg-danger"
    assert _timeliness_colours(completeness.content.decode()) == {
        "on_time": on_time,
        "late": late_css,
        "overdue": overdue,
    }
    assert _timeliness_colours(report_list.content.decode()) == {"on_time": on_time, "late": late_css}
    assert _timeliness_colours(report_page.content.decode()) == {"late": late_css}
