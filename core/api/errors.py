"""Input errors of the API in Vietnamese, as {field: [messages]}.

DRF ships almost no Vietnamese, so its field errors would reach users in English: every app's
input serializers use `VietnameseErrorsMixin`. Django's own validators are translated already.
`field_errors` turns a Django ValidationError raised by a model or a service into DRF's 400 body.
"""

from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings
from rest_framework.utils.formatting import lazy_format
from rest_framework.views import exception_handler as drf_exception_handler

ERROR_MESSAGES = {
    "required": _("Trường này là bắt buộc."),  # the pages' words (Django's forms)
    "null": _("Trường này không được để trống."),
    "blank": _("Trường này không được để trống."),
    "max_length": _("Không được dài quá {max_length} ký tự."),
    "min_length": _("Cần ít nhất {min_length} ký tự."),
    "max_value": _("Giá trị không được lớn hơn {max_value}."),
    "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
    "max_digits": _("Không được quá {max_digits} chữ số."),
    "max_decimal_places": _("Không được quá {max_decimal_places} chữ số thập phân."),
    "max_whole_digits": _("Phần nguyên không được quá {max_whole_digits} chữ số."),
    "max_string_length": _("Giá trị quá lớn."),
    "invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ."),
    "does_not_exist": _("Không tìm thấy mục số “{pk_value}”."),
    "incorrect_type": _("Cần nhập số (id)."),
    "not_a_list": _("Cần nhập một danh sách."),
    "empty": _("Danh sách không được để trống."),
    "not_a_dict": _("Cần nhập một đối tượng (khóa: giá trị)."),
}
INVALID_BY_TYPE = [
    (serializers.BooleanField, _("Cần nhập true hoặc false.")),
    (serializers.IntegerField, _("Nhập một số nguyên.")),  # as the pages' filters say it
    (serializers.DecimalField, _("Cần nhập một số.")),
    (serializers.DateField, _("Ngày không hợp lệ, cần dạng YYYY-MM-DD.")),
    (serializers.CharField, _("Cần nhập chuỗi ký tự.")),
    (serializers.Serializer, _("Cần nhập một đối tượng (khóa: giá trị).")),
]
LIMIT_VALIDATORS = [
    (validators.MaxLengthValidator, "max_length"),
    (validators.MinLengthValidator, "min_length"),
    (validators.MaxValueValidator, "max_value"),
    (validators.MinValueValidator, "min_value"),
]


def translate_errors(field) -> None:
    """Put the Vietnamese messages on `field` (and its list or dict child), validators included."""
    if getattr(field, "keeps_own_messages", False) or field.read_only:
        return
    for key in field.error_messages:
        if key in ERROR_MESSAGES:
            field.error_messages[key] = ERROR_MESSAGES[key]
    for field_type, message in INVALID_BY_TYPE:
        if isinstance(field, field_type):
            field.error_messages["invalid"] = message
            break
    for validator in field.validators:
        # DRF builds these from its English messages in the field's __init__.
        for validator_type, key in LIMIT_VALIDATORS:
            if isinstance(validator, validator_type) and getattr(field, key, None) is not None:
                validator.message = lazy_format(ERROR_MESSAGES[key], **{key: validator.limit_value})
                break
    if isinstance(field, serializers.PrimaryKeyRelatedField) and not getattr(field, "whole_ids_only", False):
        field.to_internal_value = _whole_ids_only(field)
    child = getattr(field, "child", None) or getattr(field, "child_relation", None)
    if child is not None and not isinstance(child, serializers.Serializer):
        translate_errors(child)


def _whole_ids_only(field):
    """Refuse a JSON number with a fraction as an id: the database lookup would cut 2698.999 to
    2698 and quietly take another object."""
    convert = field.to_internal_value
    field.whole_ids_only = True

    def to_internal_value(data):
        if isinstance(data, float):
            field.fail("incorrect_type", data_type="float")
        return convert(data)

    return to_internal_value


NO_DATA = _("Không có dữ liệu: gửi một đối tượng JSON (khóa: giá trị).")
CSRF_REFUSED = _(
    "Yêu cầu bị từ chối vì thiếu hoặc sai mã bảo vệ CSRF. Trong trình duyệt, tải lại trang rồi thử lại; "
    "chương trình gọi API thì dùng mã truy cập (Authorization: Token ...)."
)


class VietnameseErrorsMixin:
    """Answer invalid input in Vietnamese (see `translate_errors`)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            translate_errors(field)
        return fields

    @property
    def errors(self):
        # DRF answers a body of `null` with its own untranslatable "No data provided".
        errors = super().errors
        non_field = errors.get(api_settings.NON_FIELD_ERRORS_KEY) if isinstance(errors, dict) else None
        if non_field and len(non_field) == 1 and getattr(non_field[0], "code", None) == "null":
            errors[api_settings.NON_FIELD_ERRORS_KEY] = [ErrorDetail(str(NO_DATA), code="null")]
        return errors


def field_errors(error: DjangoValidationError, default_field: str) -> dict:
    """Return a Django ValidationError as DRF's {field: [messages]}; errors without a field go to
    `default_field`."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in error.message_dict.items()
        }
    return {default_field: error.messages}


def exception_handler(exc, context):
    """DRF's handler, with messages in Vietnamese where DRF or Django write fixed English: the 404
    of get_object_or_404 ("No Initiative matches the given query.") and the session
    authentication's "CSRF Failed: <reason>"."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị bạn được phân quyền."))
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(CSRF_REFUSED, code="csrf")
    return drf_exception_handler(exc, context)
