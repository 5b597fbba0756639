"""The searches behind the pickers of the registry and the reports: typing asks the server, which
answers without diacritics needed and only with units the user may choose."""

import re

import pytest
from playwright.sync_api import Page, expect

from reports.models import ReportForm
from tests.factories.orgunits import organization

pytestmark = pytest.mark.browser


def search(page: Page, label: str, text: str, url: str):
    """Type `text` into the search of the picker labelled `label`; return the picker's <select>."""
    select = page.get_by_label(label, exact=True)
    picker = page.locator(".autocomplete", has=select)
    with page.expect_response(re.compile(re.escape(url) + r"\?")) as answer:
        picker.get_by_role("searchbox").fill(text)
    assert answer.value.status == 200
    assert f"__search={text.replace(' ', '%20')}" in answer.value.url, answer.value.url  # the text is sent
    return select


def option_texts(select) -> list[str]:
    return [text.strip() for text in select.locator("option").all_inner_texts()]


@pytest.mark.parametrize(
    ("path", "label", "url"),
    [
        ("/initiatives/add/", "Đơn vị đăng ký *", "/initiatives/organizations/"),  # the registering organization
        (
            "/initiatives/rounds/add/",
            "Cơ quan chỉ đạo *",
            "/initiatives/rounds/organizations/",
        ),  # a round's steering body
    ],
)
def test_registry_pickers_offer_organizations_of_the_scope(session_page, bworld, path, label, url):
    page: Page = session_page(bworld.editor_a)
    page.goto(path)

    select = search(page, label, "mat tran", url)

    expect(select.locator("option", has_text=bworld.front_a.name)).to_have_count(1)
    assert not any(bworld.front_b.name in text for text in option_texts(select))
    select.select_option(label=f"{bworld.front_a.name} — Xã Long Điền, Tỉnh Thử Nghiệm")
    expect(select).to_have_value(str(bworld.front_a.pk))


def test_new_report_offers_the_units_that_owe_the_form(session_page, bworld):
    own = organization(bworld.commune_a, "khoi_dan_van", name="Khối dân vận xã Long Điền")
    organization(bworld.commune_b, "khoi_dan_van", name="Khối dân vận xã Thạnh An")
    page: Page = session_page(bworld.editor_a)
    page.goto(f"/reports/new/?form={ReportForm.objects.get(code='bao_cao_dan_van_quy').pk}")

    select = search(page, "Đơn vị báo cáo *", "khoi dan van", "/reports/organizations/")

    expect(select.locator("option", has_text=own.name)).to_have_count(1)
    assert not any("Thạnh An" in text for text in option_texts(select))


def test_registry_import_searches_the_areas_to_import_into(session_page, bworld):
    # A province editor may import into the province and its communes, never into a hamlet.
    page: Page = session_page(bworld.province_editor)
    page.goto("/initiatives/import/")

    # The picker sits in a form sending only `area` (hx-params): its search must still send the text.
    with page.expect_response(re.compile(r"/initiatives/import/areas/\?area__search=long%20dien")) as answer:
        page.get_by_role("searchbox", name="Tìm địa bàn nhận dữ liệu").fill("long dien")
    assert answer.value.status == 200

    select = page.locator("#import-area select")
    expect(select.locator("option", has_text="Xã Thạnh An")).to_have_count(0)
    # The province chosen before the search stays chosen (and first) until a match is picked.
    assert option_texts(select) == ["---------", "Tỉnh Thử Nghiệm (Tỉnh)", "Xã Long Điền (Xã) — Tỉnh Thử Nghiệm"]
    expect(select).to_have_value(str(bworld.province.pk))


def test_searching_a_picker_keeps_the_choice_until_another_is_picked(session_page, bworld):
    # An organization's "Thuộc tổ chức": looking around in its search must not clear it.
    farmers = organization(bworld.commune_a, "hoi_nong_dan", name="Hội Nông dân xã Long Điền", parent=bworld.front_a)
    page: Page = session_page(bworld.editor_a)
    page.goto(f"/organizations/{farmers.pk}/edit/")
    select = page.get_by_label("Thuộc tổ chức", exact=True)
    expect(select).to_have_value(str(bworld.front_a.pk))

    search(page, "Thuộc tổ chức", "zzzz", "/organizations/autocomplete/")

    expect(select).to_have_value(str(bworld.front_a.pk))  # still the one chosen, kept at the top
    texts = option_texts(select)
    assert texts[0] == "---------" and bworld.front_a.name in texts[1]  # the empty choice, then the kept one
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    farmers.refresh_from_db()
    assert farmers.parent_id == bworld.front_a.pk

    # Choosing the empty option is how the field is cleared.
    page.goto(f"/organizations/{farmers.pk}/edit/")
    search(page, "Thuộc tổ chức", "zzzz", "/organizations/autocomplete/")
    page.get_by_label("Thuộc tổ chức", exact=True).select_option(value="")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    farmers.refresh_from_db()
    assert farmers.parent_id is None
