"""The roll-up table in the browser (province figures, drill-down to a commune and back, a year of
a quarterly form, submitted reports on request) and the completeness page with its reminders."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from reports import services
from reports.models import Period, Report, ReportForm
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import organization

pytestmark = pytest.mark.browser
DEFAULT_FORM = "bao_cao_dan_van_quy"


def _report(form, period, org, user, received: str, resolved: str):
    report = services.open_report(form, period, org, user=user)
    values = {item.indicator.code: item.indicator.pk for item in services.figure_items(form)}
    services.save_report(
        report,
        user=user,
        version=report.version,
        values={
            values["hoi_nghi"]: "2",
            values["kien_nghi_tiep_nhan"]: received,
            values["kien_nghi_giai_quyet"]: resolved,
        },
    )
    return services.submit(report, user=user)


@pytest.fixture
def figures(bworld):
    """Quarter II/2025: commune A's bloc approved (40 received, 30 resolved), commune B's submitted
    and waiting (10 received, 10 resolved); quarter I: commune A approved (5, 5)."""
    form = ReportForm.objects.get(code=DEFAULT_FORM)
    approver = user_with_role("duyet_tinh", "approver", bworld.province, full_name="Trần Thị Duyệt")
    khoi_a = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    khoi_b = organization(bworld.commune_b, "khoi_dan_van", name="Khối dân vận xã Thạnh An")
    q1, q2 = Period.objects.for_code("2025Q1"), Period.objects.for_code("2025Q2")
    services.approve(_report(form, q2, khoi_a, bworld.editor_a, "40", "30"), user=approver)
    services.approve(_report(form, q1, khoi_a, bworld.editor_a, "5", "5"), user=approver)
    _report(form, q2, khoi_b, bworld.editor_b, "10", "10")
    return {"form": form, "approver": approver, "khoi_a": khoi_a, "khoi_b": khoi_b}


def _cell(page: Page, row: str, code: str):
    """The cell of `row` ("total" or a unit's path) under indicator `code`."""
    table = page.get_by_test_id("rollup-table")
    headers = table.locator("thead tr").nth(1).locator("th")
    codes = [headers.nth(i).get_attribute("data-indicator") for i in range(headers.count())]
    return table.locator(f'tbody tr[data-row="{row}"] td').nth(codes.index(code))


def test_rollup_table_drills_down_to_a_commune_and_back(session_page, bworld, figures):
    page = session_page(figures["approver"])
    page.goto("/")
    menu = page.locator("#nav-reports")
    menu.get_by_role("button", name="Báo cáo").click()
    menu.get_by_role("link", name="Tổng hợp số liệu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng hợp số liệu báo cáo")

    page.get_by_label("Kỳ báo cáo").fill("2025Q2")
    page.get_by_role("button", name="Xem số liệu").click()

    expect(page.get_by_test_id("rollup-scope")).to_contain_text("Tỉnh Thử Nghiệm")
    expect(page.get_by_test_id("rollup-scope")).to_contain_text("Quý II/2025")
    expect(page.get_by_test_id("rollup-table").locator("thead")).to_contain_text(
        "III. Kiến nghị, phản ánh của nhân dân"
    )
    expect(_cell(page, "total", "kien_nghi_tiep_nhan")).to_have_text("40")
    expect(_cell(page, "total", "ty_le_giai_quyet")).to_have_text("75")
    expect(_cell(page, bworld.commune_b.path, "kien_nghi_tiep_nhan")).to_have_text("")

    # Reports sent but not approved yet count only when asked.
    page.get_by_label("Kể cả báo cáo đã gửi chưa duyệt").check()
    page.get_by_role("button", name="Xem số liệu").click()
    expect(_cell(page, "total", "kien_nghi_tiep_nhan")).to_have_text("50")
    expect(_cell(page, "total", "ty_le_giai_quyet")).to_have_text("80")
    expect(_cell(page, bworld.commune_b.path, "kien_nghi_tiep_nhan")).to_have_text("10")

    # Drill down into commune A: its bloc is a row of its own.
    page.get_by_test_id("rollup-table").get_by_role("link", name="Xã Long Điền").click()
    expect(page).to_have_url(re.compile(rf"area={bworld.commune_a.pk}"))
    expect(page.get_by_test_id("rollup-scope")).to_contain_text("Xã Long Điền")
    expect(_cell(page, figures["khoi_a"].path, "kien_nghi_tiep_nhan")).to_have_text("40")
    expect(page.get_by_test_id("rollup-table").get_by_role("link", name="Ấp Bắc")).to_be_visible()

    # Back up through the trail; then the whole year of the quarterly form.
    page.get_by_test_id("rollup-trail").get_by_role("link", name="Tỉnh Thử Nghiệm").click()
    expect(page.get_by_test_id("rollup-scope")).to_contain_text("Tỉnh Thử Nghiệm")
    page.get_by_label("Kỳ báo cáo").fill("2025")
    page.get_by_label("Kể cả báo cáo đã gửi chưa duyệt").uncheck()
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.get_by_test_id("rollup-scope")).to_contain_text("Năm 2025")
    expect(_cell(page, "total", "kien_nghi_tiep_nhan")).to_have_text("45")

    # A period shorter than the form's is refused with the reason.
    page.get_by_label("Kỳ báo cáo").fill("202505")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.get_by_text("Kỳ này ngắn hơn kỳ báo cáo của biểu mẫu (quý).")).to_be_visible()


