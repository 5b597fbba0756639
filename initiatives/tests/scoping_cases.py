"""Scoped models of initiatives, declared for the reusable scoping suite (tests/scoping.py)."""

from initiatives.models import (
    Assessment,
    Attachment,
    Initiative,
    PublicGallery,
    Recognition,
    ResultValue,
    ReviewEntry,
    ReviewRound,
    Transition,
)
from tests.factories.initiatives import InitiativeFactory, ReviewRoundFactory, metric
from tests.scoping import ScopedCase


def _front(world, where):
    return world.front_a if where == "a" else world.front_b


def _initiative(world, where):
    return InitiativeFactory(organization=_front(world, where))


def _round(world, where):
    return ReviewRoundFactory(organization=_front(world, where))


def _result(world, where):
    return ResultValue.objects.create(initiative=_initiative(world, where), metric=metric(), value=100)


def _attachment(world, where):
    return Attachment.objects.create(
        initiative=_initiative(world, where), file="initiatives/test.pdf", original_name="test.pdf", kind="document"
    )


def _recognition(world, where):
    return Recognition.objects.create(
        initiative=_initiative(world, where), level=2, body="Ban Chỉ đạo xã", decision_date="2025-12-01"
    )


def _assessment(world, where):
    return Assessment.objects.create(initiative=_initiative(world, where), year=2025, outcome="keep")


def _transition(world, where):
    return Transition.objects.create(initiative=_initiative(world, where), action="register", to_status="registered")


def _entry(world, where):
    return ReviewEntry.objects.create(round=_round(world, where), initiative=_initiative(world, where))


def _gallery(world, where):
    return PublicGallery.objects.create(area=world.commune_a if where == "a" else world.commune_b)


CASES = [
    ScopedCase(
        model=Initiative,
        make=_initiative,
        detail_url="initiatives:initiative_detail",
        edit_url="initiatives:initiative_edit",
        delete_url="initiatives:initiative_delete",
        list_url="initiatives:initiative_list",
        api_basename="initiative",
    ),
    ScopedCase(
        model=ReviewRound,
        make=_round,
        detail_url="initiatives:round_detail",
        edit_url="initiatives:round_edit",
        delete_url="initiatives:round_delete",
        list_url="initiatives:round_list",
        api_basename="reviewround",
    ),
    ScopedCase(model=ResultValue, make=_result),
    ScopedCase(model=Attachment, make=_attachment),
    ScopedCase(model=Recognition, make=_recognition),
    ScopedCase(model=Assessment, make=_assessment),
    ScopedCase(model=Transition, make=_transition),
    ScopedCase(model=ReviewEntry, make=_entry),
    ScopedCase(model=PublicGallery, make=_gallery),
]
