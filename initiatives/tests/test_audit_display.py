"""The audit trail of a record reads like its pages: local dates and times, Vietnamese numbers."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps

from core.audit import acting_as
from core.models import ObjectChange
from initiatives import services
from initiatives.models import ResultValue, Transition
from tests.factories.initiatives import metric, register

pytestmark = pytest.mark.django_db

# 18:19 UTC on 23/11/2026 is 01:19 on 24/11/2026 in Hồ Chí Minh City (UTC+7).
LATE_EVENING_UTC = datetime.datetime(2026, 11, 23, 18, 19, 5, tzinfo=datetime.UTC)


def entry(obj, action):
    return ObjectChange.objects.get(content_type__model=obj._meta.model_name, object_id=str(obj.pk), action=action)


def test_a_step_taken_after_17h_utc_is_dated_the_next_local_day(world):
    initiative = register(world)

    step = Transition.objects.create(
        initiative=initiative, action="start", from_status="registered", to_status="ongoing", time=LATE_EVENING_UTC
    )

    assert str(step) == "Bắt đầu triển khai (24/11/2026)"
    assert entry(step, "create").object_repr == "Bắt đầu triển khai (24/11/2026)"


def test_audit_detail_shows_a_step_time_in_local_time(world, client):
    initiative = register(world)
    step = Transition.objects.create(
        initiative=initiative, action="start", from_status="registered", to_status="ongoing", time=LATE_EVENING_UTC
    )
    client.force_login(world.admin)

    content = client.get(entry(step, "create").get_absolute_url()).content.decode()

    assert "24/11/2026 01:19" in content
    assert "2026-11-23" not in content


def test_audit_detail_shows_a_decimal_result_in_vietnamese_format_without_the_id_row(world, client):
    initiative = register(world)
    value = ResultValue.objects.create(initiative=initiative, metric=metric(), value=Decimal("2000000"))
    with acting_as(world.admin):
        value.value = Decimal("1234.5")
        value.save()
    created, updated = entry(value, "create"), entry(value, "update")
    client.force_login(world.admin)

    content = client.get(updated.get_absolute_url()).content.decode()

    # The page title is the result's own text, stored when it changed; the table shows the values.
    assert re.findall(r'<td class="diff-(?:old|new)">([^<]*)</td>', content) == ["2.000.000", "1.234,5"]
    assert "id" not in {row["name"] for row in created.display_changes()}
    assert {row["name"]: row["new"] for row in created.display_changes()}["value"] == "2.000.000"


def test_record_history_panel_shows_dates_in_vietnamese_format_and_years_whole(world, client):
    initiative = register(world)
    created = entry(initiative, "create")
    with acting_as(world.editor_a):
        initiative.registered_on = datetime.date(2025, 7, 1)
        initiative.save()
    client.force_login(world.admin)

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "01/03/2025 → 01/07/2025" in content
    assert "2025-07-01" not in content
    assert {row["name"]: row["new"] for row in created.display_changes()}["year"] == "2025"


def test_record_history_panel_names_people_by_full_name_as_the_timeline_does(world, client):
    world.editor_a.full_name = "Nguyễn Thành Phố"
    world.editor_a.save()
    initiative = register(world)
    with acting_as(world.editor_a):
        initiative.registered_on = datetime.date(2025, 7, 1)
        initiative.save()
    client.force_login(world.admin)

    content = client.get(initiative.get_absolute_url()).content.decode()

    history = content[content.index("Nhật ký thay đổi") :]
    assert re.findall(r"<td[^>]*>(Nguyễn Thành Phố|xa_a)</td>", history) == ["Nguyễn Thành Phố"]


def test_record_history_shows_the_changes_of_its_results_files_and_steps(world, client):
    initiative = register(world)
    value = ResultValue.objects.create(initiative=initiative, metric=metric(), value=Decimal("10700.5"))
    with acting_as(world.editor_a):
        value.value = Decimal("1234567.89")
        value.save()
    client.force_login(world.editor_a)

    content = client.get(initiative.get_absolute_url()).content.decode()

    history = content[content.index("Nhật ký thay đổi") :]
    assert entry(value, "update").parent_id == str(initiative.pk)
    assert "10.700,5 → 1.234.567,89" in history
    assert re.search(r"data-part>[^<]*: " + re.escape(str(value)), history)


def test_entries_written_before_the_link_are_given_their_record(world):
    """Migration initiatives 0015 links the older entries of a record's parts to the record."""
    migration = importlib.import_module("initiatives.migrations.0015_audit_entries_name_their_record")
    initiative = register(world)
    value = ResultValue.objects.create(initiative=initiative, metric=metric(), value=Decimal("270"))
    value.delete()
    ObjectChange.objects.filter(content_type__model="resultvalue").update(parent_type=None, parent_id="")

    migration.name_the_record(apps, None)

    linked = ObjectChange.objects.filter(content_type__model="resultvalue").values_list("action", "parent_id")
    assert sorted(linked) == [("create", str(initiative.pk)), ("delete", str(initiative.pk))]


def test_record_history_says_effectiveness_as_the_pages_do(world):
    initiative = register(world)
    services.start(initiative, user=world.editor_a)
    services.stop(initiative, user=world.editor_a, reason="Hết kinh phí")
    stopped = ObjectChange.objects.filter(
        content_type__model="initiative", object_id=str(initiative.pk), action="update"
    ).latest("pk")

    rows = {row["name"]: (row["old"], row["new"]) for row in stopped.display_changes()}

    assert rows["is_effective"] == ("Chưa đánh giá", "Chưa hiệu quả")
