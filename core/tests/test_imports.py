"""The shared import helpers: Vietnamese numbers and dates, matching typed names, cell checks."""

import datetime
from decimal import Decimal

import pytest

from core.imports import Column, SheetRow, check_cells, date_problem, match_key, parse_date, parse_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.700", Decimal("10700")),
        ("1.234,5", Decimal("1234.5")),
        ("70.000.000", Decimal("70000000")),
        ("10700", Decimal("10700")),
        ("10700,25", Decimal("10700.25")),
        ("1 200", Decimal("1200")),
        ("\u00a012.000\u00a0", Decimal("12000")),
        ("-5", Decimal("-5")),
        (270, Decimal("270")),
        (12.5, Decimal("12.5")),
        (1200.0, Decimal("1200")),
        (0.1 + 0.2, Decimal("0.3")),
        ("", None),
        (None, None),
    ],
)
def test_parse_number_reads_vietnamese_formats(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["1.5", "1,234", "10.70", "1.2345", "1,2,3", "12a", "1e5", 12.345, True, "--5"])
def test_parse_number_refuses_ambiguous_or_invalid_text(value):
    with pytest.raises(ValueError):
        parse_number(value)


def test_parse_number_with_no_decimals_reads_years():
    assert (parse_number("2025", decimal_places=0), parse_number(2025.0, decimal_places=0)) == (
        Decimal("2025"),
        Decimal("2025"),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/03/2025", datetime.date(2025, 3, 1)),
        ("1-3-2025", datetime.date(2025, 3, 1)),
        ("2025-03-01", datetime.date(2025, 3, 1)),
        (datetime.datetime(2025, 3, 1, 0, 0), datetime.date(2025, 3, 1)),
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1)),
        ("", None),
    ],
)
def test_parse_date_reads_day_month_year_iso_and_real_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-07-01", None),
        ("01/07/2025", None),
        ("2025-02-30", "Ngày không hợp lệ, dùng dd/mm/yyyy."),
        ("07/2025", "Ngày không hợp lệ, dùng dd/mm/yyyy."),
        (
            "45839",
            "“45839” là một số, không phải ngày: ghi ngày dạng dd/mm/yyyy (ví dụ 01/07/2025) hoặc định dạng ô là ngày.",
        ),
    ],
)
def test_date_problem_says_what_is_wrong_with_a_date_cell(value, message):
    assert date_problem(value) == message


def test_match_key_ignores_case_diacritics_and_dash_spelling():
    assert {match_key("Văn hóa – xã hội"), match_key("VAN HOA - XA HOI"), match_key("van hoa-xa  hoi")} == {
        "van hoa-xa hoi"
    }


def test_check_cells_reports_each_cell_problem_with_its_column():
    columns = (
        Column("name", "Tên", required=True, max_length=5),
        Column("amount", "Số tiền", kind="number"),
        Column("count", "Năm", kind="integer"),
        Column("day", "Ngày", kind="date"),
        Column("mail", "Thư", kind="email"),
    )
    row = SheetRow(number=7, values={"name": "", "amount": "-1", "count": "2025,5", "day": "32/01/2025", "mail": "x@"})
    problems = []

    ok = check_cells(columns, "Trang", row, problems)

    assert ok is False
    assert [(p.as_dict()["row"], p.as_dict()["letter"], p.message) for p in problems] == [
        (7, "A", "Bắt buộc, chưa nhập."),
        (7, "B", "Không được là số âm."),
        (7, "C", "“2025,5” không phải số nguyên."),
        (7, "D", "Ngày không hợp lệ, dùng dd/mm/yyyy."),
        (7, "E", "Thư điện tử không hợp lệ."),
    ]
