"""Period identifiers: parsing, names, containment, months of a period."""

import datetime

import pytest

from reports import periods
from reports.models import Period

D = datetime.date


@pytest.mark.parametrize(
    ("code", "start", "end", "name"),
    [
        ("202403", D(2024, 3, 1), D(2024, 3, 31), "Tháng 3/2024"),
        ("202402", D(2024, 2, 1), D(2024, 2, 29), "Tháng 2/2024"),
        ("2024Q2", D(2024, 4, 1), D(2024, 6, 30), "Quý II/2024"),
        ("2018S1", D(2018, 1, 1), D(2018, 6, 30), "6 tháng đầu năm 2018"),
        ("2018S2", D(2018, 7, 1), D(2018, 12, 31), "6 tháng cuối năm 2018"),
        ("2024N9", D(2024, 1, 1), D(2024, 9, 30), "9 tháng đầu năm 2024"),
        ("2016", D(2016, 1, 1), D(2016, 12, 31), "Năm 2016"),
        ("20250101_20250315", D(2025, 1, 1), D(2025, 3, 15), "Từ 01/01/2025 đến 15/03/2025"),
        (" 2024q2 ", D(2024, 4, 1), D(2024, 6, 30), "Quý II/2024"),
    ],
)
def test_parse_gives_dates_and_the_report_name(code, start, end, name):
    spec = periods.parse(code)

    assert (spec.start, spec.end, spec.name) == (start, end, name)
    assert periods.parse(spec.code) == spec


@pytest.mark.parametrize(
    "code", ["", "2024Q5", "202413", "2024S3", "1999", "20250230_20250301", "20250301_20250101", "Q2"]
)
def test_parse_rejects_what_is_not_a_period(code):
    with pytest.raises(periods.InvalidPeriod):
        periods.parse(code)


def test_containing_and_periods_of_year():
    assert periods.containing("quarter", D(2025, 8, 15)).code == "2025Q3"
    assert periods.containing("six_months", D(2025, 8, 15)).code == "2025S2"
    assert [p.code for p in periods.periods_of_year("quarter", 2025)] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert [p.code for p in periods.months_in(periods.parse("2025Q3"))] == ["202507", "202508", "202509"]
    assert periods.parse("2025").contains(periods.parse("2025Q3"))


@pytest.mark.django_db
def test_stored_period_is_created_once_per_code():
    first = Period.objects.for_code("2025Q2")
    again = Period.objects.for_code("2025q2")

    assert (first.pk, first.start, first.end, str(first)) == (again.pk, D(2025, 4, 1), D(2025, 6, 30), "Quý II/2025")
