"""The demo reports (reports.demo, run by `manage.py demo`): made through the services, in every
state, dated before their deadline, and not made again by a second run.

The command runs twice once for the module; each test reads the result in a savepoint.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import User
from core.models import ObjectChange
from orgunits.demo import demo_communes
from reports import queries
from reports.choices import ReportAction, ReportStatus
from reports.documents.content import issuer_abbreviation
from reports.models import DataValue, Period, Report, ReportEvent, ReportForm
from reports.rules import allowed_actions

pytestmark = pytest.mark.django_db


def _counts():
    return {model.__name__: model.objects.count() for model in (Report, DataValue, ReportEvent)}


@pytest.fixture(scope="module")
def demo_twice(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEMO_HAMLETS_PER_COMMUNE=1), transaction.atomic():
        out = io.StringIO()
        call_command("demo", skip_checks=True, stdout=io.StringIO())
        first = _counts()
        call_command("demo", skip_checks=True, stdout=out)
        yield {"first": first, "second": _counts(), "output": out.getvalue()}
        transaction.set_rollback(True)


def _last_two_quarters():
    form = ReportForm.objects.get(code="bao_cao_dan_van_quy")
    last = queries.last_ended_period(form.period_type)
    earlier = queries.last_ended_period(form.period_type, last.start)
    return form, Period.objects.get(code=earlier.code), Period.objects.get(code=last.code)


def test_second_run_creates_no_report(demo_twice):
    assert demo_twice["first"] == demo_twice["second"]
    assert demo_twice["first"]["Report"] == 9
    assert "Báo cáo định kỳ mẫu (hai quý gần nhất): tạo mới 0, đã có 9." in demo_twice["output"]


def test_reports_are_in_every_state_of_the_last_quarter(demo_twice):
    form, earlier, last = _last_two_quarters()
    commune_a, commune_b, others = demo_communes()

    def status(period, commune):
        report = Report.objects.filter(form=form, period=period, organization__area=commune).first()
        return report.status if report else None

    assert [status(earlier, c) for c in (commune_a, commune_b, *others)] == [ReportStatus.APPROVED] * 5
    assert [status(last, c) for c in (commune_a, commune_b, *others)] == [
        ReportStatus.SUBMITTED,
        ReportStatus.DRAFT,
        ReportStatus.APPROVED,
        ReportStatus.APPROVED,
        None,
    ]


def test_figures_keep_the_forms_rules_and_steps_are_dated_before_the_deadline(demo_twice):
    form, earlier, _last = _last_two_quarters()
    for report in Report.objects.filter(form=form, period=earlier):
        values = {v.indicator.code: v.number for v in report.values.select_related("indicator")}
        assert values["y_kien_da_tra_loi"] <= values["y_kien_doi_thoai"]
        assert values["kien_nghi_giai_quyet"] <= values["kien_nghi_tiep_nhan"]
        assert values["doan_vien_hoi_vien"] <= values["doi_tuong_tap_hop"]
        # The number ends as the document prints a blank one, and as the entry page's example.
        assert report.texts.count() == 5 and report.number.endswith(f"-BC/{issuer_abbreviation(report.organization)}")
        assert earlier.end < report.submitted_at.date() <= report.deadline
        submit = report.events.get(action=ReportAction.SUBMIT)
        approve = report.events.get(action=ReportAction.APPROVE)
        assert submit.time == report.submitted_at and approve.time == report.approved_at > report.submitted_at
        assert approve.user.username == "duyet"


def test_the_city_approver_may_decide_the_submitted_report_but_not_edit_it(demo_twice):
    form, _earlier, last = _last_two_quarters()
    commune_a, *_rest = demo_communes()
    submitted = Report.objects.get(form=form, period=last, organization__area=commune_a)

    assert allowed_actions(User.objects.get(username="duyet"), submitted) == {"approve", "return"}
    assert allowed_actions(User.objects.get(username="xa_a"), submitted) == set()


def test_the_city_rollup_holds_the_approved_figures(demo_twice):
    form, earlier, _last = _last_two_quarters()
    commune_a, *_rest = demo_communes()
    city = commune_a.parent
    reports = Report.objects.filter(form=form, period=earlier)
    meetings = sum(DataValue.objects.get(report=report, indicator__code="hoi_nghi").number for report in reports)

    table = queries.rollup_table_for_user(User.objects.get(username="thanhpho"), form, earlier, area=city)

    column = [indicator.code for indicator in table.indicators].index("hoi_nghi")
    assert meetings > 0 and table.total.values[column] == meetings


def test_report_changes_are_audited_under_their_editor_and_approver(demo_twice):
    form, earlier, _last = _last_two_quarters()
    commune_a = demo_communes()[0]
    report = Report.objects.get(form=form, period=earlier, organization__area=commune_a)

    changes = ObjectChange.objects.filter(content_type__model="report", object_id=str(report.pk))

    assert set(changes.values_list("user__username", flat=True)) == {"xa_a", "duyet"}
