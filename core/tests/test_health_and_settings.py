import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "danvan.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    # The browser tests set this for live_server in the test process; a deployment never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_settings_refuse_production_without_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danvan.settings", "DEBUG": "false", "SECRET_KEY": ""}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 1
    assert "SECRET_KEY" in result.stderr


def test_settings_reject_a_bad_boolean():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danvan.settings", "DEBUG": "maybe"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_collectstatic_with_the_production_storage_resolves_every_asset(tmp_path):
    """The manifest storage rewrites url() references in CSS: a missing font or image fails here."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
        "DEBUG": "false",
        "SECRET_KEY": "y" * 60,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django; from django.conf import settings; django.setup(); "
        f"settings.STATIC_ROOT = {str(tmp_path / 'static')!r}; "
        "from django.core.management import call_command; call_command('collectstatic', '--noinput', '-v0')"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert (tmp_path / "static" / "vendor" / "htmx" / "htmx.min.js").exists()


def test_media_files_are_never_served_by_url_even_in_debug(settings):
    import importlib

    import danvan.urls

    settings.DEBUG = True
    try:
        module = importlib.reload(danvan.urls)  # the URL list as a DEBUG process builds it
        patterns = [str(pattern.pattern) for pattern in module.urlpatterns]
    finally:
        settings.DEBUG = False
        importlib.reload(danvan.urls)

    assert [p for p in patterns if "media" in p] == []


def test_pages_get_the_strict_csp_and_pictures_the_viewers_one():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from core.middleware import CSP, IMAGE_CSP, ContentSecurityPolicyMiddleware

    def policy(content_type):
        middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse(b"x", content_type=content_type))
        return middleware(RequestFactory().get("/"))["Content-Security-Policy"]

    assert policy("text/html; charset=utf-8") == CSP
    assert policy("application/pdf") == CSP
    assert policy("image/png") == IMAGE_CSP
    assert "script-src" not in IMAGE_CSP and "default-src 'none'" in IMAGE_CSP and "sandbox" in IMAGE_CSP


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_not_found_or_refused(world, client):
    huge = 2**64
    client.force_login(world.admin)

    page = client.get(f"/gallery/{huge}/")
    api = client.post("/api/review-rounds/", {"name": "x", "reviewers": [huge]}, content_type="application/json")

    assert page.status_code == 404 and "Không tìm thấy trang" in page.content.decode()
    assert api.status_code == 400


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_a_vietnamese_page(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()


@pytest.mark.django_db
def test_api_not_found_is_said_in_vietnamese(world, client):
    client.force_login(world.editor_a)

    response = client.get(f"/api/areas/{world.commune_b.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị bạn được phân quyền."}


@pytest.mark.django_db
def test_api_csrf_refusal_is_said_in_vietnamese(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor_a)

    response = client.post("/api/initiatives/", {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Yêu cầu bị từ chối vì thiếu hoặc sai mã bảo vệ CSRF.")


@pytest.mark.django_db
def test_api_body_of_null_is_said_in_vietnamese(world, client):
    client.force_login(world.editor_a)

    response = client.post("/api/initiatives/", "null", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Không có dữ liệu: gửi một đối tượng JSON (khóa: giá trị)."]}
