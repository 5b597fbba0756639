"""core.templatetags.lists: the count on a phone's "Bộ lọc (N)" button."""

import pytest
from django.http import QueryDict

from core.templatetags.lists import active_filter_count
from orgunits.filtersets import AreaFilterSet
from orgunits.models import Area

pytestmark = pytest.mark.django_db


def _filterset(query: str | None) -> AreaFilterSet:
    data = QueryDict(query) if query is not None else None
    return AreaFilterSet(data, queryset=Area.objects.all())


def test_active_filter_count_counts_the_visible_fields_set():
    assert active_filter_count(_filterset("q=xa&status=all&level=&within__search=long")) == 2


def test_active_filter_count_leaves_out_hidden_filters_and_an_unbound_form():
    assert active_filter_count(_filterset("parent=5")) == 0
    assert active_filter_count(_filterset(None)) == 0
    assert active_filter_count(None) == 0
