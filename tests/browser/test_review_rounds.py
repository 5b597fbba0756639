"""A review round from opening to decision, and managing a round (edit, withdraw, delete)."""

import re

import pytest
from playwright.sync_api import Page, expect

from initiatives.choices import Status
from initiatives.models import ReviewRound
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.browser


def _record(bworld, name: str, **kwargs):
    return InitiativeFactory(
        organization=bworld.front_a,
        area=bworld.hamlet_a,
        name=name,
        status=Status.IMPLEMENTING,
        goals="Sáng – xanh – sạch – đẹp các tuyến đường ấp.",
        method="Vận động nhân dân góp công, góp đất; Mặt trận và các đoàn thể cùng làm.",
        **kwargs,
    )


def _switch_user(page: Page, session_page, user) -> Page:
    page.context.clear_cookies()
    return session_page(user)


def _score_entry(page: Page, values: list[str]) -> None:
    boxes = page.locator("#score-form input[inputmode=decimal]")
    expect(boxes).to_have_count(len(values))
    for index, value in enumerate(values):
        boxes.nth(index).fill(value)
    page.get_by_role("button", name="Lưu điểm").click()


def _open_round_as_editor(page: Page, bworld, reviewers) -> ReviewRound:
    page.goto("/initiatives/rounds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đợt bình xét")
    expect(page.locator("[data-empty-state]")).to_contain_text("Chưa có dữ liệu.")
    page.get_by_role("link", name="Thêm mới").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mở đợt bình xét")
    # Before a steering body is chosen only the user themself can be named.
    reviewers_box = page.locator("#reviewers-field")
    expect(reviewers_box.get_by_label(reviewers[0].full_name, exact=False)).to_have_count(0)
    with page.expect_response(re.compile(r"/initiatives/rounds/add/\?")) as refresh:
        page.get_by_label("Cơ quan chỉ đạo *", exact=True).select_option(
            label=f"{bworld.front_a.name} — Xã Long Điền, Tỉnh Thử Nghiệm"
        )
    assert "csrfmiddlewaretoken" not in refresh.value.url  # a GET: the form's token stays out of the address
    for reviewer in reviewers:
        reviewers_box.get_by_label(re.compile(reviewer.full_name)).check()
    page.get_by_label("Tên đợt bình xét *", exact=True).fill("Bình xét “Dân vận khéo” năm 2025")
    page.get_by_label("Cơ quan công nhận *", exact=True).fill("Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã")
    expect(page.get_by_label("Điểm công nhận (trên 100) *", exact=True)).to_have_value("70,00")
    page.get_by_role("button", name="Mở đợt").click()
    expect(page.get_by_text("Đã mở đợt bình xét “Bình xét “Dân vận khéo” năm 2025”.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bình xét “Dân vận khéo” năm 2025")
    return ReviewRound.objects.get()


def _add_records(page: Page, names: list[str]) -> None:
    page.get_by_role("link", name="Thêm mô hình").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm mô hình vào đợt bình xét")
    candidates = page.locator("#candidates")
    # The search ignores diacritics.
    page.get_by_label("Tìm mô hình").fill("thap sang")
    page.get_by_role("button", name="Tìm").click()
    expect(candidates.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Xóa tìm kiếm").click()
    expect(candidates.locator("tbody tr")).to_have_count(len(names))
    for name in names:
        candidates.get_by_label(name).check()
    page.get_by_role("button", name="Thêm các mô hình đã chọn").click()
    expect(page.get_by_text(f"Đã thêm {len(names)} mô hình vào đợt bình xét.")).to_be_visible()


def test_round_from_opening_to_decision(session_page, bworld, browser_errors, live_server):
    reviewer_1 = user_with_role("cham_1", "viewer", bworld.commune_a, full_name="Nguyễn Văn Một")
    reviewer_2 = user_with_role("cham_2", "viewer", bworld.commune_a, full_name="Trần Thị Hai")
    approver = user_with_role("duyet_a", "approver", bworld.commune_a, full_name="Lê Văn Duyệt")
    good = _record(bworld, "Đường hoa nông thôn")
    weak = _record(bworld, "Thắp sáng đường quê")

    page = session_page(bworld.editor_a)
    review_round = _open_round_as_editor(page, bworld, [reviewer_1, reviewer_2])
    _add_records(page, [good.name, weak.name])
    entries = page.locator("#entries")
    expect(entries.get_by_role("row")).to_have_count(3)
    expect(page.locator("#reviewers")).to_contain_text("Nguyễn Văn Một")
    expect(page.locator("#reviewers")).to_contain_text("0/2 mô hình")
    # The editor manages the round but neither scores nor decides.
    expect(page.get_by_role("link", name="Chấm điểm")).to_have_count(0)
    expect(page.get_by_role("link", name="Quyết định kết quả")).to_have_count(0)

    # First reviewer: an out-of-range score is refused, then corrected; saving moves to the next entry.
    page = _switch_user(page, session_page, reviewer_1)
    page.goto(review_round.get_absolute_url())
    page.get_by_role("link", name="Chấm điểm").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Chấm điểm: {good.name}")
    expect(page.locator("#record-summary")).to_contain_text("Vận động nhân dân góp công")
    _score_entry(page, ["12", "8", "8", "8", "8"])
    expect(page.get_by_role("alert")).to_have_text("Vui lòng sửa các lỗi được đánh dấu bên dưới.")
    first_box = page.locator("#score-form input[inputmode=decimal]").first
    expect(first_box.locator("xpath=../..").locator(".invalid-feedback")).to_have_text("Điểm phải từ 0 đến 10.")
    expect(first_box).to_have_value("12")
    _score_entry(page, ["8", "8", "8", "8", "8"])
    expect(page.get_by_text(f"Đã lưu điểm “{good.name}”.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Chấm điểm: {weak.name}")
    _score_entry(page, ["5", "5", "5", "5", "5"])
    expect(page.get_by_text("Bạn đã chấm xong tất cả mô hình của đợt bình xét.").first).to_be_visible()
    # Before the decision a reviewer sees their own score only.
    expect(entries.get_by_role("columnheader", name="Điểm của bạn")).to_be_visible()
    expect(entries.get_by_role("row", name=re.compile(good.name))).to_contain_text("80,00")

    page = _switch_user(page, session_page, reviewer_2)
    page.goto(review_round.get_absolute_url())
    page.get_by_role("link", name="Chấm điểm").first.click()
    # A dot groups thousands, as everywhere in the app: "7.5" is refused, "7,5" is seven and a half.
    _score_entry(page, ["7,5", "7.5", "7,5", "7,5", "7,5"])
    expect(page.get_by_role("alert")).to_have_text("Vui lòng sửa các lỗi được đánh dấu bên dưới.")
    _score_entry(page, ["7,5", "7,5", "7,5", "7,5", "7,5"])
    expect(page.get_by_text(f"Đã lưu điểm “{good.name}”.")).to_be_visible()
    _score_entry(page, ["6", "6", "6", "6", "6"])
    expect(page.locator("#reviewers")).to_contain_text("2/2 mô hình")

    # The approver previews the results and records the decision.
    page = _switch_user(page, session_page, approver)
    page.goto(review_round.get_absolute_url())
    page.get_by_role("link", name="Quyết định kết quả").click()
    preview = page.locator("#preview")
    expect(preview.get_by_role("row", name=re.compile(good.name))).to_contain_text("77,50")
    expect(preview.get_by_role("row", name=re.compile(good.name))).to_contain_text("Công nhận")
    expect(preview.get_by_role("row", name=re.compile(weak.name))).to_contain_text("Không công nhận")
    page.get_by_label("Số quyết định").fill("15-QĐ/BCĐ")
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.get_by_text("Đã ghi nhận kết quả đợt bình xét")).to_be_visible()
    expect(page.locator("#round-status")).to_have_text("Đã có kết quả")
    expect(page.locator("#round-decision")).to_contain_text("quyết định số 15-QĐ/BCĐ")
    expect(entries.get_by_role("row", name=re.compile(good.name))).to_contain_text("Công nhận")
    expect(entries.get_by_role("row", name=re.compile(weak.name))).to_contain_text("Không công nhận")
    expect(page.get_by_role("link", name="Quyết định kết quả")).to_have_count(0)

    # After the decision everyone who sees the round sees every score.
    page = _switch_user(page, session_page, bworld.viewer_a)
    page.goto(review_round.get_absolute_url())
    entries.get_by_role("row", name=re.compile(good.name)).get_by_role("link", name="Xem").click()
    scores = page.locator("#scores")
    expect(scores.get_by_role("columnheader", name="Nguyễn Văn Một")).to_be_visible()
    expect(scores.get_by_role("columnheader", name="Trần Thị Hai")).to_be_visible()
    expect(page.locator("#entry-result")).to_contain_text("77,50")

    page.get_by_role("link", name=good.name).click()
    expect(page).to_have_url(re.compile(rf"/initiatives/{good.pk}/$"))
    expect(page.locator("main")).to_contain_text("Đã công nhận")


def test_manage_round_edit_withdraw_and_delete(session_page, bworld, browser_errors, live_server):
    reviewer = user_with_role("cham_1", "viewer", bworld.commune_a, full_name="Nguyễn Văn Một")
    first = _record(bworld, "Đường hoa nông thôn")
    second = InitiativeFactory(organization=bworld.front_a, name="Thắp sáng đường quê", status=Status.NOT_RECOGNIZED)
    page = session_page(bworld.editor_a)
    review_round = _open_round_as_editor(page, bworld, [reviewer])
    _add_records(page, [first.name, second.name])

    # Edit: the steering body is fixed; the reviewer is taken off.
    page.get_by_role("link", name="Sửa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sửa đợt bình xét")
    expect(page.get_by_label("Cơ quan chỉ đạo *", exact=True)).to_be_disabled()
    page.locator("#reviewers-field").get_by_label(re.compile("Nguyễn Văn Một")).uncheck()
    page.get_by_label("Năm *", exact=True).fill("2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    expect(page.locator("#reviewers")).to_contain_text("Chưa có thành viên chấm điểm.")

    # A record's page within the round, then withdrawing it after confirmation.
    entries = page.locator("#entries")
    entries.get_by_role("row", name=re.compile(second.name)).get_by_role("link", name="Xem").click()
    expect(page.locator("#scores")).to_contain_text("Điểm của từng thành viên được công khai")
    page.get_by_role("link", name="Rút khỏi đợt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rút mô hình khỏi đợt bình xét")
    page.get_by_label("Lý do").fill("Hồ sơ chưa đủ")
    page.get_by_role("button", name="Rút khỏi đợt").click()
    expect(page.get_by_text(f"Đã rút “{second.name}” khỏi đợt bình xét.")).to_be_visible()
    expect(entries.get_by_role("row")).to_have_count(2)
    second.refresh_from_db()
    assert second.status == Status.NOT_RECOGNIZED

    # Deleting asks first, then returns the remaining record to its previous status.
    page.get_by_role("link", name="Xóa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xác nhận xóa")
    expect(page.locator("main")).to_contain_text(
        "1 mô hình trong đợt sẽ trở lại trạng thái trước khi đưa vào bình xét."
    )
    page.get_by_role("button", name="Xóa").click()
    expect(page.get_by_text(f"Đã xóa “{review_round.name}”.")).to_be_visible()
    expect(page.locator("[data-empty-state]")).to_be_visible()
    first.refresh_from_db()
    assert (first.status, ReviewRound.objects.count()) == (Status.IMPLEMENTING, 0)
    browser_errors.expect_status(live_server.url + review_round.get_absolute_url(), 404)
    assert page.goto(review_round.get_absolute_url()).status == 404