def test_rollup_table_export_downloads_the_xlsx(session_page, bworld, figures):
    page = session_page(bworld.province_editor)
    page.goto(f"/reports/rollup/?form={figures['form'].pk}&period=2025Q2")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()

    assert download_info.value.suggested_filename == "tong-hop-bao_cao_dan_van_quy-2025Q2-tinh-thu-nghiem.xlsx"


def test_completeness_page_counts_units_and_sends_reminders(session_page, bworld, figures):
    user_with_role("can_bo_b", "editor", bworld.commune_b, email="b@danvan.vn")
    organization(bworld.commune_b, "ban_tgdv", name="Ban Tuyên giáo và Dân vận xã Thạnh An")
    Report.objects.filter(organization=figures["khoi_a"], period__code="2025Q2").update(
        submitted_at=datetime.datetime(2025, 7, 3, 8, 0, tzinfo=datetime.UTC)
    )
    page = session_page(figures["approver"])
    page.goto(f"/reports/rollup/?form={figures['form'].pk}&period=2025Q2")
    page.get_by_role("link", name="Tình hình nộp báo cáo").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tình hình nộp báo cáo")
    counts = page.get_by_test_id("completeness-counts")
    expect(counts.locator('[data-count="total"]')).to_have_text("3")
    expect(counts.locator('[data-count="submitted"]')).to_have_text("2")
    expect(counts.locator('[data-percent="submitted"]')).to_have_text("66,7%")
    expect(counts.locator('[data-count="overdue"]')).to_have_text("1")
    table = page.get_by_test_id("completeness-table")
    expect(table.locator(f'tr[data-organization="{figures["khoi_a"].pk}"]')).to_contain_text("Nộp đúng hạn")
    expect(table.locator(f'tr[data-organization="{figures["khoi_b"].pk}"]')).to_contain_text("Nộp trễ hạn")

    page.get_by_label("Tình hình", exact=True).select_option("overdue")
    page.locator("#completeness-form").get_by_role("button", name="Xem").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Ban Tuyên giáo và Dân vận xã Thạnh An")

    page.get_by_role("button", name="Nhắc các đơn vị chưa nộp (1)").click()

    expect(page.get_by_text("Đã yêu cầu gửi thư nhắc các đơn vị chưa nộp báo cáo (1 đơn vị)")).to_be_visible()
    expect(page.get_by_role("button", name="Nhắc các đơn vị chưa nộp")).to_be_disabled()
    expect(table).to_contain_text("Cấp trên nhắc")
    assert [message.to for message in mail.outbox] == [["b@danvan.vn"]]


def test_large_rollup_and_completeness_exports_run_as_jobs_and_download_from_their_page(
    session_page, bworld, figures, settings
):
    settings.EXPORT_SYNC_ROWS = 1  # the province's communes make a "large" table: a background job
    page = session_page(bworld.province_editor)

    for path, filename in [
        ("rollup", "tong-hop-bao_cao_dan_van_quy-2025Q2-tinh-thu-nghiem.xlsx"),
        ("completeness", "tinh-hinh-nop-bao_cao_dan_van_quy-2025Q2-tinh-thu-nghiem.xlsx"),
    ]:
        page.goto(f"/reports/{path}/?form={figures['form'].pk}&period=2025Q2")
        page.get_by_role("link", name="Xuất Excel").click()

        expect(page.locator(".alert-info")).to_contain_text("Danh sách lớn: tệp Excel đang được tạo")
        expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải tệp").click()
        assert download.value.suggested_filename == filename
