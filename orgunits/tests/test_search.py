"""The global search (/search/): every kind of object the user can see, without diacritics."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from orgunits.models import Area
from tests.factories.initiatives import InitiativeFactory
from tests.factories.orgunits import ClusterFactory, commune, hamlet, organization

pytestmark = pytest.mark.django_db


def test_search_finds_registry_records_in_scope_newest_first(world, client):
    older = InitiativeFactory(organization=world.front_a, name="Mô hình “Đường hoa nông thôn”")
    newer = InitiativeFactory(
        organization=world.front_a, name="Điển hình “Đường hoa ven kênh”", registered_on=datetime.date(2025, 3, 2)
    )
    hidden = InitiativeFactory(organization=world.front_b, name="Mô hình “Đường hoa xã bên”")
    client.force_login(world.editor_a)

    content = client.get("/search/", {"q": "duong hoa"}).content.decode()

    assert 'id="search-initiatives"' in content
    assert content.index(newer.get_absolute_url()) < content.index(older.get_absolute_url())
    assert hidden.get_absolute_url() not in content
    assert "Xem tất cả" not in content


def test_search_shows_a_records_year_without_a_thousands_separator(world, client):
    record = InitiativeFactory(organization=world.front_a, name="Mô hình “Đường hoa nông thôn”", year=2025)
    client.force_login(world.editor_a)

    content = client.get("/search/", {"q": "duong hoa"}).content.decode()

    assert f"{record.area.name} · 2025 · " in content
    assert "2.025" not in content


def test_search_with_no_match_says_so(world, client):
    client.force_login(world.editor_a)

    content = client.get("/search/", {"q": "khong co gi"}).content.decode()

    assert "data-empty-state" in content and 'id="search-initiatives"' not in content


@pytest.mark.parametrize("text", ["\x00", "\x01 \u200b", "\u0301", "!!! –"])
def test_search_of_symbols_or_control_characters_only_shows_the_empty_query_page(world, client, text):
    """ "%00" reached PostgreSQL as NUL (a server error; SQLite matched every row) and a lone
    combining accent folded to nothing, which listed everything."""
    client.force_login(world.admin)

    page = client.get("/search/", {"q": text}).content.decode()
    empty = client.get("/search/").content.decode()

    assert world.commune_a.get_absolute_url() not in page
    assert ("data-empty-state" in page, 'id="search-areas"' in page) == ("data-empty-state" in empty, False)


@pytest.mark.parametrize("text", ["\u0301", "!!! –"])
def test_api_search_of_symbols_or_combining_marks_only_is_no_search(world, client, text):
    client.force_login(world.admin)

    searched = client.get("/api/areas/", {"search": text})
    unsearched = client.get("/api/areas/")

    assert (searched.status_code, searched.json()["count"]) == (200, unsearched.json()["count"])


def test_api_search_with_a_null_character_is_refused_as_q_is(world, client):
    client.force_login(world.admin)

    searched = client.get("/api/areas/", {"search": "\x00"})
    by_q = client.get("/api/areas/", {"q": "\x00"})

    assert (searched.status_code, by_q.status_code) == (400, 400)
    assert searched.json() == {"search": ["Không được có ký tự rỗng (null)."]}
    assert by_q.json() == {"q": ["Không được có ký tự rỗng (null)."]}


def test_search_ignores_control_characters_inside_a_word(world, client):
    client.force_login(world.admin)

    page = client.get("/search/", {"q": "long\x00 di\x00en"}).content.decode()

    assert world.commune_a.get_absolute_url() in page


def test_clusters_are_found_without_diacritics_in_search_and_list(world, client):
    cluster = ClusterFactory(owner_area=world.province, name="Cụm miền Đông", code="CMD")
    client.force_login(world.admin)

    found = client.get("/search/", {"q": "cum mien dong"}).content.decode()
    listed = client.get("/clusters/", {"q": "MIEN dong"}).content.decode()
    by_code = client.get("/clusters/", {"q": "cmd"}).content.decode()

    assert cluster.get_absolute_url() in found
    assert cluster.get_absolute_url() in listed and cluster.get_absolute_url() in by_code


def test_the_area_picker_narrows_a_hamlet_by_its_communes_name(world, client):
    ours = hamlet(world.commune_a, name="Ấp 1")
    theirs = hamlet(world.commune_b, name="Ấp 1")
    client.force_login(world.admin)
    url = reverse("orgunits:area_autocomplete")

    narrowed = client.get(url, {"area__search": "ap 1 long dien"}).content.decode()
    commune_first = client.get(url, {"area__search": "long dien"}).content.decode()

    assert f'value="{ours.pk}"' in narrowed and f'value="{theirs.pk}"' not in narrowed
    assert commune_first.index(f'value="{world.commune_a.pk}"') < commune_first.index(f'value="{ours.pk}"')


def test_the_area_picker_lists_namesakes_by_id(world, client):
    """Same level, same name: the id decides, so the same search lists the options alike each time."""
    other_commune = commune(world.other_province, "Xã Long Điền", code="92001")
    # Added in the reverse order of their communes, and the first one rewritten: neither the order
    # the rows are stored in nor the order of their parents is the order of their ids.
    namesakes = [hamlet(parent, name="Ấp 1") for parent in (other_commune, world.commune_b, world.commune_a)]
    namesakes[0].save()
    client.force_login(world.admin)

    content = client.get(reverse("orgunits:area_autocomplete"), {"area__search": "ap 1"}).content.decode()

    values = [int(value) for value in re.findall(r'<option value="(\d+)"', content)]
    assert [pk for pk in values if pk in {area.pk for area in namesakes}] == [area.pk for area in namesakes]


def test_area_search_with_parent_matches_each_word_in_the_area_or_its_parent(world):
    ours = hamlet(world.commune_a, name="Ấp Long Hòa")
    theirs = hamlet(world.commune_b, name="Ấp Long Hòa")
    ended = commune(world.province, "Xã Điền Cũ", code="91009", valid_to=datetime.date(2025, 7, 1))
    under_ended = hamlet(ended, name="Ấp Hòa")

    def found(text):
        return set(Area.objects.search_with_parent(text))

    assert found("long hoa dien") == {ours}  # "dien" in the parent's name only
    assert found("ap hoa dien") == {ours, under_ended}  # a parent no longer in force still names its hamlets
    assert found("hoa thanh an") == {theirs}
    assert found("ap 1 long dien") == {world.hamlet_a, ours}  # "1" in the commune's code (91001)
    assert found("long dien") == {world.commune_a, world.hamlet_a, ours}  # a child's name does not find the parent


def test_area_search_with_parent_reads_the_parent_by_key_not_through_a_join(world):
    sql = str(Area.objects.search_with_parent("long dien").query)
    short = str(Area.objects.search_with_parent("ap 1").query)

    assert "JOIN" not in sql
    assert ("= ANY(ARRAY(SELECT" in sql) == (connection.vendor == "postgresql")
    assert "JOIN" in short  # one or two letters: no index applies, the parent's name is joined


def test_search_lists_names_holding_the_words_together_first(world, client):
    # "thanh an": Xã Thạnh An holds the two words together; the Youth Union of Long Điền holds
    # "thanh" (Thanh niên) and "an" (Cộng sản) apart, and sorts before it by name alone.
    union = organization(world.commune_a, "doan_tn", name="Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Long Điền")
    front_b = world.front_b
    front_b.name = "Ủy ban MTTQ Việt Nam xã Thạnh An"
    front_b.save()
    client.force_login(world.admin)

    response = client.get("/search/", {"q": "Thạnh An"})

    assert [org.pk for org in response.context["organizations"]] == [front_b.pk, union.pk]
    assert response.context["areas"][0] == world.commune_b
