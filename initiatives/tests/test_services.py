"""The life-cycle services: transitions, refusals, review rounds and their computed decision."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.utils import timezone

from initiatives import services
from initiatives.choices import EntryResult, Outcome, RecognitionLevel, RoundStatus, Status
from initiatives.models import Initiative, Transition
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory, ReviewRoundFactory, criteria_set, field, metric
from tests.factories.orgunits import organization

pytestmark = pytest.mark.django_db
DECIDED_ON = datetime.date(2025, 12, 15)


def _new(world, **kwargs):
    return Initiative(
        organization=kwargs.pop("organization", world.front_a),
        area=kwargs.pop("area", world.hamlet_a),
        name=kwargs.pop("name", "Mô hình “Thắp sáng đường quê”"),
        field=field(),
        year=kwargs.pop("year", 2025),
        registered_on=kwargs.pop("registered_on", datetime.date(2025, 3, 1)),
        **kwargs,
    )


def _actions(initiative):
    return list(initiative.transitions.values_list("action", "from_status", "to_status"))


def test_register_records_the_first_step_and_results(world):
    initiative = services.register(
        _new(world), user=world.editor_a, results=[(metric("den_chieu_sang"), Decimal("270"), "")]
    )

    assert (initiative.status, initiative.path, initiative.created_by) == (
        Status.REGISTERED,
        world.front_a.path,
        world.editor_a,
    )
    assert _actions(initiative) == [("register", "", "registered")]
    assert [(r.metric.code, r.value) for r in initiative.resultvalues.all()] == [("den_chieu_sang", Decimal("270"))]


def test_register_outside_scope_or_as_viewer_is_refused(world):
    with pytest.raises(services.ActionRefused):
        services.register(_new(world), user=world.editor_b)
    with pytest.raises(services.ActionRefused):
        services.register(_new(world), user=world.viewer_a)
    assert Initiative.objects.count() == 0


def test_register_in_an_area_outside_the_organization_is_a_validation_error(world):
    with pytest.raises(ValidationError) as error:
        services.register(_new(world, area=world.hamlet_b), user=world.province_editor)

    assert list(error.value.message_dict) == ["area"]
    assert Initiative.objects.count() == 0


def test_individual_exemplar_needs_a_person(world):
    with pytest.raises(ValidationError) as error:
        services.register(_new(world, kind="exemplar", subject="individual"), user=world.editor_a)

    assert list(error.value.message_dict) == ["person_name"]


def test_start_stop_resume_follow_the_rules(world):
    initiative = services.register(_new(world), user=world.editor_a)

    services.start(initiative, user=world.editor_a)
    with pytest.raises(services.ActionRefused):
        services.start(initiative, user=world.editor_a)  # already implementing
    with pytest.raises(ValidationError):
        services.stop(initiative, user=world.editor_a, reason=" ")
    services.stop(initiative, user=world.editor_a, reason="Hết kinh phí")
    services.resume(initiative, user=world.editor_a)

    initiative.refresh_from_db()
    assert initiative.status == Status.IMPLEMENTING
    assert _actions(initiative) == [
        ("register", "", "registered"),
        ("start", "registered", "implementing"),
        ("stop", "implementing", "stopped"),
        ("resume", "stopped", "implementing"),
    ]


def _recognized(world, approver):
    initiative = services.register(_new(world), user=world.editor_a)
    services.start(initiative, user=world.editor_a)
    services.recognize(initiative, user=approver, level=2, body="Ban Chỉ đạo xã", decision_date=DECIDED_ON)
    return initiative


def test_resume_returns_to_the_status_before_the_stop_and_its_effectiveness(world):
    approver = user_with_role("duyet_a", "approver", world.commune_a)
    recognized = _recognized(world, approver)
    assessed = services.register(_new(world, name="Đã rà soát"), user=world.editor_a)
    services.start(assessed, user=world.editor_a)
    services.assess(assessed, user=approver, year=2025, outcome=Outcome.KEEP)
    running = services.register(_new(world, name="Chưa đánh giá"), user=world.editor_a)
    services.start(running, user=world.editor_a)

    for initiative in (recognized, assessed, running):
        services.stop(initiative, user=world.editor_a, reason="Tạm dừng")
        initiative.refresh_from_db()
        assert initiative.is_effective is False
        services.resume(initiative, user=world.editor_a)
        initiative.refresh_from_db()

    assert (recognized.status, recognized.is_effective, recognized.recognition_level) == (Status.RECOGNIZED, True, 2)
    assert (assessed.status, assessed.is_effective) == (Status.IMPLEMENTING, True)  # its assessment: keep
    assert (running.status, running.is_effective) == (Status.IMPLEMENTING, None)  # never assessed
    assert _actions(recognized)[-1] == ("resume", "stopped", "recognized")


def test_recognize_needs_the_approve_role(world):
    initiative = services.register(_new(world), user=world.editor_a)
    services.start(initiative, user=world.editor_a)
    approver = user_with_role("duyet_a", "approver", world.commune_a)

    with pytest.raises(services.ActionRefused):
        services.recognize(initiative, user=world.editor_a, level=2, body="BCĐ xã", decision_date=DECIDED_ON)
    services.recognize(
        initiative, user=approver, level=RecognitionLevel.COMMUNE, body="BCĐ xã", decision_date=DECIDED_ON
    )

    initiative.refresh_from_db()
    assert (initiative.status, initiative.recognition_level, initiative.is_effective) == (
        Status.RECOGNIZED,
        RecognitionLevel.COMMUNE,
        True,
    )


def test_registration_date_is_not_in_the_future_and_lies_in_the_registration_year(world):
    today = timezone.localdate()

    def refusal(**kwargs):
        with pytest.raises(ValidationError) as error:
            services.register(_new(world, **kwargs), user=world.editor_a)
        return error.value.message_dict

    future = refusal(year=today.year, registered_on=datetime.date(today.year + 4, 12, 31))
    tomorrow = refusal(year=today.year, registered_on=today + datetime.timedelta(days=1))
    before = refusal(year=today.year, registered_on=datetime.date(today.year - 2, 3, 15))
    next_year = refusal(year=today.year + 1, registered_on=today)
    services.register(_new(world, year=today.year, registered_on=today), user=world.editor_a)

    assert future == {"registered_on": [f"Ngày đăng ký không được sau ngày hôm nay ({today:%d/%m/%Y})."]}
    assert tomorrow == future
    assert before == {"registered_on": [f"Ngày đăng ký (15/03/{today.year - 2}) phải thuộc năm đăng ký {today.year}."]}
    assert next_year == {"year": [f"Năm đăng ký không được sau năm nay ({today.year})."]}
    assert Initiative.objects.count() == 1


def test_recognition_and_reward_dates_follow_the_registration_and_are_not_in_the_future(world):
    initiative = services.register(_new(world, registered_on=datetime.date(2025, 3, 1)), user=world.editor_a)
    services.start(initiative, user=world.editor_a)
    approver = user_with_role("duyet_a", "approver", world.commune_a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as before:
        services.recognize(initiative, user=approver, level=2, body="BCĐ xã", decision_date=datetime.date(2000, 1, 1))
    recognition = services.recognize(
        initiative, user=approver, level=2, body="BCĐ xã", decision_date=datetime.date(2025, 3, 1)
    )
    with pytest.raises(ValidationError) as future_reward:
        services.reward(recognition, user=approver, reward_form="Giấy khen", reward_date=tomorrow)
    initiative.registered_on = datetime.date(2025, 3, 2)
    with pytest.raises(ValidationError) as registered_after:
        initiative.full_clean()

    assert before.value.message_dict == {
        "decision_date": ["Ngày quyết định không được trước ngày đăng ký mô hình (01/03/2025)."]
    }
    assert future_reward.value.message_dict == {"reward_date": ["Ngày khen thưởng không được ở tương lai."]}
    assert registered_after.value.message_dict == {
        "registered_on": ["Ngày đăng ký không được sau ngày quyết định công nhận đầu tiên (01/03/2025)."]
    }
    recognition.refresh_from_db()
    assert (initiative.recognitions.count(), recognition.reward_form, recognition.reward_date) == (1, "", None)


def test_assess_stop_needs_a_reason_and_stops_the_model(world):
    initiative = InitiativeFactory(
        organization=world.front_a, status=Status.IMPLEMENTING, registered_on=datetime.date(2024, 3, 1)
    )
    approver = user_with_role("duyet_a", "approver", world.commune_a)

    with pytest.raises(ValidationError):
        services.assess(initiative, user=approver, year=2025, outcome=Outcome.STOP)
    services.assess(initiative, user=approver, year=2024, outcome=Outcome.KEEP)
    services.assess(initiative, user=approver, year=2025, outcome=Outcome.STOP, note="Không còn phù hợp")

    initiative.refresh_from_db()
    assert (initiative.status, initiative.latest_outcome, initiative.is_effective) == (
        Status.STOPPED,
        Outcome.STOP,
        False,
    )


def test_assess_refuses_a_year_before_the_registration(world):
    initiative = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING, year=2025)
    approver = user_with_role("duyet_a", "approver", world.commune_a)

    with pytest.raises(ValidationError) as error:
        services.assess(initiative, user=approver, year=2020, outcome=Outcome.KEEP)

    assert error.value.message_dict == {"year": ["Năm rà soát không được trước năm đăng ký (2025)."]}
    assert not initiative.assessments.exists()


def test_replicate_links_the_replica_and_notes_it_on_the_source(world):
    source = InitiativeFactory(organization=world.front_a, status=Status.RECOGNIZED)
    replica = _new(world, organization=world.front_b, area=world.hamlet_b, name="Nhân rộng tại Thạnh An")

    services.replicate(source, replica, user=world.editor_b)

    assert (replica.replicated_from, list(source.replicas.all())) == (source, [replica])
    assert list(source.transitions.values_list("action", flat=True)) == ["replicated"]


def test_replicate_from_a_registered_model_is_refused(world):
    source = InitiativeFactory(organization=world.front_a)

    with pytest.raises(services.ActionRefused):
        services.replicate(source, _new(world, organization=world.front_b, area=world.hamlet_b), user=world.editor_b)


def _round_with(world, initiatives, reviewers):
    review_round = services.open_round(
        ReviewRoundFactory.build(organization=world.front_a, pass_score=None, outstanding_score=None),
        user=world.editor_a,
        reviewers=reviewers,
    )
    services.add_entries(review_round, initiatives, user=world.editor_a)
    return review_round


def _score_all(entry, reviewer, value):
    criteria = entry.round.criteria_set.criteria.all()
    services.record_scores(entry, reviewer=reviewer, values={c.pk: value for c in criteria})


def test_round_decision_computes_weighted_scores_and_recognizes(world):
    good, best, weak = (
        InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING, name=name)
        for name in ("Tốt", "Tiêu biểu", "Yếu")
    )
    reviewer_1 = user_with_role("cham_1", "viewer", world.commune_a)
    reviewer_2 = user_with_role("cham_2", "viewer", world.commune_a)
    approver = user_with_role("duyet_a", "approver", world.commune_a)
    review_round = _round_with(world, [good, best, weak], [reviewer_1, reviewer_2])
    entries = {e.initiative.name: e for e in review_round.entries.all()}
    # Means 7.5, 9.5 and 5 out of 10 on every criterion: 75, 95 and 50 out of 100.
    for name, (first, second) in {"Tốt": (7, 8), "Tiêu biểu": (9, 10), "Yếu": (5, 5)}.items():
        _score_all(entries[name], reviewer_1, first)
        _score_all(entries[name], reviewer_2, second)

    services.decide_round(review_round, user=approver, decision_date=DECIDED_ON, decision_number="12-QĐ/BCĐ")

    review_round.refresh_from_db()
    results = {e.initiative.name: (e.total_score, e.result) for e in review_round.entries.all()}
    assert results == {
        "Tốt": (Decimal("75.00"), EntryResult.RECOGNIZED),
        "Tiêu biểu": (Decimal("95.00"), EntryResult.OUTSTANDING),
        "Yếu": (Decimal("50.00"), EntryResult.NOT_RECOGNIZED),
    }
    statuses = {i.name: (i.status, i.is_outstanding) for i in Initiative.objects.all()}
    assert statuses == {
        "Tốt": (Status.RECOGNIZED, False),
        "Tiêu biểu": (Status.RECOGNIZED, True),
        "Yếu": (Status.NOT_RECOGNIZED, False),
    }
    assert (review_round.status, review_round.decided_by) == (RoundStatus.DECIDED, approver)
    assert best.recognitions.get().decision_number == "12-QĐ/BCĐ"


def test_a_recognized_record_that_fails_a_later_round_stays_recognized(world):
    approver = user_with_role("duyet_a", "approver", world.commune_a)
    initiative = _recognized(world, approver)
    reviewer = user_with_role("cham_1", "viewer", world.commune_a)
    review_round = _round_with(world, [initiative], [reviewer])
    _score_all(review_round.entries.get(), reviewer, 2)

    services.decide_round(review_round, user=approver, decision_date=DECIDED_ON)

    initiative.refresh_from_db()
    assert review_round.entries.get().result == EntryResult.NOT_RECOGNIZED
    assert (initiative.status, initiative.recognition_level) == (Status.RECOGNIZED, 2)
    assert _actions(initiative)[-1] == ("not_recognize", "under_review", "recognized")


def test_round_decision_before_a_records_registration_is_refused_naming_it(world):
    initiative = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING, name="Đường hoa")
    reviewer = user_with_role("cham_1", "viewer", world.commune_a)
    approver = user_with_role("duyet_a", "approver", world.commune_a)
    review_round = _round_with(world, [initiative], [reviewer])
    _score_all(review_round.entries.get(), reviewer, 9)

    with pytest.raises(ValidationError) as error:
        services.decide_round(review_round, user=approver, decision_date=datetime.date(2025, 2, 28))

    assert error.value.message_dict == {
        "decision_date": ["Ngày quyết định không được trước ngày đăng ký của “Đường hoa” (01/03/2025)."]
    }
    review_round.refresh_from_db()
    assert (review_round.status, initiative.recognitions.count()) == (RoundStatus.OPEN, 0)


def test_round_cannot_be_decided_while_scores_are_missing(world):
    initiative = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING)
    reviewer = user_with_role("cham_1", "viewer", world.commune_a)
    approver = user_with_role("duyet_a", "approver", world.commune_a)
    review_round = _round_with(world, [initiative], [reviewer])

    with pytest.raises(ValidationError) as error:
        services.decide_round(review_round, user=approver, decision_date=DECIDED_ON)

    assert len(error.value.messages) == 1
    review_round.refresh_from_db()
    assert review_round.status == RoundStatus.OPEN


def test_scores_out_of_range_or_by_a_non_reviewer_are_refused(world):
    initiative = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING)
    reviewer = user_with_role("cham_1", "viewer", world.commune_a)
    review_round = _round_with(world, [initiative], [reviewer])
    entry = review_round.entries.get()
    criteria = list(review_round.criteria_set.criteria.all())

    with pytest.raises(ValidationError):
        services.record_scores(entry, reviewer=reviewer, values={c.pk: 11 for c in criteria})
    with pytest.raises(services.ActionRefused):
        services.record_scores(entry, reviewer=world.editor_a, values={c.pk: 5 for c in criteria})
    assert entry.scores.count() == 0


def test_add_entries_refuses_records_outside_the_round_area_and_writes_nothing(world):
    inside = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING)
    outside = InitiativeFactory(organization=world.front_b, status=Status.IMPLEMENTING)
    review_round = services.open_round(ReviewRoundFactory.build(organization=world.front_a), user=world.province_editor)

    with pytest.raises(ValidationError):
        services.add_entries(review_round, [inside, outside], user=world.province_editor)

    assert review_round.entries.count() == 0
    inside.refresh_from_db()
    assert inside.status == Status.IMPLEMENTING


def test_add_entries_refuses_an_individual_before_a_round_scoring_collectives(world):
    collective = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING)
    person = InitiativeFactory(
        organization=world.front_a, status=Status.IMPLEMENTING, name="Bà Mai", subject="individual", person_name="Mai"
    )
    review_round = services.open_round(ReviewRoundFactory.build(organization=world.front_a), user=world.editor_a)

    with pytest.raises(ValidationError) as error:
        services.add_entries(review_round, [collective, person], user=world.editor_a)

    assert error.value.messages == [
        "“Bà Mai”: bộ tiêu chí “Tiêu chí bình xét mô hình, điển hình tập thể” của đợt chỉ dùng cho tập thể."
    ]
    assert review_round.entries.count() == 0


def test_update_round_refuses_a_criteria_set_that_does_not_fit_its_records(world):
    collective = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING, name="Đường hoa")
    review_round = _round_with(world, [collective], [])
    review_round.criteria_set = criteria_set("dien_hinh_ca_nhan")

    with pytest.raises(ValidationError) as error:
        services.update_round(review_round, user=world.editor_a, reviewers=[])

    assert error.value.message_dict == {
        "criteria_set": ["“Đường hoa”: bộ tiêu chí “Tiêu chí bình xét điển hình cá nhân” của đợt chỉ dùng cho cá nhân."]
    }


def test_update_round_refuses_a_year_before_one_of_its_records(world):
    earlier = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING, name="Cũ", year=2024)
    later = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING, name="Mới", year=2026)
    review_round = services.open_round(
        ReviewRoundFactory.build(organization=world.front_a, year=2026), user=world.editor_a, reviewers=[]
    )
    services.add_entries(review_round, [earlier, later], user=world.editor_a)
    review_round.year = 2025

    with pytest.raises(ValidationError) as error:
        services.update_round(review_round, user=world.editor_a, reviewers=[])
    review_round.year = 2024
    with pytest.raises(ValidationError):
        services.update_round(review_round, user=world.editor_a, reviewers=[])
    review_round.year = 2026
    services.update_round(review_round, user=world.editor_a, reviewers=[])

    assert error.value.message_dict == {
        "year": ["Đợt bình xét năm 2025 không thể có mô hình đăng ký sau năm đó.", "“Mới” đăng ký năm 2026."]
    }
    review_round.refresh_from_db()
    assert review_round.year == 2026


def test_withdraw_returns_the_record_to_its_previous_status(world):
    initiative = InitiativeFactory(organization=world.front_a, status=Status.NOT_RECOGNIZED)
    review_round = _round_with(world, [initiative], [])

    services.withdraw_entry(review_round.entries.get(), user=world.editor_a)

    initiative.refresh_from_db()
    assert (initiative.status, review_round.entries.count()) == (Status.NOT_RECOGNIZED, 0)


def test_records_follow_their_organization_when_it_moves(world):
    initiative = InitiativeFactory(organization=world.front_a)
    member = organization(world.commune_a, "hoi_nong_dan", parent=world.front_a)
    replica = InitiativeFactory(organization=member)

    member.parent = None
    member.area = world.commune_b
    member.save()

    replica.refresh_from_db()
    initiative.refresh_from_db()
    assert (replica.path, initiative.path) == (member.path, world.front_a.path)
    assert replica.path.startswith(world.commune_b.path)


def test_transitions_are_kept_in_order_with_user(world):
    initiative = services.register(_new(world), user=world.editor_a)
    services.start(initiative, user=world.editor_a, reason="Họp dân thống nhất")

    step = Transition.objects.filter(initiative=initiative).last()
    assert (step.user, step.reason) == (world.editor_a, "Họp dân thống nhất")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "abc", Decimal("NaN"), float("inf"), True, "8,5", "8.5", "8"])
def test_scores_that_are_not_finite_numbers_are_validation_errors(world, value):
    # Text is read by the score form and the API serializer, not a second way here ("8,5" was taken as 8.5).
    initiative = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING)
    reviewer = user_with_role("cham_1", "viewer", world.commune_a)
    review_round = _round_with(world, [initiative], [reviewer])
    entry = review_round.entries.get()

    with pytest.raises(ValidationError):
        services.record_scores(
            entry, reviewer=reviewer, values={c.pk: value for c in review_round.criteria_set.criteria.all()}
        )

    assert entry.scores.count() == 0


def test_scores_are_numbers_of_any_kind(world):
    initiative = InitiativeFactory(organization=world.front_a, status=Status.IMPLEMENTING)
    reviewer = user_with_role("cham_1", "viewer", world.commune_a)
    review_round = _round_with(world, [initiative], [reviewer])
    entry = review_round.entries.get()
    criteria = list(review_round.criteria_set.criteria.all())
    values = [8, Decimal("7.25"), 6.5, *[Decimal(5)] * (len(criteria) - 3)]

    services.record_scores(entry, reviewer=reviewer, values={c.pk: v for c, v in zip(criteria, values, strict=True)})

    assert list(entry.scores.order_by("criterion__sort_order").values_list("value", flat=True)[:3]) == [
        Decimal("8.00"),
        Decimal("7.25"),
        Decimal("6.50"),
    ]


#
# Duplicates: a name registered twice, a decision recorded twice, a reward overwritten
#


def test_register_refuses_a_name_the_organization_has_registered_in_the_year(world):
    services.register(_new(world, name="Đường hoa"), user=world.editor_a)

    with pytest.raises(ValidationError) as error:
        services.register(_new(world, name="ĐƯỜNG HOA"), user=world.editor_a)

    assert error.value.message_dict == {"name": [f"{world.front_a.name} đã đăng ký “Đường hoa” năm 2025."]}
    assert list(Initiative.objects.values_list("name", flat=True)) == ["Đường hoa"]


def test_register_answers_the_database_refusing_a_duplicate_as_a_validation_error(world):
    # Two requests registering the same name at once both pass the check; the second's insert
    # breaks the database's constraint. Stood in for here by a row inserted just before this
    # record's own insert (it goes with the insert's savepoint, so the generic message is said).
    def another_request_meanwhile(sender, instance, **kwargs):
        if instance.pk is None:
            twin = _new(world, name="đường hoa", name_key="đường hoa", path=world.front_a.path)
            Initiative.objects.bulk_create([twin])

    pre_save.connect(another_request_meanwhile, sender=Initiative)
    try:
        with pytest.raises(ValidationError) as error:
            services.register(_new(world, name="Đường hoa"), user=world.editor_a)
    finally:
        pre_save.disconnect(another_request_meanwhile, sender=Initiative)

    assert error.value.message_dict == {"name": ["Đơn vị này đã đăng ký mô hình, điển hình cùng tên trong năm đó."]}
    assert Initiative.objects.count() == 0


def test_recognize_refuses_the_same_decision_twice(world):
    approver = user_with_role("duyet", "approver", world.commune_a)
    initiative = services.register(_new(world), user=world.editor_a)
    services.start(initiative, user=world.editor_a)
    decision = {"level": 2, "body": "Ban Chỉ đạo xã", "decision_number": "12/QĐ-BCĐ", "decision_date": DECIDED_ON}
    services.recognize(initiative, user=approver, **decision)

    with pytest.raises(ValidationError) as error:
        services.recognize(initiative, user=approver, **{**decision, "body": "ban chỉ đạo  xã"})
    services.recognize(initiative, user=approver, **{**decision, "level": 3, "body": "Ban Chỉ đạo huyện"})

    assert error.value.message_dict == {
        "decision_number": [
            "Quyết định công nhận này đã được ghi nhận: Cấp xã – Ban Chỉ đạo xã, quyết định 12/QĐ-BCĐ ngày 15/12/2025."
        ]
    }
    assert list(initiative.recognitions.values_list("level", flat=True)) == [2, 3]


def test_reward_refuses_a_second_reward_unless_it_is_a_correction(world):
    initiative = _recognized(world, approver := user_with_role("duyet", "approver", world.commune_a))
    recognition = initiative.recognitions.get()
    services.reward(recognition, user=approver, reward_form="Giấy khen", reward_body="UBND xã")

    with pytest.raises(ValidationError) as error:
        services.reward(recognition, user=approver, reward_form="Bằng khen", reward_body="UBND tỉnh")
    recognition.refresh_from_db()
    kept = recognition.reward_form
    services.reward(recognition, user=approver, reward_form="Bằng khen", reward_body="UBND tỉnh", correction=True)

    recognition.refresh_from_db()
    assert error.value.message_dict == {
        "recognition": [
            "Quyết định công nhận này đã có khen thưởng (Giấy khen – UBND xã, quyết định —). Nếu cần sửa thông tin "
            "khen thưởng đã ghi, chọn “Sửa khen thưởng đã ghi nhận”."
        ]
    }
    assert (kept, recognition.reward_form, recognition.reward_body) == ("Giấy khen", "Bằng khen", "UBND tỉnh")
    assert list(initiative.transitions.filter(action="reward").values_list("reason", flat=True)) == [
        "Giấy khen – UBND xã, quyết định —.",
        "Sửa khen thưởng: Bằng khen – UBND tỉnh, quyết định —. Trước đó: Giấy khen – UBND xã, quyết định —.",
    ]


def test_register_locks_the_organization_as_the_import_does(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: it runs one write at a time")

    from tests.factories.initiatives import register

    with CaptureQueriesContext(connection) as queries:
        register(world, name="Mô hình “Khóa dòng”")

    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and "orgunits_organization" in q["sql"]]
    assert locks, "register() must lock the organization before checking the name"


def test_starting_dates_the_start_today_unless_set_or_out_of_the_registration_window(world):
    fresh = InitiativeFactory(organization=world.front_a, year=timezone.localdate().year)
    dated = InitiativeFactory(organization=world.front_a, start_date=datetime.date(2025, 3, 1), year=2025)
    old = InitiativeFactory(organization=world.front_a, year=2021, registered_on=datetime.date(2021, 5, 1))

    for initiative in (fresh, dated, old):
        services.start(initiative, user=world.editor_a)
        initiative.refresh_from_db()

    assert fresh.start_date == timezone.localdate()
    assert dated.start_date == datetime.date(2025, 3, 1)  # the unit's own date stays
    assert old.start_date is None  # today is past the end of 2022: not a start date for a 2021 record
