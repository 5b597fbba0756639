"""Logging in and out through the real form."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_wrong_password_shows_vietnamese_error_and_stays_on_login(page: Page, bworld):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.get_by_label("Tên đăng nhập").fill(bworld.editor_a.username)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator("#user-menu")).to_have_count(0)


def test_login_lands_on_home_with_name_then_logout(page: Page, bworld):
    user = bworld.editor_a
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(bworld.password)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#user-menu")).to_contain_text(user.display_name)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {user.display_name}")

    page.locator("#user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()

    page.goto("/areas/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/areas/$"))
