import datetime

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation

from core.audit import acting_as
from core.models import ObjectChange, display_stored_value
from core.tests.scoping_cases import MANAGERS, manager
from core.views_audit import visible_changes
from orgunits.models import Area
from tests.factories.accounts import UserFactory
from tests.factories.orgunits import area_kind, commune

pytestmark = pytest.mark.django_db


def _changes(obj):
    return list(
        ObjectChange.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_audit_records_create_update_delete_with_old_and_new_values(world):
    area = commune(world.province, "Xã Mới", code="91009")

    with acting_as(world.admin):
        area.name = "Xã Mới Đổi Tên"
        area.save()
    area_id = area.pk
    area.delete()

    entries = list(ObjectChange.objects.filter(object_id=str(area_id), content_type__model="area").order_by("pk"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    update = entries[1]
    assert (update.user, update.user_name) == (world.admin, "admin")
    assert update.changed_fields() == [{"name": "name", "label": "Tên", "old": "Xã Mới", "new": "Xã Mới Đổi Tên"}]
    assert update.scope_path == area.path
    assert entries[2].prechange_data["name"] == "Xã Mới Đổi Tên"


def test_audit_skips_saves_that_change_nothing(world):
    area = Area.objects.get(pk=world.commune_a.pk)

    area.save()

    assert _changes(area) == ["create"]


def test_audit_records_membership_changes_of_clusters(world):
    from tests.factories.orgunits import ClusterFactory

    cluster = ClusterFactory(owner_area=world.province)

    cluster.areas.add(world.commune_a, world.commune_b)

    last = ObjectChange.objects.filter(object_id=str(cluster.pk), content_type__model="cluster").order_by("pk").last()
    assert (last.prechange_data, last.postchange_data) == (
        {"areas": []},
        {"areas": sorted([world.commune_a.pk, world.commune_b.pk])},
    )


def test_audit_log_page_filters_by_action_and_is_scoped(world, client):
    from tests.factories.accounts import user_with_role

    commune(world.province, "Xã Để Xóa", code="91010", kind="xa").delete()
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(admin_a)

    visible = client.get("/audit/").content.decode()
    client.force_login(world.admin)
    deletes = client.get("/audit/", {"action": "delete"}).content.decode()

    assert ("Xã Long Điền" in visible, "Xã Thạnh An" in visible) == (True, False)
    assert ("Xã Để Xóa" in deletes, "Xã Long Điền" in deletes) == (True, False)


@pytest.mark.parametrize("who", MANAGERS)
def test_audit_log_is_one_condition_on_the_table_not_a_subquery(world, who):
    # `pk IN (the managed entries) OR user_id = …` made a system administrator's COUNT run for
    # more than twenty minutes over 3,000,000 entries (bench/README.md, "Audit log").
    user = manager(world, who)
    with acting_as(user):
        commune(world.province, "Xã Của Người Xem", code="91011", kind="xa")

    entries = visible_changes(user)
    sql = str(entries.query)

    assert "SELECT" not in sql.split(" FROM ", 1)[1]
    expected = {
        "admin": set(ObjectChange.objects.all()),
        "unit_admin": set(ObjectChange.objects.filter(scope_path__startswith=world.commune_a.path))
        | set(ObjectChange.objects.filter(user=user)),
        "editor": set(ObjectChange.objects.filter(user=user)),
    }[who]
    assert set(entries) == expected
    assert any(entry.object_repr == "Xã Của Người Xem" for entry in entries)


def test_audit_log_names_the_object_type_as_its_filter_does(world, client):
    """ "Địa bàn" in the type column, the filter's options and the entry's page (not "địa bàn")."""
    area = world.commune_a
    with acting_as(world.admin):
        area.short_name = "Long Điền"
        area.save()
    change = ObjectChange.objects.filter(object_id=str(area.pk), content_type__model="area", action="update").get()
    client.force_login(world.admin)

    listed = client.get("/audit/", {"content_type": change.content_type_id})
    detail = client.get(change.get_absolute_url()).content.decode()

    table = listed.context["table"]
    filter_labels = dict(listed.context["filter"].form.fields["content_type"].choices)
    assert {row.get_cell_value("content_type") for row in table.rows} == {"Địa bàn"}
    assert filter_labels[change.content_type_id] == "Địa bàn"
    assert f"Địa bàn #{area.pk}" in detail


def test_audit_detail_shows_the_changed_fields(world, client):
    area = world.commune_a
    with acting_as(world.admin):
        area.short_name = "Long Điền"
        area.save()
    change = ObjectChange.objects.filter(object_id=str(area.pk), content_type__model="area", action="update").get()
    client.force_login(world.admin)

    content = client.get(change.get_absolute_url()).content.decode()

    assert ("Tên ngắn" in content, "Long Điền" in content) == (True, True)


def test_area_kind_is_audited_as_reference_data(world):
    kind = area_kind("thon")
    kind.name = "Thôn (sửa)"
    kind.save()

    assert _changes(kind) == ["update"]


def test_bulk_update_entries_show_the_values_before_the_update(world):
    from core.audit import record_bulk

    area = Area.objects.get(pk=world.commune_a.pk)
    area.short_name = "Long Điền"
    Area.objects.bulk_update([area], ["short_name"])

    record_bulk([area], "update")

    change = ObjectChange.objects.filter(content_type__model="area", action="update").get()
    assert change.changed_fields() == [{"name": "short_name", "label": "Tên ngắn", "old": "", "new": "Long Điền"}]


def test_audit_display_shows_names_and_labels_instead_of_ids_and_codes(world):
    from tests.factories.orgunits import ClusterFactory

    cluster = ClusterFactory(owner_area=world.province, name="Cụm số 9", description="Các xã phía đông")
    cluster.areas.add(world.commune_a)

    created, members = ObjectChange.objects.filter(content_type__model="cluster", object_id=str(cluster.pk)).order_by(
        "pk"
    )

    shown = {row["name"]: row["new"] for row in created.display_changes()}
    assert (shown["name"], shown["kind"], shown["owner_area_id"]) == (
        "Cụm số 9",
        "Cụm, khối thi đua",
        "Tỉnh Thử Nghiệm",
    )
    assert created.display_changes()[0]["name"] == "name"
    # Then the model's own order (Cluster declares kind, then description), not the alphabet's.
    names = [row["name"] for row in created.display_changes()]
    assert names.index("kind") < names.index("owner_area_id") < names.index("description")
    assert [(row["old"], row["new"]) for row in members.display_changes()] == [(None, "Xã Long Điền")]


def test_an_editor_reads_their_own_changes_in_the_audit_log(world, client):
    from core.audit import acting_as

    with acting_as(world.editor_a):
        area = Area.objects.get(pk=world.hamlet_a.pk)
        area.short_name = "Bắc"
        area.save()
    client.force_login(world.editor_a)

    content = client.get("/audit/").content.decode()

    assert ("Ấp Bắc" in content, "Xã Thạnh An" in content) == (True, False)


def test_audit_log_search_ignores_diacritics(world, client):
    client.force_login(world.admin)

    content = client.get("/audit/", {"q": "long dien"}).content.decode()

    assert ("Xã Long Điền" in content, "Xã Thạnh An" in content) == (True, False)


def test_audit_detail_and_history_panel_show_dates_and_numbers_in_vietnamese_format(world, client):
    area = Area.objects.get(pk=world.commune_a.pk)
    with acting_as(world.admin):
        area.valid_from = datetime.date(2025, 7, 1)
        area.area_km2 = 1234.5
        area.save()
    change = ObjectChange.objects.filter(object_id=str(area.pk), content_type__model="area", action="update").get()
    client.force_login(world.admin)

    detail = client.get(change.get_absolute_url()).content.decode()
    panel = client.get(f"/areas/{area.pk}/").content.decode().split('id="tab-history"')[1]

    for content in (detail, panel):
        assert ("01/07/2025" in content, "1.234,5" in content) == (True, True)
        assert ("2025-07-01" in content, "1234.5" in content) == (False, False)


def test_audit_display_hides_the_id_row_and_keeps_the_stored_values(world):
    created = ObjectChange.objects.filter(object_id=str(world.commune_a.pk), content_type__model="area").get()

    assert "id" in created.postchange_data
    assert "id" not in {row["name"] for row in created.display_changes()}


def test_stored_values_are_displayed_by_their_field_type_in_the_active_language():
    def show(field, value, name="value"):
        field.set_attributes_from_name(name)
        return display_stored_value(field, value)

    with translation.override("vi"):
        assert show(models.DateTimeField(), "2026-11-23T18:17:19.735991+00:00") == "24/11/2026 01:17"
        assert show(models.DateTimeField(), "2026-11-23T10:00:00") == "23/11/2026 10:00"  # naive: local time
        assert show(models.DateField(), "2025-07-01") == "01/07/2025"
        assert show(models.TimeField(), "07:30:00") == "07:30"
        assert show(models.DecimalField(), "1234.50") == "1.234,5"
        assert show(models.DecimalField(), "2000000") == "2.000.000"
        assert show(models.IntegerField(), 2000000) == "2.000.000"
        assert show(models.FloatField(), 1234.5) == "1.234,5"
        assert show(models.PositiveSmallIntegerField(), 2025, name="year") == "2025"
        assert show(models.DateField(), "không phải ngày") == "không phải ngày"
        assert show(models.DecimalField(), "?") == "?"
        assert show(models.CharField(), "2025-07-01") == "2025-07-01"


#
# Who made a change, as the audit pages show it
#


def _renamed_by(world, user, code="91009"):
    area = commune(world.province, f"Xã {code}", code=code)
    with acting_as(user):
        area.name = f"Xã {code} Đổi Tên"
        area.save()
    return ObjectChange.objects.get(object_id=str(area.pk), content_type__model="area", action="update")


def test_audit_pages_name_the_person_by_full_name(world, client):
    world.editor_a.full_name = "Nguyễn Thành Phố"
    world.editor_a.save()
    change = _renamed_by(world, world.editor_a)
    client.force_login(world.admin)

    listed = client.get(reverse("core:objectchange_list"), {"user_name": "xa_a"})
    detail = client.get(change.get_absolute_url()).content.decode()

    assert [(row.record, row.get_cell("user_name")) for row in listed.context["table"].rows] == [
        (change, "Nguyễn Thành Phố")
    ]
    assert "Nguyễn Thành Phố" in detail
    assert "xa_a" not in detail


def test_audit_pages_name_a_deleted_account_by_its_username(world, client):
    user = UserFactory(username="da_nghi", full_name="Người Đã Nghỉ")
    change = _renamed_by(world, user)
    user.delete()
    change.refresh_from_db()
    client.force_login(world.admin)

    detail = client.get(change.get_absolute_url()).content.decode()

    assert (change.user, change.actor_name) == (None, "da_nghi")
    assert "da_nghi" in detail


@pytest.mark.parametrize("typed", ["Nguyễn Thành Phố", "thanh pho", "XA_A"])
def test_audit_list_filters_by_full_name_or_username(world, client, typed):
    world.editor_a.full_name = "Nguyễn Thành Phố"
    world.editor_a.save()
    change = _renamed_by(world, world.editor_a)
    _renamed_by(world, world.admin, code="91010")  # another person's change, which must not match
    client.force_login(world.admin)

    response = client.get(reverse("core:objectchange_list"), {"user_name": typed})

    assert [row.record for row in response.context["table"].rows] == [change]
