"""The registry's rules through the API, answered as the pages answer them (400 by field)."""

import datetime

import pytest

from initiatives import services
from initiatives.choices import RecognitionLevel
from initiatives.models import Initiative
from initiatives.tests.test_api import DECIDED_ON, LIST, _body, _implementing, _patch, _post, _url
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver_a(world):
    return user_with_role("duyet_a", "approver", world.commune_a)


def test_create_refuses_a_name_the_organization_has_registered_in_the_year(world, login):
    InitiativeFactory(organization=world.front_a, name="Mô hình “Thắp sáng đường quê”")
    client = login(world.editor_a)

    response = _post(client, LIST, _body(world, name="MÔ HÌNH “THẮP SÁNG ĐƯỜNG QUÊ”"))

    assert (response.status_code, response.json()) == (
        400,
        {"name": [f"{world.front_a.name} đã đăng ký “Mô hình “Thắp sáng đường quê”” năm 2025."]},
    )
    assert Initiative.objects.count() == 1


def test_update_refuses_the_name_of_another_record_of_the_organization_and_year(world, login):
    InitiativeFactory(organization=world.front_a, name="Đường hoa")
    initiative = InitiativeFactory(organization=world.front_a, name="Thắp sáng đường quê")

    response = _patch(login(world.editor_a), _url(initiative), {"name": "đường hoa"})

    initiative.refresh_from_db()
    assert (response.status_code, response.json()) == (
        400,
        {"name": [f"{world.front_a.name} đã đăng ký “Đường hoa” năm 2025."]},
    )
    assert initiative.name == "Thắp sáng đường quê"


def test_update_refuses_to_change_the_source_of_a_replica(world, login):
    source = _implementing(world)
    other = _implementing(world)
    replica = InitiativeFactory(organization=world.front_b, replicated_from=source)
    plain = InitiativeFactory(organization=world.front_b)
    client = login(world.province_editor)

    changed = _patch(client, _url(replica), {"replicated_from": other.pk})
    set_later = _patch(client, _url(plain), {"replicated_from": source.pk})
    same = _patch(client, _url(replica), {"replicated_from": source.pk, "name": "Bản nhân rộng"})

    message = (
        "Không sửa được “nhân rộng từ”: mô hình gốc chỉ được ghi khi đăng ký. Để nhân rộng một mô hình, đăng ký mô "
        "hình mới (POST) với replicated_from là mô hình gốc."
    )
    assert [(r.status_code, r.json()) for r in (changed, set_later)] == [(400, {"replicated_from": [message]})] * 2
    assert (same.status_code, same.json()["replicated_from"], same.json()["name"]) == (200, source.pk, "Bản nhân rộng")
    sources = Initiative.objects.filter(pk__in=[replica.pk, plain.pk]).order_by("pk")
    assert list(sources.values_list("replicated_from", flat=True)) == [source.pk, None]


def test_a_fraction_of_a_count_is_refused_on_its_result_row(world, login):
    client = login(world.editor_a)

    response = _post(
        client,
        LIST,
        _body(
            world,
            results=[{"metric": "duong_giao_thong", "value": "10.5"}, {"metric": "ho_duoc_ho_tro", "value": "35.5"}],
        ),
    )

    assert (response.status_code, response.json()) == (
        400,
        {"results": {"1": {"value": ["“Hộ được hỗ trợ” đếm bằng hộ nên giá trị phải là số nguyên."]}}},
    )
    assert Initiative.objects.count() == 0


def test_start_date_before_2000_is_refused(world, login):
    response = _post(login(world.editor_a), LIST, _body(world, start_date="1900-01-01"))

    assert (response.status_code, response.json()) == (
        400,
        {"start_date": ["Ngày bắt đầu thực hiện không được trước 01/01/2000."]},
    )


def test_recognize_refuses_a_decision_already_recorded(world, login, approver_a):
    initiative = _implementing(world)
    decision = {"level": RecognitionLevel.COMMUNE, "body": "Ban Chỉ đạo xã", "decision_number": "12/QĐ-BCĐ"}
    client = login(approver_a)

    first = _post(client, _url(initiative, "recognize"), {**decision, "decision_date": DECIDED_ON})
    again = _post(client, _url(initiative, "recognize"), {**decision, "decision_date": DECIDED_ON})

    assert first.status_code == 200
    assert (again.status_code, again.json()) == (
        400,
        {
            "decision_number": [
                "Quyết định công nhận này đã được ghi nhận: Cấp xã – Ban Chỉ đạo xã, quyết định 12/QĐ-BCĐ ngày "
                "15/12/2025."
            ]
        },
    )
    assert initiative.recognitions.count() == 1


def test_reward_refuses_a_second_reward_unless_it_is_a_correction(world, login, approver_a):
    initiative = _implementing(world)
    services.recognize(
        initiative,
        user=approver_a,
        level=RecognitionLevel.COMMUNE,
        body="Ban Chỉ đạo xã",
        decision_date=datetime.date(2025, 12, 15),
    )
    client = login(approver_a)

    first = _post(client, _url(initiative, "reward"), {"reward_form": "Giấy khen"})
    again = _post(client, _url(initiative, "reward"), {"reward_form": "Bằng khen"})
    corrected = _post(client, _url(initiative, "reward"), {"reward_form": "Bằng khen", "correction": True})

    assert first.status_code == 200
    assert (again.status_code, again.json()) == (
        400,
        {
            "recognition": [
                "Quyết định công nhận này đã có khen thưởng (Giấy khen – —, quyết định —). Nếu cần sửa thông tin khen "
                "thưởng đã ghi, chọn “Sửa khen thưởng đã ghi nhận”."
            ]
        },
    )
    assert (corrected.status_code, corrected.json()["recognitions"][0]["reward_form"]) == (200, "Bằng khen")


def test_assess_note_is_bounded(world, login, approver_a):
    initiative = _implementing(world)

    response = _post(
        login(approver_a), _url(initiative, "assess"), {"year": 2025, "outcome": "keep", "note": "x" * 4001}
    )

    assert (response.status_code, response.json()) == (400, {"note": ["Không được dài quá 4000 ký tự."]})
    assert initiative.assessments.count() == 0


def test_reference_codes_are_found_whatever_their_case(world, login):
    response = _post(
        login(world.editor_a),
        LIST,
        _body(world, field="KINH_TE", stage="2021-2025", results=[{"metric": "Den_Chieu_Sang", "value": "270"}]),
    )

    assert response.status_code == 201
    assert (response.json()["field"]["code"], response.json()["results"][0]["metric_code"]) == (
        "kinh_te",
        "den_chieu_sang",
    )
