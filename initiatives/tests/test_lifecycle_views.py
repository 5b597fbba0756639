"""Life-cycle action pages: who may open them, what they write (through the services), their errors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.choices import Outcome, RecognitionLevel, Status, TransitionAction
from initiatives.models import Initiative
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import register

pytestmark = pytest.mark.django_db
DECIDED_ON = datetime.date(2025, 12, 15)


def started(world):
    initiative = register(world)
    services.start(initiative, user=world.editor_a)
    return initiative


@pytest.fixture
def approver(world):
    return user_with_role("duyet_a", "approver", world.commune_a)


def url(name, initiative):
    return reverse(f"initiatives:initiative_{name}", kwargs={"pk": initiative.pk})


def steps(initiative):
    return list(initiative.transitions.values_list("action", "from_status", "to_status", "reason"))


#
# Who may open an action page
#


def test_action_page_needs_login(world, client):
    initiative = register(world)

    response = client.get(url("start", initiative))

    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_action_page_outside_scope_is_404(world, client):
    initiative = register(world)
    client.force_login(world.editor_b)

    assert (client.get(url("start", initiative)).status_code, client.post(url("start", initiative)).status_code) == (
        404,
        404,
    )
    assert Initiative.objects.get().status == Status.REGISTERED


def test_action_page_for_a_viewer_is_403_with_the_reason(world, client):
    initiative = register(world)
    client.force_login(world.viewer_a)

    response = client.post(url("start", initiative))

    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()
    assert steps(initiative) == [("register", "", "registered", "")]


def test_action_refused_in_the_current_status_is_403_with_the_status(world, client):
    initiative = started(world)
    client.force_login(world.editor_a)

    response = client.get(url("start", initiative))

    assert response.status_code == 403
    assert "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đang triển khai”." in (
        response.content.decode()
    )


#
# Start, stop, resume
#


def test_start_page_records_the_transition_and_returns_to_the_record(world, client):
    initiative = register(world)
    client.force_login(world.editor_a)

    form_page = client.get(url("start", initiative))
    response = client.post(url("start", initiative), {"reason": "Khởi công tháng 3"}, follow=True)

    assert form_page.status_code == 200
    assert response.redirect_chain == [(initiative.get_absolute_url(), 302)]
    assert "Đã chuyển sang “Đang triển khai”." in response.content.decode()
    assert steps(initiative)[-1] == ("start", "registered", "implementing", "Khởi công tháng 3")
    assert Initiative.objects.get().status == Status.IMPLEMENTING


def test_stop_page_needs_a_reason(world, client):
    initiative = started(world)
    client.force_login(world.editor_a)

    response = client.post(url("stop", initiative), {"reason": "   "})

    assert response.status_code == 200
    assert "Cần nêu lý do dừng thực hiện." in response.content.decode()
    assert Initiative.objects.get().status == Status.IMPLEMENTING


def test_stop_then_resume_pages_move_the_record(world, client):
    initiative = started(world)
    client.force_login(world.editor_a)

    client.post(url("stop", initiative), {"reason": "Hết kinh phí"})
    client.post(url("resume", initiative), {"reason": ""})

    assert [step[:3] for step in steps(initiative)[-2:]] == [
        (TransitionAction.STOP, Status.IMPLEMENTING, Status.STOPPED),
        (TransitionAction.RESUME, Status.STOPPED, Status.IMPLEMENTING),
    ]
    assert steps(initiative)[-2][3] == "Hết kinh phí"


def test_action_page_through_htmx_answers_with_the_fragment_or_a_redirect(world, client):
    initiative = started(world)
    client.force_login(world.editor_a)

    invalid = client.post(url("stop", initiative), {"reason": ""}, HTTP_HX_REQUEST="true")
    valid = client.post(url("stop", initiative), {"reason": "Hết kinh phí"}, HTTP_HX_REQUEST="true")

    assert (
        invalid.status_code,
        "<html" in invalid.content.decode(),
        'id="action-form"' in invalid.content.decode(),
    ) == (
        200,
        False,
        True,
    )
    assert (valid.status_code, valid["HX-Redirect"]) == (204, initiative.get_absolute_url())


#
# Recognize, reward, assess (the approver's actions)
#


def test_recognize_needs_the_approver_role(world, client):
    initiative = started(world)
    client.force_login(world.editor_a)

    response = client.get(url("recognize", initiative))

    assert response.status_code == 403


def test_recognize_page_records_the_decision(world, client, approver):
    initiative = started(world)
    client.force_login(approver)

    response = client.post(
        url("recognize", initiative),
        {
            "level": RecognitionLevel.COMMUNE,
            "body": "Ban Chỉ đạo xã",
            "decision_number": "12/QĐ-BCĐ",
            "decision_date": "15/12/2025",
            "is_outstanding": "on",
        },
    )

    initiative.refresh_from_db()
    recognition = initiative.recognitions.get()
    assert response.status_code == 302
    assert (initiative.status, initiative.recognition_level, initiative.is_outstanding) == (
        Status.RECOGNIZED,
        RecognitionLevel.COMMUNE,
        True,
    )
    assert (recognition.body, recognition.decision_number, recognition.decision_date) == (
        "Ban Chỉ đạo xã",
        "12/QĐ-BCĐ",
        DECIDED_ON,
    )
    assert steps(initiative)[-1][0] == TransitionAction.OUTSTANDING


def test_recognize_page_shows_the_service_error_on_the_field(world, client, approver):
    initiative = started(world)
    client.force_login(approver)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        url("recognize", initiative),
        {"level": RecognitionLevel.COMMUNE, "body": "Ban Chỉ đạo xã", "decision_date": tomorrow.strftime("%d/%m/%Y")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"decision_date": ["Ngày quyết định không được ở tương lai."]}
    assert initiative.recognitions.count() == 0


def test_recognize_page_refuses_a_decision_before_the_registration(world, client, approver):
    initiative = started(world)  # registered on 01/03/2025
    client.force_login(approver)

    response = client.post(
        url("recognize", initiative),
        {"level": RecognitionLevel.COMMUNE, "body": "Ban Chỉ đạo xã", "decision_date": "01/01/2000"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "decision_date": ["Ngày quyết định không được trước ngày đăng ký mô hình (01/03/2025)."]
    }
    assert "Ngày quyết định không được trước ngày đăng ký mô hình (01/03/2025)." in response.content.decode()
    initiative.refresh_from_db()
    assert (initiative.recognitions.count(), initiative.status) == (0, "implementing")


def test_reward_page_refuses_a_reward_date_in_the_future(world, client, approver):
    initiative = started(world)
    recognition = services.recognize(
        initiative, user=approver, level=RecognitionLevel.COMMUNE, body="Ban Chỉ đạo xã", decision_date=DECIDED_ON
    )
    client.force_login(approver)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        url("reward", initiative),
        {"recognition": recognition.pk, "reward_form": "Giấy khen", "reward_date": f"{tomorrow:%d/%m/%Y}"},
    )

    recognition.refresh_from_db()
    assert response.context["form"].errors == {"reward_date": ["Ngày khen thưởng không được ở tương lai."]}
    assert (recognition.reward_form, recognition.reward_date) == ("", None)


def test_reward_page_records_the_reward_on_the_chosen_recognition(world, client, approver):
    initiative = started(world)
    recognition = services.recognize(
        initiative, user=approver, level=RecognitionLevel.COMMUNE, body="Ban Chỉ đạo xã", decision_date=DECIDED_ON
    )
    client.force_login(approver)

    early = client.post(
        url("reward", initiative),
        {"recognition": recognition.pk, "reward_form": "Giấy khen", "reward_date": "01/12/2025"},
    )
    response = client.post(
        url("reward", initiative),
        {
            "recognition": recognition.pk,
            "reward_form": "Giấy khen",
            "reward_body": "UBND xã",
            "reward_decision_number": "30/QĐ-UBND",
            "reward_date": "20/12/2025",
        },
    )

    recognition.refresh_from_db()
    assert early.context["form"].errors == {"reward_date": ["Ngày khen thưởng không được trước ngày công nhận."]}
    assert response.status_code == 302
    assert (recognition.reward_form, recognition.reward_body, recognition.reward_date) == (
        "Giấy khen",
        "UBND xã",
        datetime.date(2025, 12, 20),
    )
    assert steps(initiative)[-1][0] == TransitionAction.REWARD


def test_recognize_page_refuses_a_decision_already_recorded(world, client, approver):
    initiative = started(world)
    decision = {"level": RecognitionLevel.COMMUNE, "body": "Ban Chỉ đạo xã", "decision_number": "12/QĐ-BCĐ"}
    services.recognize(initiative, user=approver, decision_date=DECIDED_ON, **decision)
    client.force_login(approver)

    response = client.post(url("recognize", initiative), {**decision, "decision_date": "15/12/2025"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "decision_number": [
            "Quyết định công nhận này đã được ghi nhận: Cấp xã – Ban Chỉ đạo xã, quyết định 12/QĐ-BCĐ ngày 15/12/2025."
        ]
    }
    assert initiative.recognitions.count() == 1


def test_reward_page_refuses_a_second_reward_unless_marked_as_a_correction(world, client, approver):
    initiative = started(world)
    recognition = services.recognize(
        initiative, user=approver, level=RecognitionLevel.COMMUNE, body="Ban Chỉ đạo xã", decision_date=DECIDED_ON
    )
    services.reward(recognition, user=approver, reward_form="Giấy khen", reward_body="UBND xã")
    client.force_login(approver)
    second = {"recognition": recognition.pk, "reward_form": "Bằng khen", "reward_body": "UBND tỉnh"}

    form_page = client.get(url("reward", initiative))
    refused = client.post(url("reward", initiative), second)
    corrected = client.post(url("reward", initiative), {**second, "correction": "on"})

    recognition.refresh_from_db()
    assert "Cấp xã – Ban Chỉ đạo xã (15/12/2025) – đã khen thưởng: Giấy khen" in form_page.content.decode()
    assert refused.context["form"].errors == {
        "recognition": [
            "Quyết định công nhận này đã có khen thưởng (Giấy khen – UBND xã, quyết định —). Nếu cần sửa thông tin "
            "khen thưởng đã ghi, chọn “Sửa khen thưởng đã ghi nhận”."
        ]
    }
    assert corrected.status_code == 302
    assert (recognition.reward_form, recognition.reward_body) == ("Bằng khen", "UBND tỉnh")


def test_reward_page_is_refused_before_recognition(world, client, approver):
    initiative = started(world)
    client.force_login(approver)

    response = client.get(url("reward", initiative))

    assert response.status_code == 403


def test_assess_page_records_the_yearly_outcome_once_a_year(world, client, approver):
    initiative = started(world)
    client.force_login(approver)

    first = client.post(url("assess", initiative), {"year": 2025, "outcome": Outcome.KEEP, "note": "Duy trì tốt"})
    again = client.post(url("assess", initiative), {"year": 2025, "outcome": Outcome.REPLICATE})

    initiative.refresh_from_db()
    assert first.status_code == 302
    assert (initiative.latest_outcome, initiative.is_effective) == (Outcome.KEEP, True)
    assert again.status_code == 200
    assert again.context["form"].non_field_errors() == ["Mô hình này đã được rà soát trong năm đó."]
    assert list(initiative.assessments.values_list("year", "outcome")) == [(2025, Outcome.KEEP)]


def test_assess_page_needs_a_note_to_stop(world, client, approver):
    initiative = started(world)
    client.force_login(approver)

    response = client.post(url("assess", initiative), {"year": 2025, "outcome": Outcome.STOP, "note": ""})

    assert response.context["form"].errors == {"note": ["Cần nêu lý do dừng thực hiện."]}
    assert Initiative.objects.get().status == Status.IMPLEMENTING


def test_detail_page_offers_the_approver_actions_to_an_approver(world, client, approver):
    initiative = started(world)
    client.force_login(approver)

    content = client.get(initiative.get_absolute_url()).content.decode()

    offered = [url(name, initiative) in content for name in ("recognize", "assess", "reward", "stop", "edit")]
    assert offered == [True, True, False, False, False]
