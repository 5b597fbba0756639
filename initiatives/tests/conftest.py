"""Fixtures of the review-round view tests and the statistics tests."""

import pytest

from initiatives.tests import statistics_data
from initiatives.tests.review_helpers import implementing, open_round, score_all
from tests.factories.accounts import user_with_role


@pytest.fixture
def people(world):
    """Two reviewers and an approver in commune A."""

    class People:
        reviewer_1 = user_with_role("cham_1", "viewer", world.commune_a, full_name="Nguyễn Văn Một")
        reviewer_2 = user_with_role("cham_2", "viewer", world.commune_a, full_name="Trần Thị Hai")
        approver = user_with_role("duyet_a", "approver", world.commune_a, full_name="Lê Duyệt")

    return People


@pytest.fixture
def scored_round(world, people):
    """A round of commune A's Front with one record, scored by both reviewers."""
    review_round = open_round(
        world, reviewers=[people.reviewer_1, people.reviewer_2], initiatives=[implementing(world, "Đường hoa")]
    )
    entry = review_round.entries.get()
    score_all(entry, people.reviewer_1, 8)
    score_all(entry, people.reviewer_2, 9)
    return review_round


@pytest.fixture
def data(world):
    """The statistics' crafted dataset (initiatives/tests/statistics_data.py): records by number."""
    return statistics_data.build(world)
