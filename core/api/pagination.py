import functools

from rest_framework.pagination import PageNumberPagination

from core.pagination import DeferredJoinPaginator, searching


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class DeferredJoinPagination(StandardPagination):
    """Pages of a large list read as keys first, then rows by key (core.pagination.DeferredJoinPaginator)."""

    django_paginator_class = DeferredJoinPaginator
    # With a text search in this parameter, the count comes with the page's keys (one pass).
    search_param = "q"

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = functools.partial(
            DeferredJoinPaginator, count_with_page=searching(request.query_params, self.search_param)
        )
        return super().paginate_queryset(queryset, request, view)
