import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from orgunits.models import Area, AreaKind, Organization, OrganizationKind, Rearrangement
from tests.factories.orgunits import commune, hamlet, organization, province

pytestmark = pytest.mark.django_db


def test_paths_follow_the_tree(world):
    assert world.province.path == f"/{world.province.pk}/"
    assert world.commune_a.path == f"/{world.province.pk}/{world.commune_a.pk}/"
    assert world.hamlet_a.path == f"{world.commune_a.path}{world.hamlet_a.pk}/"
    assert world.front_a.path == f"{world.commune_a.path}o{world.front_a.pk}/"
    assert (world.province.depth, world.commune_a.depth, world.hamlet_a.depth) == (1, 2, 3)


def test_member_organization_path_extends_its_parent(world):
    farmers = organization(world.commune_a, "hoi_nong_dan", parent=world.front_a)

    assert farmers.path == f"{world.front_a.path}o{farmers.pk}/"
    assert list(Organization.objects.under(world.front_a)) == [world.front_a, farmers]


def test_moving_an_area_moves_its_subtree(world):
    team = organization(world.hamlet_a, "to_dan_van")
    hamlet_area = Area.objects.get(pk=world.hamlet_a.pk)

    hamlet_area.parent = world.commune_b
    hamlet_area.save()

    team.refresh_from_db()
    assert hamlet_area.path == f"{world.commune_b.path}{hamlet_area.pk}/"
    assert team.path == f"{hamlet_area.path}o{team.pk}/"


def test_subtree_and_ancestors_queries(world):
    under_province = set(Organization.objects.under(world.province).values_list("pk", flat=True))

    assert under_province == {world.front_a.pk, world.front_b.pk}
    assert list(Area.objects.ancestors_of(world.hamlet_a)) == [world.province, world.commune_a]
    assert list(Area.objects.ancestors_of(world.front_a)) == [world.province, world.commune_a]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("long dien", ["Xã Long Điền"]),
        ("LONG ĐIỀN", ["Xã Long Điền"]),
        ("thanh an", ["Xã Thạnh An"]),
        ("xa", ["Xã Long Điền", "Xã Thạnh An"]),
    ],
)
def test_search_ignores_diacritics_and_case(world, text, expected):
    assert sorted(Area.objects.search(text).values_list("name", flat=True)) == expected


def test_current_excludes_units_past_their_end_date(world):
    old = commune(world.province, "Xã Cũ", code="91099", valid_to=datetime.date(2025, 7, 1))

    assert old not in Area.objects.current()
    assert old in Area.objects.current(on=datetime.date(2025, 6, 30))


def test_lineage_follows_rearrangements_through_generations(world):
    old_province = province("Tỉnh Cũ", code="55", valid_to=datetime.date(2025, 7, 1))
    oldest = commune(old_province, "Xã Rất Cũ", code="55001", valid_to=datetime.date(2020, 1, 1))
    old = commune(old_province, "Xã Cũ", code="55002", valid_to=datetime.date(2025, 7, 1))
    first = Rearrangement.objects.create(kind="merge", effective_date=datetime.date(2020, 1, 1))
    first.predecessors.add(oldest)
    first.successors.add(old)
    second = Rearrangement.objects.create(kind="merge", effective_date=datetime.date(2025, 7, 1))
    second.predecessors.add(old)
    second.successors.add(world.commune_a)

    lineage = {a.name for a in Area.objects.get(pk=world.commune_a.pk).lineage()}

    assert lineage == {"Xã Long Điền", "Xã Cũ", "Xã Rất Cũ"}
    assert list(old.successors()) == [world.commune_a]
    assert list(world.commune_a.predecessors()) == [old]
    assert sorted(world.commune_a.history_prefixes()) == sorted([world.commune_a.path, old.path, oldest.path])
    # Nearest generation first, in one query.
    assert [a.name for a in Area.objects.get(pk=world.commune_a.pk).lineage()] == ["Xã Long Điền", "Xã Cũ", "Xã Rất Cũ"]


