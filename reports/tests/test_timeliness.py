"""One rule for a report's timeliness (Report.timeliness) on its page, in the list's filter, on the
completeness page and in the API: a returned report is not sent; the day sent is the local day."""

import datetime
import re
import zoneinfo

import pytest

from reports import queries, services
from reports.choices import ReportStatus
from reports.models import Report
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db
LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _sent(setup, world):
    """Quarter II/2025 (deadline after 30/06/2025), figures entered and sent by commune A's editor."""
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(report, user=world.editor_a, version=report.version, values={setup.received.pk: "10"})
    return services.submit(report, user=world.editor_a)


def _timeliness_everywhere(client, report):
    """(page badge, list filter matches, API value) for `report`."""
    page = client.get(report.get_absolute_url()).content.decode()
    badge = re.search(r'data-timeliness="(\w+)">([^<]+)<', page)
    listed = {
        key
        for key in ("on_time", "late", "overdue")
        if report.pk in [row["id"] for row in client.get("/api/reports/", {"timeliness": key}).json()["results"]]
    }
    api = client.get(f"/api/reports/{report.pk}/").json()
    return (badge.group(1), badge.group(2)), listed, api["timeliness"], api["is_late"]


def test_a_report_returned_after_its_deadline_is_overdue_not_on_time(setup, world, client):
    report = _sent(setup, world)
    Report.objects.filter(pk=report.pk).update(submitted_at=datetime.datetime(2025, 7, 1, 9, tzinfo=LOCAL))
    approver = user_with_role("duyet_tinh", "approver", world.province)
    services.return_report(Report.objects.get(pk=report.pk), user=approver, comment="Bổ sung số liệu")
    report = Report.objects.get(pk=report.pk)
    client.force_login(world.editor_a)

    seen = _timeliness_everywhere(client, report)
    row = next(
        row
        for row in queries.completeness_for_user(world.admin, setup.form, setup.period, area=world.province).rows
        if row.organization == world.front_a
    )

    assert report.status == ReportStatus.RETURNED
    assert seen == (("overdue", "Quá hạn, chưa nộp"), {"overdue"}, "overdue", False)
    assert row.timeliness == "overdue"


def test_the_day_sent_is_the_local_day(setup, world, client):
    report = _sent(setup, world)
    # 00:30 in Việt Nam the day after the deadline is still the deadline in UTC.
    sent = datetime.datetime.combine(report.deadline + datetime.timedelta(days=1), datetime.time(0, 30), LOCAL)
    Report.objects.filter(pk=report.pk).update(submitted_at=sent)
    report = Report.objects.get(pk=report.pk)
    client.force_login(world.editor_a)

    assert sent.astimezone(datetime.UTC).date() == report.deadline
    assert _timeliness_everywhere(client, report) == (("late", "Nộp trễ hạn"), {"late"}, "late", True)


def test_a_report_sent_by_its_deadline_is_on_time_everywhere(setup, world, client):
    report = _sent(setup, world)
    sent = datetime.datetime.combine(report.deadline, datetime.time(23, 30), LOCAL)
    Report.objects.filter(pk=report.pk).update(submitted_at=sent)
    client.force_login(world.editor_a)

    assert _timeliness_everywhere(client, Report.objects.get(pk=report.pk)) == (
        ("on_time", "Nộp đúng hạn"),
        {"on_time"},
        "on_time",
        False,
    )
