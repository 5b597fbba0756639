"""Reference data pages (fields, stages, metrics, criteria sets and criteria): system administrators only."""

import pytest
from django.urls import reverse

from initiatives.models import CriteriaSet, Criterion, InitiativeField, ResultMetric, ReviewEntry, Score, Stage
from tests.factories.initiatives import InitiativeFactory, ReviewRoundFactory, criteria_set

pytestmark = pytest.mark.django_db

LISTS = ["field_list", "stage_list", "metric_list", "criteriaset_list"]


@pytest.mark.parametrize("name", LISTS)
def test_lookup_list_is_for_system_administrators(world, client, name):
    anonymous = client.get(reverse(f"initiatives:{name}"))
    client.force_login(world.province_editor)
    editor = client.get(reverse(f"initiatives:{name}"))
    client.force_login(world.admin)
    admin = client.get(reverse(f"initiatives:{name}"))

    assert (anonymous.status_code, anonymous.url.startswith(reverse("login"))) == (302, True)
    assert editor.status_code == 403
    assert "Chức năng này dành cho quản trị hệ thống." in editor.content.decode()
    assert admin.status_code == 200


def test_field_list_shows_the_seeded_fields_with_their_use(world, client):
    InitiativeFactory(organization=world.front_a)
    client.force_login(world.admin)

    table = client.get(reverse("initiatives:field_list")).context["table"]

    rows = [(row.record.name, row.record.initiative_count) for row in table.rows]
    assert rows[:2] == [("Kinh tế", 1), ("Văn hóa – xã hội", 0)]


def test_field_add_and_edit(world, client):
    client.force_login(world.admin)

    added = client.post(
        reverse("initiatives:field_add"),
        {"code": "moi_truong", "name": "Môi trường", "sort_order": 9, "is_active": "on"},
    )
    item = InitiativeField.objects.get(code="moi_truong")
    edited = client.post(
        reverse("initiatives:field_edit", kwargs={"pk": item.pk}),
        {"code": "moi_truong", "name": "Bảo vệ môi trường", "sort_order": 9},
    )

    item.refresh_from_db()
    assert (added.status_code, added.url, edited.status_code) == (302, reverse("initiatives:field_list"), 302)
    assert (item.name, item.is_active) == ("Bảo vệ môi trường", False)


def test_field_edit_is_refused_to_a_unit_editor(world, client):
    item = InitiativeField.objects.get(code="kinh_te")
    client.force_login(world.province_editor)

    response = client.post(
        reverse("initiatives:field_edit", kwargs={"pk": item.pk}), {"code": "kinh_te", "name": "Khác", "sort_order": 1}
    )

    assert response.status_code == 403
    assert InitiativeField.objects.get(code="kinh_te").name == "Kinh tế"


def test_stage_years_must_be_ordered(world, client):
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:stage_add"),
        {"code": "2031-2035", "name": "Giai đoạn 2031-2035", "start_year": 2035, "end_year": 2031, "sort_order": 0},
    )

    assert response.status_code == 200
    assert "Năm kết thúc phải sau hoặc bằng năm bắt đầu." in response.content.decode()
    assert not Stage.objects.filter(code="2031-2035").exists()


def test_metric_add_with_its_unit(world, client):
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:metric_add"),
        {"code": "cay_xanh", "name": "Cây xanh trồng mới", "unit": "cây", "sort_order": 20, "is_active": "on"},
    )

    assert response.status_code == 302
    assert str(ResultMetric.objects.get(code="cay_xanh")) == "Cây xanh trồng mới (cây)"


def test_metric_add_counted_in_whole_things(world, client):
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:metric_add"),
        {"code": "cay_xanh", "name": "Cây xanh trồng mới", "unit": "cây", "is_count": "on", "sort_order": 20},
    )

    assert response.status_code == 302
    assert ResultMetric.objects.get(code="cay_xanh").is_count is True


def test_lookup_code_differing_only_by_case_is_refused_on_the_code(world, client):
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:field_add"), {"code": "Kinh_Te", "name": "Kinh tế (trùng)", "sort_order": 9}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["Mã “kinh_te” đã có (không phân biệt chữ hoa, chữ thường): Kinh tế."]
    }
    assert InitiativeField.objects.filter(code__iexact="kinh_te").count() == 1


def test_stage_years_must_lie_within_the_registry_years(world, client):
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:stage_add"),
        {"code": "xa-xua", "name": "Giai đoạn xa xưa", "start_year": 1900, "end_year": 3000, "sort_order": 0},
    )

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["end_year", "start_year"]
    assert not Stage.objects.filter(code="xa-xua").exists()


