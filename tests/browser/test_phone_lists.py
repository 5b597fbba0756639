"""Every list page on a 390 px phone: no sideways scrolling, the essential columns only (core.tables.BaseTable)."""

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import Page

from accounts.tables import UserTable
from core.tables import JobTable, ObjectChangeTable
from initiatives.tables.initiatives import InitiativeTable
from initiatives.tables.lookups import CriteriaSetTable, InitiativeFieldTable, ResultMetricTable, StageTable
from initiatives.tables.reviews import ReviewRoundTable
from orgunits.tables import (
    AreaKindTable,
    AreaTable,
    ClusterTable,
    OrganizationKindTable,
    OrganizationTable,
    RearrangementTable,
)
from reports.documents.tables import DocumentSettingsTable
from reports.tables import IndicatorTable, ReportFormTable, ReportTable

pytestmark = pytest.mark.browser

LISTS = {
    "/areas/": AreaTable,
    "/organizations/": OrganizationTable,
    "/clusters/": ClusterTable,
    "/rearrangements/": RearrangementTable,
    "/area-kinds/": AreaKindTable,
    "/organization-kinds/": OrganizationKindTable,
    "/initiatives/": InitiativeTable,
    "/initiatives/rounds/": ReviewRoundTable,
    "/initiatives/fields/": InitiativeFieldTable,
    "/initiatives/stages/": StageTable,
    "/initiatives/metrics/": ResultMetricTable,
    "/initiatives/criteria-sets/": CriteriaSetTable,
    "/reports/": ReportTable,
    "/reports/indicators/": IndicatorTable,
    "/reports/forms/": ReportFormTable,
    "/reports/document-settings/": DocumentSettingsTable,
    "/audit/": ObjectChangeTable,
    "/jobs/": JobTable,
    "/accounts/users/": UserTable,
}

# The headers the page shows, and the table's overflow beyond its scrolling wrapper.
MEASURE = """() => {
  const table = document.querySelector('table');
  const wrapper = table.closest('.table-responsive');
  const main = table.querySelector('tbody td.col-main');
  return {
    headers: [...table.tHead.rows[0].cells].filter(c => c.offsetParent !== null).map(c => c.innerText.trim()),
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tableOverflow: wrapper.scrollWidth - wrapper.clientWidth,
    mainWidth: main ? main.getBoundingClientRect().width : 0,
  };
}"""


@pytest.fixture
def one_of_each(bworld):
    """A row for every list, with a long organization name (the longest names are the Front's)."""
    from core.models import Job
    from orgunits.models import Organization, Rearrangement
    from reports.models import DocumentSettings
    from tests.factories.initiatives import ReviewRoundFactory, register
    from tests.factories.orgunits import ClusterFactory
    from tests.factories.reports import ReportFactory, indicator

    Organization.objects.filter(pk=bworld.front_a.pk).update(
        name="Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Long Điền"
    )
    bworld.front_a.refresh_from_db()
    ClusterFactory(owner_area=bworld.commune_a, name="Cụm thi đua số 1").areas.add(bworld.hamlet_a)
    Rearrangement.objects.create(
        kind="rename", effective_date=datetime.date(2025, 7, 1), decision="Nghị quyết 1/2025"
    ).predecessors.add(bworld.hamlet_b)
    Job.objects.create(
        kind="import", title="Nhập danh sách ấp", created_by=bworld.admin, scope_path=bworld.province.path
    )
    register(bworld)
    ReviewRoundFactory(organization=bworld.front_a)
    ReportFactory(organization=bworld.front_a)
    indicator()
    DocumentSettings.objects.create(area=bworld.commune_a)


def headers(table_class, *, phone: bool) -> list[str]:
    # An empty queryset, not a list: headers taken from the model's fields need the model.
    table = table_class(table_class._meta.model.objects.none())
    hidden = table.secondary_columns() if phone else ()
    with translation.override("vi"):
        return [str(column.header) for column in table.columns if column.name not in hidden]


@pytest.mark.parametrize("path", LISTS)
def test_list_fits_a_phone_with_its_essential_columns(session_page, bworld, one_of_each, path):
    page: Page = session_page(bworld.admin)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(path)
    shown = page.evaluate(MEASURE)

    assert shown["headers"] == headers(LISTS[path], phone=True)
    assert (shown["pageOverflow"], shown["tableOverflow"]) == (0, 0), f"{path} scrolls sideways: {shown}"
    # The name keeps room for a few words a line (9rem, core/static/core/app.css).
    assert shown["mainWidth"] >= 144, f"{path}: the main column is {shown['mainWidth']}px wide"


@pytest.mark.parametrize("path", ["/organizations/", "/initiatives/", "/reports/", "/accounts/users/"])
def test_list_keeps_every_column_on_a_laptop(session_page, bworld, one_of_each, path):
    page: Page = session_page(bworld.admin)
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(path)

    assert page.evaluate(MEASURE)["headers"] == headers(LISTS[path], phone=False)


