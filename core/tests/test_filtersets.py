"""BaseFilterSet builds its form class once per FilterSet class; what depends on the request stays per request."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_filters.filterset import filterset_factory

from core.filtersets import BaseFilterSet
from core.models import ObjectChange
from initiatives.filtersets import InitiativeFilterSet
from orgunits.filtersets import OrganizationFilterSet
from orgunits.models import Area, Organization

pytestmark = pytest.mark.django_db


def filterset(filterset_class, user, **data):
    request = RequestFactory().get("/", data)
    request.user = user
    return filterset_class(request.GET, queryset=filterset_class._meta.model.objects.all(), request=request)


def test_the_form_class_is_shared_but_each_request_chooses_among_its_own_users_areas(world):
    first_a = filterset(OrganizationFilterSet, world.editor_a, within=world.commune_b.pk)
    for_b = filterset(OrganizationFilterSet, world.editor_b, within=world.commune_b.pk)
    again_a = filterset(OrganizationFilterSet, world.editor_a, within=world.commune_b.pk)

    assert [first_a.is_valid(), for_b.is_valid(), again_a.is_valid()] == [False, True, False]
    assert "within" in again_a.errors
    assert first_a.form.__class__ is for_b.form.__class__ is again_a.form.__class__
    assert list(for_b.qs) == [world.front_b]


def test_each_filterset_filters_with_its_own_data(world):
    # filter_within reads the filterset's own data (the area sort adds a join): two filtersets
    # alive together must not share the method binding of one of them.
    sorted_by_area = filterset(InitiativeFilterSet, world.admin, within=world.province.pk, sort="area")
    plain = filterset(InitiativeFilterSet, world.admin, within=world.province.pk)

    assert plain.is_valid() and sorted_by_area.is_valid()
    assert "orgunits_area" not in str(plain.qs.query)
    assert "orgunits_area" in str(sorted_by_area.qs.query)


def test_the_chosen_area_is_validated_by_its_path_alone_and_rendered_with_its_label(world):
    chosen = filterset(OrganizationFilterSet, world.editor_a, within=world.commune_a.pk)

    with CaptureQueriesContext(connection) as validation:
        assert chosen.is_valid()
    rendered = str(chosen.form["within"])

    (sql,) = [q["sql"] for q in validation.captured_queries if 'FROM "orgunits_area"' in q["sql"]]
    assert "JOIN" not in sql and '"name"' not in sql
    assert chosen.form.cleaned_data["within"].path == world.commune_a.path
    assert f'value="{world.commune_a.pk}" selected>{world.commune_a.name} (' in rendered
    # The label's joins are back on the field's queryset once validation is over.
    assert "JOIN" in str(chosen.form.fields["within"].queryset.query)


def test_forms_are_styled_and_do_not_share_widgets(world):
    first = filterset(OrganizationFilterSet, world.admin)
    second = filterset(OrganizationFilterSet, world.admin)

    first.form.fields["q"].widget.attrs["data-changed"] = "1"

    assert first.form.fields["kind"].widget.attrs["class"] == "form-select"
    assert second.form.fields["q"].widget.attrs == {"class": "form-control"}
    assert second.form.fields["q"].widget.input_type == "search"
    assert 'type="search"' in str(second.form["q"])


def test_each_form_gets_its_own_fields_choices_and_querysets(world):
    first = filterset(InitiativeFilterSet, world.editor_a).form
    second = filterset(InitiativeFilterSet, world.editor_b).form
    template = type(first).base_fields

    first.fields["status"].choices = [("", "---")]
    first.fields["field"].widget.attrs["data-x"] = "1"

    assert [value for value, _label in second.fields["status"].choices][1:] == [
        value for value, _label in template["status"].choices
    ][1:]
    assert len(second.fields["status"].widget.choices) > 1
    assert "data-x" not in second.fields["field"].widget.attrs
    # A model choice gets a queryset (and widget choices) of its own, as Django's copy gives it.
    assert second.fields["field"].queryset is not template["field"].queryset
    assert second.fields["field"].widget.choices.field is second.fields["field"]
    # The areas each user may choose: replaced per form, never the class's empty queryset.
    assert set(first.fields["within"].queryset) != set(second.fields["within"].queryset)
    assert world.commune_a in set(first.fields["within"].queryset)
    assert list(template["within"].queryset) == []


def test_unbound_and_generated_filtersets(world):
    unbound = OrganizationFilterSet(queryset=Organization.objects.all(), request=None)
    generated = filterset_factory(Area, filterset=BaseFilterSet, fields=["level"])

    assert not unbound.is_bound and unbound.form.fields["within"].queryset.count() == 0
    assert set(filterset(generated, world.admin, level=3).qs) == {world.commune_a, world.commune_b}


def test_an_invalid_filter_is_explained_in_the_results_htmx_replaces(world, client):
    client.force_login(world.admin)

    response = client.get("/audit/", {"time_after": "31/02/2026"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "data-filter-errors" in content
    assert "Bộ lọc chưa hợp lệ nên danh sách chưa hiển thị." in content
    assert "Từ ngày: Nhập một ngày hợp lệ." in content
    # Nothing is listed until the filter is fixed: no "nothing matches" beside the message.
    assert "data-empty-state" not in content
    assert "data-filter-errors" not in client.get("/audit/", {"time_after": "01/02/2026"}).content.decode()


@pytest.mark.parametrize("typed", ["1.000", "1.0", "1_000", "\uff11\uff12", "-3", "0", "12a"])
def test_an_id_filter_takes_digits_only(world, typed):
    # IntegerField read "1.000" as 1 and "1_000" as 1000: a mistyped id picked another object.
    assert not filterset(OrganizationFilterSet, world.admin, area=typed).is_valid()


def test_the_audit_logs_object_filter_takes_an_id_only(world, client):
    client.force_login(world.admin)

    refused = client.get("/audit/", {"object_id": "abc"}, HTTP_HX_REQUEST="true").content.decode()
    listed = client.get("/audit/", {"object_id": str(world.commune_a.pk)})

    assert "Bộ lọc chưa hợp lệ nên danh sách chưa hiển thị." in refused
    assert "Mã đối tượng: Nhập một số nguyên." in refused
    assert listed.context["result_count"] == ObjectChange.objects.filter(object_id=str(world.commune_a.pk)).count() > 0


def test_an_id_filter_takes_an_id_with_spaces_around_it(world):
    chosen = filterset(OrganizationFilterSet, world.admin, area=f" {world.commune_a.pk} ")

    assert chosen.is_valid()
    assert set(chosen.qs) == set(Organization.objects.filter(area=world.commune_a).current())


@pytest.mark.django_db
def test_a_filters_empty_choice_reads_all(world, client):
    client.force_login(world.admin)

    jobs = client.get("/jobs/").content.decode()
    initiatives = client.get("/initiatives/").content.decode()

    for page, name in ((jobs, "status"), (initiatives, "field")):
        select = re.search(rf'<select name="{name}"[^>]*>\s*<option value="" ?[^>]*>([^<]*)</option>', page)
        assert select is not None and select.group(1) == "Tất cả"
