"""core.api.errors: ids sent as JSON numbers with a fraction are refused, not cut."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_id_with_a_fraction_is_refused_not_truncated(world, client):
    client.force_login(world.editor_a)
    organization = world.front_a.pk

    def errors(value):
        response = client.post("/api/initiatives/", {"organization": value}, content_type="application/json")
        assert response.status_code == 400
        return response.json()

    assert errors(organization + 0.999)["organization"] == ["Cần nhập số (id)."]
    assert errors(float(organization))["organization"] == ["Cần nhập số (id)."]
    assert "organization" not in errors(organization)