#
# Tables written in templates: the same phone layout as the django-tables2 lists
#

# The headers a table shows, its overflow beyond its scrolling wrapper, the page's overflow.
MEASURE_TABLE = """(selector) => {
  const table = document.querySelector(selector);
  const wrapper = table.closest('.table-responsive');
  return {
    headers: [...table.tHead.rows[0].cells].filter(c => c.offsetParent !== null).map(c => c.innerText.trim()),
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tableOverflow: wrapper.scrollWidth - wrapper.clientWidth,
  };
}"""

HAND_WRITTEN = {
    "area-children": ("#children-list table", ["Tên", "Tình trạng"]),
    "area-import": ("#import-jobs table", ["Thời điểm", "Tệp", "Trạng thái"]),
    "initiative-import": ("#import-jobs table", ["Thời điểm", "Công việc", "Trạng thái"]),
    "completeness": ('[data-testid="completeness-table"]', ["Đơn vị", "Tình hình nộp"]),
}


@pytest.fixture
def hand_written(bworld):
    """The pages of the tables written in templates, with long names and file names, and every
    job status (the badges of a phone are icons)."""
    from core.models import Job
    from initiatives.imports.sheets import IMPORT_JOB_KIND as INITIATIVE_IMPORT
    from orgunits.imports.sheets import IMPORT_JOB_KIND as UNIT_IMPORT
    from reports.models import ReportForm
    from tests.factories.orgunits import hamlet, organization

    commune = bworld.commune_a
    hamlet(commune, "Khu dân cư Phước Lộc Thọ mở rộng (tổ dân phố số 12)")
    organization(commune, "khoi_dan_van", name="Khối dân vận xã Long Điền và các ấp, khu phố trực thuộc")
    organization(bworld.commune_b, "khoi_dan_van", name="Khối dân vận xã Thạnh An")
    for status in Job.Status.values:
        common = {"status": status, "created_by": bworld.admin, "scope_path": commune.path}
        message = "Đã nhập 12 thôn, tổ dân phố và 48 tổ chức; 3 dòng không thay đổi so với danh sách hiện có."
        Job.objects.create(
            kind=UNIT_IMPORT,
            target_id=commune.pk,
            title="Nhập thôn, tổ chức",
            input_name="danh-sach-thon-to-dan-pho-va-to-chuc-xa-long-dien-nam-2025.xlsx",
            message=message,
            **common,
        )
        Job.objects.create(
            kind=INITIATIVE_IMPORT,
            title="Nhập danh sách mô hình, điển hình “Dân vận khéo” xã Long Điền năm 2025",
            input_name="mo-hinh-dan-van-kheo-xa-long-dien-nam-2025.xlsx",
            message=message,
            **common,
        )
    form = ReportForm.objects.get(code="bao_cao_dan_van_quy")
    return {
        "area-children": f"/areas/{commune.pk}/",
        "area-import": f"/areas/{commune.pk}/import/",
        "initiative-import": "/initiatives/import/",
        "completeness": f"/reports/completeness/?form={form.pk}&period=2025Q2",
    }


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_hand_written_table_fits_a_phone_with_its_essential_columns(session_page, bworld, hand_written, name):
    page: Page = session_page(bworld.admin)
    page.set_viewport_size({"width": 390, "height": 844})
    selector, phone_headers = HAND_WRITTEN[name]

    page.goto(hand_written[name])
    shown = page.evaluate(MEASURE_TABLE, selector)

    assert shown["headers"] == phone_headers
    assert (shown["pageOverflow"], shown["tableOverflow"]) == (0, 0), f"{name} scrolls sideways: {shown}"
    # The status is a badge's icon: its words only from the md breakpoint up.
    assert page.locator(f"{selector} tbody .badge").first.bounding_box()["width"] < 40


def test_period_label_stays_on_one_line_on_a_phone(session_page, bworld, one_of_each):
    # "Quý II/2025" beside a long organization name wrapped after "Quý".
    page: Page = session_page(bworld.admin)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/reports/")
    cell = page.locator("#results tbody tr").first.locator("td:visible").nth(1)

    assert cell.inner_text() == "Quý II/2025"
    lines = cell.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; }"
    )
    assert lines == 1


def test_a_tapped_status_icon_shows_its_words_on_a_phone(session_page, bworld, one_of_each):
    # A touch screen has no hover for the badge's title: a tap shows the words, a second hides them.
    page: Page = session_page(bworld.admin)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/reports/")
    badge = page.locator("#results tbody .badge.compact-label").first
    words = badge.locator(".visually-hidden-phone")
    narrow = badge.bounding_box()["width"]

    badge.click()
    opened = badge.bounding_box()["width"]
    badge.click()

    assert words.inner_text() == "Đang soạn"
    assert opened > narrow + 20
    assert badge.bounding_box()["width"] == narrow
