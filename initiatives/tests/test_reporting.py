"""The registry's figures as periodic reports pull them (reports.providers)."""

import datetime

import pytest

from initiatives.choices import Status
from initiatives.models import Recognition
from reports import providers
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db
D = datetime.date
Q2 = (D(2025, 4, 1), D(2025, 6, 30))


def _value(key, area):
    return providers.get(key).value(area.path, *Q2)


def test_registered_counts_the_period_and_the_area_only(world):
    InitiativeFactory(organization=world.front_a, registered_on=D(2025, 5, 2))
    InitiativeFactory(organization=world.front_a, registered_on=D(2025, 3, 31))
    InitiativeFactory(organization=world.front_b, registered_on=D(2025, 5, 2))

    assert (_value("initiatives.registered", world.commune_a), _value("initiatives.registered", world.province)) == (
        1,
        2,
    )


def test_recognized_and_outstanding_count_records_decided_in_the_period(world):
    first = InitiativeFactory(organization=world.front_a, status=Status.RECOGNIZED)
    second = InitiativeFactory(organization=world.front_a, status=Status.RECOGNIZED)
    Recognition.objects.create(initiative=first, level=2, body="BCĐ", decision_date=D(2025, 6, 1))
    Recognition.objects.create(
        initiative=first, level=4, body="Tỉnh", decision_date=D(2025, 6, 20), is_outstanding=True
    )
    Recognition.objects.create(initiative=second, level=2, body="BCĐ", decision_date=D(2025, 7, 1))

    assert (_value("initiatives.recognized", world.commune_a), _value("initiatives.outstanding", world.commune_a)) == (
        1,
        1,
    )


def test_every_registry_figure_is_offered_to_reports():
    keys = {key for key, _label in providers.choices()}

    assert {
        "initiatives.registered",
        "initiatives.effective",
        "initiatives.recognized",
        "initiatives.outstanding",
        "initiatives.replicated",
        "initiatives.stopped",
    } <= keys
