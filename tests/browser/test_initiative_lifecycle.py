"""The whole life of a "Dân vận khéo" model in the browser, one user after another:
register → start → review round (score, decide) → recognized → replicated in another commune."""

import re

import pytest
from playwright.sync_api import Page, expect

from initiatives.models import Initiative
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.browser
NAME = "Mô hình “Ngõ xóm sáng – xanh – sạch”"


def _as(page: Page, session_page, user) -> Page:
    page.context.clear_cookies()
    return session_page(user)


def test_register_review_recognize_replicate(session_page, bworld):
    reviewer = user_with_role("cham_1", "viewer", bworld.commune_a, full_name="Nguyễn Văn Chấm")
    approver = user_with_role("duyet_a", "approver", bworld.commune_a, full_name="Lê Thị Duyệt")

    # 1. The commune editor registers the model with a result, and starts it.
    page = session_page(bworld.editor_a)
    page.goto("/initiatives/add/")
    page.get_by_label("Tên mô hình, điển hình *", exact=True).fill(NAME)
    page.get_by_label("Địa bàn thực hiện", exact=True).select_option(
        label="Ấp Bắc (Ấp) — Xã Long Điền, Tỉnh Thử Nghiệm"
    )
    page.get_by_label("Lĩnh vực *", exact=True).select_option(label="Xây dựng nông thôn mới, đô thị văn minh")
    page.get_by_label("Mục tiêu").fill("100 % ngõ xóm có hoa và đèn chiếu sáng.")
    page.get_by_label("Kết quả 1", exact=True).select_option(label="Ngày công đóng góp (ngày công)")
    page.get_by_label("Giá trị 1", exact=True).fill("1.200")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Đã đăng ký mô hình, điển hình.")).to_be_visible()
    record = Initiative.objects.get(name=NAME)
    page.get_by_role("link", name="Bắt đầu triển khai").click()
    page.get_by_role("button", name="Bắt đầu triển khai").click()
    expect(page.locator("#initiative-badges")).to_contain_text("Đang triển khai")

    # 2. The editor opens a review round with one reviewer and puts the model before it.
    page.goto("/initiatives/rounds/add/")
    with page.expect_response(re.compile(r"/initiatives/rounds/add/\?")):
        page.get_by_label("Cơ quan chỉ đạo *", exact=True).select_option(
            label=f"{bworld.front_a.name} — Xã Long Điền, Tỉnh Thử Nghiệm"
        )
    page.locator("#reviewers-field").get_by_label(re.compile("Nguyễn Văn Chấm")).check()
    page.get_by_label("Tên đợt bình xét *", exact=True).fill("Bình xét năm 2025")
    page.get_by_label("Cơ quan công nhận *", exact=True).fill("Ban Chỉ đạo phong trào “Dân vận khéo” xã")
    page.get_by_role("button", name="Mở đợt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bình xét năm 2025")
    round_url = page.url
    page.get_by_role("link", name="Thêm mô hình").first.click()
    page.locator("#candidates").get_by_label(NAME).check()
    page.get_by_role("button", name="Thêm các mô hình đã chọn").click()
    expect(page.get_by_text("Đã thêm 1 mô hình vào đợt bình xét.")).to_be_visible()

    # 3. The reviewer scores it; 4. the approver decides: 90/100 makes it outstanding.
    page = _as(page, session_page, reviewer)
    page.goto(round_url)
    page.get_by_role("link", name="Chấm điểm").first.click()
    boxes = page.locator("#score-form input[inputmode=decimal]")
    for index in range(boxes.count()):
        boxes.nth(index).fill("9")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Bạn đã chấm xong tất cả mô hình của đợt bình xét.").first).to_be_visible()
    page = _as(page, session_page, approver)
    page.goto(round_url)
    page.get_by_role("link", name="Quyết định kết quả").click()
    page.get_by_label("Số quyết định").fill("20-QĐ/BCĐ")
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.get_by_text("Đã ghi nhận kết quả đợt bình xét")).to_be_visible()
    page.goto(record.get_absolute_url())
    expect(page.locator("#initiative-badges")).to_contain_text("Đã công nhận")
    expect(page.locator("#initiative-badges")).to_contain_text("Tiêu biểu")
    expect(page.locator("#initiative-recognitions")).to_contain_text("20-QĐ/BCĐ")

    # 5. The province spreads it to Thạnh An: the replica links to its source and back.
    page = _as(page, session_page, bworld.province_editor)
    page.goto(record.get_absolute_url())
    page.locator("#initiative-actions").get_by_role("link", name="Nhân rộng").click()
    with page.expect_response(re.compile(r"/initiatives/areas/\?")):
        page.get_by_label("Đơn vị đăng ký *", exact=True).select_option(
            label=f"{bworld.front_b.name} — Xã Thạnh An, Tỉnh Thử Nghiệm"
        )
    page.get_by_label("Tên mô hình, điển hình *", exact=True).fill(f"{NAME} tại Thạnh An")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Đã đăng ký mô hình nhân rộng.")).to_be_visible()
    page.locator("#initiative-source").get_by_role("link").click()
    expect(page.locator("#initiative-replicas")).to_contain_text(f"{NAME} tại Thạnh An")

    timeline = page.locator("#initiative-timeline")
    for step in ("Đăng ký", "Bắt đầu triển khai", "Đưa vào bình xét", "Công nhận tiêu biểu", "Được nhân rộng"):
        expect(timeline).to_contain_text(step)
