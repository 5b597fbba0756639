"""The registry's record pages in the browser: register, find, start, attach, the approver's steps,
replicate, delete, and the reference data pages."""

import datetime
import re
import struct
import zlib

import pytest
from playwright.sync_api import Page, expect

from initiatives import services
from initiatives.models import Initiative
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import criteria_set, field

pytestmark = pytest.mark.browser


def png(width: int = 4, height: int = 3) -> bytes:
    """Return a small, valid red PNG picture (the browser must be able to draw the thumbnail)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xd0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def registered(bworld, name="Mô hình “Thắp sáng đường quê”", **kwargs):
    record = Initiative(
        organization=kwargs.pop("organization", bworld.front_a),
        area=kwargs.pop("area", bworld.hamlet_a),
        name=name,
        field=field(),
        year=2025,
        registered_on=datetime.date(2025, 3, 1),
        **kwargs,
    )
    return services.register(record, user=bworld.editor_a)


def started(bworld, **kwargs):
    record = registered(bworld, **kwargs)
    services.start(record, user=bworld.editor_a)
    return record


def expect_thumbnail_drawn(page: Page) -> None:
    thumbnail = page.locator("#initiative-photos img").first
    expect(thumbnail).to_be_visible()
    page.wait_for_function(
        "() => { const img = document.querySelector('#initiative-photos img'); return img.complete && img.naturalWidth > 0; }"
    )


def test_register_find_start_attach_and_filter(session_page, bworld, media):
    page: Page = session_page(bworld.editor_a)
    page.goto("/")
    page.get_by_role("button", name="Dân vận khéo").click()
    page.get_by_role("link", name="Mô hình, điển hình").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình, điển hình “Dân vận khéo”")
    expect(page.locator("[data-empty-state]")).to_contain_text("Chưa có mô hình, điển hình nào được đăng ký.")

    page.get_by_role("link", name="Đăng ký mô hình").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký mô hình, điển hình")
    # The commune's only organization is pre-selected; the area offers the places beneath it.
    expect(page.get_by_label("Đơn vị đăng ký *", exact=True)).to_have_value(str(bworld.front_a.pk))
    page.get_by_label("Tên mô hình, điển hình *", exact=True).fill("Mô hình “Thắp sáng đường quê”")
    page.get_by_label("Địa bàn thực hiện", exact=True).select_option(
        label="Ấp Bắc (Ấp) — Xã Long Điền, Tỉnh Thử Nghiệm"
    )
    page.get_by_label("Lĩnh vực *", exact=True).select_option(label="Kinh tế")
    page.get_by_label("Cách làm").fill("Mỗi hộ góp một bóng đèn, Đoàn Thanh niên lắp đặt.")
    page.get_by_label("Kết quả 1", exact=True).select_option(label="Đường giao thông làm mới, nâng cấp (m)")
    page.get_by_label("Giá trị 1", exact=True).fill("10.700")
    page.get_by_label("Kết quả 2", exact=True).select_option(label="Đèn chiếu sáng lắp đặt (bóng)")
    page.get_by_role("button", name="Đăng ký").click()

    # The second result has no value: the form comes back with the error, keeping what was typed.
    expect(page.get_by_role("alert")).to_have_text("Vui lòng sửa các lỗi trong bảng kết quả.")
    expect(page.locator("#results-formset")).to_contain_text("Nhập giá trị.")
    expect(page.get_by_label("Giá trị 1", exact=True)).to_have_value("10.700")
    # "2.70" could be two point seven or a slip for 270: refused with the app's number message, not guessed.
    page.get_by_label("Giá trị 2", exact=True).fill("2.70")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator("#results-formset")).to_contain_text(
        "Nhập một số, ví dụ 1.000 hoặc 72,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
    )
    page.get_by_label("Giá trị 2", exact=True).fill("270")
    # More results than the blank rows offered: "Thêm dòng" adds a fourth row.
    expect(page.get_by_label("Kết quả 4", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Thêm dòng").click()
    expect(page.get_by_label("Kết quả 4", exact=True)).to_be_focused()
    page.get_by_label("Kết quả 4", exact=True).select_option(label="Ngày công đóng góp (ngày công)")
    page.get_by_label("Giá trị 4", exact=True).fill("1.200")
    page.get_by_role("button", name="Đăng ký").click()

    expect(page.get_by_text("Đã đăng ký mô hình, điển hình.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình “Thắp sáng đường quê”")
    expect(page.locator("#initiative-results")).to_contain_text("10.700 m")
    expect(page.locator("#initiative-results")).to_contain_text("270 bóng")
    expect(page.locator("#initiative-results")).to_contain_text("1.200 ngày công")
    expect(page.locator("#initiative-badges")).to_contain_text("Đã đăng ký")

    # Found in the list by typing without diacritics.
    page.goto("/initiatives/")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.locator("#initiative-filters").get_by_label("Tìm kiếm").fill("thap sang duong que")
    expect(page).to_have_url(re.compile(r"q=thap(\+|%20)sang"))
    page.locator("#results").get_by_role("link", name="Mô hình “Thắp sáng đường quê”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình “Thắp sáng đường quê”")

    page.get_by_role("link", name="Bắt đầu triển khai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bắt đầu triển khai")
    page.get_by_label("Ghi chú").fill("Khởi công tháng 3")
    page.get_by_role("button", name="Bắt đầu triển khai").click()
    expect(page.get_by_text("Đã chuyển sang “Đang triển khai”.")).to_be_visible()
    expect(page.locator("#initiative-badges")).to_contain_text("Đang triển khai")
    expect(page.locator("#initiative-timeline")).to_contain_text("Đã đăng ký → Đang triển khai")
    expect(page.locator("#initiative-timeline")).to_contain_text("Khởi công tháng 3")

    page.get_by_label("Tệp", exact=True).set_input_files(
        files=[{"name": "Lắp đèn.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.get_by_label("Tiêu đề", exact=True).fill("Lắp đèn ấp Bắc")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên “Lắp đèn.png”.")).to_be_visible()
    expect(page.locator("#initiative-photos")).to_contain_text("Lắp đèn ấp Bắc")
    expect_thumbnail_drawn(page)

    # The list filters by status (a select submits the form through htmx).
    page.goto("/initiatives/")
    filters = page.locator("#initiative-filters")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        filters.get_by_label("Trạng thái").select_option(label="Đang triển khai")
    expect(page).to_have_url(re.compile(r"status=implementing"))
    expect(page.locator("#results").get_by_role("link", name="Mô hình “Thắp sáng đường quê”")).to_be_visible()
    expect(page.locator("#results")).to_contain_text("Mô hình (tập thể)")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        filters.get_by_label("Trạng thái").select_option(label="Đã đăng ký")
    expect(page.locator("[data-empty-state]")).to_contain_text("Không có mô hình, điển hình nào phù hợp với bộ lọc.")
    # The other filters fold away until asked for.
    expect(filters.get_by_label("Tập thể/cá nhân")).to_be_hidden()
    filters.get_by_role("button", name="Thêm bộ lọc").click()
    expect(filters.get_by_label("Tập thể/cá nhân")).to_be_visible()


def test_approver_steps_stop_resume_recognize_reward_assess_and_edit(session_page, bworld):
    record = started(bworld)
    manager = user_with_role("quantri_a", "unit_admin", bworld.commune_a, full_name="Trần Thị Quản Trị")
    page: Page = session_page(manager)
    page.goto(record.get_absolute_url())
    actions = page.locator("#initiative-actions")

    actions.get_by_role("link", name="Dừng thực hiện").click()
    page.get_by_role("button", name="Dừng thực hiện").click()
    expect(page.locator("#action-form")).to_contain_text("Cần nêu lý do dừng thực hiện.")
    page.get_by_label("Lý do dừng thực hiện *").fill("Chờ kinh phí năm sau")
    page.get_by_role("button", name="Dừng thực hiện").click()
    expect(page.locator("#initiative-badges")).to_contain_text("Dừng thực hiện")

    actions.get_by_role("link", name="Tiếp tục thực hiện").click()
    page.get_by_role("button", name="Tiếp tục thực hiện").click()
    expect(page.locator("#initiative-badges")).to_contain_text("Đang triển khai")

    actions.get_by_role("link", name="Công nhận").click()
    expect(page.get_by_label("Cấp công nhận *")).to_have_value("2")
    page.get_by_label("Cơ quan công nhận *").fill("Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã")
    page.get_by_label("Số quyết định").fill("12/QĐ-BCĐ")
    page.get_by_label("Ngày quyết định *").fill("15/12/2025")
    page.get_by_label("Công nhận là mô hình, điển hình tiêu biểu").check()
    page.get_by_role("button", name="Ghi nhận công nhận").click()
    expect(page.get_by_text("Đã ghi nhận quyết định công nhận.")).to_be_visible()
    expect(page.locator("#initiative-badges")).to_contain_text("Đã công nhận")
    expect(page.locator("#initiative-badges")).to_contain_text("Tiêu biểu")
    expect(page.locator("#initiative-recognitions")).to_contain_text("12/QĐ-BCĐ · 15/12/2025")

    actions.get_by_role("link", name="Khen thưởng").click()
    page.get_by_label("Hình thức khen thưởng *").fill("Giấy khen")
    page.get_by_label("Cấp khen thưởng").fill("UBND xã")
    page.get_by_label("Ngày khen thưởng").fill("01/12/2025")
    page.get_by_role("button", name="Ghi nhận khen thưởng").click()
    expect(page.locator("#action-form")).to_contain_text("Ngày khen thưởng không được trước ngày công nhận.")
    page.get_by_label("Ngày khen thưởng").fill("20/12/2025")
    page.get_by_role("button", name="Ghi nhận khen thưởng").click()
    expect(page.locator("#initiative-recognitions")).to_contain_text("Giấy khen – UBND xã")

    actions.get_by_role("link", name="Rà soát hằng năm").click()
    page.get_by_label("Năm rà soát *").fill("2025")
    page.get_by_label("Kết quả rà soát *").select_option(label="Nhân rộng")
    page.get_by_label("Nhận xét").fill("Tiếp tục nhân rộng ra các ấp")
    page.get_by_role("button", name="Ghi nhận kết quả rà soát").click()
    expect(page.locator("#initiative-assessments")).to_contain_text("Tiếp tục nhân rộng ra các ấp")
    expect(page.locator("#initiative-fields")).to_contain_text("Hiệu quả")

    actions.get_by_role("link", name="Sửa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa: Mô hình “Thắp sáng đường quê”")
    page.get_by_label("Tên mô hình, điển hình *", exact=True).fill("Mô hình “Thắp sáng đường quê” mở rộng")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình “Thắp sáng đường quê” mở rộng")
    timeline = page.locator("#initiative-timeline")
    for step in ("Dừng thực hiện", "Tiếp tục thực hiện", "Công nhận tiêu biểu", "Khen thưởng", "Rà soát"):
        expect(timeline).to_contain_text(step)


def test_replicate_a_record_then_delete_the_replica(session_page, bworld):
    source = started(bworld, name="Mô hình “Tuyến đường hoa”")
    page: Page = session_page(bworld.province_editor)
    page.goto(source.get_absolute_url())

    page.locator("#initiative-actions").get_by_role("link", name="Nhân rộng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhân rộng mô hình")
    expect(page.locator("#replicate-source")).to_contain_text("Mô hình “Tuyến đường hoa”")
    expect(page.get_by_label("Tên mô hình, điển hình *", exact=True)).to_have_value("Mô hình “Tuyến đường hoa”")
    organization = page.get_by_label("Đơn vị đăng ký *", exact=True)
    expect(organization.locator("option", has_text=bworld.front_a.name)).to_have_count(0)
    # Choosing the organization refills the area with the places beneath it (htmx).
    with page.expect_response(re.compile(r"/initiatives/areas/\?")):
        organization.select_option(label=f"{bworld.front_b.name} — Xã Thạnh An, Tỉnh Thử Nghiệm")
    area = page.get_by_label("Địa bàn thực hiện", exact=True)
    expect(area.locator("option", has_text="Ấp Nam")).to_have_count(1)
    expect(area.locator("option", has_text="Ấp Bắc")).to_have_count(0)
    area.select_option(label="Ấp Nam (Ấp) — Xã Thạnh An, Tỉnh Thử Nghiệm")
    page.get_by_label("Tên mô hình, điển hình *", exact=True).fill("Mô hình “Tuyến đường hoa” ấp Nam")
    page.get_by_role("button", name="Đăng ký").click()

    expect(page.get_by_text("Đã đăng ký mô hình nhân rộng.")).to_be_visible()
    expect(page.locator("#initiative-source")).to_contain_text("Mô hình “Tuyến đường hoa”")
    replica_url = page.url
    page.locator("#initiative-source").get_by_role("link").click()
    expect(page.locator("#initiative-replicas")).to_contain_text("Mô hình “Tuyến đường hoa” ấp Nam")
    expect(page.locator("#initiative-timeline")).to_contain_text("Được nhân rộng")

    page.goto(replica_url)
    page.locator("#initiative-actions").get_by_role("link", name="Xóa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác nhận xóa")
    page.get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(replica_url)
    page.locator("#initiative-actions").get_by_role("link", name="Xóa").click()
    page.get_by_role("button", name="Xóa").click()
    expect(page.get_by_text("Đã xóa “Mô hình “Tuyến đường hoa” ấp Nam”.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình, điển hình “Dân vận khéo”")
    assert list(Initiative.objects.values_list("name", flat=True)) == ["Mô hình “Tuyến đường hoa”"]


def test_attachment_errors_download_and_delete(session_page, bworld, media, browser_errors, live_server):
    record = registered(bworld)
    page: Page = session_page(bworld.editor_a)
    page.goto(record.get_absolute_url())

    # A program renamed .png is refused on the upload page, which then takes a real document.
    page.get_by_label("Tệp", exact=True).set_input_files(
        files=[{"name": "anh.png", "mimeType": "image/png", "buffer": b"MZ\x90\x00" + b"\x00" * 64}]
    )
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm tệp đính kèm")
    expect(page.locator("#attachment-form")).to_contain_text("Nội dung tệp không đúng với đuôi “.png”")
    page.get_by_label("Tệp *", exact=True).set_input_files(
        files=[{"name": "Báo cáo.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="Tải lên").click()
    documents = page.locator("#initiative-documents")
    expect(documents.get_by_role("link", name="Báo cáo.pdf")).to_be_visible()

    with page.expect_download() as download_info:
        documents.get_by_role("link", name="Báo cáo.pdf").click()
    assert download_info.value.suggested_filename == "Báo cáo.pdf"

    documents.get_by_role("link", name="Xóa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác nhận xóa")
    expect(page.locator("main")).to_contain_text("Xóa tệp “Báo cáo.pdf” khỏi mô hình")
    page.get_by_role("button", name="Xóa").click()
    expect(page.get_by_text("Đã xóa “Báo cáo.pdf”.")).to_be_visible()
    expect(page.locator("#attachments")).to_contain_text("Chưa có hình ảnh, tài liệu.")


def test_viewer_sees_the_record_without_actions(session_page, bworld, browser_errors, live_server):
    record = started(bworld)
    page: Page = session_page(bworld.viewer_a)
    page.goto("/initiatives/")
    expect(page.get_by_role("link", name="Đăng ký mô hình")).to_have_count(0)
    page.locator("#results").get_by_role("link", name="Mô hình “Thắp sáng đường quê”").click()
    expect(page.locator("#initiative-actions").get_by_role("link")).to_have_count(0)
    expect(page.get_by_label("Tệp", exact=True)).to_have_count(0)

    url = f"{live_server.url}/initiatives/{record.pk}/stop/"
    browser_errors.expect_status(url, 403)
    response = page.goto(url)
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("Bạn không có quyền thực hiện thao tác này.")


def test_reference_data_pages_for_the_system_administrator(session_page, bworld):
    page: Page = session_page(bworld.admin)
    page.goto("/")
    page.get_by_role("button", name="Dân vận khéo").click()
    page.get_by_role("link", name="Lĩnh vực").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lĩnh vực")
    expect(page.locator("#results")).to_contain_text("Văn hóa – xã hội")
    page.get_by_role("link", name="Thêm mới").first.click()
    page.get_by_label("Mã *", exact=True).fill("moi_truong")
    page.get_by_label("Tên *", exact=True).fill("Môi trường")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#results").get_by_role("link", name="Môi trường")).to_be_visible()
    page.locator("#results").get_by_role("link", name="Môi trường").click()
    page.get_by_label("Tên *", exact=True).fill("Bảo vệ môi trường")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#results")).to_contain_text("Bảo vệ môi trường")

    page.goto("/initiatives/stages/")
    expect(page.locator("#results")).to_contain_text("Giai đoạn 2021-2025")
    page.locator("#results").get_by_role("link", name="Giai đoạn 2026-2030").click()
    expect(page.get_by_label("Đến năm *", exact=True)).to_have_value("2030")
    page.goto("/initiatives/stages/add/")
    page.get_by_label("Mã *", exact=True).fill("2031-2035")
    page.get_by_label("Tên *", exact=True).fill("Giai đoạn 2031-2035")
    page.get_by_label("Từ năm *", exact=True).fill("2035")
    page.get_by_label("Đến năm *", exact=True).fill("2031")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text("Năm kết thúc phải sau hoặc bằng năm bắt đầu.")

    page.goto("/initiatives/metrics/")
    expect(page.locator("#results")).to_contain_text("Ngày công đóng góp")
    page.get_by_role("link", name="Thêm mới").first.click()
    page.get_by_label("Mã *", exact=True).fill("cay_xanh")
    page.get_by_label("Tên *", exact=True).fill("Cây xanh trồng mới")
    page.get_by_label("Đơn vị tính *", exact=True).fill("cây")
    page.get_by_role("button", name="Lưu").click()
    page.locator("#results").get_by_role("link", name="Cây xanh trồng mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa: Cây xanh trồng mới (cây)")
    page.get_by_label("Đơn vị tính *", exact=True).fill("cây xanh")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#results")).to_contain_text("cây xanh")

    page.goto("/initiatives/criteria-sets/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm bộ tiêu chí bình xét")
    page.get_by_label("Mã *", exact=True).fill("tieu_chi_2026")
    page.get_by_label("Tên *", exact=True).fill("Tiêu chí năm 2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiêu chí năm 2026")
    expect(page.locator("main")).to_contain_text("Bộ tiêu chí chưa có tiêu chí nào.")

    page.goto("/initiatives/criteria-sets/")
    page.locator("#results").get_by_role("link", name="Tiêu chí bình xét mô hình, điển hình tập thể").click()
    expect(page.locator("main")).to_contain_text("Tổng trọng số")
    expect(page.locator("#criteria tbody tr")).to_have_count(5)
    page.get_by_role("link", name="Thêm tiêu chí").click()
    page.get_by_label("Tiêu chí *", exact=True).fill("Có số liệu định lượng rõ ràng")
    page.get_by_label("Trọng số *", exact=True).fill("0")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text("Trọng số phải từ 1 trở lên.")
    page.get_by_label("Trọng số *", exact=True).fill("10")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#criteria tbody tr")).to_have_count(6)
    page.get_by_role("link", name="Sửa Có số liệu định lượng rõ ràng").click()
    page.get_by_label("Trọng số *", exact=True).fill("5")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#criteria")).to_contain_text("Có số liệu định lượng rõ ràng")
    page.get_by_role("link", name="Xóa Có số liệu định lượng rõ ràng").click()
    page.get_by_role("button", name="Xóa").click()
    expect(page.locator("#criteria tbody tr")).to_have_count(5)
    page.locator(f'a[href="/initiatives/criteria-sets/{criteria_set().pk}/edit/"]').click()
    page.get_by_label("Điểm tiêu biểu (trên 100) *", exact=True).fill("60")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text("Điểm tiêu biểu phải cao hơn hoặc bằng điểm công nhận.")


def test_results_rows_stack_on_a_phone(session_page, bworld):
    page: Page = session_page(bworld.editor_a)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/initiatives/add/")

    value = page.locator("#results-rows tr").first.locator("input[name$='-value']")
    value.fill("1.234.567,89")

    assert value.bounding_box()["width"] >= 250  # the whole number shows, not "1.234"
    assert page.locator("#results-formset thead").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
