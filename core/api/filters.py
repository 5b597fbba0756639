"""API filter backends shared by every viewset."""

from rest_framework.filters import OrderingFilter


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
