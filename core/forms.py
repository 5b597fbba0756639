"""Form helpers shared by every app."""

from decimal import Decimal

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


NUMBER_INVALID = _("Nhập một số, ví dụ 1.000 hoặc 72,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân).")


def read_number(field: forms.Field, value, decimal_places: int | None) -> Decimal | None:
    """Return the Decimal a person typed the Vietnamese way into `field`, or None if empty.

    Raise the field's "invalid" error for text parse_number refuses: an ambiguous "72.5", more
    decimals than `decimal_places` (None: up to 20, a float's), anything that is not a number.
    """
    if value in field.empty_values:
        return None
    try:
        number = parse_number(str(value).strip(), decimal_places=20 if decimal_places is None else decimal_places)
    except ValueError:
        number = None
    if number is None:
        raise ValidationError(field.error_messages["invalid"], code="invalid")
    return number


class _TypedDecimal:
    """What a decimal and a float typed the Vietnamese way share: a text box offering the number
    keys, the message naming the Vietnamese way, and the value shown localized (72,50)."""

    widget = DecimalTextInput
    default_error_messages = {"invalid": NUMBER_INVALID}

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)


class VietnameseDecimalField(_TypedDecimal, forms.DecimalField):
    """A decimal typed the Vietnamese way, read as imports read it (core.imports.parse_number).

    A dot groups thousands and a comma starts the decimals ("1.000" is one thousand, "72,5"
    seventy-two and a half); a form both could mean ("72.5") or more decimals than
    `decimal_places` is refused as "invalid" rather than guessed, as Django's localized reading
    guesses. The bounds, digits and error messages are DecimalField's.
    """

    def to_python(self, value):
        return read_number(self, value, self.decimal_places)


class VietnameseFloatField(_TypedDecimal, forms.FloatField):
    """A model FloatField (coordinates, an area in km²) typed the Vietnamese way: "10,4676".

    Read as VietnameseDecimalField reads; a float has no fixed decimal places, so any number of
    decimals is taken (a coordinate copied from a map has six or more).
    """

    def to_python(self, value):
        number = read_number(self, value, None)
        return None if number is None else float(number)


class VietnameseIntegerField(forms.IntegerField):
    """A whole number (a year, a sort order, a count of days) read the Vietnamese way.

    "1.000" is one thousand, as everywhere in the app; Django's own reading strips a trailing
    ".000" and took it for 1. A decimal ("2,5", "2.0") is refused. The input stays a number box
    showing the bare value (2025, not 2.025).
    """

    default_error_messages = {
        "invalid": _("Nhập một số nguyên, ví dụ 2025 hoặc 1.000 (dấu chấm ngăn cách hàng nghìn)."),
    }

    def to_python(self, value):
        number = read_number(self, value, 0)
        return None if number is None else int(number)


# Django's own number fields and the field reading the same value the Vietnamese way. Only these
# exact classes are replaced: a subclass has its own reasons.
_VIETNAMESE_FIELDS = {
    forms.DecimalField: VietnameseDecimalField,
    forms.FloatField: VietnameseFloatField,
    forms.IntegerField: VietnameseIntegerField,
}


def read_numbers_the_vietnamese_way(form) -> None:
    """Replace the Django number fields of `form` with the Vietnamese ones (one reading everywhere).

    A model form builds DecimalField, FloatField and IntegerField from its model, which read
    "1.000" as 1 and refuse "72,5". Each such field is rebuilt as its Vietnamese counterpart with
    the same label, help text, requiredness, initial value, digits, bounds and validators; the
    messages are Django's except "invalid", which names the Vietnamese way. A decimal's input
    becomes a text box showing the value localized (1.234,5); a whole number's widget is kept.
    Hidden inputs (a version the page sends back) are values the app wrote and are left alone.
    """
    for name, field in form.fields.items():
        kind = _VIETNAMESE_FIELDS.get(type(field))
        if kind is None or field.widget.is_hidden:
            continue
        kwargs = {
            "required": field.required,
            "label": field.label,
            "initial": field.initial,
            "help_text": field.help_text,
            "disabled": field.disabled,
            "label_suffix": field.label_suffix,
        }
        if kind is VietnameseDecimalField:
            kwargs.update(max_digits=field.max_digits, decimal_places=field.decimal_places)
        if kind is VietnameseIntegerField:
            kwargs["widget"] = field.widget
        else:
            attrs = {key: value for key, value in field.widget.attrs.items() if key not in {"min", "max", "step"}}
            kwargs["widget"] = DecimalTextInput(attrs=attrs)
        vietnamese = kind(**kwargs)
        vietnamese.min_value, vietnamese.max_value, vietnamese.step_size = (
            field.min_value,
            field.max_value,
            field.step_size,
        )
        vietnamese.validators = list(field.validators)
        vietnamese.error_messages = {**field.error_messages, "invalid": vietnamese.error_messages["invalid"]}
        form.fields[name] = vietnamese


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
