"""List filters on a 390 px phone: folded behind "Bộ lọc (N)" (templates/partials/filter_form.html),
so the list starts near the top of the screen; always open on a laptop. Status badges shrink to
their icon on a phone (core.tables.compact_badge)."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
LISTS = ["/areas/", "/organizations/", "/initiatives/", "/reports/"]


def filters_of(page: Page):
    return page.locator("form[data-autosubmit]")


def toggle_of(page: Page):
    return filters_of(page).locator("[data-filter-toggle]")


@pytest.mark.parametrize("path", LISTS)
def test_filters_are_folded_on_a_phone_until_the_button_opens_them(session_page, bworld, path):
    page: Page = session_page(bworld.admin)
    page.set_viewport_size(PHONE)
    page.goto(path)
    toggle = toggle_of(page)
    first_field = filters_of(page).locator("label.form-label").first

    expect(toggle).to_have_text("Bộ lọc")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(first_field).to_be_hidden()
    # The list starts in the first screen, under the title and the button.
    assert page.locator("#results").bounding_box()["y"] < 300

    toggle.click()

    expect(first_field).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize("path", LISTS)
def test_filters_are_open_on_a_laptop(session_page, bworld, path):
    page: Page = session_page(bworld.admin)
    page.set_viewport_size(LAPTOP)
    page.goto(path)

    expect(toggle_of(page)).to_be_hidden()
    expect(filters_of(page).locator("label.form-label").first).to_be_visible()
    expect(filters_of(page).locator("button[type=submit]")).to_be_visible()


def test_filter_button_counts_the_filters_in_use_and_stays_open_after_a_change(session_page, bworld):
    page: Page = session_page(bworld.province_editor)
    page.set_viewport_size(PHONE)
    page.goto("/areas/?q=xa")
    toggle = toggle_of(page)
    expect(toggle).to_have_text("Bộ lọc (1)")
    page.evaluate("window.__noReload = true")

    toggle.click()
    with page.expect_response(lambda r: "/areas/?" in r.url and r.request.headers.get("hx-request") == "true"):
        filters_of(page).get_by_label("Hiệu lực").select_option("all")

    # The count follows the change (swapped out of band), the form stays open, the page stays.
    expect(toggle).to_have_text("Bộ lọc (2)")
    expect(filters_of(page).get_by_label("Hiệu lực")).to_be_visible()
    expect(page).to_have_url("/areas/?q=xa&status=all")
    assert page.evaluate("window.__noReload") is True


def test_filters_open_on_a_phone_when_one_has_an_error(session_page, bworld):
    page: Page = session_page(bworld.editor_a)
    page.set_viewport_size(PHONE)
    page.goto("/initiatives/?year=abc")

    year = page.locator("#initiative-filters").get_by_label("Năm", exact=True)
    expect(year).to_be_visible()
    expect(page.locator("#initiative-filters .invalid-feedback").first).to_be_visible()
    expect(toggle_of(page)).to_have_attribute("aria-expanded", "true")


def test_status_badge_is_an_icon_on_a_phone_and_words_on_a_laptop(session_page, bworld):
    page: Page = session_page(bworld.province_editor)
    page.set_viewport_size(PHONE)
    page.goto("/areas/")
    badge = page.locator("#results tbody tr").first.locator(".badge")

    expect(badge).to_have_attribute("title", "Đang hoạt động")
    # The words stay for screen readers (visually hidden), the badge shrinks to its icon.
    expect(badge).to_have_text("Đang hoạt động")
    assert badge.bounding_box()["width"] < 40

    page.set_viewport_size(LAPTOP)
    assert badge.bounding_box()["width"] > 80


def test_hidden_filter_is_named_in_a_chip_counted_and_removed_by_its_cross(session_page, bworld):
    # A hidden filter (the "see all" link of an area's page) narrows the list: the page says so.
    page: Page = session_page(bworld.province_editor)
    page.set_viewport_size(PHONE)
    page.goto(f"/organizations/?q=mat+tran&area={bworld.commune_a.pk}")
    chip = page.locator('[data-filter-chip="area"]')
    names = page.locator("#results tbody td.col-main")

    expect(chip).to_have_text(re.compile(r"^\s*Địa bàn: Xã Long Điền, Tỉnh Thử Nghiệm\s*×\s*$"))
    expect(toggle_of(page)).to_have_text("Bộ lọc (2)")
    expect(names).to_have_text([bworld.front_a.name])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A visible filter changed through htmx: the chip's cross keeps it.
    toggle_of(page).click()
    with page.expect_response(lambda r: "/organizations/?" in r.url and r.request.headers.get("hx-request") == "true"):
        filters_of(page).get_by_label("Hiệu lực").select_option("all")
    expect(toggle_of(page)).to_have_text("Bộ lọc (3)")

    chip.get_by_role("link", name="Bỏ lọc “Địa bàn”").click()

    expect(page).to_have_url("/organizations/?q=mat+tran&status=all")
    expect(page.locator("[data-filter-chip]")).to_have_count(0)
    expect(toggle_of(page)).to_have_text("Bộ lọc (2)")
    expect(names).to_have_text([bworld.front_a.name, bworld.front_b.name])
