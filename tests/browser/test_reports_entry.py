"""Periodic reports in the browser: a commune enters its quarterly report (a rule broken, then
fixed, saved as it types), submits it, the province approves it and sees it in the roll-up; the
catalog pages of the administrators."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from reports import periods, services
from reports.models import Period, Report, ReportForm
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import organization

pytestmark = pytest.mark.browser
DEFAULT_FORM = "bao_cao_dan_van_quy"


def field(page: Page, label: str):
    return page.get_by_label(label, exact=True)


def expect_saved(page: Page) -> None:
    expect(page.locator("#autosave-status [data-state=saved]")).to_contain_text(re.compile(r"Đã lưu lúc \d\d:\d\d"))


def test_commune_enters_submits_and_province_approves(session_page, bworld):
    khoi = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    approver = user_with_role("duyet_tinh", "approver", bworld.province, full_name="Trần Thị Duyệt")
    form = ReportForm.objects.get(code=DEFAULT_FORM)
    quarter = periods.containing("quarter", timezone.localdate())

    # The commune editor opens the report of the current quarter from the menu.
    page: Page = session_page(bworld.editor_a)
    page.goto("/")
    menu = page.locator("#nav-reports")
    menu.get_by_role("button", name="Báo cáo").click()
    menu.get_by_role("link", name="Báo cáo của đơn vị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo định kỳ")
    expect(page.locator("[data-empty-state]")).to_contain_text("Chưa có báo cáo nào.")
    page.get_by_role("link", name="Lập báo cáo").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lập báo cáo")
    expect(field(page, "Biểu mẫu *")).to_have_value(str(form.pk))
    expect(field(page, "Kỳ báo cáo")).to_have_value(quarter.code)
    expect(field(page, "Đơn vị báo cáo *")).to_have_value(str(khoi.pk))
    page.get_by_role("button", name="Lập báo cáo").click()

    # Data entry: figures the registry knows are filled and marked; typed ones are saved as typed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập số liệu báo cáo")
    report = Report.objects.get(organization=khoi)
    registered = page.locator("[data-indicator=dvk_dang_ky]")
    expect(registered.locator("[data-source=provider]")).to_have_text("Tự động")
    expect(registered.locator("input")).to_be_disabled()
    field(page, "Hội nghị, cuộc họp về công tác dân vận đã tổ chức *").fill("3")
    field(page, "Kiến nghị, phản ánh tiếp nhận *").fill("37")
    field(page, "Kiến nghị, phản ánh đã giải quyết *").fill("40")
    field(page, "Đoàn viên, hội viên của các tổ chức chính trị - xã hội").fill("abc")
    field(page, "Kết quả đạt được").fill("Tổ chức 3 hội nghị đối thoại với nhân dân.")
    expect_saved(page)
    expect(page.locator(f"#err-v-{indicator_id(form, 'doan_vien_hoi_vien')}")).to_contain_text("không phải là số")
    members = field(page, "Đoàn viên, hội viên của các tổ chức chính trị - xã hội")
    members.clear()
    members.press_sequentially("1.250")  # saved after a pause in typing, without leaving the field
    expect(page.locator(f"#err-v-{indicator_id(form, 'doan_vien_hoi_vien')}")).to_be_empty()
    expect(page.locator("#entry-warnings")).to_contain_text("1 điểm cần xem lại trước khi gửi")

    # Submitting shows the broken rule; back to the entry page to fix it.
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gửi báo cáo")
    expect(page.locator("#submit-problems")).to_contain_text(
        "“Kiến nghị, phản ánh đã giải quyết” (40) phải ≤ “Kiến nghị, phản ánh tiếp nhận” (37)."
    )
    page.get_by_role("link", name="Quay lại nhập số liệu").click()
    expect(field(page, "Kiến nghị, phản ánh đã giải quyết *")).to_have_value("40")
    field(page, "Kiến nghị, phản ánh đã giải quyết *").fill("29")
    field(page, "Kiến nghị, phản ánh đã giải quyết *").press("Tab")
    expect_saved(page)
    expect(page.locator("#entry-warnings")).to_have_count(0)
    expect(field(page, "Tỷ lệ kiến nghị được giải quyết")).to_have_value("78,38")  # recomputed as saved
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#submit-problems")).to_have_count(0)
    page.locator("#action-form").get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo lên cấp trên.")
    expect(page.locator("#report-badges [data-status]")).to_have_text("Đã gửi")
    expect(page.locator("[data-indicator=ty_le_giai_quyet] [data-value]")).to_have_text("78,38 %")
    expect(page.locator("[data-indicator=doan_vien_hoi_vien] [data-value]")).to_have_text("1.250 người")
    expect(page.locator("#report-actions")).not_to_contain_text("Nhập số liệu")

    # The province approver sees nothing of it in the roll-up before approving it.
    page = session_page(approver)
    rollup = f"{reverse('reports:rollup')}?form={form.pk}&period={quarter.code}&area={bworld.province.pk}"
    page.goto(rollup)
    total = page.locator("[data-testid=rollup-table] tr[data-row=total]")
    expect(total).to_be_visible()
    expect(total).not_to_contain_text("37")

    # Then approves it.
    page.goto(report.get_absolute_url())
    page.locator("#report-actions").get_by_role("link", name="Duyệt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Duyệt báo cáo")
    page.locator("#action-form").get_by_role("button", name="Duyệt").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã duyệt báo cáo.")
    expect(page.locator("#report-badges [data-status]")).to_have_text("Đã duyệt")
    expect(page.locator("#report-history")).to_contain_text("Trần Thị Duyệt")

    # The province roll-up now counts it.
    page.goto(rollup)
    expect(total).to_contain_text("37")
    expect(total).to_contain_text("78,38")


def indicator_id(form, code: str) -> int:
    return form.sections.get(items__indicator__code=code).items.get(indicator__code=code).indicator_id


def test_approver_returns_and_reopens_with_comments(session_page, bworld):
    from reports import services
    from reports.models import Period

    khoi = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    form = ReportForm.objects.get(code=DEFAULT_FORM)
    report = services.open_report(form, Period.objects.for_code("2025Q2"), khoi, user=bworld.editor_a)
    ids = {item.indicator.code: item.indicator.pk for item in services.figure_items(form)}
    services.save_report(
        report,
        user=bworld.editor_a,
        version=report.version,
        values={ids["hoi_nghi"]: "2", ids["kien_nghi_tiep_nhan"]: "5", ids["kien_nghi_giai_quyet"]: "5"},
    )
    services.submit(report, user=bworld.editor_a)
    approver = user_with_role("duyet_tinh", "approver", bworld.province)

    page: Page = session_page(approver)
    page.goto(report.get_absolute_url())
    page.locator("#report-actions").get_by_role("link", name="Trả lại").click()
    page.locator("#action-form").get_by_role("button", name="Trả lại").click()
    expect(page.locator("#action-form")).to_contain_text("Cần ghi ý kiến.")
    page.get_by_label("Ý kiến").fill("Bổ sung số liệu đối thoại.")
    page.locator("#action-form").get_by_role("button", name="Trả lại").click()
    expect(page.locator("#report-badges [data-status]")).to_have_text("Bị trả lại")
    expect(page.locator("#report-history")).to_contain_text("Bổ sung số liệu đối thoại.")

    services.submit(report, user=bworld.editor_a)
    services.approve(report, user=approver)
    page.reload()
    page.locator("#report-actions").get_by_role("link", name="Mở lại").click()
    page.get_by_label("Ý kiến").fill("Sửa số kiến nghị.")
    page.locator("#action-form").get_by_role("button", name="Mở lại").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở lại báo cáo để đơn vị sửa.")
    expect(page.locator("#report-badges [data-status]")).to_have_text("Bị trả lại")


def test_two_editors_on_one_report_get_a_conflict_not_a_lost_update(session_page, bworld):
    from reports import services
    from reports.models import Period

    khoi = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    form = ReportForm.objects.get(code=DEFAULT_FORM)
    report = services.open_report(form, Period.objects.for_code("2025Q2"), khoi, user=bworld.editor_a)
    ids = {item.indicator.code: item.indicator.pk for item in services.figure_items(form)}

    page: Page = session_page(bworld.editor_a)
    page.goto(reverse("reports:report_edit", kwargs={"pk": report.pk}))
    # Meanwhile someone else saves the report.
    services.save_report(report, user=bworld.province_editor, version=report.version, values={ids["hoi_nghi"]: "4"})
    field(page, "Hội nghị, cuộc họp về công tác dân vận đã tổ chức *").fill("9")
    field(page, "Hội nghị, cuộc họp về công tác dân vận đã tổ chức *").press("Tab")

    expect(page.locator("#autosave-status [data-state=conflict]")).to_contain_text("Thay đổi của bạn chưa được lưu")
    assert report.values.get(indicator_id=ids["hoi_nghi"]).number == 4


def test_home_card_lists_the_due_report(session_page, bworld):
    khoi = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    current = periods.containing("quarter", timezone.localdate())
    last = periods.containing("quarter", current.start - datetime.timedelta(days=1))

    page: Page = session_page(bworld.editor_a)
    page.goto("/")

    card = page.locator("[data-testid=report-home-card]")
    expect(card).to_contain_text(f"Báo cáo công tác dân vận (quý) · {last.name}")
    card.get_by_role("link", name="Khối dân vận xã Long Điền").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lập báo cáo")
    expect(field(page, "Kỳ báo cáo")).to_have_value(last.code)
    expect(field(page, "Đơn vị báo cáo *")).to_have_value(str(khoi.pk))


def test_catalog_pages_for_the_administrator(session_page, bworld):
    page: Page = session_page(bworld.admin)
    page.goto("/")
    menu = page.locator("#nav-reports")
    menu.get_by_role("button", name="Báo cáo").click()
    menu.get_by_role("link", name=re.compile(r"Biểu mẫu$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biểu mẫu báo cáo")
    page.get_by_role("link", name="Báo cáo công tác dân vận (quý)").click()
    sections = page.locator("#form-sections [data-section]")
    expect(sections).to_have_count(10)
    expect(sections.first).to_contain_text("I. Mô hình, điển hình “Dân vận khéo”")

    # Reorder: the second section goes up.
    page.get_by_role("button", name="Chuyển lên II. Đối thoại, tiếp công dân").click()
    expect(sections.first).to_contain_text("II. Đối thoại, tiếp công dân")

    # A new indicator, added to a section.
    menu.get_by_role("button", name="Báo cáo").click()
    menu.get_by_role("link", name=re.compile(r"Chỉ số$")).click()
    page.get_by_role("link", name="Thêm mới").first.click()
    field(page, "Mã *").fill("to_hoa_giai")
    field(page, "Tên *").fill("Tổ hòa giải ở cơ sở")
    field(page, "Đơn vị tính").fill("tổ")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổ hòa giải ở cơ sở")
    expect(page.locator("#indicator-source")).to_contain_text("Nhập tay")
    page.locator("a.btn-primary", has_text="Sửa").click()
    field(page, "Tên *").fill("Tổ hòa giải ở cơ sở (thôn, tổ dân phố)")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổ hòa giải ở cơ sở (thôn, tổ dân phố)")

    page.goto(ReportForm.objects.get(code=DEFAULT_FORM).get_absolute_url())
    page.get_by_role("link", name="Thêm chỉ số vào IV. Hội nghị, văn bản").click()
    field(page, "Chỉ số *").select_option(label="Tổ hòa giải ở cơ sở (thôn, tổ dân phố) (to_hoa_giai)")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("[data-item=to_hoa_giai]")).to_contain_text("Tổ hòa giải ở cơ sở (thôn, tổ dân phố)")

    # An indicator in use cannot be deleted: the page says what holds it.
    page.get_by_role("link", name="Kiến nghị, phản ánh tiếp nhận", exact=True).click()
    page.get_by_role("link", name="Xóa").click()
    expect(page.locator("#delete-blockers")).to_contain_text("chỉ số của biểu mẫu")


def test_catalog_form_sections_and_rules(session_page, bworld):
    page: Page = session_page(bworld.admin)
    page.goto(reverse("reports:form_list"))
    page.get_by_role("link", name="Thêm mới").first.click()
    field(page, "Mã *").fill("bao_cao_thang")
    field(page, "Tên *").fill("Báo cáo dân vận tháng")
    field(page, "Loại kỳ *").select_option(label="Tháng")
    page.get_by_label("Khối dân vận").check()
    field(page, "Hạn nộp (số ngày sau khi hết kỳ) *").fill("3")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo dân vận tháng")
    expect(page.locator("#form-fields")).to_contain_text("Khối dân vận")
    expect(page.locator("[data-empty-state]")).to_contain_text("Biểu mẫu chưa có phần nào.")

    # A figures section with two indicators, a rule between them; a prose section renamed, then deleted.
    page.get_by_role("link", name="Thêm phần").click()
    field(page, "Tên phần *").fill("I. Kiến nghị")
    page.get_by_role("button", name="Lưu").click()
    for label in (
        "Kiến nghị, phản ánh tiếp nhận (kien_nghi_tiep_nhan)",
        "Kiến nghị, phản ánh đã giải quyết (kien_nghi_giai_quyet)",
    ):
        page.get_by_role("link", name="Thêm chỉ số vào I. Kiến nghị").click()
        field(page, "Chỉ số *").select_option(label=label)
        page.get_by_role("button", name="Lưu").click()
    expect(page.locator("[data-item]")).to_have_count(2)
    page.get_by_role("link", name="Thêm quy tắc kiểm tra").click()
    field(page, "Chỉ số *").select_option(label="Kiến nghị, phản ánh đã giải quyết (kien_nghi_giai_quyet)")
    field(page, "So sánh *").select_option(label="≤")
    field(page, "So với chỉ số *").select_option(label="Kiến nghị, phản ánh tiếp nhận (kien_nghi_tiep_nhan)")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#form-rules")).to_contain_text(
        "Kiến nghị, phản ánh đã giải quyết ≤ Kiến nghị, phản ánh tiếp nhận"
    )

    page.get_by_role("link", name="Thêm phần").click()
    field(page, "Tên phần *").fill("Kết quả")
    field(page, "Loại phần *").select_option(label="Nội dung")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Sửa Kết quả").click()
    field(page, "Tên phần *").fill("II. Kết quả đạt được")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#form-sections")).to_contain_text("II. Kết quả đạt được")
    page.get_by_role("link", name="Xóa II. Kết quả đạt được").click()
    page.get_by_role("button", name="Xóa").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xóa")
    expect(page.locator("#form-sections [data-section]")).to_have_count(1)

    # The items: the second moved up, renamed and made required, the first deleted.
    received, resolved = "Kiến nghị, phản ánh tiếp nhận", "Kiến nghị, phản ánh đã giải quyết"
    page.get_by_role("button", name=f"Chuyển lên {resolved}").click()
    expect(page.locator("[data-item]").first).to_contain_text(resolved)
    page.get_by_role("link", name=f"Sửa {resolved}").click()
    field(page, "Tên hiển thị").fill("Kiến nghị đã giải quyết xong")
    page.get_by_label("Bắt buộc").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("[data-item]").first).to_contain_text("Kiến nghị đã giải quyết xong")

    # The rule: its message edited, then the rule deleted, then the item it used.
    rule_name = f"{resolved} ≤ {received}"
    page.get_by_role("link", name=f"Sửa quy tắc {rule_name}").click()
    field(page, "Thông báo khi sai").fill("Số đã giải quyết không vượt số tiếp nhận.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#form-rules")).to_contain_text("Số đã giải quyết không vượt số tiếp nhận.")
    page.get_by_role("link", name=f"Xóa quy tắc {rule_name}").click()
    page.get_by_role("button", name="Xóa").click()
    expect(page.locator("#form-rules")).to_contain_text("Chưa có quy tắc kiểm tra.")
    page.get_by_role("link", name=f"Xóa {received}").click()
    page.get_by_role("button", name="Xóa").click()
    expect(page.locator("[data-item]")).to_have_count(1)

    # The form: renamed, then deleted (no report uses it).
    page.locator("a.btn-primary", has_text="Sửa").click()
    field(page, "Tên *").fill("Báo cáo dân vận hằng tháng")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo dân vận hằng tháng")
    page.locator("a.btn-outline-danger", has_text="Xóa").click()
    page.get_by_role("button", name="Xóa").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xóa")
    assert not ReportForm.objects.filter(code="bao_cao_thang").exists()


def test_a_failed_autosave_is_said_and_the_next_save_stores_the_input(session_page, bworld, browser_errors):
    khoi = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    form = ReportForm.objects.get(code=DEFAULT_FORM)
    quarter = periods.containing("quarter", timezone.localdate())
    report = services.open_report(form, Period.objects.for_code(quarter.code), khoi, user=bworld.editor_a)
    page: Page = session_page(bworld.editor_a)
    page.goto(reverse("reports:report_edit", args=[report.pk]))
    autosave = re.compile(rf"/reports/{report.pk}/autosave/")
    # The failures this test provokes, as the browser and htmx log them.
    for provoked in (
        r"status of 500",
        r"ERR_FAILED",
        r"Response Status Error Code 500",
        r"htmx:(afterRequest|sendError)",
    ):
        browser_errors.tolerate(provoked)

    # The server fails: the status says so at once, instead of the last "saved".
    page.route(autosave, lambda route: route.fulfill(status=500, body="Server Error"))
    field(page, "Hội nghị, cuộc họp về công tác dân vận đã tổ chức *").fill("4")
    page.keyboard.press("Tab")  # the change event sends the save
    failed = page.locator("#autosave-status [data-state=failed]")
    expect(failed).to_contain_text("Chưa lưu được")
    page.unroute(autosave)

    # No connection at all: the same.
    page.route(autosave, lambda route: route.abort())
    field(page, "Kiến nghị, phản ánh tiếp nhận *").fill("12")
    page.keyboard.press("Tab")
    expect(failed).to_contain_text("Chưa lưu được")
    page.unroute(autosave)

    # Back online: "Lưu" stores everything typed meanwhile.
    page.get_by_role("button", name="Lưu").click()
    expect_saved(page)
    values = {v.indicator.code: v.number for v in report.values.select_related("indicator")}
    assert (values["hoi_nghi"], values["kien_nghi_tiep_nhan"]) == (4, 12)


def test_signer_is_saved_as_typed_and_a_third_line_is_refused_next_to_it(session_page, bworld):
    khoi = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    form = ReportForm.objects.get(code=DEFAULT_FORM)
    report = services.open_report(form, Period.objects.for_code("2025Q2"), khoi, user=bworld.editor_a)
    page: Page = session_page(bworld.editor_a)
    page.goto(reverse("reports:report_edit", args=[report.pk]))
    title, name = field(page, "Chức vụ người ký"), field(page, "Người ký")
    deputy = ("KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI", "Nguyễn Văn Ký")

    def signer():
        report.refresh_from_db()
        return report.signer_title, report.signer_name

    # A deputy signs on the head's behalf: two lines, saved as the user types like the figures.
    title.fill(deputy[0])
    name.fill(deputy[1])
    name.press("Tab")
    expect_saved(page)
    for _attempt in range(50):  # the autosave of the name may still be on its way
        if signer() == deputy:
            break
        page.wait_for_timeout(100)

    # A third line is said next to the field and not saved.
    title.fill(deputy[0] + "\nỦY VIÊN")
    title.press("Tab")

    expect(page.locator("#err-report-signer-title")).to_contain_text("Chức vụ người ký có tối đa 2 dòng (đang có 3")
    assert signer() == deputy
