"""A figure reads the same everywhere: pages, documents, Excel and messages (core.text.format_number,
1.234,5 with trailing zeros dropped; indicators declare no decimal places, so at most two)."""

from decimal import Decimal

import pytest

from reports import services
from reports.documents import content as documents
from reports.views import reports as report_views
from reports.views import rollup as rollup_views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12000.50"), "12.000,5"),
        (Decimal("0.60"), "0,6"),
        (Decimal(10) / 3, "3,33"),  # an average over three units
        (Decimal("1530.0000"), "1.530"),
        (Decimal("0.005"), "0,01"),
    ],
)
def test_a_figure_reads_the_same_on_the_pages_and_in_documents(setup, value, text):
    shown = [
        rollup_views.figure_text(value),
        report_views.format_value(setup.rate, value),
        documents.format_value(setup.rate, value),
    ]

    assert shown == [text, f"{text} %", text]


def test_indicator_page_writes_its_limits_and_multiplier_the_same_way(setup, world, client):
    setup.members.min_value, setup.members.max_value = Decimal("0.50"), Decimal("12000.50")
    setup.members.save()
    client.force_login(world.admin)

    members = client.get(setup.members.get_absolute_url()).content.decode()
    rate = client.get(setup.rate.get_absolute_url()).content.decode()

    assert (">12.000,5</dd>" in members, ">0,5</dd>" in members) == (True, True)
    assert "× 100\n" in rate


def test_limit_messages_write_the_limit_the_same_way(setup):
    setup.members.max_value = Decimal("12000.50")

    with pytest.raises(ValueError) as error:
        services.parse_value(setup.members, "13.000")

    assert str(error.value) == "Giá trị lớn nhất là 12.000,5."
