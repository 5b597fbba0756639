"""A commune editor sees only their commune: other communes' pages are 404s."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def other_commune_urls(world) -> list[str]:
    b, front_b = world.commune_b, world.front_b
    return [
        f"/areas/{b.pk}/",
        f"/areas/{b.pk}/edit/",
        f"/areas/{b.pk}/delete/",
        f"/areas/{world.hamlet_b.pk}/",
        f"/areas/{world.province.pk}/edit/",
        f"/organizations/{front_b.pk}/",
        f"/organizations/{front_b.pk}/edit/",
        f"/organizations/{front_b.pk}/delete/",
    ]


def test_commune_editor_gets_404_outside_their_commune(logged_in_page, bworld, browser_errors, live_server):
    page: Page = logged_in_page(bworld.editor_a)
    for path in other_commune_urls(bworld):
        browser_errors.expect_status(live_server.url + path, 404)
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.locator("body")).not_to_contain_text("Thạnh An")
        expect(page.locator("body")).not_to_contain_text("Ấp Nam")


def test_commune_editor_works_in_their_commune(logged_in_page, bworld):
    page: Page = logged_in_page(bworld.editor_a)
    a, front_a = bworld.commune_a, bworld.front_a
    for path, heading in [
        (f"/areas/{a.pk}/", "Xã Long Điền"),
        (f"/areas/{bworld.hamlet_a.pk}/", "Ấp Bắc"),
        (f"/areas/{bworld.hamlet_a.pk}/edit/", "Sửa: Ấp Bắc"),
        (f"/organizations/{front_a.pk}/", front_a.name),
        (f"/organizations/{front_a.pk}/edit/", f"Sửa: {front_a.name}"),
        (f"/areas/add/?parent={a.pk}", "Thêm địa bàn"),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_tree_of_commune_editor_has_only_their_commune(logged_in_page, bworld):
    page: Page = logged_in_page(bworld.editor_a)
    page.goto("/areas/tree/")
    roots = page.locator("#tree > ul > li")
    expect(roots).to_have_count(1)
    expect(roots.first).to_have_attribute("data-area-id", str(bworld.commune_a.pk))
    expect(roots.first.get_by_role("link", name="Xã Long Điền")).to_be_visible()
    expect(page.locator("#tree")).not_to_contain_text("Tỉnh Thử Nghiệm")
    expect(page.locator("#tree")).not_to_contain_text("Thạnh An")

    page.get_by_role("button", name="Mở/đóng Xã Long Điền").click()
    expect(page.locator(f"#children-{bworld.commune_a.pk}").get_by_role("link", name="Ấp Bắc")).to_be_visible()

    # The list and the navbar search are scoped the same way.
    page.goto("/search/?q=thanh+an")
    expect(page.locator("[data-empty-state]")).to_be_visible()
    page.goto("/areas/")
    expect(page.locator("#results")).not_to_contain_text("Thạnh An")
    expect(page.locator("#results").get_by_role("link", name=re.compile("Ấp Bắc"))).to_be_visible()