def test_predecessor_walk_ends_on_loops_and_leaves_out_the_given_areas(world, django_assert_num_queries):
    def rearrange(before, after):
        item = Rearrangement.objects.create(kind="merge", effective_date=datetime.date(2025, 7, 1))
        item.predecessors.add(*before)
        item.successors.add(*after)

    # A loop (A from B, B from A), an area on both sides of one re-arrangement, and B from a hamlet.
    rearrange([world.commune_b], [world.commune_a])
    rearrange([world.commune_a], [world.commune_b])
    rearrange([world.hamlet_a, world.commune_a], [world.commune_a])
    rearrange([world.hamlet_b], [world.commune_b])

    with django_assert_num_queries(1):
        from_a = Area.predecessor_ids([world.commune_a.pk])
    both = Area.predecessor_ids([world.commune_a.pk, world.commune_b.pk])

    assert from_a == [*sorted([world.commune_b.pk, world.hamlet_a.pk]), world.hamlet_b.pk]
    assert sorted(both) == sorted([world.hamlet_a.pk, world.hamlet_b.pk])
    assert Area.predecessor_ids([]) == []


def test_a_legacy_district_level_can_be_represented(world):
    old_province = province("Tỉnh Long An", code="80", valid_to=datetime.date(2025, 7, 1))
    duc_hoa = Area.objects.create(
        kind=AreaKind.objects.get(code="huyen"),
        name="Huyện Đức Hòa",
        code="802",
        parent=old_province,
        valid_to=datetime.date(2025, 7, 1),
    )
    town = hamlet(duc_hoa, "Thị trấn Hậu Nghĩa", kind="ap")

    assert (duc_hoa.level, duc_hoa.depth, town.depth) == (2, 2, 3)
    assert list(Area.objects.search("duc hoa")) == [duc_hoa]


def test_users_read_the_history_of_their_unit_but_cannot_change_it(world):
    old_province = province("Tỉnh Cũ", code="56", valid_to=datetime.date(2025, 7, 1))
    old = commune(old_province, "Thị trấn Cũ", code="56001", kind="thi_tran", valid_to=datetime.date(2025, 7, 1))
    unrelated = commune(old_province, "Xã Không Liên Quan", code="56002", valid_to=datetime.date(2025, 7, 1))
    merge = Rearrangement.objects.create(kind="merge", effective_date=datetime.date(2025, 7, 1))
    merge.predecessors.add(old)
    merge.successors.add(world.commune_a)

    visible = set(Area.objects.restrict(world.editor_a, "view").values_list("name", flat=True))
    changeable = set(Area.objects.restrict(world.editor_a, "change").values_list("name", flat=True))

    assert visible == {"Xã Long Điền", "Ấp Bắc", "Thị trấn Cũ"}
    assert changeable == {"Xã Long Điền", "Ấp Bắc"}
    assert unrelated.name not in visible


def test_a_unit_is_deleted_from_above_not_by_its_own_editor(world):
    assert world.commune_a not in Area.objects.restrict(world.editor_a, "delete")
    assert world.hamlet_a in Area.objects.restrict(world.editor_a, "delete")
    assert world.commune_a in Area.objects.restrict(world.province_editor, "delete")
    assert world.commune_a in Area.objects.restrict(world.editor_a, "change")


def test_moving_an_organization_moves_its_members_to_the_same_area(world):
    farmers = organization(world.commune_a, "hoi_nong_dan")
    branch = organization(world.commune_a, "hoi_nong_dan", name="Chi hội 1", parent=farmers)

    farmers.area = world.commune_b
    farmers.save()

    branch.refresh_from_db()
    assert (branch.area, branch.path) == (world.commune_b, f"{world.commune_b.path}o{farmers.pk}/o{branch.pk}/")
    branch.full_clean()


def test_area_kind_cannot_drop_below_its_children(world):
    from django.core.exceptions import ValidationError

    commune_area = Area.objects.get(pk=world.commune_a.pk)
    commune_area.kind = AreaKind.objects.get(code="ap")

    with pytest.raises(ValidationError) as error:
        commune_area.full_clean()

    assert error.value.message_dict["kind"] == ["Loại địa bàn phải ở cấp cao hơn các đơn vị trực thuộc hiện có."]


