"""Scoped models of reports, declared for the reusable scoping suite (tests/scoping.py)."""

from reports.models import DataValue, Period, Report, ReportEvent, ReportReminder, ReportText
from tests.factories.reports import ReportFactory, indicator, prose_section, report_form
from tests.scoping import ScopedCase


def _report(world, where):
    return ReportFactory(organization=world.front_a if where == "a" else world.front_b)


def _value(world, where):
    report = _report(world, where)
    return DataValue.objects.create(
        report=report,
        indicator=indicator(),
        number=3,
        path=report.path,
        period=report.period,
        form=report.form,
        status=report.status,
    )


def _text(world, where):
    report = _report(world, where)
    return ReportText.objects.create(report=report, section=prose_section(report.form), text="Kết quả")


def _event(world, where):
    return ReportEvent.objects.create(report=_report(world, where), action="create", to_status="draft")


def _reminder(world, where):
    return ReportReminder.objects.create(
        form=report_form(),
        period=Period.objects.for_code("2025Q2"),
        organization=world.front_a if where == "a" else world.front_b,
        kind="manual",
    )


CASES = [
    ScopedCase(
        model=Report,
        make=_report,
        detail_url="reports:report_detail",
        list_url="reports:report_list",
        api_basename="report",
    ),
    ScopedCase(model=DataValue, make=_value),
    ScopedCase(model=ReportText, make=_text),
    ScopedCase(model=ReportEvent, make=_event),
    ScopedCase(model=ReportReminder, make=_reminder),
]
