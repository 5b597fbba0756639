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


def test_api_words_its_errors_as_the_pages_do(world, client):
    client.force_login(world.admin)

    missing = client.post("/api/initiatives/", {}, content_type="application/json").json()
    not_a_number = client.get("/api/initiative-statistics/", {"area": "abc"}).json()
    filter_not_a_number = client.get("/api/areas/", {"parent": "abc"}).json()
    a_list = client.post("/api/initiatives/", [1], content_type="application/json").json()

    assert {messages[0] for name, messages in missing.items()} == {"Trường này là bắt buộc."}
    assert not_a_number == {"area": ["Nhập một số nguyên."]}
    assert filter_not_a_number == {"parent": ["Nhập một số nguyên."]}
    assert a_list == {"non_field_errors": ["Dữ liệu không hợp lệ: cần một đối tượng JSON (khóa: giá trị)."]}
