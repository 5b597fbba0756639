"""core.forms: a model form's number inputs carry the model's bounds; decimals are read the Vietnamese way."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core.forms import VietnameseDecimalField
from initiatives.forms.initiatives import InitiativeForm
from initiatives.forms.reviews import ReviewRoundForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [InitiativeForm, ReviewRoundForm])
def test_a_negative_year_is_refused_with_the_model_bounds_not_zero(world, form_class):
    with translation.override("vi"):
        form = form_class(data={"year": "-5"}, user=world.admin)
        form.is_valid()

        assert form.errors["year"] == ["Giá trị phải lớn hơn hoặc bằng 2000."]
        assert form_class(data={"year": "2101"}, user=world.admin).errors["year"] == [
            "Giá trị phải nhỏ hơn hoặc bằng 2100."
        ]
    html = str(form["year"])
    assert 'min="2000"' in html and 'max="' in html  # the round's own limit is tested below


def test_year_inputs_with_a_limit_relative_to_today_offer_no_later_year(world):
    from django.utils import timezone

    from initiatives.forms.lifecycle import AssessForm

    this_year = timezone.localdate().year
    round_year = str(ReviewRoundForm(user=world.admin)["year"])
    assess_year = str(AssessForm(initiative=None)["year"])

    assert f'max="{this_year + 1}"' in round_year
    assert f'max="{this_year}"' in assess_year


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("72,5", Decimal("72.5")), ("1.000", Decimal(1000)), ("1.234,5", Decimal("1234.5")), (" 90 ", Decimal(90))],
)
def test_vietnamese_decimal_field_reads_a_dot_as_thousands_and_a_comma_as_decimals(typed, expected):
    assert VietnameseDecimalField(decimal_places=2).clean(typed) == expected


@pytest.mark.parametrize("typed", ["72.5", "1,000.5", "7,555", "abc", "NaN"])
def test_vietnamese_decimal_field_refuses_ambiguous_or_invalid_text(typed):
    field = VietnameseDecimalField(decimal_places=2)

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        field.clean(typed)

    assert error.value.messages == [
        "Nhập một số, ví dụ 1.000 hoặc 72,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
    ]


def test_vietnamese_decimal_field_shows_its_value_the_way_it_reads_it():
    class ThresholdForm(forms.Form):
        score = VietnameseDecimalField(decimal_places=2)

    with translation.override("vi"):
        html = str(ThresholdForm(initial={"score": Decimal("1072.50")})["score"])

    assert ('value="1.072,50"' in html, 'inputmode="decimal"' in html) == (True, True)
