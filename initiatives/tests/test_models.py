"""The registry's model rules, which the pages, the API and the Excel import share."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from initiatives.models import Initiative
from tests.factories.initiatives import InitiativeFactory, field

pytestmark = pytest.mark.django_db


def _record(world, **kwargs):
    return Initiative(
        organization=kwargs.pop("organization", world.front_a),
        area=kwargs.pop("area", world.hamlet_a),
        name=kwargs.pop("name", "Mô hình “Đường hoa nông thôn”"),
        field=field(),
        year=kwargs.pop("year", 2025),
        registered_on=kwargs.pop("registered_on", datetime.date(2025, 3, 1)),
        **kwargs,
    )


def _errors(instance, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        instance.full_clean(**kwargs)
    return error.value.message_dict


#
# One name per organization and year
#


def test_a_name_registered_again_by_the_organization_in_the_year_is_refused_whatever_its_case(world):
    InitiativeFactory(organization=world.front_a, name="Mô hình “Đường hoa nông thôn”")

    errors = _errors(_record(world, name="  mô hình  “ĐƯỜNG HOA nông thôn” "))

    assert errors == {
        "name": [f"{world.front_a.name} đã đăng ký “Mô hình “Đường hoa nông thôn”” năm 2025."],
    }


def test_the_same_name_in_another_year_or_by_another_organization_is_accepted(world):
    InitiativeFactory(organization=world.front_a, name="Đường hoa")
    saved = InitiativeFactory(organization=world.front_a, name="Đường hoa", registered_on=datetime.date(2024, 5, 1))

    _record(world, name="Đường hoa", organization=world.front_b, area=world.hamlet_b).full_clean()
    saved.full_clean()  # the record itself is no duplicate of itself

    assert Initiative.objects.filter(name="Đường hoa").count() == 2


def test_the_database_refuses_a_name_registered_twice_by_the_organization_in_a_year(world):
    InitiativeFactory(organization=world.front_a, name="Đường hoa")

    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(organization=world.front_a, name="ĐƯỜNG  HOA")
