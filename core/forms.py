"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.imports import parse_number


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: on the named fields it has, else above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, messages)
    else:
        form.add_error(None, error.messages)


class DecimalTextInput(forms.TextInput):
    """A text box for a decimal typed the Vietnamese way (72,5): the phone offers the number keys."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})
        self.is_localized = True


class VietnameseDecimalField(forms.DecimalField):
    """A decimal typed the Vietnamese way, read as imports read it (core.imports.parse_number).

    A dot groups thousands and a comma starts the decimals ("1.000" is one thousand, "72,5"
    seventy-two and a half); a form both could mean ("72.5") or more decimals than
    `decimal_places` is refused as "invalid" rather than guessed, as Django's localized reading
    guesses. The bounds, digits and error messages are DecimalField's; values are shown localized
    (72,50).
    """

    widget = DecimalTextInput
    default_error_messages = {
        "invalid": _(
            "Nhập một số, ví dụ 1.000 hoặc 72,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        places = 20 if self.decimal_places is None else self.decimal_places
        try:
            number = parse_number(str(value).strip(), decimal_places=places)
        except ValueError:
            number = None
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def bound_numbers_by_model(form) -> None:
    """Give a model form's number fields the bounds of their model field's validators.

    Django builds the form field of a PositiveSmallIntegerField with `min_value=0` and leaves the
    model's own `MinValueValidator(2000)` to the model validation, which runs only when the form
    field passed: a year of -5 was refused with "≥ 0" although the rule is 2000-2100. The input
    also gets the true `min`/`max` attributes.
    """
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        low = _tightest(model_field.validators, MinValueValidator, max, field.min_value)
        high = _tightest(model_field.validators, MaxValueValidator, min, field.max_value)
        if (low, high) == (field.min_value, field.max_value):
            continue
        field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)]
        field.min_value, field.max_value = low, high
        for limit, validator, attr in ((low, MinValueValidator, "min"), (high, MaxValueValidator, "max")):
            if limit is not None:
                field.validators.append(validator(limit))
                field.widget.attrs[attr] = limit


def _tightest(validators, kind, pick, current):
    limits = [v.limit_value for v in validators if isinstance(v, kind) and not callable(v.limit_value)]
    if current is not None:
        limits.append(current)
    return pick(limits) if limits else None
