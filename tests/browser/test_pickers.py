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
    assert option_texts(select) == ["---------", "Xã Long Điền (Xã) — Tỉnh Thử Nghiệm"]
