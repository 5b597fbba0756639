"""The report document (DOCX): downloaded from the area document page and from a report's own
URL, opened with python-docx; the layout settings pages of system administrators."""

import docx
import pytest
from playwright.sync_api import Page, expect

from reports import services
from reports.models import DocumentSettings, FormItem, FormSection, Indicator, Period, ReportForm
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import organization_kind

pytestmark = pytest.mark.browser

DOWNLOAD = "Tải văn bản (DOCX)"


@pytest.fixture
def approved(bworld):
    """A quarterly form; communes A and B have approved reports for 2025Q2 with prose."""
    form = ReportForm.objects.create(
        code="bao_cao_quy_thu",
        name="Báo cáo quý (thử)",
        title="Báo cáo kết quả công tác dân vận",
        period_type="quarter",
    )
    form.organization_kinds.set([organization_kind("mttq")])
    received = Indicator.objects.create(code="thu_tiep_nhan", name="Kiến nghị tiếp nhận", unit="vụ")
    figures = FormSection.objects.create(form=form, title="Số liệu", kind="figures", sort_order=1)
    FormItem.objects.create(section=figures, indicator=received, sort_order=1)
    results = FormSection.objects.create(form=form, title="Kết quả", kind="prose", sort_order=2)
    period = Period.objects.for_code("2025Q2")
    approver = user_with_role("duyet_tinh", "approver", bworld.province)
    reports = []
    for org, user, number, text in (
        (bworld.front_a, bworld.editor_a, "1200", "Nguyễn Thị Ánh Tuyết vận động 12 hộ hiến đất."),
        (bworld.front_b, bworld.editor_b, "34", "Xã Thạnh An đối thoại 2 cuộc."),
    ):
        report = services.open_report(form, period, org, user=user)
        services.save_report(
            report, user=user, version=report.version, values={received.pk: number}, texts={results.pk: text}
        )
        services.submit(report, user=user)
        reports.append(services.approve(report, user=approver))
    return {"form": form, "reports": reports}


def _paragraphs(path) -> list[str]:
    document = docx.Document(path)
    return [p.text for p in document.paragraphs if p.text]


def _cells(path) -> list[list[str]]:
    document = docx.Document(path)
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_area_document_downloads_from_its_page_after_fixing_the_period(session_page, bworld, approved, tmp_path):
    page: Page = session_page(bworld.province_editor)
    page.goto("/")
    page.get_by_role("button", name="Báo cáo").click()
    page.get_by_role("link", name="Văn bản báo cáo tổng hợp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Văn bản báo cáo tổng hợp")
    page.get_by_label("Biểu mẫu").select_option(label="Báo cáo quý (thử)")
    page.get_by_label("Kỳ báo cáo").fill("202505")
    page.locator("#id_area").select_option(str(bworld.province.pk))
    page.get_by_role("button", name=DOWNLOAD).click()

    expect(page.get_by_text("Biểu mẫu này báo cáo theo quý: chọn kỳ quý hoặc dài hơn.")).to_be_visible()
    page.get_by_label("Kỳ báo cáo").fill("2025Q2")
    with page.expect_download() as info:
        page.get_by_role("button", name=DOWNLOAD).click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    assert download.suggested_filename == "bao-cao-tinh-thu-nghiem-2025Q2.docx"
    paragraphs = _paragraphs(path)
    assert paragraphs[:2] == ["BÁO CÁO", "Kết quả công tác dân vận quý II/2025"]
    assert "- Ủy ban Mặt trận Tổ quốc Việt Nam Xã Long Điền: Nguyễn Thị Ánh Tuyết vận động 12 hộ hiến đất." in (
        paragraphs
    )
    assert ["Xã Long Điền", "1.200"] in _cells(path)
    assert ["Cộng", "1.234"] in _cells(path)


def test_report_document_downloads_from_the_report_page_button(session_page, bworld, approved, tmp_path):
    report = approved["reports"][0]
    page: Page = session_page(bworld.editor_a)
    page.goto(f"/reports/{report.pk}/")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải văn bản (DOCX)").click()
    path = tmp_path / "report.docx"
    info.value.save_as(path)

    assert info.value.suggested_filename == "bao-cao-uy-ban-mat-tran-to-quoc-viet-nam-xa-long-dien-2025Q2.docx"
    assert ["1", "Kiến nghị tiếp nhận", "vụ", "1.200"] in _cells(path)
    assert "Nguyễn Thị Ánh Tuyết vận động 12 hộ hiến đất." in _paragraphs(path)


def test_document_settings_are_added_edited_and_deleted_by_the_administrator(session_page, bworld):
    page: Page = session_page(bworld.admin)
    page.goto("/reports/document-settings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thể thức văn bản báo cáo")
    expect(page.get_by_test_id("document-defaults")).to_contain_text("Times New Roman cỡ 14, lề 20/20/30/15 mm")
    expect(page.locator("[data-empty-state]")).to_be_visible()

    page.get_by_role("link", name="Thêm mới").first.click()
    page.locator("#id_area").select_option(str(bworld.province.pk))
    page.get_by_label("Lề trên (mm)").fill("25")
    page.get_by_label("Lề dưới (mm)").fill("25")
    page.get_by_label("Lề trái (mm)").fill("35")
    page.get_by_label("Cỡ chữ nội dung").fill("18")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("16")
    page.get_by_label("Cỡ chữ nội dung").fill("15")
    page.get_by_role("button", name="Lưu").click()

    row = page.get_by_role("row", name="Tỉnh Thử Nghiệm")
    expect(row).to_contain_text("25/25/35/15")
    row.get_by_role("link", name="Tỉnh Thử Nghiệm").click()
    page.get_by_role("link", name="Xóa").click()
    expect(page.get_by_role("heading", name="Xác nhận xóa")).to_be_visible()
    page.get_by_role("button", name="Xóa").click()

    expect(page.locator("[data-empty-state]")).to_be_visible()
    assert DocumentSettings.objects.count() == 0


def test_document_settings_refuse_other_users(session_page, bworld, browser_errors, live_server):
    page: Page = session_page(bworld.province_editor)
    url = f"{live_server.url}/reports/document-settings/"
    browser_errors.expect_status(url, 403)

    response = page.goto(url)

    assert response.status == 403
    expect(page.get_by_text("Chức năng này dành cho quản trị hệ thống.")).to_be_visible()
