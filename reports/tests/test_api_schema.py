"""The OpenAPI schema of the report figures' PATCH says what the endpoint requires."""

import pytest
from django.urls import reverse

from reports import services

pytestmark = pytest.mark.django_db


def test_saving_figures_requires_the_version_in_the_schema_and_in_fact(setup, world, client):
    client.force_login(world.admin)
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    url = reverse("report-detail", kwargs={"pk": report.pk}) + "values/"

    without = client.patch(url, {"values": {}}, content_type="application/json")

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    body = schema["paths"]["/api/reports/{id}/values/"]["patch"]["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]

    assert body["required"] is True
    assert schema["components"]["schemas"][name]["required"] == ["version"]
    assert without.status_code == 400 and list(without.json()) == ["version"]


def test_catalog_code_says_in_the_schema_that_it_has_a_letter(world, client):
    # Clients send "an id or a code" (forms, figure keys, roll-up columns): digits are an id.
    client.force_login(world.admin)

    schemas = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["components"]["schemas"]

    rule = "Chữ cái không dấu, chữ số, dấu gạch dưới hoặc gạch ngang; có ít nhất một chữ cái."
    assert [schemas[name]["properties"]["code"]["description"] for name in ("Indicator", "ReportForm")] == [rule] * 2


def test_figures_endpoints_say_in_the_schema_that_an_area_outside_scope_is_404(world, client):
    client.force_login(world.admin)

    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]

    described = [
        paths[path]["get"]["responses"]["404"]["description"] for path in ("/api/rollups/", "/api/completeness/")
    ]
    assert described == ["Địa bàn hoặc cụm, khối không có hoặc ngoài phạm vi của bạn."] * 2
