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
