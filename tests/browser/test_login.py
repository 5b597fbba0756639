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


def test_api_token_is_made_and_remade_from_the_profile_after_confirming(session_page, bworld):
    from rest_framework.authtoken.models import Token

    page: Page = session_page(bworld.editor_a)
    page.goto("/accounts/profile/")
    expect(page.get_by_text("Chưa có mã truy cập API.")).to_be_visible()

    # Declining the confirmation changes nothing; accepting makes the token.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Tạo mã", exact=True).click()
    expect(page.get_by_text("Chưa có mã truy cập API.")).to_be_visible()
    assert not Token.objects.filter(user=bworld.editor_a).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tạo mã", exact=True).click()
    token = page.locator("#api-token")
    expect(token).to_have_text(re.compile(r"^[0-9a-f]{40}$"))
    first = token.inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tạo lại mã").click()
    expect(token).not_to_have_text(first)
    assert Token.objects.get(user=bworld.editor_a).key == token.inner_text()
