"""The top bar stays on one line on a 1366 px laptop screen, with long unit and user names."""

import pytest
from playwright.sync_api import Page, expect

from orgunits.models import Organization
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 1200])
def test_the_top_bar_keeps_one_line_with_long_names(session_page, bworld, width):
    front = Organization.objects.get(pk=bworld.front_a.pk)
    front.name = "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Long Điền"
    front.save()
    cadre = user_with_role("mttq_long_dien", "unit_admin", front)
    cadre.full_name = "Nguyễn Thị Phương Thảo"
    cadre.save()
    page: Page = session_page(cadre)
    page.set_viewport_size({"width": width, "height": 768})
    page.goto("/")

    heights = page.evaluate(
        """() => ({bar: document.querySelector('nav.navbar').getBoundingClientRect().height,
                   link: document.querySelector('#mainnav .nav-link').getBoundingClientRect().height})"""
    )
    user_menu = page.locator("#user-menu").bounding_box()

    assert heights["bar"] < 2 * heights["link"]
    assert user_menu["x"] + user_menu["width"] <= width
    assert page.locator("#user-menu").get_attribute("title") == "Nguyễn Thị Phương Thảo"


def test_the_opened_menu_shows_the_unit_on_a_phone(session_page, bworld):
    """The top bar names the user's unit on a desktop; at 390 px the opened menu names it, whole."""
    province = bworld.province
    province.name = "Thành phố Hồ Chí Minh và các vùng phụ cận"
    province.save()
    manager = user_with_role("qt_tp", "unit_admin", province)
    page: Page = session_page(manager)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")

    page.get_by_role("button", name="Mở menu").click()
    unit = page.locator("#mainnav .nav-unit")

    expect(unit).to_be_visible()
    assert unit.inner_text().strip() == "Thành phố Hồ Chí Minh và các vùng phụ cận"
    assert unit.evaluate("element => element.scrollWidth <= element.clientWidth")  # not cut short
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
