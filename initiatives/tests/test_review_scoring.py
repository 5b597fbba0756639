"""Review-round pages: scoring and the decision (test_review_views: scope, roles, forms, entries)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.choices import EntryResult, RoundStatus, Status
from initiatives.models import ReviewRound, Score
from initiatives.tests.review_helpers import (
    implementing,
    open_round,
    round_post,
    round_urls,
    score_all,
    score_post,
)
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


#
# Scoring
#


def test_score_page_is_for_the_rounds_reviewers_only(world, people, client):
    review_round = open_round(world, reviewers=[people.reviewer_1], initiatives=[implementing(world, "Một")])
    url = round_urls(review_round)["entry_score"]

    client.force_login(world.editor_a)
    refused = client.get(url)
    client.force_login(people.reviewer_1)
    allowed = client.get(url)

    assert (refused.status_code, allowed.status_code) == (403, 200)
    assert "Bạn không phải thành viên chấm điểm của đợt này." in refused.content.decode()
    assert "Cách làm" in allowed.content.decode()


def test_score_form_reports_each_bad_value_in_vietnamese_and_saves_nothing(world, people, client):
    review_round = open_round(world, reviewers=[people.reviewer_1], initiatives=[implementing(world, "Một")])
    entry = review_round.entries.get()
    criteria = list(review_round.criteria_set.criteria.all())
    client.force_login(people.reviewer_1)
    data = score_post(entry, "8")
    data.update({f"criterion_{criteria[0].pk}": "12", f"criterion_{criteria[1].pk}": "abc"})
    data.update({f"criterion_{criteria[2].pk}": "NaN", f"criterion_{criteria[3].pk}": ""})

    response = client.post(round_urls(review_round)["entry_score"], data)

    form = response.context["form"]
    assert [form.errors.get(f"criterion_{c.pk}") for c in criteria] == [
        ["Điểm phải từ 0 đến 10."],
        ["Điểm phải là một số, ví dụ 8 hoặc 7,5 (dấu phẩy trước phần lẻ, tối đa 2 chữ số lẻ)."],
        ["Điểm phải là một số, ví dụ 8 hoặc 7,5 (dấu phẩy trước phần lẻ, tối đa 2 chữ số lẻ)."],
        ["Chưa nhập điểm cho tiêu chí này."],
        None,
    ]
    assert Score.objects.count() == 0


def test_score_accepts_a_decimal_comma_and_moves_to_the_next_entry(world, people, client):
    review_round = open_round(
        world, reviewers=[people.reviewer_1], initiatives=[implementing(world, "Một"), implementing(world, "Hai")]
    )
    first, second = review_round.entries.order_by("pk")
    criteria = list(review_round.criteria_set.criteria.all())
    client.force_login(people.reviewer_1)
    data = score_post(first, "7,5")
    data[f"criterion_{criteria[0].pk}"] = "8,25"

    response = client.post(
        reverse("initiatives:round_entry_score", kwargs={"pk": review_round.pk, "entry_pk": first.pk}), data
    )

    assert response.url == reverse(
        "initiatives:round_entry_score", kwargs={"pk": review_round.pk, "entry_pk": second.pk}
    )
    assert list(first.scores.order_by("criterion__sort_order").values_list("value", flat=True)) == [
        Decimal("8.25"),
        *[Decimal("7.50")] * 4,
    ]
    again = client.get(reverse("initiatives:round_entry_score", kwargs={"pk": review_round.pk, "entry_pk": first.pk}))
    assert again.context["form"][f"criterion_{criteria[1].pk}"].value() == "7,5"


def test_score_reads_numbers_the_vietnamese_way_a_dot_groups_thousands(world, people, client):
    review_round = open_round(world, reviewers=[people.reviewer_1], initiatives=[implementing(world, "Một")])
    entry = review_round.entries.get()
    criteria = list(review_round.criteria_set.criteria.all())
    client.force_login(people.reviewer_1)
    data = score_post(entry, "8,5")
    data.update({f"criterion_{criteria[0].pk}": "1.000", f"criterion_{criteria[1].pk}": "8.5"})
    data.update({f"criterion_{criteria[2].pk}": "7,555"})

    response = client.post(round_urls(review_round)["entry_score"], data)

    form = response.context["form"]
    bad_number = "Điểm phải là một số, ví dụ 8 hoặc 7,5 (dấu phẩy trước phần lẻ, tối đa 2 chữ số lẻ)."
    assert [form.errors.get(f"criterion_{c.pk}") for c in criteria] == [
        ["Điểm phải từ 0 đến 10."],
        [bad_number],
        [bad_number],
        None,
        None,
    ]
    assert form.cleaned_data[f"criterion_{criteria[3].pk}"] == Decimal("8.5")
    assert Score.objects.count() == 0


def test_score_page_steps_through_the_entries_in_the_order_of_the_round_table(world, people, client):
    records = [implementing(world, name) for name in ("Tổ hợp tác nuôi hàu", "Camera an ninh", "Cánh đồng lớn")]
    review_round = open_round(world, reviewers=[people.reviewer_1], initiatives=records)
    client.force_login(people.reviewer_1)
    table = client.get(review_round.get_absolute_url()).context["table"]
    rows = [row.record for row in table.paginated_rows]

    pages = [
        client.get(reverse("initiatives:round_entry_score", kwargs={"pk": review_round.pk, "entry_pk": entry.pk}))
        for entry in rows
    ]

    assert [entry.initiative.name for entry in rows] == ["Camera an ninh", "Cánh đồng lớn", "Tổ hợp tác nuôi hàu"]
    assert [(page.context["position"], page.context["following_entry"]) for page in pages] == [
        (1, rows[1]),
        (2, rows[2]),
        (3, None),
    ]


def test_last_score_returns_to_the_round(world, people, client):
    review_round = open_round(world, reviewers=[people.reviewer_1], initiatives=[implementing(world, "Một")])
    entry = review_round.entries.get()
    client.force_login(people.reviewer_1)

    response = client.post(round_urls(review_round)["entry_score"], score_post(entry, "9"), follow=True)

    content = response.content.decode()
    assert response.redirect_chain == [(review_round.get_absolute_url(), 302)]
    assert content.count("Bạn đã chấm xong tất cả mô hình của đợt bình xét.") == 1  # said once, not twice
    # A reviewer who may not decide is told who does.
    assert 'id="round-who-decides"' in content and review_round.organization.name in content


def test_reviewer_sees_only_their_own_scores_before_the_decision(world, people, scored_round, client):
    urls = round_urls(scored_round)
    client.force_login(people.reviewer_1)

    entry_page = client.get(urls["entry_detail"])
    detail = client.get(urls["detail"])

    assert [r.username for r in entry_page.context["shown_reviewers"]] == ["cham_1"]
    assert "Trần Thị Hai</th>" not in entry_page.content.decode()
    entry = detail.context["table"].data.data[0]
    assert (detail.context["table"].columns["score"].header, entry.score) == ("Điểm của bạn", Decimal("80.00"))


def test_managers_see_the_live_score_and_viewers_no_score_before_the_decision(world, scored_round, client):
    client.force_login(world.editor_a)
    managed = client.get(round_urls(scored_round)["detail"]).context["table"]
    client.force_login(world.viewer_a)
    viewed = client.get(round_urls(scored_round)["detail"]).context["table"]

    assert (managed.columns["score"].header, managed.data.data[0].score) == ("Điểm hiện tại", Decimal("85.00"))
    assert "score" not in [column.name for column in viewed.columns]
    assert [r.username for r in client.get(round_urls(scored_round)["entry_detail"]).context["shown_reviewers"]] == []


def test_everyone_sees_every_score_after_the_decision(world, people, scored_round, client):
    services.decide_round(scored_round, user=people.approver, decision_date=TODAY)
    client.force_login(world.viewer_a)

    response = client.get(round_urls(scored_round)["entry_detail"])

    assert [r.username for r in response.context["shown_reviewers"]] == ["cham_1", "cham_2"]
    assert [row["mean"] for row in response.context["score_rows"]] == [Decimal("8.5")] * 5


#
# Decision
#


def test_decide_page_lists_missing_scores_and_disables_the_submit(world, people, client):
    review_round = open_round(
        world, reviewers=[people.reviewer_1, people.reviewer_2], initiatives=[implementing(world, "Một")]
    )
    score_all(review_round.entries.get(), people.reviewer_1, 8)
    client.force_login(people.approver)

    response = client.get(round_urls(review_round)["decide"])
    refused = client.post(round_urls(review_round)["decide"], {"decision_date": TODAY.strftime("%d/%m/%Y")})

    content = response.content.decode()
    assert (response.context["can_submit"], "Trần Thị Hai chưa chấm xong “Một”." in content) == (False, True)
    assert refused.context["form"].non_field_errors() == ["Trần Thị Hai chưa chấm xong “Một”."]
    review_round.refresh_from_db()
    assert review_round.status == RoundStatus.OPEN


def test_decide_needs_a_valid_date(world, people, scored_round, client):
    client.force_login(people.approver)

    response = client.post(round_urls(scored_round)["decide"], {"decision_date": "31/02/2025"})

    assert response.context["form"].errors == {"decision_date": ["Nhập một ngày hợp lệ."]}


def test_decide_refuses_a_future_decision_date_and_writes_nothing(world, people, scored_round, client):
    client.force_login(people.approver)
    future = TODAY + datetime.timedelta(days=3)

    response = client.post(round_urls(scored_round)["decide"], {"decision_date": future.strftime("%d/%m/%Y")})

    scored_round.refresh_from_db()
    assert response.context["form"].errors == {"decision_date": ["Ngày quyết định không được ở tương lai."]}
    assert (scored_round.status, scored_round.entries.get().result) == (RoundStatus.OPEN, EntryResult.PENDING)


def test_decide_refuses_a_future_date_when_every_entry_fails(world, people, client):
    # No entry passes, so nothing is recognized: the round itself must refuse the date.
    review_round = open_round(world, reviewers=[people.reviewer_1], initiatives=[implementing(world, "Đường hoa")])
    score_all(review_round.entries.get(), people.reviewer_1, 1)
    client.force_login(people.approver)
    future = TODAY + datetime.timedelta(days=3)

    response = client.post(round_urls(review_round)["decide"], {"decision_date": future.strftime("%d/%m/%Y")})
    accepted = client.post(round_urls(review_round)["decide"], {"decision_date": TODAY.strftime("%d/%m/%Y")})

    assert response.context["form"].errors == {"decision_date": ["Ngày quyết định không được ở tương lai."]}
    review_round.refresh_from_db()
    assert (accepted.status_code, review_round.status) == (302, RoundStatus.DECIDED)
    assert review_round.entries.get().result == EntryResult.NOT_RECOGNIZED


def test_decided_round_is_read_only(world, people, scored_round, client):
    services.decide_round(scored_round, user=people.approver, decision_date=TODAY, decision_number="5-QĐ")
    urls = round_urls(scored_round)
    client.force_login(people.reviewer_1)

    score = client.get(urls["entry_score"])
    client.force_login(world.admin)
    detail = client.get(urls["detail"])

    assert score.status_code == 403
    assert "Đợt bình xét đã có kết quả, không chấm điểm được nữa." in score.content.decode()
    flags = [detail.context[name] for name in ("can_manage", "can_delete", "can_score", "can_decide")]
    assert flags == [False, False, False, False]
    assert "quyết định số 5-QĐ" in detail.content.decode()
    assert client.get(urls["decide"]).status_code == 403


def test_whole_flow_open_add_score_decide(world, people, client):
    good = implementing(world, "Tốt")
    weak = InitiativeFactory(organization=world.front_a, name="Yếu", status=Status.REGISTERED)
    client.force_login(world.editor_a)
    client.post(
        reverse("initiatives:round_add"),
        round_post(world, pass_score="70", reviewers=[people.reviewer_1.pk, people.reviewer_2.pk]),
    )
    review_round = ReviewRound.objects.get()
    client.post(
        reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {"initiatives": [good.pk, weak.pk]}
    )
    entries = {entry.initiative.name: entry for entry in review_round.entries.all()}
    for reviewer, values in ((people.reviewer_1, ("9", "5")), (people.reviewer_2, ("9,5", "6"))):
        client.force_login(reviewer)
        for name, value in zip(("Tốt", "Yếu"), values, strict=True):
            url = reverse("initiatives:round_entry_score", kwargs={"pk": review_round.pk, "entry_pk": entries[name].pk})
            assert client.post(url, score_post(entries[name], value)).status_code == 302
    client.force_login(people.approver)

    response = client.post(
        reverse("initiatives:round_decide", kwargs={"pk": review_round.pk}),
        {"decision_number": "12-QĐ/BCĐ", "decision_date": TODAY.strftime("%d/%m/%Y")},
    )

    review_round.refresh_from_db()
    good.refresh_from_db()
    weak.refresh_from_db()
    assert (response.status_code, review_round.status, review_round.decision_number) == (
        302,
        RoundStatus.DECIDED,
        "12-QĐ/BCĐ",
    )
    results = {e.initiative.name: (e.total_score, e.result) for e in review_round.entries.all()}
    assert results == {
        "Tốt": (Decimal("92.50"), EntryResult.OUTSTANDING),
        "Yếu": (Decimal("55.00"), EntryResult.NOT_RECOGNIZED),
    }
    assert (good.status, good.is_outstanding, weak.status) == (Status.RECOGNIZED, True, Status.NOT_RECOGNIZED)
    recognition = good.recognitions.get()
    assert (recognition.level, recognition.body, recognition.decision_number, recognition.decision_date) == (
        2,
        "Ban Chỉ đạo xã",
        "12-QĐ/BCĐ",
        TODAY,
    )
    detail = client.get(review_round.get_absolute_url()).content.decode()
    assert ("Công nhận, tiêu biểu" in detail, "Không công nhận" in detail) == (True, True)


def test_steering_body_autocomplete_offers_only_changeable_organizations(world, client):
    client.force_login(world.editor_a)

    content = client.get(reverse("initiatives:round_organization_autocomplete"), {"organization__search": "mat tran"})

    assert (
        world.front_a.name in content.content.decode(),
        f'value="{world.front_b.pk}"' in content.content.decode(),
    ) == (
        True,
        False,
    )
    client.force_login(world.viewer_a)
    assert world.front_a.name not in client.get(reverse("initiatives:round_organization_autocomplete")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_round_detail_queries_do_not_grow_with_entries(world, people, client, django_assert_num_queries, count):
    records = [implementing(world, f"Mô hình {n}") for n in range(count)]
    review_round = open_round(world, reviewers=[people.reviewer_1, people.reviewer_2], initiatives=records)
    for entry in review_round.entries.all():
        score_all(entry, people.reviewer_1, 7)
    client.force_login(world.editor_a)

    with django_assert_num_queries(16):
        response = client.get(review_round.get_absolute_url())

    assert len(response.context["table"].rows) == count
