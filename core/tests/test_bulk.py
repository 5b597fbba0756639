"""Fast inserts (core.bulk) and bulk audit entries: the rows are those save() would write."""

import datetime
from decimal import Decimal

import pytest

from core.audit import acting_as, record_bulk
from core.bulk import Builder, allocate_ids, insert_objects
from core.models import ObjectChange
from initiatives.models import Initiative, ResultValue
from tests.factories.initiatives import InitiativeFactory, field, metric

pytestmark = pytest.mark.django_db


def test_allocate_ids_never_reuses_an_id_even_of_a_deleted_row(world):
    last = InitiativeFactory(organization=world.front_a)
    last_id = last.pk
    last.delete()

    ids = allocate_ids(Initiative, 3)

    assert (len(ids), ids[0] > last_id, ids == list(range(ids[0], ids[0] + 3))) == (3, True, True)


def test_insert_objects_writes_the_rows_with_new_ids_and_timestamps(world):
    records = [
        Initiative(
            organization=world.front_a,
            path=world.front_a.path,
            area=world.hamlet_a,
            name=f"Mô hình {n}",
            field=field(),
            year=2025,
            registered_on=datetime.date(2025, 3, n),
        )
        for n in (1, 2)
    ]
    for record in records:  # the caller writes what save() would (core.bulk)
        record.set_derived_fields()

    insert_objects(records)
    values = [ResultValue(initiative=records[0], metric=metric(), value=Decimal("10700.5"))]
    insert_objects(values)

    stored = list(Initiative.objects.order_by("pk").values_list("pk", "name", "registered_on", "path"))
    assert stored == [
        (records[0].pk, "Mô hình 1", datetime.date(2025, 3, 1), world.front_a.path),
        (records[1].pk, "Mô hình 2", datetime.date(2025, 3, 2), world.front_a.path),
    ]
    assert records[0].created is not None
    assert Initiative.objects.get(pk=records[0].pk).created == records[0].created
    assert list(ResultValue.objects.values_list("initiative", "value")) == [(records[0].pk, Decimal("10700.50"))]
    more = InitiativeFactory(organization=world.front_a)  # the sequence continues after them
    assert more.pk > records[1].pk


def test_record_bulk_writes_the_entries_a_save_would(world):
    saved = InitiativeFactory(organization=world.front_a, name="Đã lưu", created_by=world.editor_a)
    bulk = Initiative(
        organization=world.front_a,
        path=world.front_a.path,
        area=world.front_a.area,
        name="Ghi hàng loạt",
        field=field(),
        year=2025,
        registered_on=saved.registered_on,
        created_by=world.editor_a,
    )
    insert_objects([bulk])

    with acting_as(world.editor_a):
        record_bulk([bulk])

    by_save, by_bulk = (
        ObjectChange.objects.get(object_id=str(obj.pk), content_type__model="initiative") for obj in (saved, bulk)
    )
    assert (by_bulk.user, by_bulk.action, by_bulk.object_repr, by_bulk.search_text, by_bulk.scope_path) == (
        world.editor_a,
        "create",
        "Ghi hàng loạt",
        "ghi hang loat",
        world.front_a.path,
    )
    assert {k: v for k, v in by_bulk.postchange_data.items() if k not in {"id", "name"}} == {
        k: v for k, v in by_save.postchange_data.items() if k not in {"id", "name"}
    }


def test_builder_makes_the_instance_keywords_would(world, django_assert_num_queries):
    record = InitiativeFactory(organization=world.front_a)
    kwargs = {"initiative": record, "metric": metric(), "value": Decimal("270"), "note": "Ghi chú"}

    built, assigned = Builder(ResultValue)(**kwargs), ResultValue(**kwargs)

    fields = [field.attname for field in ResultValue._meta.concrete_fields]
    assert [getattr(built, name) for name in fields] == [getattr(assigned, name) for name in fields]
    with django_assert_num_queries(0):
        assert (str(built), built.get_scope_path(), built._state.adding) == (str(assigned), record.path, True)


def test_builder_gives_each_instance_its_own_mutable_default():
    from core.models import Job

    build = Builder(Job)
    first, second = build(), build()

    first.result["rows"] = 1
    assert second.result == {} and first.errors is not second.errors
