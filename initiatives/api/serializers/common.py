"""Shared pieces of the registry's serializers: reference by id or code, brief users and organizations."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgunits.models import Organization

#
# Shared fields
#


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "description": "Số (id) hoặc mã (code)."})
class IdOrCodeField(serializers.RelatedField):
    """A reference-data row given by its id (digits) or its code; read back as the id.

    Only active rows are accepted, except the value the edited record already has.
    """

    keeps_own_messages = True  # Vietnamese already (errors.translate_errors leaves them)
    default_error_messages = {
        "does_not_exist": _("Không có mục nào có số hoặc mã “{value}”."),
        "incorrect_type": _("Cần nhập số (id) hoặc mã (code)."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or str(data).strip() == "":
            self.fail("incorrect_type")
        text = str(data).strip()
        # Codes are one code whatever their case (core.models.LookupModel).
        lookup = {"pk": int(text)} if text.isdigit() else {"code__iexact": text}
        current = getattr(getattr(self.parent, "instance", None), self.source, None) if self.source else None
        queryset = self.get_queryset()
        active = Q(is_active=True) | Q(pk=current.pk) if current is not None else Q(is_active=True)
        row = queryset.filter(active, **lookup).first()
        if row is None:
            self.fail("does_not_exist", value=text)
        return row

    def to_representation(self, value):
        return value.pk


def request_user(serializer):
    """Return the requesting user (None while the schema is generated without a request)."""
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")


class OrganizationBriefSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind"]
