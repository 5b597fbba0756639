"""Lập báo cáo in the browser: changing "Biểu mẫu" (the form reloads through htmx) keeps the
period and the unit chosen so far when they fit the new form, and falls back otherwise."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from reports import periods
from reports.models import ReportForm
from tests.factories.orgunits import organization, organization_kind

pytestmark = pytest.mark.browser
DEFAULT_FORM = "bao_cao_dan_van_quy"


def field(page: Page, label: str):
    return page.get_by_label(label, exact=True)


def test_changing_the_form_keeps_the_chosen_period_when_it_fits(session_page, bworld):
    khoi = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    quarterly = ReportForm.objects.get(code=DEFAULT_FORM)
    other = ReportForm.objects.create(code="bao_cao_quy_khac", name="Báo cáo chuyên đề quý", period_type="quarter")
    monthly = ReportForm.objects.create(code="bao_cao_thang", name="Báo cáo nhanh tháng", period_type="month")
    for form in (other, monthly):
        form.organization_kinds.set([organization_kind("khoi_dan_van")])
    today = timezone.localdate()
    current = periods.containing("quarter", today)
    previous = periods.containing("quarter", current.start - datetime.timedelta(days=1))

    page: Page = session_page(bworld.editor_a)
    page.goto(reverse("reports:report_add"))
    field(page, "Biểu mẫu *").select_option(str(quarterly.pk))
    expect(field(page, "Kỳ báo cáo")).to_have_value(current.code)
    field(page, "Kỳ báo cáo").select_option(previous.code)
    expect(field(page, "Đơn vị báo cáo *")).to_have_value(str(khoi.pk))

    # Another quarterly form: the chosen quarter and unit stay.
    field(page, "Biểu mẫu *").select_option(str(other.pk))
    expect(page.locator("input[name=organization__search]")).to_have_attribute(
        "hx-get", f"{reverse('reports:organization_autocomplete')}?form={other.pk}"
    )  # the form has reloaded
    expect(field(page, "Kỳ báo cáo")).to_have_value(previous.code)
    expect(field(page, "Đơn vị báo cáo *")).to_have_value(str(khoi.pk))

    # A monthly form: a quarter is no period of it, so its current month is offered instead.
    field(page, "Biểu mẫu *").select_option(str(monthly.pk))
    expect(field(page, "Kỳ báo cáo")).to_have_value(periods.containing("month", today).code)
    expect(field(page, "Đơn vị báo cáo *")).to_have_value(str(khoi.pk))


def test_swapped_content_is_live_at_once(session_page, bworld):
    """htmx wires swapped-in elements when it settles; with the default 20 ms settle delay a
    "Biểu mẫu" changed right after a reload sent nothing and the period stayed stale."""
    page: Page = session_page(bworld.editor_a)
    page.goto(reverse("reports:report_add"))
    assert page.evaluate("() => htmx.config.defaultSettleDelay") == 0
