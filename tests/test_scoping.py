"""Every scoped model, every persona: what restrict(), the pages and the API let through."""

import pytest
from django.apps import apps
from django.urls import reverse

from core.querysets import ScopedModelMixin
from tests.factories.accounts import user_with_role
from tests.scoping import discover_cases

CASES = discover_cases()
pytestmark = pytest.mark.django_db

# Models that are ScopedModelMixin subclasses but deliberately not tested here, with the reason.
NOT_SCOPED_BY_UNIT = {
    "orgunits.Rearrangement": "readable by every logged-in user; writing needs every named area (orgunits tests)",
}


def _action(case):
    return case.extra.get("action", "view")


def _role(case, writing=False):
    if _action(case) == "manage":
        return "unit_admin"
    return "editor" if writing else "viewer"


@pytest.fixture
def objects(world):
    def _make(case):
        return case.make(world, "a"), case.make(world, "b")

    return _make


def test_every_scoped_model_is_declared():
    declared = {case.id for case in CASES}
    scoped = {
        m._meta.label
        for m in apps.get_models()
        if issubclass(m, ScopedModelMixin) and m._meta.label not in NOT_SCOPED_BY_UNIT
    }
    assert sorted(scoped - declared) == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_restrict_limits_each_persona_to_its_subtree(case, world, objects):
    obj_a, obj_b = objects(case)
    action = _action(case)
    manager = case.model.objects
    holder_a = user_with_role("holder_a", _role(case), world.commune_a)
    holder_b = user_with_role("holder_b", _role(case), world.commune_b)
    holder_province = user_with_role("holder_p", _role(case), world.province)
    outsider = user_with_role("holder_q", _role(case), world.other_province)
    pair = {obj_a.pk, obj_b.pk}

    assert set(manager.restrict(world.admin, action).filter(pk__in=pair).values_list("pk", flat=True)) == pair
    assert set(manager.restrict(holder_province, action).filter(pk__in=pair).values_list("pk", flat=True)) == pair
    assert list(manager.restrict(holder_a, action).filter(pk__in=pair).values_list("pk", flat=True)) == [obj_a.pk]
    assert list(manager.restrict(holder_b, action).filter(pk__in=pair).values_list("pk", flat=True)) == [obj_b.pk]
    assert list(manager.restrict(outsider, action).filter(pk__in=pair)) == []
    from django.contrib.auth.models import AnonymousUser

    assert list(manager.restrict(AnonymousUser(), action).filter(pk__in=pair)) == []


@pytest.mark.parametrize("case", [c for c in CASES if c.detail_url], ids=lambda c: c.id)
def test_detail_page_is_404_outside_scope(case, world, objects, client):
    obj_a, obj_b = objects(case)
    url_a = reverse(case.detail_url, kwargs={"pk": obj_a.pk})
    url_b = reverse(case.detail_url, kwargs={"pk": obj_b.pk})

    anonymous = client.get(url_a)
    assert (anonymous.status_code, anonymous.url.startswith(reverse("login"))) == (302, True)

    client.force_login(user_with_role("holder_a", _role(case), world.commune_a))
    assert client.get(url_a).status_code == 200
    assert client.get(url_b).status_code == 404


@pytest.mark.parametrize("case", [c for c in CASES if c.edit_url], ids=lambda c: c.id)
def test_edit_page_needs_the_change_role(case, world, objects, client):
    obj_a, obj_b = objects(case)
    url_a = reverse(case.edit_url, kwargs={"pk": obj_a.pk})
    url_b = reverse(case.edit_url, kwargs={"pk": obj_b.pk})

    client.force_login(world.viewer_a)
    assert client.get(url_a).status_code == 403
    client.force_login(world.editor_a)
    assert (client.get(url_a).status_code, client.get(url_b).status_code) == (200, 404)
    client.force_login(world.province_editor)
    assert (client.get(url_a).status_code, client.get(url_b).status_code) == (200, 200)


@pytest.mark.parametrize("case", [c for c in CASES if c.delete_url], ids=lambda c: c.id)
def test_delete_outside_scope_is_404_and_deletes_nothing(case, world, objects, client):
    _obj_a, obj_b = objects(case)
    client.force_login(user_with_role("holder_a", _role(case, writing=True), world.commune_a))

    response = client.post(reverse(case.delete_url, kwargs={"pk": obj_b.pk}))

    assert response.status_code == 404
    assert case.model.objects.filter(pk=obj_b.pk).exists()


@pytest.mark.parametrize("case", [c for c in CASES if c.list_url], ids=lambda c: c.id)
def test_list_page_shows_only_the_subtree(case, world, objects, client):
    obj_a, obj_b = objects(case)
    client.force_login(user_with_role("holder_a", _role(case), world.commune_a))

    content = client.get(reverse(case.list_url)).content.decode()

    assert (obj_a.get_absolute_url() in content, obj_b.get_absolute_url() in content) == (True, False)


@pytest.mark.parametrize("case", [c for c in CASES if c.api_basename], ids=lambda c: c.id)
def test_api_shows_only_the_subtree(case, world, objects, client):
    obj_a, obj_b = objects(case)
    list_url = reverse(f"{case.api_basename}-list")

    assert client.get(list_url).status_code == 401

    client.force_login(user_with_role("holder_a", _role(case), world.commune_a))
    ids = [row["id"] for row in client.get(list_url, {"page_size": 500}).json()["results"]]
    assert (obj_a.pk in ids, obj_b.pk in ids) == (True, False)
    assert client.get(reverse(f"{case.api_basename}-detail", kwargs={"pk": obj_b.pk})).status_code == 404
    assert client.get(reverse(f"{case.api_basename}-detail", kwargs={"pk": obj_a.pk})).status_code == 200
