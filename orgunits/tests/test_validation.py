"""Implausible input refused by the unit tree's models: dates outside the window, area sizes, and
re-arrangements whose areas contradict their kind, their level, their date or each other."""

import datetime
import importlib
import itertools
import unicodedata

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from orgunits.models import Area, Rearrangement
from orgunits.validators import latest_plausible_date
from tests.factories.orgunits import AreaFactory, ClusterFactory, area_kind, commune, hamlet, organization, province

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


def _window(label: str) -> str:
    return f"“{label}” phải từ 19/08/1945 đến {latest_plausible_date():%d/%m/%Y}."


def _errors(call) -> dict[str, list[str]]:
    """Return the message dict of the ValidationError `call()` raises, or {} if it raises none."""
    try:
        call()
    except ValidationError as error:
        return error.message_dict
    return {}


def _links(kind, predecessors, successors, on=REFORM, pk=None) -> dict[str, list[str]]:
    item = Rearrangement(pk=pk, kind=kind, effective_date=on)
    return _errors(lambda: item.clean_links(predecessors, successors))


def _recorded(kind, predecessors, successors, on=REFORM) -> Rearrangement:
    item = Rearrangement.objects.create(kind=kind, effective_date=on)
    item.predecessors.set(predecessors)
    item.successors.set(successors)
    return item


#
# Names
#


def test_area_page_refuses_a_hamlet_named_as_a_current_one_as_the_import_does(world, client):
    """Typed in another Unicode form (NFD, as some keyboards send it) and another case."""
    client.force_login(world.editor_a)
    form = {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": unicodedata.normalize("NFD", "ấp  BẮC")}

    response = client.post(reverse("orgunits:area_add"), form)

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Xã Long Điền đã có đơn vị “Ấp Bắc” đang hoạt động."]
    assert list(Area.objects.filter(parent=world.commune_a).values_list("name", flat=True)) == ["Ấp Bắc"]


def test_a_hamlet_may_take_the_name_of_one_no_longer_in_force_and_is_stored_in_nfc(world, client):
    world.hamlet_a.valid_to = datetime.date(2025, 7, 1)
    world.hamlet_a.save()
    client.force_login(world.editor_a)
    form = {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": unicodedata.normalize("NFD", "Ấp Bắc")}

    response = client.post(reverse("orgunits:area_add"), form)

    assert response.status_code == 302
    assert Area.objects.filter(parent=world.commune_a, valid_to=None).get().name == "Ấp Bắc"


def test_organization_named_as_a_current_one_of_the_same_area_is_refused(world):
    twin = organization(world.commune_a, "mttq", name=world.front_a.name.upper())
    elsewhere = organization(world.commune_b, "mttq", name=world.front_a.name)

    assert _errors(twin.full_clean) == {"name": [f"Xã Long Điền đã có tổ chức “{world.front_a.name}” đang hoạt động."]}
    assert _errors(elsewhere.full_clean) == {}


def test_cluster_named_as_another_of_the_same_owner_but_for_case_is_refused(world):
    ClusterFactory(owner_area=world.province, name="Cụm thi đua số 1")
    twin = ClusterFactory.build(owner_area=world.province, name="cụm  THI ĐUA số 1")
    elsewhere = ClusterFactory.build(owner_area=world.other_province, name="cụm thi đua số 1")

    assert _errors(twin.full_clean) == {"name": ["Địa bàn này đã có cụm, khối cùng tên: “Cụm thi đua số 1”."]}
    assert _errors(elsewhere.full_clean) == {}


#
# Dates
#


def test_latest_plausible_date_is_two_years_ahead_and_exists_after_29_february():
    assert latest_plausible_date(datetime.date(2025, 11, 23)) == datetime.date(2027, 11, 23)
    assert latest_plausible_date(datetime.date(2028, 2, 29)) == datetime.date(2030, 2, 28)


@pytest.mark.parametrize(
    "day",
    [datetime.date(1, 1, 1), datetime.date(1945, 8, 18), datetime.date(9999, 12, 31), "after horizon"],
)
def test_rearrangement_effective_date_outside_the_window_is_refused(day):
    day = latest_plausible_date() + datetime.timedelta(days=1) if day == "after horizon" else day
    item = Rearrangement(kind="rename", effective_date=day)

    assert _errors(item.full_clean) == {"effective_date": [_window("Ngày có hiệu lực")]}


@pytest.mark.parametrize("day", [datetime.date(1945, 8, 19), "horizon"])
def test_rearrangement_effective_date_at_the_window_edges_is_accepted(day):
    day = latest_plausible_date() if day == "horizon" else day

    assert _errors(Rearrangement(kind="rename", effective_date=day).full_clean) == {}


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("valid_from", datetime.date(9999, 12, 31), "Hiệu lực từ ngày"),
        ("valid_from", datetime.date(1, 1, 1), "Hiệu lực từ ngày"),
        ("valid_to", datetime.date(9999, 12, 31), "Hết hiệu lực từ ngày"),
    ],
)
def test_area_dates_outside_the_window_are_refused(world, field, value, label):
    area = Area.objects.get(pk=world.hamlet_a.pk)
    setattr(area, field, value)

    assert _errors(area.full_clean) == {field: [_window(label)]}


