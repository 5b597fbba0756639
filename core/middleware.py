"""Request-wide middleware: the audit actor and a strict Content-Security-Policy."""

import uuid
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core import audit

# No inline scripts or styles anywhere (STYLE.md §4); every asset is served by the app itself.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

# A picture opened on its own (a photo of a record): the browser's image viewer styles its page
# inline, which CSP would block (console errors, an unstyled viewer). Nothing else may load or run.
IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(settings, "CSP_ENABLED", True):
            is_image = response.get("Content-Type", "").startswith("image/")
            response.headers.setdefault("Content-Security-Policy", IMAGE_CSP if is_image else CSP)
        return response


class CurrentRequestMiddleware:
    """Attribute audit entries made while serving this request to its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        audit.set_actor(request.user, request.id)
        try:
            return self.get_response(request)
        finally:
            audit.set_actor(None)


class IdOverflowMiddleware:
    """An id too large for the database (beyond 2**63 - 1, from a URL, a form or a JSON body)
    names nothing that can exist: a 404 for a page read, a 400 for anything else, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError):
            return None
        message = _("Mã (id) không hợp lệ: số quá lớn.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        status = 404 if request.method in ("GET", "HEAD") else 400
        return render(request, "404.html" if status == 404 else "400.html", {"exception": message}, status=status)


class HtmxVaryMiddleware:
    """Say that responses depend on HX-Request: a list filtered through htmx answers its URL with
    the results fragment, and the same URL opened normally with the whole page. Without the Vary
    header, the browser's Back button (after leaving a filtered list) reused the cached fragment
    and showed a bare table with no menu."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session expired gets HX-Redirect to the login page.

    Without it the browser would follow the 302 inside the XHR and htmx would swap the whole
    login page into the fragment's target (a tree node, a table).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") == "true" and response.status_code == 302:
            location = response.get("Location", "")
            login_url = resolve_url(settings.LOGIN_URL)
            if location.startswith(login_url):
                # Come back to the page the user was on, not to the fragment htmx asked for.
                current = urlsplit(request.headers.get("HX-Current-URL", ""))
                page = current.path + (f"?{current.query}" if current.query else "")
                redirect = HttpResponse(status=204)
                redirect["HX-Redirect"] = f"{login_url}?{urlencode({'next': page})}" if current.path else location
                return redirect
        return response
