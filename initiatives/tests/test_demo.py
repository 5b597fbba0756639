"""The registry's demo data (initiatives.demo, run by `manage.py demo`): what it creates through the
services, and that a second run adds nothing.

The command runs twice once for the module; each test reads the result in a savepoint.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from core.models import ObjectChange
from initiatives import queries
from initiatives.choices import EntryResult, Outcome, RoundStatus, Status
from initiatives.models import (
    Assessment,
    Initiative,
    PublicGallery,
    Recognition,
    ResultValue,
    ReviewEntry,
    ReviewRound,
    Score,
    Transition,
)
from orgunits.choices import AreaLevel
from orgunits.models import Area

pytestmark = pytest.mark.django_db

MODELS = (
    Initiative,
    ResultValue,
    Recognition,
    Assessment,
    Transition,
    ReviewRound,
    ReviewEntry,
    Score,
    PublicGallery,
)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def demo_twice(django_db_setup, django_db_blocker):
    """Run `manage.py demo` twice for the module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(DEMO_HAMLETS_PER_COMMUNE=2), transaction.atomic():
        first_out = io.StringIO()
        call_command("demo", skip_checks=True, stdout=first_out)
        first = _counts()
        out = io.StringIO()
        call_command("demo", skip_checks=True, stdout=out)
        yield {"first": first, "second": _counts(), "first_output": first_out.getvalue(), "output": out.getvalue()}
        transaction.set_rollback(True)


def _commune(code):
    return Area.objects.get(level=AreaLevel.COMMUNE, code=code, valid_to__isnull=True)


def test_demo_second_run_creates_no_record(demo_twice):
    assert demo_twice["second"] == demo_twice["first"]
    assert "tạo mới 0, đã có 34" in demo_twice["output"]


def test_demo_creates_records_in_the_communes(demo_twice):
    city = Area.objects.get(level=AreaLevel.PROVINCE, code="79", valid_to__isnull=True)

    assert demo_twice["first"]["Initiative"] == 34
    assert "tạo mới 34, đã có 0" in demo_twice["first_output"]
    assert Initiative.objects.filter(path__startswith=city.path).count() == 34
    # 14 records and a replica in commune A, 9 and a replica in commune B, 3 in each of 3 other communes.
    assert Initiative.objects.filter(path__startswith=_commune("26659").path).count() == 15
    assert Initiative.objects.filter(path__startswith=_commune("27676").path).count() == 10


def test_demo_audit_names_the_user_who_made_each_change(demo_twice):
    commune_a = _commune("26659")
    city = commune_a.parent
    records_a = Initiative.objects.filter(path__startswith=commune_a.path).values_list("pk", flat=True)
    changes = ObjectChange.objects.filter(content_type__app_label="initiatives")

    created_a = changes.filter(
        content_type__model="initiative", action="create", object_id__in=[str(pk) for pk in records_a]
    )
    scorers = set(changes.filter(content_type__model="score").values_list("user__username", flat=True))
    # The audit log's "Người thực hiện" filter finds Long Điền's records under its editor.
    assert set(created_a.values_list("user__username", flat=True)) == {"xa_a"}
    assert (created_a.count(), scorers) == (15, {"thanhpho", "xa_a"})
    assert list(changes.filter(scope_path__startswith=city.path, user=None).values_list("object_repr", flat=True)) == []


def test_demo_records_go_through_their_life_cycle(demo_twice):
    statuses = dict(Initiative.objects.values_list("status").annotate(n=Count("pk")).order_by())

    assert statuses == {
        Status.REGISTERED: 8,
        Status.IMPLEMENTING: 11,
        Status.RECOGNIZED: 12,
        Status.NOT_RECOGNIZED: 1,
        Status.STOPPED: 2,
    }
    assert Transition.objects.filter(action="register").count() == 34
    assert Recognition.objects.count() == 13


def test_demo_round_is_decided_with_scores_from_two_reviewers(demo_twice):
    review_round = ReviewRound.objects.get()
    results = dict(review_round.entries.values_list("initiative__name", "result"))

    assert (review_round.status, review_round.reviewers.count()) == (RoundStatus.DECIDED, 2)
    assert results == {
        "Đường hoa nông thôn mới": EntryResult.RECOGNIZED,
        "Tổ tự quản an ninh trật tự": EntryResult.OUTSTANDING,
        "Thắp sáng đường quê": EntryResult.RECOGNIZED,
        "Quỹ khuyến học dòng họ": EntryResult.RECOGNIZED,
        "Nhà đại đoàn kết cho hộ nghèo": EntryResult.NOT_RECOGNIZED,
        "Hiến đất mở đường liên ấp": EntryResult.RECOGNIZED,
    }
    assert Score.objects.count() == 6 * 2 * 5


def test_demo_city_recognition_is_rewarded(demo_twice):
    record = Initiative.objects.get(name="Đường hoa nông thôn mới")
    city = record.recognitions.get(level=4)

    assert (record.recognition_level, record.is_outstanding) == (4, True)
    assert (city.is_outstanding, city.reward_form) == (True, "Bằng khen")


def test_demo_replicas_link_to_their_sources(demo_twice):
    replicas = set(
        Initiative.objects.filter(replicated_from__isnull=False).values_list("name", "replicated_from__name")
    )

    assert replicas == {
        ("Đường hoa nông thôn mới (nhân rộng tại xã Thạnh An)", "Đường hoa nông thôn mới"),
        ("Tổ dân vận giúp dân sản xuất sạch", "Tổ dân vận giúp dân làm muối sạch"),
    }


def test_demo_yearly_assessment(demo_twice):
    last_year = timezone.localdate().year - 1

    assert set(Assessment.objects.values_list("initiative__name", "year", "outcome")) == {
        ("Thắp sáng đường quê", last_year, Outcome.REPLICATE),
        ("Cánh đồng lớn liên kết tiêu thụ lúa", last_year, Outcome.KEEP),
        ("Nhà đại đoàn kết cho hộ nghèo", last_year, Outcome.CONSOLIDATE),
    }


def test_demo_gallery_of_commune_a_is_public(demo_twice, client):
    gallery = PublicGallery.objects.get()
    response = client.get(gallery.get_public_url())

    assert (gallery.area, gallery.is_enabled) == (_commune("26659"), True)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5
    assert f"/gallery/{gallery.area.pk}/" in demo_twice["output"]


@pytest.mark.parametrize(
    ("years_ago", "expected"),
    [
        # Last year: registrations, the round (15/12) and direct recognitions (20/12); nothing replicated yet.
        (1, (21, 21, 13, 12, 2, 0, 0, 2)),
        # This year: the city's outstanding recognition (15/01) and the two replicas.
        (0, (34, 13, 13, 1, 1, 2, 2, 2)),
    ],
)
def test_demo_statistics_for_the_city(demo_twice, years_ago, expected):
    year = timezone.localdate().year - years_ago
    city = Area.objects.get(level=AreaLevel.PROVINCE, code="79", valid_to__isnull=True)
    viewer = User.objects.get(username="xem")

    figures = queries.statistics(viewer, city, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    assert tuple(figures[name] for name in queries.FIGURES) == expected