def test_area_end_date_must_still_follow_its_start_inside_the_window(world):
    area = Area.objects.get(pk=world.hamlet_a.pk)
    area.valid_from, area.valid_to = datetime.date(2020, 1, 1), datetime.date(2019, 1, 1)

    assert _errors(area.full_clean) == {"valid_to": ["Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."]}


def test_area_page_refuses_a_start_in_year_9999(world, client):
    client.force_login(world.editor_a)
    form = {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": "Ấp Tương Lai"}

    response = client.post(reverse("orgunits:area_add"), {**form, "valid_from": "31/12/9999"})

    assert response.status_code == 200
    assert _window("Hiệu lực từ ngày") in response.content.decode()
    assert not Area.objects.filter(name="Ấp Tương Lai").exists()


def test_organization_founded_before_1945_is_accepted_but_year_1_is_not(world):
    party = organization(world.commune_a, "chi_bo", valid_from=datetime.date(1930, 2, 3))
    party.full_clean()
    party.valid_from = datetime.date(1, 1, 1)

    assert _errors(party.full_clean) == {
        "valid_from": [f"“Hiệu lực từ ngày” phải từ 01/01/1900 đến {latest_plausible_date():%d/%m/%Y}."]
    }


def test_cluster_ending_in_year_9999_is_refused(world):
    cluster = ClusterFactory(owner_area=world.commune_a, valid_to=datetime.date(9999, 12, 31))

    assert _errors(cluster.full_clean) == {"valid_to": [_window("Hết hiệu lực từ ngày")]}


#
# Area size
#

SIZE_MESSAGE = (
    "“Diện tích (km²)” phải lớn hơn 0 và không quá 50.000 km² (tỉnh lớn nhất, Lâm Đồng, rộng khoảng 24.000 km²)."
)


@pytest.mark.parametrize("size", [1e30, 50_000.01, 0.0, -5.0])
def test_area_size_not_positive_or_above_50000_km2_is_refused(world, size):
    area = Area.objects.get(pk=world.province.pk)
    area.area_km2 = size

    assert _errors(area.full_clean) == {"area_km2": [SIZE_MESSAGE]}


@pytest.mark.parametrize("size", [None, 0.05, 23968.44, 50_000.0])
def test_area_size_of_a_real_unit_is_accepted(world, size):
    area = Area.objects.get(pk=world.province.pk)
    area.area_km2 = size

    assert _errors(area.full_clean) == {}


def test_area_page_refuses_a_size_of_60000_km2_and_1e30(world, client):
    client.force_login(world.editor_a)
    form = {"parent": world.commune_a.pk, "kind": area_kind("ap").pk, "name": "Ấp Khổng Lồ"}

    too_large = client.post(reverse("orgunits:area_add"), {**form, "area_km2": "60.000"})
    # Not a number written the Vietnamese way (core.forms.VietnameseFloatField): refused before the size rule.
    exponent = client.post(reverse("orgunits:area_add"), {**form, "area_km2": "1e30"})

    assert too_large.status_code == 200
    assert SIZE_MESSAGE in too_large.content.decode()
    assert exponent.status_code == 200
    assert "Nhập một số, ví dụ 1.000 hoặc 72,5" in exponent.content.decode()
    assert not Area.objects.filter(name="Ấp Khổng Lồ").exists()


#
# Levels
#


def test_area_of_the_parents_level_is_refused_on_the_kind_with_one_message(world):
    """One rule (Area.clean) for the form and the import: the kind must stand below the parent's."""
    item = Area(kind=area_kind("xa"), parent=world.commune_a, name="Xã Con")

    assert _errors(item.full_clean) == {"kind": ["Loại địa bàn phải ở cấp thấp hơn đơn vị trực thuộc (Xã)."]}


#
# Codes
#

CURRENT_CODE_TAKEN = "Đã có đơn vị đang hoạt động cùng cấp với mã này (không phân biệt chữ hoa, chữ thường)."
PAST_CODE_TAKEN = "Đã có đơn vị cùng cấp, cùng mã (không phân biệt chữ hoa, chữ thường) và cùng ngày hết hiệu lực."


def test_area_code_taken_at_the_same_level_is_refused_on_the_code_field(world):
    Area.objects.filter(pk=world.hamlet_a.pk).update(code="91001-01")
    ended = hamlet(world.commune_a, "Ấp Cũ", valid_to=REFORM)
    Area.objects.filter(pk=ended.pk).update(code="91001-02")
    current = Area(kind=world.hamlet_b.kind, parent=world.commune_b, name="Ấp Mới", code="91001-01")
    past = Area(kind=world.hamlet_b.kind, parent=world.commune_b, name="Ấp Mới", code="91001-02", valid_to=REFORM)
    other_level = Area(kind=world.commune_b.kind, parent=world.province, name="Xã Mới", code="91001-01")

    assert _errors(current.full_clean) == {"code": [CURRENT_CODE_TAKEN]}
    assert _errors(past.full_clean) == {"code": [PAST_CODE_TAKEN]}
    assert _errors(other_level.full_clean) == {}


def test_hamlet_code_differing_only_by_case_is_refused(world):
    Area.objects.filter(pk=world.hamlet_a.pk).update(code="AP1")
    duplicate = Area(kind=world.hamlet_a.kind, parent=world.commune_a, name="Ấp Một", code="ap1")

    errors = _errors(duplicate.full_clean)
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaFactory(kind=world.hamlet_a.kind, parent=world.commune_a, name="Ấp Một", code="ap1")

    assert errors == {"code": [CURRENT_CODE_TAKEN]}


def test_area_code_recased_on_edit_is_no_duplicate_of_itself(world):
    Area.objects.filter(pk=world.hamlet_a.pk).update(code="AP1")
    area = Area.objects.get(pk=world.hamlet_a.pk)
    area.code = "ap1"

    assert _errors(area.full_clean) == {}


def test_migration_stops_on_area_codes_differing_only_by_case(world):
    migration = importlib.import_module("orgunits.migrations.0011_area_codes_ignore_case")
    # Rows the migration meets on a database from before it: drop the index it adds (rolled back
    # with the test's transaction).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name('orgunits_area_unique_current_code')}")
    Area.objects.filter(pk=world.hamlet_a.pk).update(code="AP1")
    Area.objects.filter(pk=world.hamlet_b.pk).update(code="ap1")

    with pytest.raises(RuntimeError) as error:
        migration.refuse_case_duplicates(apps, None)

    assert str(error.value) == (
        "Area codes that differ only by case must be changed before this migration:\n"
        f"level 4: AP1 (id {world.hamlet_a.pk}), ap1 (id {world.hamlet_b.pk})"
    )


#
# Re-arrangements: which areas on which side
#


def test_rearrangement_naming_no_area_is_refused():
    assert _links("establish", [], []) == {"predecessors": ["Cần ít nhất một đơn vị trước hoặc sau sắp xếp."]}


def test_rearrangement_with_an_area_on_both_sides_is_refused(world):
    assert _links("merge", [world.commune_a, world.commune_b], [world.commune_a]) == {
        "successors": ["Một địa bàn không thể vừa ở trước vừa ở sau sắp xếp: Xã Long Điền."]
    }


@pytest.mark.parametrize(
    ("kind", "before", "after", "errors"),
    [
        ("merge", 2, 1, {}),
        ("merge", 3, 1, {}),
        (
            "merge",
            1,
            1,
            {
                "predecessors": [
                    "“Sắp xếp, hợp nhất” cần ít nhất 2 đơn vị trước sắp xếp (đang chọn 1). Nếu chỉ nhập một đơn vị "
                    "vào một đơn vị khác vẫn giữ nguyên, chọn “Điều chỉnh địa giới”."
                ]
            },
        ),
        ("merge", 2, 2, {"successors": ["“Sắp xếp, hợp nhất” cần đúng 1 đơn vị sau sắp xếp (đang chọn 2)."]}),
        ("merge", 2, 0, {"successors": ["“Sắp xếp, hợp nhất” cần đúng 1 đơn vị sau sắp xếp (đang chọn 0)."]}),
        ("split", 1, 2, {}),
        (
            "split",
            1,
            1,
            {
                "successors": [
                    "“Chia tách” cần ít nhất 2 đơn vị sau sắp xếp (đang chọn 1). Ghi mọi đơn vị nhận một phần của "
                    "đơn vị bị chia tách trong cùng một lần sắp xếp."
                ]
            },
        ),
        ("split", 2, 2, {"predecessors": ["“Chia tách” cần đúng 1 đơn vị trước sắp xếp (đang chọn 2)."]}),
        ("rename", 1, 1, {}),
        ("rename", 0, 1, {"predecessors": ["“Đổi tên” cần đúng 1 đơn vị trước sắp xếp (đang chọn 0)."]}),
        ("continue", 1, 2, {"successors": ["“Kế thừa nguyên trạng” cần đúng 1 đơn vị sau sắp xếp (đang chọn 2)."]}),
        ("transfer", 1, 1, {}),
        ("transfer", 2, 0, {"successors": ["“Điều chỉnh địa giới” cần ít nhất 1 đơn vị sau sắp xếp (đang chọn 0)."]}),
        ("establish", 0, 1, {}),
        ("establish", 2, 1, {}),
        ("abolish", 2, 0, {}),
        (
            "abolish",
            1,
            1,
            {
                "successors": [
                    "“Giải thể, kết thúc hoạt động” không được có đơn vị sau sắp xếp (đang chọn 1). Nếu địa bàn được "
                    "chuyển cho đơn vị khác, chọn “Sắp xếp, hợp nhất” hoặc “Điều chỉnh địa giới”."
                ]
            },
        ),
    ],
)
def test_rearrangement_counts_follow_its_kind(world, kind, before, after, errors):
    old = [commune(world.province, f"Xã Cũ {n}", code=f"9190{n}") for n in range(before)]
    new = [commune(world.province, f"Xã Mới {n}", code=f"9180{n}") for n in range(after)]

    assert _links(kind, old, new) == errors


def test_split_with_one_successor_is_accepted_when_the_other_parts_are_recorded_on_that_date(world):
    # As the 2025 load records a divided commune: one re-arrangement per new commune.
    divided, kept = commune(world.province, "Xã Bị Chia", code="91901"), world.commune_a
    _recorded("merge", [divided, kept], [commune(world.province, "Xã Mới A", code="91801")])
    new_b = commune(world.province, "Xã Mới B", code="91802")

    assert _links("split", [divided], [new_b]) == {}
    assert "successors" in _links("split", [divided], [new_b], on=datetime.date(2024, 1, 1))


def test_commune_merged_into_a_province_is_refused(world):
    assert _links("merge", [world.commune_a, world.commune_b], [world.other_province]) == {
        "predecessors": [
            "Đơn vị trước sắp xếp phải cùng cấp với đơn vị sau sắp xếp (Cấp tỉnh): Xã Long Điền, Xã Thạnh An."
        ]
    }


def test_island_district_may_precede_a_commune_but_not_a_province(world):
    district = commune(world.province, "Huyện Côn Đảo", kind="huyen", code="91755")
    zone = commune(world.province, "Đặc khu Côn Đảo", kind="dac_khu", code="91756")

    assert _links("continue", [district], [zone]) == {}
    assert "predecessors" in _links("continue", [district], [world.other_province])


def test_successors_of_different_levels_are_refused(world):
    assert _links("split", [world.province], [world.other_province, world.commune_a]) == {
        "successors": ["Các đơn vị sau sắp xếp phải cùng một cấp."]
    }


def test_abolished_areas_of_different_levels_are_refused(world):
    assert _links("abolish", [world.commune_a, world.hamlet_a], []) == {
        "predecessors": ["Các đơn vị trước sắp xếp phải cùng một cấp."]
    }


def test_predecessor_starting_after_the_date_and_successor_ended_before_it_are_refused(world):
    late = commune(world.province, "Xã Lập Sau", code="91901", valid_from=datetime.date(2026, 1, 1))
    ended = commune(world.province, "Xã Đã Giải Thể", code="91902", valid_to=datetime.date(2020, 1, 1))

    assert _links("transfer", [late], [ended]) == {
        "predecessors": [
            "Đơn vị trước sắp xếp phải có hiệu lực trước ngày sắp xếp 01/07/2025: Xã Lập Sau (từ 01/01/2026)."
        ],
        "successors": [
            "Đơn vị sau sắp xếp phải còn hiệu lực vào ngày sắp xếp 01/07/2025: Xã Đã Giải Thể (đến 01/01/2020)."
        ],
    }


def test_predecessor_ended_before_the_date_and_successor_starting_after_it_are_refused(world):
    ended = commune(world.province, "Xã Giải Thể Sớm", code="91903", valid_to=datetime.date(2024, 1, 1))
    late = commune(world.province, "Xã Lập Muộn", code="91904", valid_from=datetime.date(2026, 1, 1))

    assert _links("transfer", [ended], [late]) == {
        "predecessors": [
            "Đơn vị trước sắp xếp phải còn hiệu lực đến ngày sắp xếp 01/07/2025: Xã Giải Thể Sớm (đến 01/01/2024)."
        ],
        "successors": [
            "Đơn vị sau sắp xếp không được bắt đầu hiệu lực sau ngày sắp xếp 01/07/2025: Xã Lập Muộn (từ 01/01/2026)."
        ],
    }


#
# Re-arrangements: an area's dates after it was linked
#


def _merged(world):
    """Two communes merged on 1 July 2025 into a new one, dated as the 2025 loader dates them."""
    first = commune(world.province, "Xã Cũ Một", code="91905", valid_to=REFORM)
    second = commune(world.province, "Xã Cũ Hai", code="91906", valid_to=REFORM)
    merged = commune(world.province, "Xã Mới Hợp Nhất", code="91907", valid_from=REFORM)
    return _recorded("merge", [first, second], [merged]), first, merged


def test_area_merged_on_a_date_cannot_end_before_it(world):
    merger, first, _merged_area = _merged(world)
    first.valid_to = datetime.date(2024, 12, 31)

    assert _errors(first.full_clean) == {
        "valid_to": [
            f"Địa bàn này là đơn vị trước sắp xếp của “{merger}”, nên phải còn hiệu lực đến ngày 01/07/2025 "
            "(hết hiệu lực từ ngày đó hoặc muộn hơn)."
        ]
    }


def test_area_formed_by_a_merger_cannot_start_after_it_nor_end_on_its_date(world):
    merger, _first, merged = _merged(world)
    merged.valid_from = datetime.date(2026, 1, 1)
    ends_on_the_date = Area.objects.get(pk=merged.pk)
    ends_on_the_date.valid_from, ends_on_the_date.valid_to = datetime.date(2020, 1, 1), REFORM

    assert _errors(merged.full_clean) == {
        "valid_from": [
            f"Địa bàn này là đơn vị sau sắp xếp của “{merger}”, nên không được bắt đầu hiệu lực sau ngày 01/07/2025."
        ]
    }
    assert _errors(ends_on_the_date.full_clean) == {
        "valid_to": [
            f"Địa bàn này là đơn vị sau sắp xếp của “{merger}”, nên phải còn hiệu lực vào ngày 01/07/2025 "
            "(hết hiệu lực sau ngày đó)."
        ]
    }


def test_area_dates_that_fit_its_rearrangements_are_accepted(world):
    _merger, first, merged = _merged(world)
    first.valid_to = datetime.date(2025, 9, 1)  # a predecessor may end later than the date
    merged.valid_from = datetime.date(2025, 6, 1)

    assert (_errors(first.full_clean), _errors(merged.full_clean)) == ({}, {})


def test_area_page_refuses_an_end_before_the_merger_that_ended_it(world, client):
    merger, first, _merged_area = _merged(world)
    client.force_login(world.admin)
    data = {"parent": world.province.pk, "kind": first.kind_id, "name": first.name, "code": first.code}

    response = client.post(reverse("orgunits:area_edit", kwargs={"pk": first.pk}), {**data, "valid_to": "31/12/2024"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "valid_to": [
            f"Địa bàn này là đơn vị trước sắp xếp của “{merger}”, nên phải còn hiệu lực đến ngày 01/07/2025 "
            "(hết hiệu lực từ ngày đó hoặc muộn hơn)."
        ]
    }
    assert Area.objects.get(pk=first.pk).valid_to == REFORM


#
# Re-arrangements: loops
#

LOOP = (
    "Sắp xếp này tạo vòng lặp: đơn vị trước sắp xếp đã được hình thành từ {names} qua các lần sắp xếp khác. "
    "Đơn vị được tái lập sau khi sáp nhập cần được ghi là một địa bàn mới."
)


@pytest.mark.parametrize("day", [REFORM, datetime.date(2020, 1, 1), datetime.date(2026, 1, 1)])
def test_reversing_a_recorded_rearrangement_is_refused_whatever_its_date(world, day):
    _recorded("transfer", [world.commune_a], [world.commune_b])

    assert _links("transfer", [world.commune_b], [world.commune_a], on=day) == {
        "successors": [LOOP.format(names="Xã Long Điền")]
    }


def test_longer_loop_is_refused(world):
    third = commune(world.province, "Xã Thứ Ba", code="91003")
    _recorded("transfer", [world.commune_a], [world.commune_b], on=datetime.date(2000, 1, 1))
    _recorded("transfer", [world.commune_b], [third], on=datetime.date(2010, 1, 1))

    assert _links("transfer", [third], [world.commune_a], on=datetime.date(2020, 1, 1)) == {
        "successors": [LOOP.format(names="Xã Long Điền")]
    }


def test_saving_a_rearrangement_again_is_not_a_loop_with_itself(world):
    item = _recorded("transfer", [world.commune_a], [world.commune_b])

    assert _links("transfer", [world.commune_a], [world.commune_b], pk=item.pk) == {}


def test_chain_of_rearrangements_is_not_a_loop(world):
    third = commune(world.province, "Xã Thứ Ba", code="91003")
    _recorded("transfer", [world.commune_a], [world.commune_b], on=datetime.date(2000, 1, 1))

    assert _links("transfer", [world.commune_b], [third], on=datetime.date(2010, 1, 1)) == {}


def test_loop_check_is_one_query_whatever_the_number_of_generations(world, django_assert_num_queries):
    chain = [world.commune_a, *(commune(world.province, f"Xã Đời {n}", code=f"9110{n}") for n in range(1, 5))]
    for year, (before, after) in enumerate(itertools.pairwise(chain), start=2000):
        _recorded("transfer", [before], [after], on=datetime.date(year, 1, 1))
    item = Rearrangement(kind="transfer", effective_date=datetime.date(2020, 1, 1))

    with django_assert_num_queries(1):
        looped = item._looped([chain[-1]], [world.commune_a, world.commune_b])

    assert looped == ["Xã Long Điền"]


#
# Re-arrangements: the page
#


def test_rearrangement_page_names_the_problem_and_saves_nothing(world, client):
    client.force_login(world.admin)
    form = {"kind": "merge", "decision": "NQ 1/2025"}

    one = client.post(
        reverse("orgunits:rearrangement_add"),
        {
            **form,
            "effective_date": "01/07/2025",
            "predecessors": [world.commune_a.pk],
            "successors": [world.commune_b.pk],
        },
    )
    far = client.post(
        reverse("orgunits:rearrangement_add"),
        {
            **form,
            "effective_date": "31/12/9999",
            "predecessors": [world.hamlet_a.pk, world.hamlet_b.pk],
            "successors": [hamlet(world.commune_a, "Ấp Hợp Nhất").pk],
        },
    )

    assert (one.status_code, far.status_code) == (200, 200)
    assert "“Sắp xếp, hợp nhất” cần ít nhất 2 đơn vị trước sắp xếp (đang chọn 1)." in one.content.decode()
    assert _window("Ngày có hiệu lực") in far.content.decode()
    assert Rearrangement.objects.count() == 0


def test_rearrangement_page_saves_a_valid_merge(world, client):
    client.force_login(world.admin)
    merged = province("Tỉnh Hợp Nhất", code="93")

    response = client.post(
        reverse("orgunits:rearrangement_add"),
        {
            "kind": "merge",
            "effective_date": "01/07/2025",
            "predecessors": [world.province.pk, world.other_province.pk],
            "successors": [merged.pk],
        },
    )

    assert response.status_code == 302
    assert set(merged.predecessors()) == {world.province, world.other_province}
