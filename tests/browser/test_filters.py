"""Filter forms in the browser: a number filter (the registry's "Năm") applies itself when the
cursor leaves it, like the selects, without the "Lọc" button."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.browser


def test_the_year_filter_applies_itself(session_page, bworld):
    InitiativeFactory(organization=bworld.front_a, name="Mô hình năm 2024", registered_on=datetime.date(2024, 3, 1))
    InitiativeFactory(organization=bworld.front_a, name="Mô hình năm 2025", registered_on=datetime.date(2025, 3, 1))
    page: Page = session_page(bworld.editor_a)
    page.goto("/initiatives/")
    results = page.locator("#results")
    expect(results).to_contain_text("Mô hình năm 2024")

    year = page.locator("#initiative-filters").get_by_label("Năm", exact=True)
    year.fill("2025")
    year.press("Tab")

    expect(results).not_to_contain_text("Mô hình năm 2024")
    expect(results).to_contain_text("Mô hình năm 2025")
    expect(page).to_have_url("/initiatives/?year=2025")


@pytest.mark.parametrize("path", ["/reports/", "/organizations/", "/initiatives/"])
def test_filter_labels_line_up_with_an_area_picker_among_them(session_page, bworld, path):
    # The area picker is two controls (search box, select): aligned at the bottom, its label
    # stood higher than the others'.
    page: Page = session_page(bworld.editor_a)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(path)
    labels = page.locator("form[data-autosubmit]").locator("label.form-label")
    tops = {round(box["y"]) for box in (label.bounding_box() for label in labels.all()) if box}
    assert page.locator("form[data-autosubmit] .autocomplete").count() >= 1
    assert len(tops) == 1, f"{path}: filter labels at heights {sorted(tops)}"
