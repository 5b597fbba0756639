"""Adding, validating and deleting a hamlet through the forms, as the commune editor; the searched
choices of re-arrangements and of the organization a hamlet team reports to."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories.orgunits import hamlet, organization

pytestmark = pytest.mark.browser


def test_add_hamlet_with_validation_error_then_delete_it(logged_in_page, bworld, browser_errors, live_server):
    commune = bworld.commune_a
    page: Page = logged_in_page(bworld.editor_a)
    page.goto(f"/areas/{commune.pk}/")
    page.get_by_role("link", name="Thêm đơn vị cấp dưới").click()
    expect(page).to_have_url(re.compile(rf"/areas/add/\?parent={commune.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm địa bàn")
    # The parent comes pre-selected from ?parent=.
    parent = page.get_by_label("Trực thuộc *", exact=True)
    expect(parent).to_have_value(str(commune.pk))
    # The parent's search box refills the select through htmx, without diacritics.
    with page.expect_response(re.compile(r"/areas/autocomplete/\?")):
        page.locator(".autocomplete", has=parent).get_by_role("searchbox").fill("long dien")
    expect(parent.locator("option", has_text="Xã Long Điền")).to_have_count(1)
    expect(parent.locator("option", has_text="Ấp Bắc")).to_have_count(0)
    parent.select_option(label="Xã Long Điền (Xã) — Tỉnh Thử Nghiệm")

    # Empty name: the form comes back with Vietnamese errors and keeps what was typed.
    page.get_by_label("Loại *", exact=True).select_option(label="Ấp")
    page.get_by_label("Tên ngắn").fill("Mới")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_have_text("Vui lòng sửa các lỗi được đánh dấu bên dưới.")
    name = page.get_by_label("Tên *", exact=True)
    expect(name.locator("xpath=..").locator(".invalid-feedback")).to_have_text("Trường này là bắt buộc.")
    expect(page.get_by_label("Tên ngắn")).to_have_value("Mới")
    expect(page.get_by_label("Loại *", exact=True)).to_have_value(re.compile(r"\d+"))

    name.fill("Ấp Mới Lập")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ấp Mới Lập")
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    hamlet_url = page.url

    page.goto(f"/areas/{commune.pk}/")
    children = page.locator("#children-list")
    expect(children.get_by_role("row", name=re.compile(r"^Ấp Mới Lập Ấp"))).to_be_visible()
    expect(children.get_by_role("link", name="Ấp Bắc")).to_be_visible()

    children.get_by_role("link", name="Ấp Mới Lập").click()
    page.get_by_role("link", name="Xóa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác nhận xóa")
    expect(page.locator("main")).to_contain_text("Bạn có chắc chắn muốn xóa “Ấp Mới Lập”?")
    page.get_by_role("button", name="Xóa").click()
    expect(page.get_by_text("Đã xóa “Ấp Mới Lập”.")).to_be_visible()

    page.goto(f"/areas/{commune.pk}/")
    expect(page.locator("#children-list")).not_to_contain_text("Ấp Mới Lập")
    browser_errors.expect_status(hamlet_url, 404)
    assert page.goto(hamlet_url).status == 404


def test_cancel_on_delete_confirmation_keeps_the_hamlet(logged_in_page, bworld):
    hamlet = bworld.hamlet_a
    page: Page = logged_in_page(bworld.editor_a)
    page.goto(f"/areas/{hamlet.pk}/delete/")
    page.get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(re.compile(rf"/areas/{hamlet.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ấp Bắc")


def test_rearrangement_names_its_areas_by_searching_and_keeps_each_choice(logged_in_page, bworld, browser_errors):
    hamlet(bworld.commune_a, "Ấp Hợp Nhất")
    page: Page = logged_in_page(bworld.admin)
    page.goto("/rearrangements/add/")
    page.get_by_label("Hình thức *", exact=True).select_option(label="Sắp xếp, hợp nhất")
    page.get_by_label("Ngày có hiệu lực *", exact=True).fill("01/07/2025")

    before = page.get_by_label("Đơn vị trước sắp xếp", exact=True)
    search = page.locator(".autocomplete", has=before).get_by_role("searchbox")
    with page.expect_response(re.compile(r"/areas/autocomplete/\?")):
        search.fill("ap bac")
    before.select_option(label="Ấp Bắc (Ấp) — Xã Long Điền, Tỉnh Thử Nghiệm")
    # A second search keeps the first choice, selected, above the new matches.
    with page.expect_response(re.compile(r"/areas/autocomplete/\?.*predecessors=")):
        search.fill("ap nam")
    expect(before).to_have_values([str(bworld.hamlet_a.pk)])
    before.select_option(value=[str(bworld.hamlet_a.pk), str(bworld.hamlet_b.pk)])

    after = page.get_by_label("Đơn vị sau sắp xếp", exact=True)
    with page.expect_response(re.compile(r"/areas/autocomplete/\?")):
        page.locator(".autocomplete", has=after).get_by_role("searchbox").fill("hop nhat")
    # Hamlets merge into a hamlet: a unit of another level is refused (Rearrangement.clean_links).
    after.select_option(label="Ấp Hợp Nhất (Ấp) — Xã Long Điền, Tỉnh Thử Nghiệm")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sắp xếp, hợp nhất — 01/07/2025")

    def listed(header):
        return page.locator(".card", has=page.locator(".card-header", has_text=header)).locator(".list-group-item a")

    expect(listed("Đơn vị trước sắp xếp")).to_have_text(["Ấp Bắc", "Ấp Nam"])
    expect(listed("Đơn vị sau sắp xếp")).to_have_text(["Ấp Hợp Nhất"])


def test_hamlet_team_reports_to_the_commune_bloc_chosen_by_search(session_page, bworld, browser_errors):
    bloc = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    team = organization(bworld.hamlet_a, "to_dan_van", name="Tổ dân vận Ấp Bắc")
    page: Page = session_page(bworld.editor_a)
    page.goto(f"/organizations/{team.pk}/edit/")

    reports_to = page.get_by_label("Báo cáo về", exact=True)
    # The search offers organizations above the hamlets only: not the team itself.
    with page.expect_response(re.compile(r"/organizations/autocomplete/\?.*upper=1")):
        page.locator(".autocomplete", has=reports_to).get_by_role("searchbox").fill("dan van")
    expect(reports_to.locator("option", has_text="Khối dân vận xã Long Điền")).to_have_count(1)
    expect(reports_to.locator("option", has_text="Tổ dân vận Ấp Bắc")).to_have_count(0)
    reports_to.select_option(value=str(bloc.pk))
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    page.goto(f"/organizations/{team.pk}/")
    page.locator("#reports-to").get_by_role("link", name="Khối dân vận xã Long Điền").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Khối dân vận xã Long Điền")
    expect(page.locator("#reporting").get_by_role("link", name="Tổ dân vận Ấp Bắc")).to_be_visible()
    # The card leads to the list of every organization reporting here, named in a chip.
    page.locator("#reporting").get_by_role("link", name="Xem dạng danh sách (lọc, xuất Excel)").click()
    expect(page.locator('[data-filter-chip="reports_to"]')).to_contain_text("Báo cáo cho: Khối dân vận xã Long Điền")
    expect(page.get_by_role("link", name="Tổ dân vận Ấp Bắc")).to_be_visible()
