"""Browsing the unit tree and searching without diacritics."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def tree_node(page: Page, area):
    return page.locator(f'li[data-area-id="{area.pk}"]')


def test_tree_lazy_loads_children_and_links_to_the_area(logged_in_page, bworld):
    page = logged_in_page(bworld.province_editor)
    page.goto("/areas/tree/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cây địa bàn")
    tree = page.locator("#tree")
    expect(tree.get_by_role("link", name="Tỉnh Thử Nghiệm")).to_be_visible()
    # Children are not in the page until their parent is expanded.
    expect(tree.get_by_text("Xã Long Điền")).to_have_count(0)

    province_toggle = page.get_by_role("button", name="Mở/đóng Tỉnh Thử Nghiệm")
    expect(province_toggle).to_have_attribute("aria-expanded", "false")
    province_toggle.click()
    expect(province_toggle).to_have_attribute("aria-expanded", "true")
    communes = page.locator(f"#children-{bworld.province.pk}")
    expect(communes.get_by_role("link", name="Xã Long Điền")).to_be_visible()
    expect(communes.get_by_role("link", name="Xã Thạnh An")).to_be_visible()
    expect(tree.get_by_text("Ấp Bắc")).to_have_count(0)

    page.get_by_role("button", name="Mở/đóng Xã Long Điền").click()
    hamlets = page.locator(f"#children-{bworld.commune_a.pk}")
    expect(hamlets.get_by_role("link", name="Ấp Bắc")).to_be_visible()
    expect(tree.get_by_text("Ấp Nam")).to_have_count(0)

    # Collapsing hides the loaded children; expanding again shows them without a new request.
    page.get_by_role("button", name="Mở/đóng Xã Long Điền").click()
    expect(hamlets).to_be_hidden()
    page.get_by_role("button", name="Mở/đóng Xã Long Điền").click()
    expect(hamlets.get_by_role("link", name="Ấp Bắc")).to_be_visible()

    hamlets.get_by_role("link", name="Ấp Bắc").click()
    expect(page).to_have_url(re.compile(rf"/areas/{bworld.hamlet_a.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ấp Bắc")
    breadcrumbs = page.get_by_role("navigation", name="Đường dẫn")
    expect(breadcrumbs.get_by_role("link", name="Xã Long Điền")).to_be_visible()


def navbar_search(page: Page, text: str) -> None:
    box = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("searchbox", name="Tìm kiếm")
    box.fill(text)
    box.press("Enter")


def test_navbar_search_ignores_diacritics(logged_in_page, bworld):
    page = logged_in_page(bworld.province_editor)
    navbar_search(page, "long dien")
    expect(page).to_have_url(re.compile(r"/search/\?q=long\+dien$"))
    results = page.locator("#search-areas")
    expect(results.get_by_role("link", name=re.compile("Xã Long Điền"))).to_be_visible()
    expect(results.get_by_text("Xã Thạnh An")).to_have_count(0)

    navbar_search(page, "thanh an")
    expect(page).to_have_url(re.compile(r"/search/\?q=thanh\+an$"))
    expect(results.get_by_role("link", name=re.compile("Xã Thạnh An"))).to_be_visible()
    expect(results.get_by_text("Xã Long Điền")).to_have_count(0)

    navbar_search(page, "khong co dau nao nhu vay")
    expect(page.locator("[data-empty-state]")).to_contain_text("Không tìm thấy kết quả nào")


def row_of(results, name: str):
    """The table row of the area called `name` (its name is the first cell)."""
    return results.get_by_role("row", name=re.compile(rf"^{re.escape(name)}\b"))


def test_area_list_search_filters_through_htmx(logged_in_page, bworld):
    page = logged_in_page(bworld.province_editor)
    page.goto("/areas/")
    results = page.locator("#results")
    expect(row_of(results, "Xã Long Điền")).to_be_visible()
    expect(row_of(results, "Xã Thạnh An")).to_be_visible()
    # A full page load would lose this marker; an htmx swap keeps it.
    page.evaluate("window.__noReload = true")

    filters = page.locator("form[data-autosubmit]")
    with page.expect_response(lambda r: "/areas/?" in r.url and r.request.headers.get("hx-request") == "true"):
        filters.get_by_label("Tìm kiếm").fill("thanh an")
    expect(page).to_have_url(re.compile(r"/areas/\?(.*&)?q=thanh(\+|%20)an(&|$)"))
    # Empty filters are left out of the request and of the pushed URL.
    assert "level=" not in page.url and "kind=" not in page.url, page.url
    expect(row_of(results, "Xã Thạnh An")).to_be_visible()
    expect(results.get_by_role("link", name="Xã Long Điền")).to_have_count(0)
    expect(row_of(results, "Ấp Bắc")).to_have_count(0)
    assert page.evaluate("window.__noReload") is True
    # The page still has one navbar and one filter form: the response was the fragment only.
    expect(page.locator("nav.navbar")).to_have_count(1)
    expect(page.locator("form[data-autosubmit]")).to_have_count(1)

    export = page.get_by_role("link", name="Xuất Excel")
    expect(export).to_have_attribute("href", re.compile(r"export=xlsx"))


def test_area_list_counts_its_results(session_page, bworld):
    page = session_page(bworld.province_editor)
    page.goto("/areas/")
    rows = page.locator("#results tbody tr").count()
    assert rows == 5
    assert page.locator("#results").get_by_text(re.compile(r"^\d+ kết quả$")).inner_text() == f"{rows} kết quả"


def test_area_list_status_column_shows_in_force(session_page, bworld):
    page = session_page(bworld.province_editor)
    page.goto("/areas/")
    expect(row_of(page.locator("#results"), "Xã Long Điền").get_by_text("Đang hoạt động")).to_be_visible(timeout=1000)


def test_area_list_filter_labels_belong_to_visible_fields(session_page, bworld):
    page = session_page(bworld.province_editor)
    page.goto("/areas/")
    orphans = page.locator("form[data-autosubmit] label").evaluate_all(
        """labels => labels.filter(l => { const f = document.getElementById(l.htmlFor);
                                           return !f || f.type === 'hidden'; }).map(l => l.textContent.trim())"""
    )
    assert orphans == []


def exported_names(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    return [row[0] for row in rows[1:]]


def test_area_list_excel_export_keeps_the_filter(session_page, bworld):
    page = session_page(bworld.province_editor)
    page.goto("/areas/?q=thanh+an")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert exported_names(Path(download.value.path()).read_bytes()) == ["Xã Thạnh An"]


def test_area_list_excel_export_follows_htmx_filter(session_page, bworld):
    page = session_page(bworld.province_editor)
    page.goto("/areas/")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.locator("form[data-autosubmit]").get_by_label("Tìm kiếm").fill("thanh an")
    expect(row_of(page.locator("#results"), "Xã Long Điền")).to_have_count(0)
    href = page.get_by_role("link", name="Xuất Excel").evaluate("a => a.href")
    response = page.request.get(href)
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats"), href
    assert exported_names(response.body()) == ["Xã Thạnh An"]


def test_large_excel_export_runs_as_a_job_and_downloads_from_its_page(session_page, bworld, settings):
    settings.EXPORT_SYNC_ROWS = 1  # the province's list is "large": a background job builds the file
    page = session_page(bworld.province_editor)
    page.goto("/areas/?q=xa")

    page.get_by_role("link", name="Xuất Excel").click()

    expect(page.locator(".alert-info")).to_contain_text("Danh sách lớn: tệp Excel đang được tạo")
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert sorted(exported_names(Path(download.value.path()).read_bytes())) == ["Xã Long Điền", "Xã Thạnh An"]


def test_back_after_leaving_a_filtered_list_shows_the_whole_page(session_page, bworld):
    # The filtered URL answers htmx with the results fragment and a normal visit with the page:
    # Back must not show the fragment the browser cached for it (Vary: HX-Request).
    page = session_page(bworld.province_editor)
    page.goto("/areas/")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.locator("form[data-autosubmit]").get_by_label("Cấp", exact=True).select_option(label="Cấp xã")
    expect(page).to_have_url(re.compile(r"/areas/\?level=\d$"))
    page.locator("#results").get_by_role("link", name="Xã Thạnh An").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Thạnh An")

    page.go_back()

    expect(page).to_have_url(re.compile(r"/areas/\?level=\d$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#user-menu")).to_be_visible()
    expect(page.locator("form[data-autosubmit]")).to_be_visible()
    expect(row_of(page.locator("#results"), "Xã Long Điền")).to_have_count(1)


def test_picker_search_keeps_the_address_and_enter_searches(session_page, bworld):
    page = session_page(bworld.province_editor)
    page.goto("/initiatives/")
    search = page.get_by_role("searchbox", name="Tìm thuộc địa bàn")

    with page.expect_response(re.compile(r"/areas/autocomplete/\?within__search=long")):
        search.fill("long dien")
    expect(page).to_have_url(re.compile(r"/initiatives/$"))  # the search is not a filter of the list
    with page.expect_response(re.compile(r"/areas/autocomplete/\?within__search=thanh")):
        search.fill("thanh an")
        search.press("Enter")  # searches at once: the list is not submitted

    expect(page).to_have_url(re.compile(r"/initiatives/$"))
    select = page.locator("form[data-autosubmit]").get_by_label("Thuộc địa bàn", exact=True)
    # The commune, then its hamlets (a word may be in the parent's name).
    expect(select.locator("option", has_text=re.compile(r"^Xã Thạnh An \(Xã\) — Tỉnh Thử Nghiệm$"))).to_have_count(1)
    select.select_option(label="Xã Thạnh An (Xã) — Tỉnh Thử Nghiệm")
    expect(page).to_have_url(re.compile(rf"/initiatives/\?within={bworld.commune_b.pk}$"))
