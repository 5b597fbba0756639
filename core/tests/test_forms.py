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
    assert 'min="2000"' in html and 'max="2100"' in html
