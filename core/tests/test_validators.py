"""The shared validators: Vietnamese phone numbers as people write them."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import PHONE_MESSAGE, validate_phone


@pytest.mark.parametrize(
    "value",
    [
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "0912345678",
        "(0254) 3.123.456",
        "0254 3123456",
        "+84 912345678",
        "+84 912 345 678",
        "(+84) 254 3123456",
        "+84 (0) 912 345 678",
        "912345678",  # the leading 0 Excel drops from a number typed into a number cell
        "1900 1234",
        "1800 599 920",
        "",
        "   ",
    ],
)
def test_common_ways_of_writing_a_phone_number_pass(value):
    validate_phone(value)


@pytest.mark.parametrize(
    "value",
    [
        "abc xyz",
        "0912 abc 678",
        "0912",
        "113",
        "0912 345 67",  # a digit short
        "0912 345 678 9",  # a digit too many for a mobile, not an 11-digit landline (02...)
        "0912345678 / 0254 3123456",
        "0912345678, 0987654321",
        "(0254 3123456",
        "0254) 3123456",
        "+1 555 123 4567",
        "++84 912345678",
        "0012345678",
    ],
)
def test_text_that_is_not_one_phone_number_is_refused_in_vietnamese(value):
    with pytest.raises(ValidationError) as error:
        validate_phone(value)

    assert error.value.messages == [str(PHONE_MESSAGE)]
    assert error.value.messages[0].startswith("Số điện thoại không hợp lệ.")
