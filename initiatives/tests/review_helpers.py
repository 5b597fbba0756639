"""Helpers of the review-round view tests (test_review_views, test_review_scoring)."""

from django.urls import reverse

from initiatives import services
from initiatives.choices import Status
from tests.factories.initiatives import InitiativeFactory, ReviewRoundFactory, criteria_set


def open_round(world, *, reviewers=(), initiatives=(), user=None, **kwargs):
    review_round = services.open_round(
        ReviewRoundFactory.build(
            organization=kwargs.pop("organization", world.front_a), pass_score=None, outstanding_score=None, **kwargs
        ),
        user=user or world.editor_a,
        reviewers=reviewers,
    )
    if initiatives:
        services.add_entries(review_round, list(initiatives), user=user or world.editor_a)
    return review_round


def implementing(world, name, **kwargs):
    return InitiativeFactory(
        organization=kwargs.pop("organization", world.front_a), status=Status.IMPLEMENTING, name=name, **kwargs
    )


def score_all(entry, reviewer, value):
    services.record_scores(
        entry, reviewer=reviewer, values={c.pk: value for c in entry.round.criteria_set.criteria.all()}
    )


def score_post(entry, value) -> dict:
    return {f"criterion_{c.pk}": value for c in entry.round.criteria_set.criteria.all()}


def round_urls(review_round) -> dict[str, str]:
    entry = review_round.entries.first()
    urls = {
        name: reverse(f"initiatives:round_{name}", kwargs={"pk": review_round.pk})
        for name in ("detail", "edit", "delete", "decide", "entries_add")
    }
    for name in ("entry_detail", "entry_score", "entry_withdraw"):
        urls[name] = reverse(f"initiatives:round_{name}", kwargs={"pk": review_round.pk, "entry_pk": entry.pk})
    return urls


def round_post(world, **overrides) -> dict:
    data = {
        "organization": world.front_a.pk,
        "name": "Bình xét năm 2025",
        "year": "2025",
        "level": "2",
        "criteria_set": criteria_set().pk,
        "recognizing_body": "Ban Chỉ đạo xã",
        "pass_score": "72,5",
        "outstanding_score": "90",
        "reviewers": [],
    }
    data.update(overrides)
    return data
