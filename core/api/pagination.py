from rest_framework.pagination import PageNumberPagination

from core.pagination import DeferredJoinPaginator


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class DeferredJoinPagination(StandardPagination):
    """Pages of a large list read as keys first, then rows by key (core.pagination.DeferredJoinPaginator)."""

    django_paginator_class = DeferredJoinPaginator
