import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from accounts.models import FailedLogin
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_login_with_right_password_redirects_home(world, client):
    response = _login(client, "xa_a", PASSWORD)

    assert (response.status_code, response.url) == (302, "/")


def test_login_ignores_the_case_of_the_username(world, client):
    response = _login(client, "Xa_A", PASSWORD)

    assert (response.status_code, response.url) == (302, "/")
    assert client.get("/").context["user"] == world.editor_a


def test_login_with_wrong_password_shows_vietnamese_error(world, client):
    response = _login(client, "xa_a", "sai-mat-khau")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_is_locked_after_repeated_failures_even_with_the_right_password(world, client):
    for _ in range(3):
        _login(client, "xa_a", "sai-mat-khau")

    response = _login(client, "xa_a", PASSWORD)

    assert response.status_code == 200
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert FailedLogin.objects.filter(username="xa_a").count() == 3


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_successful_login_clears_earlier_failures(world, client):
    _login(client, "xa_a", "sai-mat-khau")

    response = _login(client, "xa_a", PASSWORD)

    assert response.status_code == 302
    assert FailedLogin.objects.filter(username="xa_a").count() == 0


def test_logout_requires_post_and_logs_out(world, client):
    client.force_login(world.editor_a)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_enforces_the_policy(world, client):
    client.force_login(world.editor_a)

    weak = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    strong = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-rat-dai",
            "new_password2": "mot-mat-khau-moi-rat-dai",
        },
    )

    assert weak.status_code == 200
    assert "quá ngắn" in weak.content.decode() or "too short" in weak.content.decode()
    assert strong.status_code == 302


def test_api_accepts_token_authentication_and_scopes_results(world, client):
    client.force_login(world.editor_a)
    client.post("/accounts/profile/token/")
    client.logout()
    token = Token.objects.get(user=world.editor_a).key

    response = client.get("/api/areas/", {"search": "thanh an"}, HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == []
    assert me.json()["username"] == "xa_a"


def test_regenerating_the_token_invalidates_the_old_one(world, client):
    client.force_login(world.editor_a)
    client.post("/accounts/profile/token/")
    old = Token.objects.get(user=world.editor_a).key
    client.post("/accounts/profile/token/")
    client.logout()

    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
