"""Loading the administrative units of the vietnamadminunits package (orgunits.loaders).

Both structures are loaded once for the module (about 10 s on SQLite) inside a transaction that
is rolled back at the end; each test runs in a savepoint within it.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from orgunits.choices import AreaLevel, RearrangementKind, UnitSource
from orgunits.loaders import (
    DISTRICT_DECISION,
    PROVINCE_DECISION,
    REFORM_DATE,
    load_current_structure,
    load_legacy_structure,
)
from orgunits.models import Area, Rearrangement
from orgunits.validators import AREA_KM2_MAX, area_km2_error

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        current = load_current_structure()
        legacy = load_legacy_structure()
        yield {"current": current, "legacy": legacy}
        transaction.set_rollback(True)


def _current(level, code):
    return Area.objects.get(level=level, code=code, valid_to__isnull=True)


def _link_count():
    return Rearrangement.predecessors.through.objects.count() + Rearrangement.successors.through.objects.count()


#
# Current structure
#


def test_load_current_first_run_creates_provinces_and_communes(loaded):
    current = Area.objects.filter(valid_to__isnull=True, source=UnitSource.PACKAGE_CURRENT)

    assert loaded["current"]["areas"] == {"created": 3355, "updated": 0, "unchanged": 0}
    assert current.filter(level=AreaLevel.PROVINCE).count() == 34
    assert current.filter(level=AreaLevel.COMMUNE).count() == 3321
    assert loaded["current"]["skipped"] == []


def test_load_current_second_run_changes_nothing(loaded):
    before = Area.objects.count()

    result = load_current_structure()

    assert result["areas"] == {"created": 0, "updated": 0, "unchanged": 3355}
    assert Area.objects.count() == before


def test_load_current_city_is_centrally_run_with_coordinates(loaded):
    city = _current(AreaLevel.PROVINCE, "79")

    assert (city.name, city.kind.code, city.valid_from, city.aliases) == (
        "Thành phố Hồ Chí Minh",
        "thanh_pho_tw",
        REFORM_DATE,
        "hcm",
    )
    assert city.latitude is not None
    assert city.area_km2 > 6000


def test_load_current_sizes_fit_the_model_and_zero_is_stored_as_unknown(loaded):
    sizes = Area.objects.filter(valid_to__isnull=True).values_list("name", "area_km2")

    assert [(name, size) for name, size in sizes if area_km2_error(size)] == []
    assert Area.objects.get(name="Phường Kỳ Lừa", valid_to__isnull=True).area_km2 is None
    assert max(size for _name, size in sizes if size) < AREA_KM2_MAX


def test_load_current_commune_has_path_under_its_province(loaded):
    city = _current(AreaLevel.PROVINCE, "79")
    commune = _current(AreaLevel.COMMUNE, "26659")

    assert (commune.name, commune.kind.code, commune.parent_id) == ("Xã Long Điền", "xa", city.pk)
    assert (commune.path, commune.depth) == (f"{city.path}{commune.pk}/", 2)
    assert commune.search_text == "xa long dien long dien 26659"


def test_load_current_special_zone_gets_dac_khu_kind(loaded):
    zone = Area.objects.get(name="Đặc khu Côn Đảo", valid_to__isnull=True)

    assert zone.kind.code == "dac_khu"


def test_load_current_province_named_tinh_gets_tinh_kind(loaded):
    assert _current(AreaLevel.PROVINCE, "04").kind.code == "tinh"


#
# Legacy structure
#


def test_load_legacy_first_run_creates_old_units(loaded):
    legacy = Area.objects.filter(valid_to=REFORM_DATE, source=UnitSource.PACKAGE_LEGACY)

    assert (loaded["legacy"]["provinces"], loaded["legacy"]["districts"], loaded["legacy"]["communes"]) == (
        63,
        696,
        10035,
    )
    assert legacy.filter(level=AreaLevel.PROVINCE).count() == 63
    assert legacy.filter(level=AreaLevel.DISTRICT).count() == 696
    assert legacy.filter(level=AreaLevel.COMMUNE).count() == 10035
    assert loaded["legacy"]["areas"] == {"created": 10794, "updated": 0, "unchanged": 0}


def test_load_legacy_mapping_resolves_every_key(loaded):
    assert loaded["legacy"]["unresolved"] == []
    assert loaded["legacy"]["skipped"] == []


def test_load_legacy_second_run_changes_nothing(loaded):
    areas, rearrangements, links = Area.objects.count(), Rearrangement.objects.count(), _link_count()

    result = load_legacy_structure()

    assert result["areas"] == {"created": 0, "updated": 0, "unchanged": 10794}
    assert result["rearrangements"] == {"created": 0, "updated": 0, "unchanged": 3418}
    assert result["links"] == {"created": 0, "deleted": 0}
    assert (Area.objects.count(), Rearrangement.objects.count(), _link_count()) == (areas, rearrangements, links)


def test_load_legacy_district_duc_hoa_ends_on_reform_date(loaded):
    district = Area.objects.get(name="Huyện Đức Hòa")

    assert (district.level, district.kind.code, district.valid_from, district.valid_to) == (
        AreaLevel.DISTRICT,
        "huyen",
        None,
        datetime.date(2025, 7, 1),
    )
    assert district.parent.name == "Tỉnh Long An"
    assert district.path == f"{district.parent.path}{district.pk}/"


def test_load_legacy_edited_name_is_restored_on_rerun(loaded):
    district = Area.objects.get(name="Huyện Đức Hòa")
    Area.objects.filter(pk=district.pk).update(name="Huyện Đức Hoà cũ")

    result = load_legacy_structure()

    district.refresh_from_db()
    assert result["areas"]["updated"] == 1
    assert district.name == "Huyện Đức Hòa"


def test_load_legacy_moved_commune_is_put_back_on_rerun(loaded):
    commune = Area.objects.get(name="Thị trấn Long Điền", valid_to=REFORM_DATE)
    home = commune.parent
    Area.objects.filter(pk=commune.pk).update(parent=Area.objects.get(name="Huyện Đức Hòa"))

    load_legacy_structure()

    commune.refresh_from_db()
    assert (commune.parent_id, commune.path) == (home.pk, f"{home.path}{commune.pk}/")


#
# The 2025 re-arrangement
#


def test_mapping_merged_city_has_three_predecessor_provinces(loaded):
    city = _current(AreaLevel.PROVINCE, "79")
    rearrangement = Rearrangement.objects.get(successors=city)

    assert sorted(area.name for area in rearrangement.predecessors.all()) == [
        "Thành phố Hồ Chí Minh",
        "Tỉnh Bà Rịa - Vũng Tàu",
        "Tỉnh Bình Dương",
    ]
    assert (rearrangement.kind, rearrangement.decision, rearrangement.effective_date) == (
        RearrangementKind.MERGE,
        PROVINCE_DECISION,
        REFORM_DATE,
    )


def test_mapping_links_are_in_the_audit_trail(loaded):
    from core.models import ObjectChange

    city = _current(AreaLevel.PROVINCE, "79")
    rearrangement = Rearrangement.objects.get(successors=city)
    entry = ObjectChange.objects.get(
        content_type__model="rearrangement", object_id=str(rearrangement.pk), action="update"
    )

    assert entry.prechange_data == {"predecessors": [], "successors": []}
    assert entry.postchange_data == {
        "predecessors": sorted(rearrangement.predecessors.values_list("pk", flat=True)),
        "successors": [city.pk],
    }


def test_mapping_unmerged_province_links_to_its_old_self(loaded):
    hanoi = _current(AreaLevel.PROVINCE, "01")

    assert [(area.name, area.valid_to) for area in hanoi.predecessors()] == [("Thành phố Hà Nội", REFORM_DATE)]


def test_mapping_new_commune_lineage_includes_old_communes(loaded):
    commune = _current(AreaLevel.COMMUNE, "26659")

    assert sorted(area.name for area in commune.lineage()) == ["Thị trấn Long Điền", "Xã Long Điền", "Xã Tam An"]


def test_mapping_divided_old_commune_links_to_each_new_commune(loaded):
    old = Area.objects.get(name="Xã Tân Thạnh", parent__name="Huyện Thới Lai", valid_to=REFORM_DATE)

    assert sorted(area.name for area in old.successors()) == ["Xã Trường Thành", "Xã Tân Thạnh"]


def test_mapping_island_district_without_communes_precedes_special_zone(loaded):
    zone = Area.objects.get(name="Đặc khu Côn Đảo", valid_to__isnull=True)

    assert [area.name for area in zone.predecessors()] == ["Huyện Côn Đảo"]


def test_mapping_districts_end_with_one_abolition_per_old_province(loaded):
    abolitions = Rearrangement.objects.filter(kind=RearrangementKind.ABOLISH, decision=DISTRICT_DECISION)
    old_city = Area.objects.get(level=AreaLevel.PROVINCE, code="79", valid_to=REFORM_DATE)
    own = abolitions.filter(predecessors__parent=old_city).distinct().get()

    assert abolitions.count() == 63
    assert set(own.predecessors.all()) == set(old_city.children.all())
    assert list(own.successors.all()) == []


def test_mapping_every_rearrangement_passes_the_model_checks(loaded):
    refused = {}
    for item in Rearrangement.objects.prefetch_related("predecessors", "successors"):
        try:
            item.full_clean()
            item.clean_links(item.predecessors.all(), item.successors.all())
        except ValidationError as error:
            refused[str(item)] = error.messages

    assert refused == {}


def test_mapping_counts_one_rearrangement_per_new_unit_and_old_province(loaded):
    assert loaded["legacy"]["rearrangements"] == {"created": 34 + 3321 + 63, "updated": 0, "unchanged": 0}


#
# Search
#


def test_search_long_dien_finds_commune_and_old_district(loaded):
    names = set(Area.objects.search("long dien").values_list("name", flat=True))

    assert {"Xã Long Điền", "Huyện Long Đất", "Thị trấn Long Điền"} <= names


def test_search_thanh_an_finds_thanh_an_commune(loaded):
    found = Area.objects.search("thanh an").filter(valid_to__isnull=True, parent__code="79")

    assert "Xã Thạnh An" in set(found.values_list("name", flat=True))


#
# Command
#


def test_load_units_command_reports_counts(loaded):
    out = io.StringIO()

    call_command("load_units", "--legacy", skip_checks=True, stdout=out)

    output = out.getvalue()
    assert "34 tỉnh, 3321 xã — tạo mới 0, cập nhật 0, không đổi 3355" in output
    assert "63 tỉnh, 696 huyện, 10035 xã — tạo mới 0, cập nhật 0, không đổi 10794" in output
