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


#
# Every number input of the app reads the Vietnamese way (core.forms.read_numbers_the_vietnamese_way)
#

NUMBER_INVALID = "Nhập một số, ví dụ 1.000 hoặc 72,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
WHOLE_NUMBER_INVALID = "Nhập một số nguyên, ví dụ 2025 hoặc 1.000 (dấu chấm ngăn cách hàng nghìn)."


def _forms(world):
    from initiatives.forms.initiatives import ResultRowForm
    from orgunits.forms import AreaForm, AreaKindForm
    from reports.forms.catalog import IndicatorForm, ReportFormForm

    return {
        "area": lambda **kw: AreaForm(user=world.admin, **kw),
        "area_kind": lambda **kw: AreaKindForm(user=world.admin, **kw),
        "indicator": lambda **kw: IndicatorForm(user=world.admin, **kw),
        "report_form": lambda **kw: ReportFormForm(user=world.admin, **kw),
        "result_row": lambda **kw: ResultRowForm(**kw),
        "review_round": lambda **kw: ReviewRoundForm(user=world.admin, **kw),
    }


def _typed(world, form_name, field, text):
    """Return what `field` of the form made of `text`: its cleaned value and its errors."""
    with translation.override("vi"):
        form = _forms(world)[form_name](data={field: text})
        form.is_valid()
        return form.cleaned_data.get(field), list(form.errors.get(field, []))


DECIMAL_INPUTS = [
    ("area", "area_km2"),
    ("area", "latitude"),
    ("area", "longitude"),
    ("indicator", "multiplier"),
    ("indicator", "min_value"),
    ("indicator", "max_value"),
    ("result_row", "value"),
]


@pytest.mark.parametrize(("form_name", "field"), DECIMAL_INPUTS)
def test_decimal_inputs_read_a_comma_as_decimals(world, form_name, field):
    assert _typed(world, form_name, field, "12,5") == (Decimal("12.5"), [])


@pytest.mark.parametrize(("form_name", "field"), [i for i in DECIMAL_INPUTS if i[1] not in {"latitude", "longitude"}])
def test_decimal_inputs_read_a_dot_as_thousands(world, form_name, field):
    assert _typed(world, form_name, field, "1.000") == (Decimal(1000), [])


@pytest.mark.parametrize(("form_name", "field"), DECIMAL_INPUTS)
@pytest.mark.parametrize("typed", ["72.5", "2.70", "1,000.5", "1e3"])
def test_decimal_inputs_refuse_ambiguous_text_with_the_shared_message(world, form_name, field, typed):
    assert _typed(world, form_name, field, typed) == (None, [NUMBER_INVALID])


@pytest.mark.parametrize(
    ("form_name", "field", "typed", "expected"),
    [
        ("indicator", "multiplier", "1.000,5", Decimal("1000.5")),
        ("result_row", "value", "10.700,25", Decimal("10700.25")),
        ("area", "area_km2", "1.234,5", 1234.5),
    ],
)
def test_decimal_inputs_read_thousands_and_decimals_together(world, form_name, field, typed, expected):
    assert _typed(world, form_name, field, typed) == (expected, [])


def test_decimal_inputs_refuse_more_decimals_than_the_model_keeps(world):
    assert _typed(world, "indicator", "multiplier", "1,255") == (None, [NUMBER_INVALID])


def test_coordinates_take_the_decimals_a_map_gives(world):
    # A FloatField has no decimal places of its own: a coordinate copied from a map keeps them all.
    assert _typed(world, "area", "latitude", "10,4761234") == (10.4761234, [])
    assert _typed(world, "area", "longitude", "106,629712") == (106.629712, [])


@pytest.mark.parametrize(
    ("form_name", "field"),
    [("area_kind", "sort_order"), ("indicator", "sort_order"), ("report_form", "sort_order")],
)
def test_whole_number_inputs_read_1000_with_a_dot_as_one_thousand_not_one(world, form_name, field):
    assert _typed(world, form_name, field, "1.000") == (1000, [])
    assert _typed(world, form_name, field, "2.0") == (None, [WHOLE_NUMBER_INVALID])
    assert _typed(world, form_name, field, "2,5") == (None, [WHOLE_NUMBER_INVALID])


def test_a_year_typed_with_a_thousands_dot_is_the_year(world):
    assert _typed(world, "review_round", "year", "2.025") == (2025, [])
    assert _typed(world, "review_round", "year", "2025.0") == (None, [WHOLE_NUMBER_INVALID])


def test_number_inputs_show_their_values_the_way_they_read_them(world):
    from orgunits.models import Area, AreaKind
    from reports.models import Indicator

    forms_ = _forms(world)
    with translation.override("vi"):
        area = forms_["area"](instance=Area(latitude=10.4761234, longitude=106.6297, area_km2=1234.5))
        indicator = forms_["indicator"](instance=Indicator(multiplier=Decimal("1000.50")))
        kind = forms_["area_kind"](instance=AreaKind(sort_order=1000))
        html = {name: str(form[name]) for form, name in [(area, "latitude"), (area, "area_km2"), (kind, "sort_order")]}
        html["multiplier"] = str(indicator["multiplier"])

    assert {
        name: ('inputmode="decimal"' in tag, tag.split('value="')[1].split('"')[0]) for name, tag in html.items()
    } == {
        "latitude": (True, "10,4761234"),
        "area_km2": (True, "1.234,5"),
        "multiplier": (True, "1.000,50"),
        "sort_order": (False, "1000"),  # a number box: the browser shows the bare number
    }
