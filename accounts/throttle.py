"""Throttling of failed logins, stored in the database so it holds across server processes."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import FailedLogin


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked(username: str, ip_address: str | None) -> bool:
    """Return whether the username or the address has failed too often recently."""
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = FailedLogin.objects.filter(time__gte=_window_start())
    by_user = recent.filter(username=username.strip().lower()).count()
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    # An address may mistype a few different usernames; lock it only well past the user limit.
    return by_user >= limit or by_ip >= limit * 4


def record_failure(username: str, ip_address: str | None) -> None:
    FailedLogin.objects.create(username=username.strip().lower()[:150], ip_address=ip_address)


def clear_failures(username: str, ip_address: str | None) -> None:
    """Forget the failures of a user who just logged in, and prune expired rows."""
    FailedLogin.objects.filter(Q(username=username.strip().lower()) | Q(time__lt=_window_start())).delete()
