"""Pages and API calls that only read a period (roll-up, completeness) do not store it: a period
nobody has opened a report for shows empty, and a GET writes nothing."""

import pytest
from django.urls import reverse

from reports import periods
from reports.models import Period

pytestmark = pytest.mark.django_db
UNSTORED = "2024Q3"


@pytest.fixture
def reader(setup, world, client):
    assert not Period.objects.filter(code=UNSTORED).exists()
    client.force_login(world.province_editor)
    return client


def _params(setup, world):
    return {"form": setup.form.pk, "period": UNSTORED, "area": world.province.pk}


def test_lookup_returns_the_stored_period_or_an_unsaved_one(setup):
    stored = Period.objects.lookup(setup.period.code)
    unsaved = Period.objects.lookup(UNSTORED)

    assert stored.pk == setup.period.pk
    assert (unsaved.pk, unsaved.code, unsaved.type, unsaved.start.isoformat(), unsaved.end.isoformat()) == (
        None,
        UNSTORED,
        "quarter",
        "2024-07-01",
        "2024-09-30",
    )
    assert not Period.objects.filter(code=UNSTORED).exists()
    with pytest.raises(periods.InvalidPeriod):
        Period.objects.lookup("2024Q5")


def test_rollup_page_of_an_unstored_period_is_empty_and_writes_nothing(setup, world, reader):
    response = reader.get(reverse("reports:rollup"), _params(setup, world))

    assert response.status_code == 200
    rows = [response.context["total_row"], *response.context["rows"]]
    assert [row["unit"].label for row in rows] == ["Tỉnh Thử Nghiệm", "Xã Long Điền", "Xã Thạnh An"]
    assert {cell for row in rows for cell in row["cells"]} == {""}
    assert not Period.objects.filter(code=UNSTORED).exists()


def test_completeness_page_of_an_unstored_period_lists_every_unit_missing(setup, world, reader):
    response = reader.get(reverse("reports:completeness"), _params(setup, world))

    assert response.status_code == 200
    assert response.context["counts"]["total"] == 2
    assert response.context["counts"]["submitted"] == 0
    assert [row.report for row in response.context["page"].object_list] == [None, None]
    assert not Period.objects.filter(code=UNSTORED).exists()


@pytest.mark.parametrize("name", ["rollup-list", "completeness-list"])
def test_reading_api_of_an_unstored_period_writes_nothing(setup, world, reader, name):
    response = reader.get(reverse(name), {**_params(setup, world), "form": setup.form.code})

    assert response.status_code == 200, response.content
    assert not Period.objects.filter(code=UNSTORED).exists()
