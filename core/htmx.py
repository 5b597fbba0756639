"""htmx helpers (one place, as NetBox's utilities/htmx.py)."""

from django.http import HttpResponse


def is_htmx_partial(request) -> bool:
    """Return whether the request asks for a fragment (an htmx request that is not boosted)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def htmx_redirect(url: str) -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response
