"""Lập báo cáo: choosing another form (the page reloads through htmx) keeps the period and the
unit chosen so far when they fit the new form, and falls back to its defaults otherwise."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import periods
from reports.models import ReportForm
from tests.factories.orgunits import organization_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_forms(setup):
    """Another quarterly form and a monthly one, both reported by the Front committees."""
    created = {}
    for code, period_type in (("bao_cao_quy_khac", "quarter"), ("bao_cao_thang", "month")):
        form = ReportForm.objects.create(code=code, name=code, period_type=period_type)
        form.organization_kinds.set([organization_kind("mttq")])
        created[period_type] = form
    return created


def _previous_quarter():
    current = periods.containing("quarter", timezone.localdate())
    return periods.containing("quarter", current.start - timezone.timedelta(days=1))


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_choosing_another_form_sends_the_period_and_unit_chosen_so_far(setup, world, client):
    client.force_login(world.editor_a)

    page = client.get(reverse("reports:report_add")).content.decode()

    form_select = re.search(r'<select name="form"[^>]*>', page).group(0)
    included = re.search(r'hx-include="([^"]*)"', form_select).group(1)
    assert [name for name in ("period", "period_code", "organization") if f"[name={name}]" in included] == [
        "period",
        "period_code",
        "organization",
    ]


def test_a_period_of_the_new_forms_type_is_kept(setup, world, client, other_forms):
    previous = _previous_quarter()
    client.force_login(world.editor_a)

    # What htmx sends when "Biểu mẫu" changes after "Quý ..." and the unit were chosen.
    response = client.get(
        reverse("reports:report_add"),
        {"form": other_forms["quarter"].pk, "period": previous.code, "organization": world.front_a.pk},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert (_selected(page, "period"), _selected(page, "organization")) == ([previous.code], [str(world.front_a.pk)])


def test_a_period_of_another_type_falls_back_to_the_new_forms_current_period(setup, world, client, other_forms):
    client.force_login(world.editor_a)

    response = client.get(
        reverse("reports:report_add"),
        {"form": other_forms["month"].pk, "period": _previous_quarter().code, "period_code": "2019Q3"},
    )

    form = response.context["form"]
    current_month = periods.containing("month", timezone.localdate()).code
    assert _selected(response.content.decode(), "period") == [current_month]
    assert [code for code, _label in form.fields["period"].widget.choices if "Q" in code] == []
    assert "period_code" not in form.initial


def test_a_unit_that_does_not_report_the_new_form_is_not_kept(setup, world, client, other_forms):
    monthly = other_forms["month"]
    monthly.organization_kinds.set([organization_kind("hoi_nong_dan")])
    client.force_login(world.editor_a)

    response = client.get(reverse("reports:report_add"), {"form": monthly.pk, "organization": world.front_a.pk})

    assert "organization" not in response.context["form"].initial
    assert _selected(response.content.decode(), "organization") == [""]
