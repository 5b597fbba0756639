from decimal import Decimal

import pytest
from django.utils import translation

from core.text import fold, format_number, natural_key, search_words


def test_fold_removes_diacritics_and_maps_d_with_stroke():
    assert fold("  Xã Long  ĐIỀN ") == "xa long dien"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("  Ấp 1 – Long  ĐIỀN ", ["ap", "1", "long", "dien"]),
        ("lo\x00ng\u200b dien", ["long", "dien"]),
        ("\x00", []),
        ("\u0301", []),
        ("!!! – %", []),
        ("91001-01", ["91001-01"]),
        (None, []),
    ],
)
def test_search_words_leave_out_control_characters_and_words_without_a_letter_or_digit(text, words):
    assert search_words(text) == words


def test_natural_key_orders_numbers_by_value_and_folds_diacritics():
    names = ["Khu phố 10", "Khu phố 2", "Ấp Đông", "Ấp Bắc", "Khu phố 1"]

    assert sorted(names, key=natural_key) == ["Ấp Bắc", "Ấp Đông", "Khu phố 1", "Khu phố 2", "Khu phố 10"]


def test_fold_gives_what_removing_every_combining_mark_gives():
    import unicodedata

    def reference(text):  # the plain definition fold() implements with a translate table
        text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())

    samples = [
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Long Điền",
        "ĐƯỜNG HOA NÔNG THÔN MỚI – ấp Bầu, ấp Bàu",
        "Thôn\\t1\\nXã A",
        "Ångström café naïve Ærø",
        "हिन्दी العربية עִבְרִית",
        "plain ascii  TEXT ",
    ]
    assert [fold(text) for text in samples] == [reference(text) for text in samples]


@pytest.mark.parametrize(
    ("value", "expected"), [(Decimal("10700.00"), "10.700"), (Decimal("1.50"), "1,5"), (2000000, "2.000.000")]
)
def test_format_number_writes_the_vietnamese_way(value, expected):
    with translation.override("vi"):
        assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(Decimal(10) / 3, 2, "3,33"), (Decimal("12000.50"), 2, "12.000,5"), (Decimal("-0.001"), 2, "0"), (5, 0, "5")],
)
def test_format_number_rounds_to_places_then_drops_trailing_zeros(value, places, expected):
    with translation.override("vi"):
        assert format_number(value, places) == expected
