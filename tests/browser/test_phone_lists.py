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
