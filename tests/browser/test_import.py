"""The Excel import of hamlets and organizations, driven through the pages as a commune editor."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from orgunits import imports

pytestmark = pytest.mark.browser


def workbook(hamlets=(), organizations=()) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in (
        (imports.HAMLET_SHEET, imports.HAMLET_COLUMNS, hamlets),
        (imports.ORGANIZATION_SHEET, imports.ORGANIZATION_COLUMNS, organizations),
    ):
        sheet = book.create_sheet(title)
        sheet.append([column.template_header for column in columns])
        for row in rows:
            sheet.append(list(row))
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
    page: Page = logged_in_page(bworld.editor_a)
    page.goto(bworld.commune_a.get_absolute_url())
    page.get_by_role("link", name="Nhập từ Excel").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhập thôn/tổ dân phố và tổ chức từ Excel")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert imports.HAMLET_SHEET in template.sheetnames and imports.ORGANIZATION_SHEET in template.sheetnames

    bad = workbook(
        hamlets=[[1, "Thôn Đông", "Thôn", None, None, None], [2, None, "Ấp", None, None, "31/02/2025"]],
        organizations=[[1, "Tổ dân vận Thôn Đông", "Loại lạ", "Thôn Đông", None, None, None, None, None]],
    )
    upload(page, tmp_path, "thon-loi.xlsx", bad)
    errors = page.locator("#job-errors tbody tr")
    expect(page.locator("#job-status")).to_have_attribute("data-status", "failed")
    expect(errors).to_have_count(3)
    expect(errors.nth(0)).to_contain_text("Bắt buộc, chưa nhập.")
    expect(errors.nth(1)).to_contain_text("Ngày không hợp lệ, dùng dd/mm/yyyy.")
    expect(page.get_by_text("chưa ghi dữ liệu nào").first).to_be_visible()

    page.goto(bworld.commune_a.get_absolute_url() + "import/")
    good = workbook(
        hamlets=[[1, "Thôn Đông", "Thôn", None, None, "01/07/2025"]],
        organizations=[[1, "Tổ dân vận Thôn Đông", "Tổ dân vận", "Thôn Đông", None, None, None, None, None]],
    )
    upload(page, tmp_path, "thon-dung.xlsx", good)
    expect(page.locator("#job-status")).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_role("alert")).to_contain_text("Đã nhập 1 thôn/tổ dân phố và 1 tổ chức")
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.locator("#children-list")).to_contain_text("Thôn Đông")
