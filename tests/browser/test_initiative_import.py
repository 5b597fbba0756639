"""The Excel import of a registration list, driven through the pages: a bad file, then a good one."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from initiatives import imports

pytestmark = pytest.mark.browser

ROAD = "Đường giao thông làm mới, nâng cấp (m)"


def row(organization: str, name: str, **cells) -> list:
    values = {
        "index": 1,
        "name": name,
        "kind": "Mô hình",
        "subject": "Tập thể",
        "organization": organization,
        "field": "Kinh tế",
        "year": 2025,
        "registered_on": "01/03/2025",
        **cells,
    }
    return [values.get(column.key) for column in imports.FIXED_COLUMNS]


def workbook(rows, results=()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = imports.DATA_SHEET
    sheet.append([*(column.template_header for column in imports.FIXED_COLUMNS), ROAD])
    for values, result in zip(rows, results or [None] * len(rows), strict=True):
        sheet.append([*values, result])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page: Page, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và nhập").click()
    page.wait_for_url("**/jobs/*/")


def test_import_bad_then_good_file(logged_in_page, bworld, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    front = bworld.front_a.name
    page: Page = logged_in_page(bworld.editor_a)
    page.goto("/initiatives/")
    page.get_by_role("button", name="Dân vận khéo").click()
    page.get_by_role("link", name="Nhập danh sách từ Excel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập danh sách đăng ký mô hình, điển hình từ Excel")
    expect(page.get_by_text("Tải tệp lên: Xã Long Điền")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert template.sheetnames == ["Huong_dan", "Danh_sach", "Danh_muc"]
    assert template["Danh_muc"]["E2"].value == front

    bad = workbook(
        [
            row(front, "Thắp sáng đường quê", area="Ấp Bắc"),
            row(front, "Gương sáng", kind="Điển hình", subject="Cá nhân", index=2),
            row(bworld.front_b.name, "Đường hoa", index=3),
        ],
        results=["10.700", "1.5", None],
    )
    upload(page, tmp_path, "dang-ky-loi.xlsx", bad)
    expect(page.locator("#job-status")).to_have_attribute("data-status", "failed")
    errors = page.locator("#job-errors tbody tr")
    expect(errors).to_have_count(3)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("Danh_sach · E (Họ tên cá nhân)")
    expect(errors.nth(0)).to_contain_text("Điển hình cá nhân cần có họ tên cá nhân.")
    expect(errors.nth(1)).to_contain_text(f"Danh_sach · R ({ROAD})")
    expect(errors.nth(1)).to_contain_text("“1.5” không phải số hợp lệ")
    expect(errors.nth(2)).to_contain_text("Danh_sach · F (Đơn vị đăng ký)")
    expect(errors.nth(2)).to_contain_text(f"Không tìm thấy đơn vị “{bworld.front_b.name}” trong Xã Long Điền.")
    expect(page.get_by_text("chưa ghi dữ liệu nào").first).to_be_visible()

    page.goto("/initiatives/import/")
    good = workbook(
        [
            row(front, "Thắp sáng đường quê", area="Ấp Bắc"),
            row(front, "Gương sáng", kind="Điển hình", subject="Cá nhân", person_name="Lê Thị B", index=2),
        ],
        results=["10.700", None],
    )
    upload(page, tmp_path, "dang-ky-dung.xlsx", good)
    expect(page.locator("#job-status")).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_role("alert")).to_have_text("Đã nhập 2 mô hình, điển hình vào Xã Long Điền.")
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page).to_have_url(re.compile(rf"/initiatives/\?within={bworld.commune_a.pk}&year=2025$"))
    results = page.locator("#results")
    expect(results).to_contain_text("Thắp sáng đường quê")
    expect(results).to_contain_text("Gương sáng")

    page.goto("/initiatives/import/")
    expect(page.locator("#import-jobs tbody tr")).to_have_count(2)
    expect(page.locator("#import-jobs tbody tr").first).to_contain_text("Đã nhập 2 mô hình, điển hình")


def test_administrator_chooses_the_area_then_gets_its_template(session_page, bworld):
    page: Page = session_page(bworld.admin)
    page.goto("/initiatives/import/")
    expect(page.get_by_text("Chọn địa bàn ở bên trái để tải tệp mẫu và tải tệp lên.")).to_be_visible()
    expect(page.get_by_role("link", name="Tải tệp mẫu (.xlsx)")).to_have_count(0)

    page.get_by_role("searchbox", name="Tìm địa bàn nhận dữ liệu").fill("thanh an")
    select = page.locator("#import-area select")
    expect(select.locator("option", has_text="Xã Thạnh An")).to_have_count(1)
    select.select_option(label="Xã Thạnh An (Xã) — Tỉnh Thử Nghiệm")

    expect(page).to_have_url(re.compile(rf"/initiatives/import/\?area={bworld.commune_b.pk}$"))
    expect(page.get_by_text("Tải tệp lên: Xã Thạnh An")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert template["Danh_muc"]["E2"].value == bworld.front_b.name
