"""The console-error guard itself: it must notice CSP violations, JS errors and missing static files."""

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def wait_for_errors(page: Page, browser_errors, count: int) -> list[str]:
    for _ in range(40):
        if len(browser_errors.errors) >= count:
            break
        page.wait_for_timeout(50)
    return browser_errors.take()


def test_guard_catches_csp_violations_js_errors_and_missing_static_files(session_page, bworld, browser_errors):
    page = session_page(bworld.viewer_a)
    page.goto("/")
    assert browser_errors.take() == []

    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    errors = wait_for_errors(page, browser_errors, 1)
    assert any("Content Security Policy" in e for e in errors), errors

    page.evaluate("() => { setTimeout(() => { throw new Error('boom'); }, 0); }")
    errors = wait_for_errors(page, browser_errors, 1)
    assert any("page error" in e and "boom" in e for e in errors), errors

    page.evaluate("() => fetch('/static/core/missing.css')")
    errors = wait_for_errors(page, browser_errors, 2)
    assert any("static file" in e and "missing.css" in e and "404" in e for e in errors), errors
