"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here gets `browser_errors`, which fails the test when the page logs a console error
(CSP violations, JS errors, failed resources) or throws, or when a /static/ file fails to load.
"""

import importlib
import os
import pkgutil
import re

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told otherwise. Must be set before the first database access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from dataclasses import dataclass, field

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db.migrations import RunPython
from django.test import Client
from playwright.sync_api import Page, expect

import initiatives.migrations
import orgunits.migrations
import reports.migrations
from tests.factories.accounts import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "vi-VN",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(scope="session")
def shared_context(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def context(shared_context):
    """One browser context for the whole run, emptied of cookies between tests.

    Keeping its HTTP cache means Bootstrap, htmx and the icon font are fetched once per run rather
    than once per test, which roughly halves the suite's time. (This replaces pytest-playwright's
    per-test context, so its --tracing/--video options do not apply here.)
    """
    shared_context.clear_cookies()
    yield shared_context
    for page in shared_context.pages:
        page.close()
    shared_context.clear_cookies()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    in_flight = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    yield page
    # A request still running when the test ends (a card loading, a poll) would be served by the
    # live server while the next test resets the database: wait for it (2 s at most).
    for _ in range(40):
        if not in_flight:
            break
        page.wait_for_timeout(50)


@dataclass
class BrowserErrors:
    """What went wrong in the browser while a test ran."""

    errors: list[str] = field(default_factory=list)
    expected_statuses: dict[str, int] = field(default_factory=dict)
    tolerated: list[re.Pattern] = field(default_factory=list)

    def expect_status(self, url: str, status: int) -> None:
        """Declare that `url` (absolute) is meant to answer `status`: its console error is not a failure."""
        self.expected_statuses[url] = status

    def tolerate(self, pattern: str) -> None:
        """Ignore console errors matching `pattern` (only for a known, reported bug, or for the
        failures a test provokes on purpose)."""
        self.tolerated.append(re.compile(pattern))

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and (url in self.expected_statuses):
            return
        if any(pattern.search(message.text) for pattern in self.tolerated):
            return
        self.errors.append(f"console error: {message.text} (at {url})")

    def _on_request_failed(self, request) -> None:
        # ERR_ABORTED means the page moved on before the asset arrived (a fast test navigating
        # while the favicon loads); a missing asset shows up as a >= 400 response instead.
        if "/static/" in request.url and "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"static request failed: {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.status >= 400 and "/static/" in response.url:
            self.errors.append(f"static file {response.url} answered {response.status}")

    def take(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors

    def assert_clean(self) -> None:
        errors = self.take()
        assert not errors, "browser errors:\n" + "\n".join(errors)


@pytest.fixture(autouse=True)
def browser_errors(page: Page) -> BrowserErrors:
    collector = BrowserErrors()
    collector.attach(page)
    return collector


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Turn browser errors seen during a passing test into a failure of that test."""
    outcome = yield
    collector = getattr(item, "funcargs", {}).get("browser_errors")
    if collector is None or outcome.excinfo is not None:
        return
    errors = collector.take()
    if errors:
        outcome.force_exception(AssertionError("browser errors:\n" + "\n".join(errors)))


@pytest.fixture
def seeded_kinds(transactional_db):
    """Re-create the seeded reference data (unit kinds, registry fields, metrics, criteria, report forms): the
    flush after each live-server test removes them."""
    for package in (orgunits.migrations, initiatives.migrations, reports.migrations):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for operation in getattr(getattr(module, "Migration", None), "operations", []):
                if isinstance(operation, RunPython) and "seed" in operation.code.__name__:
                    operation.code(django_apps, None)


@pytest.fixture
def bworld(live_server, seeded_kinds, world):
    """The shared `world` personas, in a database the live server can see."""
    return world


@pytest.fixture
def session_page(page: Page, live_server):
    """Return a function giving the page a logged-in session for `user` without the login form.

    For tests that visit many pages, where the form (tested in test_login.py) would only cost time.
    """

    def _login(user) -> Page:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return page

    return _login


@pytest.fixture
def logged_in_page(page: Page):
    """Return a function logging `user` in through the real login form; it returns the page."""

    def _login(user, password: str = PASSWORD) -> Page:
        page.goto("/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator("#user-menu")).to_be_visible()
        return page

    return _login
