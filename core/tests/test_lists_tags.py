"""core.templatetags.lists: the count on a phone's "Bộ lọc (N)" button and the chips naming the
hidden filters in use (templates/partials/filter_chips.html)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.test import RequestFactory

from core.filtersets import ObjectChangeFilterSet
from core.templatetags.lists import FilterChip, active_filter_count, hidden_filter_chips
from core.views_audit import visible_changes
from orgunits.filtersets import AreaFilterSet, OrganizationFilterSet
from orgunits.models import Area, Organization

pytestmark = pytest.mark.django_db


def _filterset(query: str | None) -> AreaFilterSet:
    data = QueryDict(query) if query is not None else None
    return AreaFilterSet(data, queryset=Area.objects.all())


def _chips(user, path: str, query: str, filterset_class=OrganizationFilterSet, queryset=None):
    """The chips of the list at `path` opened with `query` by `user`, as the list page builds them."""
    request = RequestFactory().get(f"{path}?{query}")
    request.user = user
    if queryset is None:
        queryset = filterset_class._meta.model.objects.restrict(user, "view")
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    return hidden_filter_chips(filterset, request)


def test_active_filter_count_counts_the_visible_fields_set():
    assert active_filter_count(_filterset("q=xa&status=all&level=&within__search=long")) == 2


def test_active_filter_count_counts_hidden_filters_too():
    # The list names them in chips: "Bộ lọc (2)" for ?parent=5&q=xa.
    assert active_filter_count(_filterset("parent=5&q=xa")) == 2
    assert active_filter_count(_filterset("parent=5")) == 1


def test_active_filter_count_is_zero_without_filters():
    assert active_filter_count(_filterset(None)) == 0
    assert active_filter_count(None) == 0


def test_chip_names_the_area_and_its_cross_drops_it_with_the_page_and_empty_fields(world):
    area = world.commune_a.pk

    chips = _chips(world.admin, "/organizations/", f"q=mat+tran&area={area}&kind=&page=3")

    assert chips == [FilterChip("area", "Địa bàn", "Xã Long Điền, Tỉnh Thử Nghiệm", "/organizations/?q=mat+tran")]


def test_chip_names_the_organization_reported_to_with_its_area(world):
    chips = _chips(world.province_editor, "/organizations/", f"reports_to={world.front_a.pk}")

    assert chips == [
        FilterChip(
            "reports_to", "Báo cáo cho", f"{world.front_a.name} — Xã Long Điền, Tỉnh Thử Nghiệm", "/organizations/"
        )
    ]


def test_chip_names_a_parent_area_with_its_own_parent_when_it_is_not_a_commune(world):
    chips = _chips(world.admin, "/areas/", f"parent={world.hamlet_a.pk}&code=91001", AreaFilterSet)

    assert chips == [
        FilterChip("parent", "Trực thuộc", "Ấp Bắc, Xã Long Điền, Tỉnh Thử Nghiệm", "/areas/?code=91001"),
        FilterChip("code", "Mã", "91001", f"/areas/?parent={world.hamlet_a.pk}"),
    ]


def test_chip_shows_only_the_id_of_an_area_outside_the_users_scope(world):
    # Commune A's editor opens commune B's organizations by hand: the list is empty, and the chip
    # must not tell them what commune B is called.
    commune_b, front_b = world.commune_b.pk, world.front_b.pk

    chips = _chips(world.editor_a, "/organizations/", f"area={commune_b}&reports_to={front_b}")

    assert [(chip.label, chip.text) for chip in chips] == [("Địa bàn", f"#{commune_b}"), ("Báo cáo cho", f"#{front_b}")]
    assert not any("Thạnh An" in chip.text for chip in chips)


def test_chip_shows_the_id_of_an_unknown_object_and_the_text_of_an_invalid_one(world):
    chips = _chips(world.admin, "/organizations/", "area=987654&reports_to=abc")

    assert [(chip.name, chip.text, chip.remove_url) for chip in chips] == [
        ("area", "#987654", "/organizations/?reports_to=abc"),
        ("reports_to", "abc", "/organizations/?area=987654"),
    ]


def test_chips_are_none_without_hidden_filters(world):
    assert _chips(world.admin, "/organizations/", "q=xa&status=all") == []
    assert hidden_filter_chips(None, None) == []


def test_chip_costs_one_query_per_hidden_filter(world, django_assert_num_queries):
    request = RequestFactory().get(f"/organizations/?area={world.commune_a.pk}&reports_to={world.front_a.pk}")
    request.user = world.admin
    filterset = OrganizationFilterSet(request.GET, queryset=Organization.objects.all(), request=request)
    filterset.form.is_valid()  # as the list view does before the page renders

    with django_assert_num_queries(2):
        hidden_filter_chips(filterset, request)


def test_audit_chip_names_the_object_from_the_log_the_user_may_read(world):
    area_type = ContentType.objects.get_for_model(Area).pk
    query = f"content_type={area_type}&object_id={world.commune_a.pk}"

    mine = _chips(world.admin, "/audit/", query, ObjectChangeFilterSet, visible_changes(world.admin))
    theirs = _chips(world.editor_b, "/audit/", query, ObjectChangeFilterSet, visible_changes(world.editor_b))
    untyped = _chips(world.admin, "/audit/", f"object_id={world.commune_a.pk}", ObjectChangeFilterSet)

    assert mine == [FilterChip("object_id", "Đối tượng", "Xã Long Điền", f"/audit/?content_type={area_type}")]
    assert [chip.text for chip in theirs] == [f"#{world.commune_a.pk}"]
    assert [chip.text for chip in untyped] == [f"#{world.commune_a.pk}"]
