"""core.forms.bound_numbers_by_model: a model form's number inputs carry the model's bounds."""

import pytest
from django.utils import translation

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