def test_area_cannot_end_while_its_hamlets_are_in_force(world):
    from django.core.exceptions import ValidationError

    commune_area = Area.objects.get(pk=world.commune_a.pk)
    commune_area.valid_to = datetime.date(2026, 1, 1)

    with pytest.raises(ValidationError) as error:
        commune_area.full_clean()

    assert list(error.value.message_dict) == ["valid_to"]


def test_area_named_in_a_rearrangement_cannot_be_deleted(world):
    from django.db.models import ProtectedError

    old = commune(world.province, "Xã Cũ", code="91050", valid_to=datetime.date(2025, 7, 1))
    merge = Rearrangement.objects.create(kind="merge", effective_date=datetime.date(2025, 7, 1))
    merge.predecessors.add(old)
    merge.successors.add(world.commune_a)

    with pytest.raises(ProtectedError):
        old.delete()

    assert list(merge.predecessors.all()) == [old]


def test_members_that_follow_a_moved_organization_are_audited(world):
    from core.models import ObjectChange

    farmers = organization(world.commune_a, "hoi_nong_dan")
    branch = organization(world.commune_a, "hoi_nong_dan", name="Chi hội 2", parent=farmers)

    farmers.area = world.commune_b
    farmers.save()

    entry = (
        ObjectChange.objects.filter(content_type__model="organization", object_id=str(branch.pk)).order_by("pk").last()
    )
    assert (entry.action, entry.prechange_data, entry.postchange_data) == (
        "update",
        {"area_id": world.commune_a.pk},
        {"area_id": world.commune_b.pk},
    )


def test_reading_covers_every_generation_of_predecessors_in_one_query(world, django_assert_num_queries):
    from core.scope import clear_scope_cache, scope_prefixes

    grand = commune(province("Tỉnh Xưa", code="57"), "Xã Xưa", code="57001", valid_to=datetime.date(2020, 1, 1))
    parent = commune(province("Tỉnh Cũ", code="56"), "Xã Cũ", code="56001", valid_to=datetime.date(2025, 7, 1))
    for before, after, year in ((grand, parent, 2020), (parent, world.commune_a, 2025), (world.commune_a, grand, 2026)):
        step = Rearrangement.objects.create(kind="merge", effective_date=datetime.date(year, 7, 1))
        step.predecessors.add(before)
        step.successors.add(after)  # the last step closes a loop: the walk must still end
    clear_scope_cache(world.editor_a)

    with django_assert_num_queries(1):
        reading = scope_prefixes(world.editor_a, "view")
    changing = scope_prefixes(world.editor_a, "change")

    assert reading == sorted([world.commune_a.path, parent.path, grand.path])
    assert changing == [world.commune_a.path]


#
# Kind codes whatever their case
#


@pytest.mark.parametrize(
    ("model", "code", "extra"),
    [(AreaKind, "XA", {"level": 3}), (OrganizationKind, "MTTQ", {"category": "front"})],
)
def test_a_kind_code_differing_only_by_case_is_refused(db, model, code, extra):
    taken = model.objects.get(code__iexact=code)
    duplicate = model(code=code, name="Loại trùng mã", **extra)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(code=code, name="Loại trùng mã", **extra)

    assert error.value.message_dict == {
        "code": [f"Mã “{taken.code}” đã có (không phân biệt chữ hoa, chữ thường): {taken.name}."]
    }


def test_a_kind_code_recased_on_edit_is_no_duplicate_of_itself(db):
    kind = OrganizationKind.objects.get(code="mttq")
    kind.code = "MTTQ"

    kind.full_clean()


def test_migration_stops_on_kind_codes_differing_only_by_case(db):
    migration = importlib.import_module("orgunits.migrations.0009_kind_codes_ignore_case")
    # Rows the migration meets on a database from before it: drop the index it adds (rolled back
    # with the test's transaction).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name('orgunits_organizationkind_code_ci_unique')}")
    copy = OrganizationKind.objects.create(code="MTTQ", name="Mặt trận (trùng)", category="front")
    original = OrganizationKind.objects.get(code="mttq")

    with pytest.raises(RuntimeError) as error:
        migration.refuse_case_duplicates(apps, None)

    assert str(error.value) == (
        "Codes that differ only by case must be changed before this migration:\n"
        f"OrganizationKind: mttq (id {original.pk}), MTTQ (id {copy.pk})"
    )
