"""The registry's statistics page (chart under the strict CSP, drill-down), the home card, and the
public gallery with its settings page."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from initiatives.choices import Status
from initiatives.models import PublicGallery, Recognition
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory, field

pytestmark = pytest.mark.browser


@pytest.fixture
def records(bworld):
    """This year: three records in commune A (one recognized), one in commune B."""
    today = datetime.date.today()
    start = datetime.date(today.year, 1, 1)
    lamps = InitiativeFactory(
        organization=bworld.front_a,
        area=bworld.hamlet_a,
        name="Thắp sáng đường quê",
        registered_on=start,
        status=Status.RECOGNIZED,
        recognition_level=2,
        is_effective=True,
        goals="Lắp 270 bóng đèn trên các tuyến đường ấp.",
        contact_name="Nguyễn Văn Sáng",
    )
    Recognition.objects.create(initiative=lamps, level=2, body="Ban Chỉ đạo xã", decision_date=start)
    InitiativeFactory(organization=bworld.front_a, name="Đường hoa nông thôn mới", registered_on=start)
    InitiativeFactory(
        organization=bworld.front_a, name="Quỹ khuyến học dòng họ", registered_on=start, field=field("van_hoa_xa_hoi")
    )
    InitiativeFactory(organization=bworld.front_b, name="Tổ tự quản an ninh trật tự", registered_on=start)
    return {"lamps": lamps}


def _figure(page: Page, name: str):
    return page.get_by_test_id("stats-cards").locator(f'[data-figure="{name}"]')


def test_statistics_page_draws_the_chart_and_drills_down(session_page, bworld, records):
    page = session_page(bworld.province_editor)
    page.goto("/initiatives/statistics/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thống kê mô hình, điển hình “Dân vận khéo”")
    expect(page.get_by_test_id("stats-scope")).to_contain_text("Tỉnh Thử Nghiệm")
    expect(_figure(page, "registered")).to_have_text("4")
    expect(_figure(page, "recognized")).to_have_text("1")
    canvas = page.locator("canvas#stats-chart")
    expect(canvas).to_have_attribute("data-chart-drawn", "true")
    assert page.evaluate("() => window.Chart.getChart(document.getElementById('stats-chart')).data.labels") == [
        "Xã Long Điền",
        "Xã Thạnh An",
    ]
    assert page.evaluate("() => window.Chart.getChart(document.getElementById('stats-chart')).options.indexAxis") == "x"
    children = page.get_by_test_id("by-child-unit")
    expect(children.get_by_role("row", name=re.compile("^Xã Long Điền"))).to_contain_text("3")

    children.get_by_role("link", name="Xã Long Điền").click()

    expect(page).to_have_url(re.compile(rf"area={bworld.commune_a.pk}"))
    expect(page.get_by_test_id("stats-scope")).to_contain_text("Xã Long Điền")
    expect(_figure(page, "registered")).to_have_text("3")
    # One child (the hamlet) holds no records of its own: the chart is by field instead.
    expect(page.locator("canvas#stats-chart")).to_have_attribute("data-chart-drawn", "true")
    assert page.evaluate("() => window.Chart.getChart(document.getElementById('stats-chart')).data.labels") == [
        "Kinh tế",
        "Văn hóa – xã hội",
    ]


def _result_count(page: Page):
    return page.locator("#results").get_by_text(re.compile(r"^\d+ kết quả$"))


def test_statistics_figures_open_the_list_of_the_records_they_count(session_page, bworld, records):
    page = session_page(bworld.province_editor)
    page.goto("/initiatives/statistics/")
    year = datetime.date.today().year
    expect(_figure(page, "recognized")).to_have_text("1")

    _figure(page, "recognized").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình, điển hình “Dân vận khéo”")
    notes = page.locator("[data-filter-chips]")
    expect(notes).to_contain_text(f"Được công nhận từ 01/01/{year} đến 31/12/{year}")
    expect(_result_count(page)).to_have_text("1 kết quả")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results tbody")).to_contain_text("Thắp sáng đường quê")

    # Back on the page: a cell of the breakdown by child unit (commune A registered 3 this year).
    page.go_back()
    children = page.get_by_test_id("by-child-unit")
    row = children.get_by_role("row", name=re.compile("^Xã Long Điền"))
    row.locator('[data-figure-link="registered"]').click()

    expect(notes).to_contain_text(f"Đăng ký từ 01/01/{year} đến 31/12/{year}")
    expect(_result_count(page)).to_have_text("3 kết quả")
    expect(page.get_by_label("Thuộc địa bàn", exact=True)).to_contain_text("Xã Long Điền")

    # Clearing the period keeps the unit: every record of commune A, whatever its date.
    notes.get_by_role("link", name=re.compile("Bỏ lọc")).click()
    expect(page.locator("[data-filter-chips]")).to_have_count(0)
    expect(_result_count(page)).to_have_text("3 kết quả")
    expect(page).to_have_url(re.compile(rf"/initiatives/\?within={bworld.commune_a.pk}$"))


def test_statistics_page_custom_period_and_empty_state(session_page, bworld, records):
    page = session_page(bworld.editor_a)
    page.goto("/initiatives/statistics/")
    expect(page.get_by_test_id("stats-scope")).to_contain_text("Xã Long Điền")

    page.get_by_label("Kỳ thống kê").select_option("custom")
    page.get_by_label("Từ ngày").fill("01/01/2001")
    page.get_by_label("Đến ngày").fill("31/12/2001")
    page.get_by_role("button", name="Xem thống kê").click()

    expect(page.get_by_test_id("stats-scope")).to_contain_text("Từ 01/01/2001 đến 31/12/2001")
    expect(page.locator("[data-empty-state]")).to_contain_text("Chưa có mô hình, điển hình nào")
    expect(page.locator("canvas")).to_have_count(0)

    page.get_by_label("Từ ngày").fill("31/12/2001")
    page.get_by_label("Đến ngày").fill("01/01/2001")
    page.get_by_role("button", name="Xem thống kê").click()
    expect(page.get_by_text("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")).to_be_visible()


def test_home_card_links_to_the_statistics(session_page, bworld, records):
    page = session_page(bworld.editor_a)
    page.goto("/")

    card = page.get_by_test_id("initiative-home-card")
    expect(card.locator('[data-figure="registered"]')).to_have_text("3")
    expect(card.locator('[data-figure="recognized"]')).to_have_text("1")
    card.get_by_role("link", name="Thống kê").click()
    expect(page).to_have_url(re.compile(r"/initiatives/statistics/$"))
    expect(_figure(page, "registered")).to_have_text("3")


def test_gallery_settings_turn_on_the_public_page(session_page, bworld, records):
    admin_a = user_with_role("qt_xa_a", "unit_admin", bworld.commune_a)
    page = session_page(admin_a)
    page.goto(f"/initiatives/gallery-settings/{bworld.commune_a.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trang giới thiệu công khai")
    expect(page.get_by_test_id("gallery-status")).to_have_text("Đang tắt")

    page.get_by_label("Công khai").check()
    page.get_by_label("Tiêu đề trang").fill("Dân vận khéo xã Long Điền")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã bật trang giới thiệu công khai.")).to_be_visible()
    expect(page.get_by_test_id("gallery-status")).to_have_text("Đang công khai")
    page.get_by_test_id("gallery-public-url").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dân vận khéo xã Long Điền")


def test_gallery_page_is_public_and_searchable(page: Page, bworld, records):
    PublicGallery.objects.create(area=bworld.commune_a, is_enabled=True, introduction="Những cách làm hay.")

    page.goto(f"/gallery/{bworld.commune_a.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình, điển hình “Dân vận khéo” – Xã Long Điền")
    expect(page.locator("#user-menu")).to_have_count(0)
    records_shown = page.get_by_test_id("gallery-record")
    expect(records_shown).to_have_count(1)
    expect(records_shown.first).to_contain_text("Thắp sáng đường quê")
    expect(records_shown.first).to_contain_text("Lắp 270 bóng đèn")
    expect(records_shown.first).not_to_contain_text("Nguyễn Văn Sáng")

    page.get_by_role("searchbox", name="Tìm kiếm").fill("khong co")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("[data-empty-state]")).to_contain_text("Không có mô hình nào phù hợp")
    page.get_by_role("searchbox", name="Tìm kiếm").fill("thap sang")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_test_id("gallery-record")).to_have_count(1)


def test_gallery_shows_the_photos_of_a_record_and_opens_them(page: Page, bworld, records):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from initiatives.models import Attachment
    from tests.browser.test_initiatives import png

    picture = png(8, 6)
    photo = Attachment.objects.create(
        initiative=records["lamps"],
        kind="photo",
        title="Đèn đường ấp Bắc",
        file=SimpleUploadedFile("den.png", picture, content_type="image/png"),
        original_name="den.png",
        content_type="image/png",
        size=len(picture),
    )
    PublicGallery.objects.create(area=bworld.commune_a, is_enabled=True)

    page.goto(f"/gallery/{bworld.commune_a.pk}/")

    image = page.get_by_role("img", name="Đèn đường ấp Bắc")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth === 8", arg=image.element_handle())
    with page.expect_response(re.compile(rf"/gallery/{bworld.commune_a.pk}/photos/{photo.pk}/$")) as opened:
        page.get_by_role("link", name="Đèn đường ấp Bắc").click()
    response = opened.value
    assert (response.status, response.headers["content-type"]) == (200, "image/png")
    assert response.body() == picture


def test_gallery_turned_off_is_not_found(page: Page, bworld, browser_errors, live_server):
    PublicGallery.objects.create(area=bworld.commune_b, is_enabled=False)
    url = f"/gallery/{bworld.commune_b.pk}/"
    browser_errors.expect_status(live_server.url + url, 404)

    response = page.goto(url)

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")


def test_statistics_tables_keep_the_unit_readable_and_in_view_on_a_phone(session_page, bworld, records):
    page = session_page(bworld.province_editor)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/initiatives/statistics/")
    table = page.get_by_test_id("by-child-unit")
    unit = table.get_by_role("rowheader", name="Xã Long Điền", exact=True)
    wrapper = table.locator("xpath=ancestor::div[contains(@class, 'table-responsive')]")
    expect(unit).to_be_visible()

    before = unit.bounding_box()
    wrapper.evaluate("element => { element.scrollLeft = 400; }")
    after = unit.bounding_box()

    chart = "window.Chart.getChart(document.getElementById('stats-chart'))"
    assert page.evaluate(f"() => {chart}.options.indexAxis") == "y"  # names along the left edge, in full
    assert page.evaluate(f"() => {chart}.scales.y.getLabels()") == ["Xã Long Điền", "Xã Thạnh An"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert before["width"] >= 150  # "Xã Long Điền" on one line, not a word a line
    assert wrapper.evaluate("element => element.scrollLeft") > 0  # the figures did scroll
    assert abs(after["x"] - before["x"]) < 1  # the unit stayed in view
