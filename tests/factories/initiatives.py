"""Factories for the "Dân vận khéo" registry: reference data comes from the seed migration."""

import datetime

import factory

from initiatives import services
from initiatives.models import CriteriaSet, Initiative, InitiativeField, ResultMetric, ReviewRound


def field(code: str = "kinh_te") -> InitiativeField:
    return InitiativeField.objects.get(code=code)


def metric(code: str = "duong_giao_thong") -> ResultMetric:
    return ResultMetric.objects.get(code=code)


def criteria_set(code: str = "mo_hinh_tap_the") -> CriteriaSet:
    return CriteriaSet.objects.get(code=code)


def register(world, user=None, results=(), **kwargs) -> Initiative:
    """Register a record through the service, by default "Thắp sáng đường quê" of commune A's
    Front committee in Ấp Bắc, year 2025, registered on 01/03 of its year, by commune A's editor."""
    initiative = Initiative(
        organization=kwargs.pop("organization", world.front_a),
        area=kwargs.pop("area", world.hamlet_a),
        name=kwargs.pop("name", "Mô hình “Thắp sáng đường quê”"),
        field=kwargs.pop("field", field()),
        year=(year := kwargs.pop("year", 2025)),
        registered_on=kwargs.pop("registered_on", datetime.date(year, 3, 1)),
        **kwargs,
    )
    return services.register(initiative, user=user or world.editor_a, results=results)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A registered model; pass `organization` (its area is used unless `area` is given)."""

    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Mô hình “Đường hoa nông thôn” số {n}")
    area = factory.LazyAttribute(lambda o: o.organization.area)
    field = factory.LazyFunction(field)
    registered_on = datetime.date(2025, 3, 1)
    # Registered in its year (Initiative.clean()): pass `registered_on` to change both.
    year = factory.LazyAttribute(lambda o: o.registered_on.year)


class ReviewRoundFactory(factory.django.DjangoModelFactory):
    """An open review round of `organization` with the default collective criteria."""

    class Meta:
        model = ReviewRound

    name = factory.Sequence(lambda n: f"Bình xét năm 2025 đợt {n}")
    year = 2025
    criteria_set = factory.LazyFunction(criteria_set)
    pass_score = 70
    outstanding_score = 90
    recognizing_body = "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã"
