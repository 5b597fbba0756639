"""The OpenAPI schema and its Swagger UI need a logged-in user (session or token), as the API does."""

import re

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_schema_and_docs_refuse_anonymous_users(world, client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    docs = client.get("/api/docs/")
    docs_for_a_program = client.get("/api/docs/", HTTP_AUTHORIZATION="Token wrong")

    assert (schema.status_code, schema["WWW-Authenticate"]) == (401, "Token")
    assert (docs.status_code, docs["Location"]) == (302, "/login/?next=/api/docs/")
    assert docs_for_a_program.status_code == 401


def test_schema_and_docs_answer_a_session_or_a_token(world, client):
    token = Token.objects.create(user=world.editor_a).key
    by_token = client.get("/api/schema/", HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    client.force_login(world.editor_a)

    by_session = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    docs = client.get("/api/docs/")
    script = client.get("/api/docs/", {"script": ""})  # the page's script, which names the schema

    assert (by_token.status_code, by_session.status_code, docs.status_code) == (200, 200, 200)
    assert by_token.json()["info"]["title"] == by_session.json()["info"]["title"] == "danvan API"
    assert "/api/schema/" in script.content.decode()


def _texts(node, found):
    """Collect the schema's descriptions and summaries (what /api/docs/ shows as prose)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary") and isinstance(value, str):
                found.append(value)
            _texts(value, found)
    elif isinstance(node, list):
        for item in node:
            _texts(item, found)
    return found


def test_the_api_page_describes_in_vietnamese_not_with_the_code_docstrings(world, client):
    client.force_login(world.editor_a)

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    texts = _texts(schema, [])
    english = [text for text in texts if re.search(r"\b(the|of|and|is|are|with|by|this|Return|Answer)\b", text)]
    assert english == []
    # The code's docstrings are not there; the texts written for the reader are.
    assert not any("translate_errors" in text or "queryset" in text for text in texts)
    assert "Số (id) xác định mô hình, điển hình này." in texts
    assert "Dữ liệu không hợp lệ: lỗi theo từng trường, không có gì được ghi." in texts
    assert schema["components"]["securitySchemes"]["tokenAuth"]["description"] == (
        "Mã truy cập trong tiêu đề: Authorization: Token <mã>"
    )