def test_criteriaset_detail_lists_criteria_with_weights(world, client):
    item = criteria_set()
    client.force_login(world.admin)

    response = client.get(item.get_absolute_url())

    content = response.content.decode()
    assert [c.weight for c in response.context["criteria"]] == [15, 20, 25, 20, 20]
    assert response.context["total_weight"] == 100
    assert "Bền vững, có khả năng nhân rộng" in content
    assert reverse("initiatives:criterion_add", kwargs={"set_pk": item.pk}) in content


def test_criteriaset_scores_must_be_ordered(world, client):
    item = criteria_set()
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:criteriaset_edit", kwargs={"pk": item.pk}),
        {"code": item.code, "name": item.name, "subject": "", "pass_score": "80", "outstanding_score": "75,5"},
    )

    assert response.status_code == 200
    assert "Điểm tiêu biểu phải cao hơn hoặc bằng điểm công nhận." in response.content.decode()


def test_criteriaset_thresholds_are_read_the_vietnamese_way(world, client):
    item = criteria_set()
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:criteriaset_edit", kwargs={"pk": item.pk}),
        {"code": item.code, "name": item.name, "subject": "", "pass_score": "72.5", "outstanding_score": "90"},
    )

    assert response.context["form"].errors["pass_score"] == [
        "Nhập một số, ví dụ 1.000 hoặc 72,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
    ]


def test_criteriaset_add_opens_its_page(world, client):
    client.force_login(world.admin)

    response = client.post(
        reverse("initiatives:criteriaset_add"),
        {
            "code": "mo_hinh_2026",
            "name": "Tiêu chí 2026",
            "pass_score": "70",
            "outstanding_score": "90,5",
            "sort_order": 3,
        },
    )

    item = CriteriaSet.objects.get(code="mo_hinh_2026")
    assert (response.status_code, response.url) == (302, item.get_absolute_url())
    assert str(item.outstanding_score) == "90.50"


def test_criterion_weight_must_be_at_least_one(world, client):
    item = criteria_set()
    client.force_login(world.admin)
    url = reverse("initiatives:criterion_add", kwargs={"set_pk": item.pk})

    invalid = client.post(url, {"name": "Tiêu chí mới", "weight": 0, "max_score": 10, "sort_order": 6})
    valid = client.post(url, {"name": "Tiêu chí mới", "weight": 5, "max_score": 10, "sort_order": 6})

    assert invalid.context["form"].errors == {"weight": ["Trọng số phải từ 1 trở lên."]}
    assert (valid.status_code, valid.url) == (302, item.get_absolute_url())
    assert list(item.criteria.filter(name="Tiêu chí mới").values_list("weight", flat=True)) == [5]


def test_criterion_weight_and_maximum_score_are_bounded(world, client):
    # A score is stored with 3 digits before the comma: a maximum of 1000 broke the round's pages.
    item = criteria_set()
    client.force_login(world.admin)
    url = reverse("initiatives:criterion_add", kwargs={"set_pk": item.pk})

    response = client.post(url, {"name": "Tiêu chí mới", "weight": 101, "max_score": 1000, "sort_order": 6})

    assert set(response.context["form"].errors) == {"weight", "max_score"}
    assert not item.criteria.filter(name="Tiêu chí mới").exists()


def test_criterion_edit_and_delete(world, client):
    item = criteria_set()
    criterion = item.criteria.last()
    client.force_login(world.admin)

    client.post(
        reverse("initiatives:criterion_edit", kwargs={"pk": criterion.pk}),
        {"name": criterion.name, "weight": 30, "max_score": 10, "sort_order": criterion.sort_order},
    )
    criterion.refresh_from_db()
    deleted = client.post(reverse("initiatives:criterion_delete", kwargs={"pk": criterion.pk}))

    assert criterion.weight == 30
    assert (deleted.status_code, deleted.url) == (302, item.get_absolute_url())
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


def test_criteria_of_a_set_being_scored_cannot_change(world, client):
    item = criteria_set()
    review_round = ReviewRoundFactory(organization=world.front_a, criteria_set=item)
    entry = ReviewEntry.objects.create(round=review_round, initiative=InitiativeFactory(organization=world.front_a))
    Score.objects.create(entry=entry, reviewer=world.editor_a, criterion=item.criteria.first(), value=8)
    client.force_login(world.admin)

    page = client.get(item.get_absolute_url()).content.decode()
    add = client.get(reverse("initiatives:criterion_add", kwargs={"set_pk": item.pk}))
    edit = client.post(
        reverse("initiatives:criterion_edit", kwargs={"pk": item.criteria.first().pk}),
        {"name": "Khác", "weight": 1, "max_score": 10, "sort_order": 1},
    )

    assert f"đợt bình xét “{review_round.name}” chưa có kết quả" in page
    assert (add.status_code, edit.status_code) == (403, 403)
    assert item.criteria.first().name != "Khác"
