"""The registry's JSON API: scoping, registration, validation, life-cycle actions, review rounds."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from initiatives import services
from initiatives.choices import Status
from initiatives.models import Attachment, Initiative, ResultValue, ReviewRound, Score, Transition
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory, ReviewRoundFactory, criteria_set, field, metric

pytestmark = pytest.mark.django_db
LIST = "/api/initiatives/"
DECIDED_ON = "2025-12-15"


def _url(initiative, action=""):
    return f"{LIST}{initiative.pk}/" + (f"{action}/" if action else "")


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def _body(world, **overrides):
    body = {
        "organization": world.front_a.pk,
        "area": world.hamlet_a.pk,
        "name": "Mô hình “Thắp sáng đường quê”",
        "field": "kinh_te",
        "year": 2025,
        "registered_on": "2025-03-01",
        "contact_name": "Nguyễn Văn An",
        "contact_phone": "0901234567",
        "goals": "Đường quê sáng đèn",
        "results": [
            {"metric": "den_chieu_sang", "value": "270"},
            {"metric": metric("duong_giao_thong").pk, "value": "10700", "note": "đường bê tông"},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def approver_a(world):
    return user_with_role("duyet_a", "approver", world.commune_a)


def _implementing(world, **kwargs):
    initiative = InitiativeFactory(organization=kwargs.pop("organization", world.front_a), **kwargs)
    services.start(initiative, user=world.admin)
    return initiative


#
# Scoping
#


def test_initiative_outside_scope_is_404_for_every_method(world, login):
    theirs = InitiativeFactory(organization=world.front_b)
    ours = InitiativeFactory(organization=world.front_a)
    client = login(world.editor_a)

    listed = [row["id"] for row in client.get(LIST).json()["results"]]
    statuses = [
        client.get(_url(theirs)).status_code,
        _patch(client, _url(theirs), {"name": "Đổi tên"}).status_code,
        client.delete(_url(theirs)).status_code,
        _post(client, _url(theirs, "start")).status_code,
        client.get(_url(theirs, "allowed-actions")).status_code,
    ]

    assert listed == [ours.pk]
    assert statuses == [404, 404, 404, 404, 404]
    assert list(Initiative.objects.filter(pk=theirs.pk).values_list("name", "status")) == [
        (theirs.name, Status.REGISTERED)
    ]


def test_initiative_viewer_writes_are_403_with_a_message(world, login):
    initiative = InitiativeFactory(organization=world.front_a)
    client = login(world.viewer_a)

    created = _post(client, LIST, _body(world))
    patched = _patch(client, _url(initiative), {"name": "Đổi tên"})
    deleted = client.delete(_url(initiative))
    started = _post(client, _url(initiative, "start"))

    assert (created.status_code, created.json()) == (
        403,
        {"detail": "Bạn không có quyền đăng ký mô hình cho đơn vị này."},
    )
    refused = {"detail": "Bạn không có quyền thực hiện thao tác này."}
    assert [(r.status_code, r.json()) for r in (patched, deleted, started)] == [(403, refused)] * 3
    assert list(Initiative.objects.values_list("name", "status")) == [(initiative.name, Status.REGISTERED)]


def test_initiative_anonymous_is_401(world, client):
    assert client.get(LIST).status_code == 401
    assert _post(client, LIST, _body(world)).status_code == 401


#
# Registration and edits
#


def test_initiative_create_registers_with_results(world, login):
    client = login(world.editor_a)

    response = _post(client, LIST, _body(world, stage="2021-2025"))

    assert response.status_code == 201
    data = response.json()
    initiative = Initiative.objects.get()
    assert data["id"] == initiative.pk
    assert (data["status"], data["organization"]["id"], data["area"]["id"], data["field"]["code"]) == (
        "registered",
        world.front_a.pk,
        world.hamlet_a.pk,
        "kinh_te",
    )
    assert [(r["metric_code"], r["value"], r["unit"], r["note"]) for r in data["results"]] == [
        ("duong_giao_thong", "10700.00", "m", "đường bê tông"),
        ("den_chieu_sang", "270.00", "bóng", ""),
    ]
    assert [(t["action"], t["to_status"], t["user"]["username"]) for t in data["transitions"]] == [
        ("register", "registered", "xa_a")
    ]
    assert (initiative.created_by, initiative.stage.code, initiative.contact_name) == (
        world.editor_a,
        "2021-2025",
        "Nguyễn Văn An",
    )


def test_initiative_without_an_area_runs_in_its_organizations_area_as_on_the_page(world, login):
    client = login(world.editor_a)
    body = _body(world)
    del body["area"]

    created = _post(client, LIST, body)
    in_hamlet = _post(client, LIST, _body(world, name="Đường hoa"))
    renamed = _patch(client, f"{LIST}{in_hamlet.json()['id']}/", {"name": "Đường hoa nông thôn"})
    emptied = _patch(client, f"{LIST}{in_hamlet.json()['id']}/", {"area": None})

    assert (created.status_code, created.json()["area"]["id"]) == (201, world.front_a.area_id)
    assert (renamed.status_code, renamed.json()["area"]["id"]) == (200, world.hamlet_a.pk)
    assert (emptied.status_code, emptied.json()["area"]["id"]) == (200, world.front_a.area_id)


def test_initiative_create_invalid_input_is_400_by_field_and_writes_nothing(world, login):
    client = login(world.editor_a)

    missing = _post(client, LIST, {"organization": world.front_a.pk})
    bad_refs = _post(client, LIST, _body(world, field="khong_co", results=[{"metric": 99999, "value": "-1"}]))
    model_rules = _post(client, LIST, _body(world, area=world.hamlet_b.pk, subject="individual"))
    twice = _post(client, LIST, _body(world, results=[{"metric": "ngay_cong", "value": 1}] * 2))

    assert (missing.status_code, sorted(missing.json())) == (400, ["field", "name"])
    assert (bad_refs.status_code, sorted(bad_refs.json())) == (400, ["field", "results"])
    assert bad_refs.json()["field"] == ["Không có mục nào có số hoặc mã “khong_co”."]
    assert bad_refs.json()["results"] == {
        "0": {"metric": ["Không có mục nào có số hoặc mã “99999”."], "value": ["Giá trị không được nhỏ hơn 0."]}
    }
    assert missing.json()["name"] == ["Trường này là bắt buộc."]
    assert (model_rules.status_code, sorted(model_rules.json())) == (400, ["area", "person_name"])
    assert model_rules.json()["person_name"] == ["Điển hình cá nhân cần có họ tên cá nhân."]
    assert (twice.status_code, twice.json()) == (
        400,
        {"results": ["Loại kết quả “Ngày công đóng góp” được nhập hai lần."]},
    )
    assert (Initiative.objects.count(), ResultValue.objects.count(), Transition.objects.count()) == (0, 0, 0)


def test_initiative_create_with_impossible_registration_dates_or_phone_is_400_by_field(world, login):
    client = login(world.editor_a)
    today = timezone.localdate()

    future = _post(client, LIST, _body(world, year=today.year, registered_on=f"{today.year + 4}-12-31"))
    before = _post(client, LIST, _body(world, year=today.year, registered_on=f"{today.year - 2}-03-15"))
    last_year = _body(world, year=today.year - 1)
    del last_year["registered_on"]
    missing_date = _post(client, LIST, last_year)
    phone = _post(client, LIST, _body(world, contact_phone="abc xyz"))

    assert (future.status_code, future.json()) == (
        400,
        {"registered_on": [f"Ngày đăng ký không được sau ngày hôm nay ({today:%d/%m/%Y})."]},
    )
    assert (before.status_code, before.json()) == (
        400,
        {"registered_on": [f"Ngày đăng ký (15/03/{today.year - 2}) phải thuộc năm đăng ký {today.year}."]},
    )
    # Without a date the record is registered today, which is not in last year.
    assert (missing_date.status_code, missing_date.json()) == (
        400,
        {"registered_on": [f"Ngày đăng ký ({today:%d/%m/%Y}) phải thuộc năm đăng ký {today.year - 1}."]},
    )
    assert (phone.status_code, list(phone.json())) == (400, ["contact_phone"])
    assert phone.json()["contact_phone"][0].startswith("Số điện thoại không hợp lệ.")
    assert (Initiative.objects.count(), Transition.objects.count()) == (0, 0)


def test_initiative_edit_keeps_the_registration_date_rules(world, login):
    initiative = InitiativeFactory(organization=world.front_a)  # 2025, registered on 01/03/2025
    client = login(world.editor_a)

    other_year = _patch(client, _url(initiative), {"registered_on": "2024-12-31"})
    phone = _patch(client, _url(initiative), {"contact_phone": "+84 912 345 678"})

    assert (other_year.status_code, other_year.json()) == (
        400,
        {"registered_on": ["Ngày đăng ký (31/12/2024) phải thuộc năm đăng ký 2025."]},
    )
    assert (phone.status_code, phone.json()["contact_phone"]) == (200, "+84 912 345 678")
    initiative.refresh_from_db()
    assert initiative.registered_on == datetime.date(2025, 3, 1)


def test_initiative_create_for_an_organization_out_of_sight_is_400(world, login):
    client = login(world.editor_a)

    response = _post(client, LIST, _body(world, organization=world.front_b.pk, area=world.hamlet_b.pk))

    assert (response.status_code, response.json()) == (
        400,
        {"organization": [f"Không tìm thấy mục số “{world.front_b.pk}”."]},
    )
    assert Initiative.objects.count() == 0


def test_initiative_input_errors_are_in_vietnamese(world, login, approver_a):
    initiative = _implementing(world)

    registration = _post(login(world.editor_a), LIST, _body(world, year=1999, kind="khac", name="x" * 501))
    recognition = _post(
        login(approver_a), _url(initiative, "recognize"), {"level": 9, "body": "", "decision_date": "20/11/2025"}
    )

    assert registration.json() == {
        "year": ["Giá trị không được nhỏ hơn 2000."],
        "kind": ["“khac” không phải là lựa chọn hợp lệ."],
        "name": ["Không được dài quá 500 ký tự."],
    }
    assert recognition.json() == {
        "level": ["“9” không phải là lựa chọn hợp lệ."],
        "body": ["Trường này không được để trống."],
        "decision_date": ["Ngày không hợp lệ, cần dạng YYYY-MM-DD."],
    }


def test_initiative_create_with_a_source_replicates_it(world, login):
    source = _implementing(world)
    client = login(world.province_editor)

    response = _post(
        client, LIST, _body(world, organization=world.front_b.pk, area=world.hamlet_b.pk, replicated_from=source.pk)
    )

    assert response.status_code == 201
    replica = Initiative.objects.get(pk=response.json()["id"])
    assert (response.json()["replicated_from"], replica.replicated_from) == (source.pk, source)
    as_province = client.get(_url(source)).json()
    assert (as_province["replicas"], as_province["replica_count"]) == ([replica.pk], 1)
    assert as_province["transitions"][-1]["action"] == "replicated"
    # Commune A sees that its model spread, but not the other commune's record.
    as_commune_a = login(world.editor_a).get(_url(source)).json()
    assert (as_commune_a["replicas"], as_commune_a["replica_count"]) == ([], 1)


def test_initiative_replicating_a_registered_model_is_403(world, login):
    source = InitiativeFactory(organization=world.front_a)
    client = login(world.province_editor)

    response = _post(
        client, LIST, _body(world, organization=world.front_b.pk, area=world.hamlet_b.pk, replicated_from=source.pk)
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Chỉ nhân rộng được mô hình đang triển khai hoặc đã được công nhận."},
    )
    assert list(Initiative.objects.all()) == [source]


def test_initiative_update_replaces_results(world, login):
    initiative = InitiativeFactory(organization=world.front_a)
    ResultValue.objects.create(initiative=initiative, metric=metric("ngay_cong"), value=1200)
    client = login(world.editor_a)

    response = _patch(
        client, _url(initiative), {"name": "Tên mới", "field": field("nong_thon_moi").pk, "results": [_result(35)]}
    )

    assert response.status_code == 200
    initiative.refresh_from_db()
    assert (initiative.name, initiative.field.code, response.json()["name"]) == ("Tên mới", "nong_thon_moi", "Tên mới")
    assert [(r.metric.code, r.value) for r in initiative.resultvalues.all()] == [("ho_duoc_ho_tro", Decimal("35"))]


def _result(value):
    return {"metric": "ho_duoc_ho_tro", "value": value}


def test_initiative_update_without_results_keeps_them_and_validates(world, login):
    initiative = InitiativeFactory(organization=world.front_a)
    ResultValue.objects.create(initiative=initiative, metric=metric("ngay_cong"), value=1200)
    client = login(world.editor_a)

    area = initiative.area
    kept = _patch(client, _url(initiative), {"goals": "Mục tiêu mới"})
    invalid = _patch(client, _url(initiative), {"area": world.hamlet_b.pk, "results": [_result(1)]})

    assert ([r["metric_code"] for r in kept.json()["results"]], kept.json()["goals"]) == (["ngay_cong"], "Mục tiêu mới")
    assert (invalid.status_code, list(invalid.json())) == (400, ["area"])
    initiative.refresh_from_db()
    assert (initiative.area, [r.metric.code for r in initiative.resultvalues.all()]) == (area, ["ngay_cong"])


def test_initiative_update_to_an_organization_without_the_role_is_rolled_back(world, login):
    initiative = InitiativeFactory(organization=world.front_a)
    reader_b = user_with_role("doc_b", "viewer", world.commune_b)
    reader_b.role_assignments.create(role="editor", area=world.commune_a)
    client = login(reader_b)

    response = _patch(client, _url(initiative), {"organization": world.front_b.pk, "area": world.hamlet_b.pk})

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Bạn không có quyền lưu đối tượng vào đơn vị đã chọn."},
    )
    initiative.refresh_from_db()
    assert (initiative.organization, initiative.path) == (world.front_a, world.front_a.path)


def test_initiative_under_review_cannot_be_edited(world, login):
    initiative = _implementing(world)
    review_round = ReviewRoundFactory(organization=world.front_a)
    services.add_entries(review_round, [initiative], user=world.admin)
    client = login(world.editor_a)

    response = _patch(client, _url(initiative), {"name": "Tên mới"})

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đang bình xét”."},
    )


def test_initiative_delete_only_while_registered_and_removes_files(
    world, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    registered = InitiativeFactory(organization=world.front_a)
    started = _implementing(world)
    photo = Attachment(initiative=registered, original_name="anh.jpg", content_type="image/jpeg", size=3)
    photo.file.save("anh.jpg", ContentFile(b"jpg"))
    stored = tmp_path / photo.file.name
    stored_before = stored.exists()
    client = login(world.editor_a)

    refused = client.delete(_url(started))
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.delete(_url(registered))

    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đang triển khai”.",
    )
    assert deleted.status_code == 204
    assert (list(Initiative.objects.all()), Attachment.objects.count()) == ([started], 0)
    assert (stored_before, stored.exists()) == (True, False)


#
# Life-cycle actions
#


def test_initiative_start_stop_resume_follow_the_rules(world, login):
    client = login(world.editor_a)
    initiative = Initiative.objects.get(pk=_post(client, LIST, _body(world)).json()["id"])

    started = _post(client, _url(initiative, "start"), {"reason": "Khởi công"})
    again = _post(client, _url(initiative, "start"))
    no_reason = _post(client, _url(initiative, "stop"), {})
    blank_reason = _post(client, _url(initiative, "stop"), {"reason": " "})
    stopped = _post(client, _url(initiative, "stop"), {"reason": "Hết kinh phí"})
    resumed = _post(client, _url(initiative, "resume"), {})

    assert (started.status_code, started.json()["status"]) == (200, "implementing")
    assert (again.status_code, again.json()) == (
        403,
        {"detail": "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đang triển khai”."},
    )
    assert (no_reason.status_code, list(no_reason.json())) == (400, ["reason"])
    assert (blank_reason.status_code, list(blank_reason.json())) == (400, ["reason"])
    assert (stopped.json()["status"], stopped.json()["is_effective"]) == ("stopped", False)
    assert resumed.json()["status"] == "implementing"
    assert [(t["action"], t["reason"]) for t in resumed.json()["transitions"]] == [
        ("register", ""),
        ("start", "Khởi công"),
        ("stop", "Hết kinh phí"),
        ("resume", ""),
    ]


def test_initiative_recognize_and_reward_need_the_approver(world, login, approver_a):
    initiative = _implementing(world)
    body = {"level": 2, "body": "Ban Chỉ đạo xã", "decision_number": "12/QĐ-BCĐ", "decision_date": "2025-11-20"}

    by_editor = _post(login(world.editor_a), _url(initiative, "recognize"), body)
    client = login(approver_a)
    reward_too_early = _post(client, _url(initiative, "reward"), {"reward_form": "Giấy khen"})
    recognized = _post(client, _url(initiative, "recognize"), body)
    recognition_id = recognized.json()["recognitions"][0]["id"]
    no_form = _post(client, _url(initiative, "reward"), {"reward_form": " "})
    rewarded = _post(
        client,
        _url(initiative, "reward"),
        {
            "recognition": recognition_id,
            "reward_form": "Giấy khen",
            "reward_date": "2025-12-01",
            "is_outstanding": True,
        },
    )

    assert (by_editor.status_code, by_editor.json()) == (403, {"detail": "Bạn không có quyền thực hiện thao tác này."})
    assert (reward_too_early.status_code, reward_too_early.json()) == (
        403,
        {"detail": "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đang triển khai”."},
    )
    data = recognized.json()
    assert (data["status"], data["recognition_level"], data["recognitions"][0]["decision_number"]) == (
        "recognized",
        2,
        "12/QĐ-BCĐ",
    )
    assert (no_form.status_code, list(no_form.json())) == (400, ["reward_form"])
    data = rewarded.json()
    assert (data["is_outstanding"], data["recognitions"][0]["reward_form"], data["transitions"][-1]["action"]) == (
        True,
        "Giấy khen",
        "reward",
    )


def test_initiative_recognize_in_the_future_is_400(world, login, approver_a):
    initiative = _implementing(world)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()

    response = _post(
        login(approver_a), _url(initiative, "recognize"), {"level": 2, "body": "Xã", "decision_date": tomorrow}
    )

    assert (response.status_code, response.json()) == (
        400,
        {"decision_date": ["Ngày quyết định không được ở tương lai."]},
    )
    assert initiative.recognitions.count() == 0


def test_initiative_recognize_before_the_registration_and_reward_in_the_future_are_400(world, login, approver_a):
    initiative = _implementing(world)  # registered on 01/03/2025
    client = login(approver_a)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    early = _post(client, _url(initiative, "recognize"), {"level": 2, "body": "Xã", "decision_date": "2000-01-01"})
    recognized = _post(client, _url(initiative, "recognize"), {"level": 2, "body": "Xã", "decision_date": DECIDED_ON})
    reward = _post(client, _url(initiative, "reward"), {"reward_form": "Giấy khen", "reward_date": tomorrow})

    assert (early.status_code, early.json()) == (
        400,
        {"decision_date": ["Ngày quyết định không được trước ngày đăng ký mô hình (01/03/2025)."]},
    )
    assert recognized.status_code == 200
    assert (reward.status_code, reward.json()) == (400, {"reward_date": ["Ngày khen thưởng không được ở tương lai."]})
    assert list(initiative.recognitions.values_list("decision_date", "reward_form")) == [
        (datetime.date(2025, 12, 15), "")
    ]


def test_initiative_assess_records_the_outcome_in_the_right_state(world, login, approver_a):
    initiative = _implementing(world)
    registered = InitiativeFactory(organization=world.front_a)
    client = login(approver_a)

    stop_without_note = _post(client, _url(initiative, "assess"), {"year": 2025, "outcome": "stop"})
    kept = _post(client, _url(initiative, "assess"), {"year": 2025, "outcome": "keep", "note": "Tốt"})
    twice = _post(client, _url(initiative, "assess"), {"year": 2025, "outcome": "replicate"})
    too_early = _post(client, _url(registered, "assess"), {"year": 2025, "outcome": "keep"})

    assert (stop_without_note.status_code, stop_without_note.json()) == (
        400,
        {"note": ["Cần nêu lý do dừng thực hiện."]},
    )
    data = kept.json()
    assert (data["latest_outcome"], data["is_effective"], data["assessments"][0]["outcome"]) == ("keep", True, "keep")
    assert (twice.status_code, list(twice.json())) == (400, ["non_field_errors"])
    assert (too_early.status_code, too_early.json()) == (
        403,
        {"detail": "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đã đăng ký”."},
    )


def test_initiative_allowed_actions_follow_role_and_status(world, login, approver_a):
    initiative = InitiativeFactory(organization=world.front_a)

    as_editor = login(world.editor_a).get(_url(initiative, "allowed-actions")).json()
    as_viewer = login(world.viewer_a).get(_url(initiative, "allowed-actions")).json()
    services.start(initiative, user=world.editor_a)
    as_approver = login(approver_a).get(_url(initiative, "allowed-actions")).json()

    assert as_editor == {"actions": ["attach", "change", "delete", "start", "stop"], "can_replicate": False}
    assert as_viewer == {"actions": [], "can_replicate": False}
    assert as_approver == {"actions": ["assess", "recognize"], "can_replicate": True}


#
# Lists: filters, search, ordering, query counts, token
#


def test_initiative_list_filters_searches_without_diacritics_and_orders(world, login):
    road = InitiativeFactory(
        organization=world.front_a, name="Đường hoa nông thôn", registered_on=datetime.date(2024, 3, 1)
    )
    light = InitiativeFactory(organization=world.front_a, name="Thắp sáng đường quê", field=field("nong_thon_moi"))
    client = login(world.editor_a)

    def ids(**params):
        return [row["id"] for row in client.get(LIST, params).json()["results"]]

    assert ids(q="duong hoa") == [road.pk]
    assert ids(q="DUONG") == [light.pk, road.pk]
    assert ids(field=field("nong_thon_moi").pk) == [light.pk]
    assert ids(year=2024) == [road.pk]
    assert ids(ordering="name") == [road.pk, light.pk]
    assert ids(ordering="-year") == [light.pk, road.pk]


@pytest.mark.parametrize("rows", [1, 3])
def test_initiative_list_query_count_does_not_depend_on_rows(world, client, django_assert_num_queries, rows):
    for _ in range(rows):
        InitiativeFactory(organization=world.front_a, stage=None)
    client.force_login(world.editor_a)
    client.get(LIST)  # warm the session and content-type caches

    # session, user, role prefixes with the areas they were formed from (one statement), count, page
    with django_assert_num_queries(5):
        response = client.get(LIST)

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_review_round_list_query_count_does_not_depend_on_rows(world, client, django_assert_num_queries, rows):
    for _ in range(rows):
        ReviewRoundFactory(organization=world.front_a)
    client.force_login(world.editor_a)
    client.get("/api/review-rounds/")

    with django_assert_num_queries(5):
        response = client.get("/api/review-rounds/")

    assert len(response.json()["results"]) == rows


def test_initiative_api_accepts_a_token(world, client):
    initiative = InitiativeFactory(organization=world.front_a)
    InitiativeFactory(organization=world.front_b)
    token = Token.objects.create(user=world.editor_a).key
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}

    listed = client.get(LIST, **auth)
    started = client.post(_url(initiative, "start"), {}, content_type="application/json", **auth)
    wrong = client.get(LIST, HTTP_AUTHORIZATION="Token sai")

    assert [row["id"] for row in listed.json()["results"]] == [initiative.pk]
    assert (started.status_code, started.json()["transitions"][-1]["user"]["username"]) == (200, "xa_a")
    assert wrong.status_code == 401


def test_reference_lists_are_readable_by_a_viewer(world, login):
    client = login(world.viewer_a)

    fields = client.get("/api/fields/", {"is_active": "true"}).json()
    metrics = {row["code"]: row["unit"] for row in client.get("/api/result-metrics/").json()}
    stages = [row["code"] for row in client.get("/api/stages/").json()]
    sets = {row["code"]: row for row in client.get("/api/criteria-sets/").json()}

    assert [row["code"] for row in fields][:2] == ["kinh_te", "van_hoa_xa_hoi"]
    assert metrics["duong_giao_thong"] == "m"
    assert stages == ["2026-2030", "2021-2025"]
    assert [c["weight"] for c in sets["mo_hinh_tap_the"]["criteria"]] == [15, 20, 25, 20, 20]


#
# Review rounds
#


def _scores(client, review_round, entry_id, value):
    criteria = client.get(f"/api/review-rounds/{review_round}/").json()["criteria"]
    return _post(
        client,
        f"/api/review-rounds/{review_round}/score/",
        {"entry": entry_id, "scores": {str(c["id"]): value for c in criteria}},
    )


def test_review_round_full_flow_over_the_api(world, login, approver_a):
    good = _implementing(world, name="Mô hình tốt")
    weak = _implementing(world, name="Mô hình yếu")
    dropped = InitiativeFactory(organization=world.front_a, name="Mô hình rút ra")
    elsewhere = _implementing(world, organization=world.front_b)
    reviewer_1 = user_with_role("cham_1", "viewer", world.commune_a)
    reviewer_2 = user_with_role("cham_2", "viewer", world.province)
    manager = login(world.editor_a)

    opened = _post(
        manager,
        "/api/review-rounds/",
        {
            "organization": world.front_a.pk,
            "name": "Bình xét năm 2025",
            "year": 2025,
            "criteria_set": "mo_hinh_tap_the",
            "recognizing_body": "Ban Chỉ đạo xã",
            "reviewers": [reviewer_1.pk, reviewer_2.pk],
        },
    )
    assert opened.status_code == 201
    round_id = opened.json()["id"]
    rounds = f"/api/review-rounds/{round_id}/"
    assert (opened.json()["pass_score"], sorted(r["username"] for r in opened.json()["reviewers"])) == (
        "70.00",
        ["cham_1", "cham_2"],
    )

    hidden = _post(manager, rounds + "add-entries/", {"initiatives": [good.pk, elsewhere.pk]})
    assert (hidden.status_code, hidden.json()) == (
        400,
        {"initiatives": [f"Không có mô hình số {elsewhere.pk} trong phạm vi của bạn."]},
    )
    added = _post(manager, rounds + "add-entries/", {"initiatives": [good.pk, weak.pk, dropped.pk]})
    entries = {row["initiative"]["name"]: row["id"] for row in added.json()["entries"]}
    assert sorted(entries) == ["Mô hình rút ra", "Mô hình tốt", "Mô hình yếu"]
    withdrawn = _post(manager, rounds + "withdraw/", {"entry": entries["Mô hình rút ra"], "reason": "Chưa đủ"})
    assert [row["initiative"]["id"] for row in withdrawn.json()["entries"]] == [good.pk, weak.pk]
    dropped.refresh_from_db()
    assert dropped.status == Status.REGISTERED

    not_reviewer = _scores(manager, round_id, entries["Mô hình tốt"], 9)
    assert (not_reviewer.status_code, not_reviewer.json()) == (
        403,
        {"detail": "Bạn không phải thành viên chấm điểm của đợt này."},
    )
    too_high = _scores(login(reviewer_1), round_id, entries["Mô hình tốt"], 11)
    assert (too_high.status_code, list(too_high.json())) == (400, ["scores"])
    half = _scores(login(reviewer_1), round_id, entries["Mô hình tốt"], 10)
    assert [(e["score"], e["reviewers_done"]) for e in half.json()["entries"]] == [
        ("100.00", [reviewer_1.pk]),
        (None, []),
    ]
    early = _post(login(approver_a), rounds + "decide/", {"decision_date": DECIDED_ON})
    assert (early.status_code, len(early.json()["non_field_errors"])) == (400, 3)

    _scores(login(reviewer_1), round_id, entries["Mô hình yếu"], 5)
    _scores(login(reviewer_2), round_id, entries["Mô hình tốt"], 8)
    _scores(login(reviewer_2), round_id, entries["Mô hình yếu"], 5)
    by_editor = _post(manager, rounds + "decide/", {"decision_date": DECIDED_ON})
    decided = _post(login(approver_a), rounds + "decide/", {"decision_number": "5/QĐ", "decision_date": DECIDED_ON})

    assert (by_editor.status_code, by_editor.json()) == (
        403,
        {"detail": "Bạn không có quyền quyết định kết quả đợt bình xét này."},
    )
    data = decided.json()
    assert (data["status"], data["decision_number"], data["decided_by"]["username"]) == ("decided", "5/QĐ", "duyet_a")
    assert [(e["total_score"], e["result"]) for e in data["entries"]] == [
        ("90.00", "outstanding"),
        ("50.00", "not_recognized"),
    ]
    good.refresh_from_db()
    weak.refresh_from_db()
    assert (good.status, good.is_outstanding, weak.status) == (Status.RECOGNIZED, True, Status.NOT_RECOGNIZED)
    assert Score.objects.filter(entry__round_id=round_id).count() == 20


def test_review_round_create_checks_reviewers_and_scope(world, login):
    stranger = user_with_role("la", "viewer", world.other_province)
    client = login(world.editor_a)
    body = {
        "organization": world.front_a.pk,
        "name": "Bình xét",
        "criteria_set": criteria_set().pk,
        "recognizing_body": "Ban Chỉ đạo xã",
    }

    bad_reviewer = _post(client, "/api/review-rounds/", {**body, "reviewers": [stranger.pk]})
    as_viewer = _post(login(world.viewer_a), "/api/review-rounds/", body)

    assert (bad_reviewer.status_code, list(bad_reviewer.json())) == (400, ["reviewers"])
    assert (as_viewer.status_code, as_viewer.json()) == (
        403,
        {"detail": "Bạn không có quyền mở đợt bình xét cho đơn vị này."},
    )
    assert ReviewRound.objects.count() == 0


def test_review_round_outside_scope_is_404(world, login):
    theirs = ReviewRoundFactory(organization=world.front_b)
    client = login(world.editor_a)

    assert client.get(f"/api/review-rounds/{theirs.pk}/").status_code == 404
    assert _post(client, f"/api/review-rounds/{theirs.pk}/decide/", {"decision_date": DECIDED_ON}).status_code == 404
    assert reverse("reviewround-list") == "/api/review-rounds/"


def test_initiative_detail_lists_attachments_with_their_download_path(world, login):
    initiative = InitiativeFactory(organization=world.front_a)
    attachment = Attachment.objects.create(
        initiative=initiative,
        kind="document",
        title="Báo cáo kết quả",
        file="initiatives/2025/03/bao-cao.pdf",
        original_name="bao-cao.pdf",
        content_type="application/pdf",
        size=2048,
    )

    data = login(world.viewer_a).get(_url(initiative)).json()["attachments"]

    assert [(a["title"], a["original_name"], a["size"], a["download_url"]) for a in data] == [
        (
            "Báo cáo kết quả",
            "bao-cao.pdf",
            2048,
            reverse("initiatives:attachment_download", kwargs={"pk": attachment.pk}),
        )
    ]


def test_initiative_recognized_elsewhere_can_be_replicated_without_seeing_it(world, login, approver_a):
    source = _implementing(world)
    services.recognize(
        source, user=approver_a, level=2, body="Ban Chỉ đạo xã", decision_date=datetime.date(2025, 11, 20)
    )
    hidden = _implementing(world, name="Chưa công nhận")
    client = login(world.editor_b)

    replica = _post(
        client, LIST, _body(world, organization=world.front_b.pk, area=world.hamlet_b.pk, replicated_from=source.pk)
    )
    not_visible = _post(
        client, LIST, _body(world, organization=world.front_b.pk, area=world.hamlet_b.pk, replicated_from=hidden.pk)
    )

    assert (replica.status_code, replica.json()["replicated_from"]) == (201, source.pk)
    assert (not_visible.status_code, list(not_visible.json())) == (400, ["replicated_from"])


def test_a_life_cycle_step_the_status_forbids_says_so_before_checking_the_input(world, login, approver_a):
    registered = InitiativeFactory(organization=world.front_a)
    client = login(approver_a)

    recognize = _post(client, _url(registered, "recognize"), {})
    assess = _post(client, _url(registered, "assess"), {})

    for response in (recognize, assess):
        assert response.status_code == 403
        assert response.json() == {
            "detail": "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đã đăng ký”."
        }
