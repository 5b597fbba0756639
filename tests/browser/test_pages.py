"""Every page a user reaches renders: 200, a heading, no console error (CSP, JS, static files)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# Paths as the system administrator sees them; {names} are filled from `admin_objects`.
ADMIN_PAGES = [
    "/",
    "/areas/tree/",
    "/areas/tree/?history=1",
    "/areas/",
    "/areas/?q=long+dien&level=3",
    "/areas/{commune}/",
    "/areas/add/?parent={commune}",
    "/areas/{commune}/edit/",
    "/areas/{hamlet}/delete/",
    "/organizations/",
    "/organizations/{organization}/",
    "/organizations/add/?area={commune}",
    "/organizations/{organization}/edit/",
    "/organizations/{organization}/delete/",
    "/clusters/",
    "/clusters/add/",
    "/clusters/{cluster}/",
    "/clusters/{cluster}/edit/",
    "/clusters/{cluster}/delete/",
    "/rearrangements/",
    "/rearrangements/add/",
    "/rearrangements/{rearrangement}/",
    "/rearrangements/{rearrangement}/edit/",
    "/rearrangements/{rearrangement}/delete/",
    "/area-kinds/",
    "/area-kinds/add/",
    "/area-kinds/{area_kind}/edit/",
    "/organization-kinds/",
    "/organization-kinds/add/",
    "/organization-kinds/{organization_kind}/edit/",
    "/search/?q=long+dien",
    "/audit/",
    "/audit/{change}/",
    "/jobs/",
    "/jobs/{job}/",
    "/accounts/users/",
    "/accounts/users/add/",
    "/accounts/users/{user}/",
    "/accounts/users/{user}/edit/",
    "/accounts/users/{user}/assignments/add/",
    "/accounts/assignments/{assignment}/delete/",
    "/accounts/profile/",
    "/accounts/password/",
    "/accounts/password/done/",
]


@pytest.fixture
def admin_objects(bworld):
    """One object of every kind a page shows, created as the ORM would (the audit log records them)."""
    from accounts.models import RoleAssignment
    from core.models import Job, ObjectChange
    from orgunits.models import AreaKind, OrganizationKind, Rearrangement
    from tests.factories.orgunits import ClusterFactory

    cluster = ClusterFactory(owner_area=bworld.commune_a, name="Cụm thi đua số 1")
    cluster.areas.add(bworld.hamlet_a)
    rearrangement = Rearrangement.objects.create(
        kind="rename", effective_date=datetime.date(2025, 7, 1), decision="Nghị quyết 1/2025", description="Đổi tên"
    )
    rearrangement.predecessors.add(bworld.hamlet_b)
    job = Job.objects.create(
        kind="import",
        title="Nhập danh sách ấp",
        status=Job.Status.SUCCEEDED,
        created_by=bworld.admin,
        scope_path=bworld.commune_a.path,
        target_id=bworld.commune_a.pk,
        progress_done=3,
        progress_total=4,
        message="Đã nhập 3 dòng.",
        errors=[{"row": 4, "column": "Tên", "message": "Thiếu tên"}],
    )
    change = ObjectChange.objects.order_by("-pk").first()
    assert change is not None, "creating audited objects should have written the audit log"
    return {
        "commune": bworld.commune_a.pk,
        "hamlet": bworld.hamlet_a.pk,
        "organization": bworld.front_a.pk,
        "cluster": cluster.pk,
        "rearrangement": rearrangement.pk,
        "area_kind": AreaKind.objects.get(code="ap").pk,
        "organization_kind": OrganizationKind.objects.get(code="mttq").pk,
        "change": change.pk,
        "job": job.pk,
        "user": bworld.editor_a.pk,
        "assignment": RoleAssignment.objects.get(user=bworld.editor_a).pk,
    }


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_page_renders_cleanly(session_page, bworld, admin_objects, path):
    page: Page = session_page(bworld.admin)
    url = path.format(**admin_objects)
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    # Server-rendered: after the load event there is nothing to wait for, so check at once.
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1 and headings[0].strip(), f"{url} has headings {headings}"
    assert bworld.admin.display_name in page.locator("#user-menu").inner_text(), "the navbar shows someone else"


def open_api_docs(page: Page, live_server) -> list[str]:
    """Open the API docs; return the URLs of requests that left the app's own server."""
    outside = []
    page.on(
        "request", lambda r: None if r.url.startswith((live_server.url, "data:", "blob:")) else outside.append(r.url)
    )
    response = page.goto("/api/docs/")
    assert response.status == 200
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("danvan API")
    expect(page.locator(".swagger-ui .opblock-tag").first).to_be_visible()
    return outside


def test_api_docs_render_from_local_assets(session_page, bworld, browser_errors, live_server):
    outside = open_api_docs(session_page(bworld.admin), live_server)
    assert not outside, f"the API docs load assets from elsewhere: {outside}"


def test_api_docs_respect_csp(session_page, bworld, browser_errors, live_server):
    page = session_page(bworld.admin)
    open_api_docs(page, live_server)
    browser_errors.assert_clean()


def test_healthz(page: Page, live_server):
    response = page.goto("/healthz")
    assert response.status == 200


@pytest.mark.parametrize("path", ["/", "/areas/"])
def test_mobile_navbar_collapses(session_page, bworld, path):
    page: Page = session_page(bworld.province_editor)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(path)
    toggler = page.get_by_role("button", name="Mở menu")
    expect(toggler).to_be_visible()
    expect(page.locator("#mainnav")).to_be_hidden()
    toggler.click()
    expect(page.locator("#mainnav")).to_be_visible()
    expect(page.locator("#user-menu")).to_be_visible()
    expect(page.get_by_role("navigation", name="Điều hướng chính").get_by_role("searchbox")).to_be_visible()
    # Nothing sticks out sideways: the page does not scroll horizontally on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a 375px screen"


def test_favicon_is_served(page: Page, live_server):
    assert page.request.get("/favicon.ico").status == 200


def test_not_found_page_is_in_vietnamese(logged_in_page, bworld, browser_errors, live_server):
    page: Page = logged_in_page(bworld.editor_a)
    path = f"/areas/{bworld.commune_b.pk}/"
    browser_errors.expect_status(live_server.url + path, 404)
    assert page.goto(path).status == 404
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("#user-menu").count() == 1, "the 404 page should keep the app's navbar"
