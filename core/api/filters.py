"""API filter backends shared by every viewset."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

SEARCH = "search"  # the API's name of a list's text search
TEXT_FILTER = "q"  # the filtersets' (and so the pages') name of it


class FilterBackend(DjangoFilterBackend):
    """The lists' filtersets, with `?search=` as another name of their text search `?q=`.

    Every list that searches by text calls it `q` (the pages' filtersets, shared with the API);
    `?search=` is the API's documented name (`/api/areas/?search=long dien`). A list without a
    text search answers `?search=` with 400 rather than with all its rows, as if nothing had been
    asked. (The schema documents `search` beside `q`: core.api.schema.)
    """

    def filter_queryset(self, request, queryset, view):
        if SEARCH in request.query_params and not has_text_search(self.get_filterset_class(view, queryset)):
            raise ValidationError({SEARCH: [_("Danh sách này không tìm được theo chữ: hãy dùng các bộ lọc của nó.")]})
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            # The error of the text search is named as the client named it.
            aliased = SEARCH in request.query_params and TEXT_FILTER not in request.query_params
            if aliased and isinstance(error.detail, dict) and TEXT_FILTER in error.detail:
                error.detail[SEARCH] = error.detail.pop(TEXT_FILTER)
            raise

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = kwargs["data"]
        if SEARCH in data and TEXT_FILTER not in data:
            data = data.copy()
            data[TEXT_FILTER] = data[SEARCH]
            kwargs["data"] = data
        return kwargs


def has_text_search(filterset_class) -> bool:
    """Whether the filterset searches by text (`q`), so `?search=` means something."""
    return filterset_class is not None and TEXT_FILTER in filterset_class.base_filters


class AliasOrderingFilter(OrderingFilter):
    """`?ordering=` that sorts some fields by another column, named in the view's `ordering_aliases`.

    Names are sorted on the pages by their folded form (`search_text`: "Ấp Xóm Mới" among the a's);
    the database's own collation puts "Ấ" after "X". A view maps `name` to `search_text` so that
    the API lists in the order the page does.
    """

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        aliases = getattr(view, "ordering_aliases", None)
        if not ordering or not aliases:
            return ordering
        return [
            ("-" if field.startswith("-") else "") + aliases.get(field.lstrip("-"), field.lstrip("-"))
            for field in ordering
        ]
