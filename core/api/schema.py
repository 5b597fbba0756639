"""The OpenAPI schema's generator: Vietnamese descriptions only.

drf-spectacular describes an operation by its view's or action's docstring and a component by
its serializer's docstring. Ours are notes for developers, in English (STYLE.md), so they would
show in the Vietnamese API page (`/api/docs/`) as they are. Here only what is written for the
reader counts: `extend_schema(description=...)`, `extend_schema_serializer(...)`, the
parameters', fields' and responses' own texts.
"""

from django.utils.translation import gettext as _
from drf_spectacular.authentication import TokenScheme
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_override

from core.api.filters import SEARCH, TEXT_FILTER


class DescribedAutoSchema(AutoSchema):
    def get_description(self) -> str:
        # extend_schema(description=...) replaces this method on the view's own schema class.
        return ""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if not get_override(serializer, "description"):
            schema.pop("description", None)
        return schema

    def _map_response_type_hint(self, method):
        # A SerializerMethodField's schema: its type, without the method's docstring.
        schema = super()._map_response_type_hint(method)
        schema.pop("description", None)
        return schema


class VietnameseTokenScheme(TokenScheme):
    """The token scheme as drf-spectacular's own, described in Vietnamese."""

    priority = 0  # above drf-spectacular's TokenScheme (-1)

    def get_security_definition(self, auto_schema):
        definition = super().get_security_definition(auto_schema)
        definition["description"] = _("Mã truy cập trong tiêu đề: Authorization: %(keyword)s <mã>") % {
            "keyword": self.target.keyword
        }
        return definition


class FilterBackendExtension(DjangoFilterExtension):
    """The lists' filters as drf-spectacular documents them, with `search` beside the text search
    `q` (core.api.filters.FilterBackend takes either)."""

    target_class = "core.api.filters.FilterBackend"
    priority = 1  # above drf-spectacular's own for DjangoFilterBackend and its subclasses

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        text = next((parameter for parameter in parameters if parameter["name"] == TEXT_FILTER), None)
        if text is not None and all(parameter["name"] != SEARCH for parameter in parameters):
            parameters.append({**text, "name": SEARCH, "description": _("Như q: tìm theo chữ, gõ không dấu được.")})
        return parameters
