"""Review-round pages: scope (404), roles and state (403), forms, scoring and the decision."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import services
from initiatives.choices import EntryResult, RoundStatus, Status
from initiatives.models import CriteriaSet, Criterion, ReviewRound, Score
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory, ReviewRoundFactory, criteria_set

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _open(world, *, reviewers=(), initiatives=(), user=None, **kwargs):
    review_round = services.open_round(
        ReviewRoundFactory.build(
            organization=kwargs.pop("organization", world.front_a), pass_score=None, outstanding_score=None, **kwargs
        ),
        user=user or world.editor_a,
        reviewers=reviewers,
    )
    if initiatives:
        services.add_entries(review_round, list(initiatives), user=user or world.editor_a)
    return review_round


def _implementing(world, name, **kwargs):
    return InitiativeFactory(
        organization=kwargs.pop("organization", world.front_a), status=Status.IMPLEMENTING, name=name, **kwargs
    )


def _score_all(entry, reviewer, value):
    services.record_scores(
        entry, reviewer=reviewer, values={c.pk: value for c in entry.round.criteria_set.criteria.all()}
    )


def _score_post(entry, value) -> dict:
    return {f"criterion_{c.pk}": value for c in entry.round.criteria_set.criteria.all()}


def _urls(review_round) -> dict[str, str]:
    entry = review_round.entries.first()
    urls = {
        name: reverse(f"initiatives:round_{name}", kwargs={"pk": review_round.pk})
        for name in ("detail", "edit", "delete", "decide", "entries_add")
    }
    for name in ("entry_detail", "entry_score", "entry_withdraw"):
        urls[name] = reverse(f"initiatives:round_{name}", kwargs={"pk": review_round.pk, "entry_pk": entry.pk})
    return urls


@pytest.fixture
def people(world):
    """Two reviewers and an approver in commune A."""

    class People:
        reviewer_1 = user_with_role("cham_1", "viewer", world.commune_a, full_name="Nguyễn Văn Một")
        reviewer_2 = user_with_role("cham_2", "viewer", world.commune_a, full_name="Trần Thị Hai")
        approver = user_with_role("duyet_a", "approver", world.commune_a, full_name="Lê Duyệt")

    return People


@pytest.fixture
def scored_round(world, people):
    """A round of commune A's Front with one record, scored by both reviewers."""
    review_round = _open(
        world, reviewers=[people.reviewer_1, people.reviewer_2], initiatives=[_implementing(world, "Đường hoa")]
    )
    entry = review_round.entries.get()
    _score_all(entry, people.reviewer_1, 8)
    _score_all(entry, people.reviewer_2, 9)
    return review_round


#
# Scope, login, roles
#


def test_round_pages_send_anonymous_users_to_login(world, scored_round, client):
    for name, url in _urls(scored_round).items():
        response = client.get(url)
        assert (name, response.status_code, response.url.startswith(reverse("login"))) == (name, 302, True)
    assert client.get(reverse("initiatives:round_list")).status_code == 302


def test_round_pages_are_404_outside_scope(world, scored_round, client):
    client.force_login(world.editor_b)

    statuses = {name: client.get(url).status_code for name, url in _urls(scored_round).items()}

    assert statuses == dict.fromkeys(statuses, 404)
    assert client.post(_urls(scored_round)["delete"]).status_code == 404
    assert ReviewRound.objects.filter(pk=scored_round.pk).exists()


def test_viewer_is_refused_every_write_with_403(world, scored_round, client):
    urls = _urls(scored_round)
    client.force_login(world.viewer_a)

    writes = ("edit", "delete", "decide", "entries_add", "entry_score", "entry_withdraw")
    statuses = {name: (client.get(urls[name]).status_code, client.post(urls[name]).status_code) for name in writes}

    assert statuses == dict.fromkeys(writes, (403, 403))
    assert client.get(reverse("initiatives:round_add")).status_code == 403
    assert (client.get(urls["detail"]).status_code, client.get(urls["entry_detail"]).status_code) == (200, 200)
    assert Score.objects.filter(entry__round=scored_round).count() == 10


def test_refusal_says_why(world, scored_round, client):
    client.force_login(world.editor_a)

    response = client.get(_urls(scored_round)["decide"])

    assert response.status_code == 403
    assert "Bạn không có quyền quyết định kết quả đợt bình xét này." in response.content.decode()


#
# List
#


@pytest.mark.parametrize("count", [1, 3])
def test_round_list_shows_the_rounds_of_the_subtree(world, client, django_assert_num_queries, count):
    rounds = [_open(world, name=f"Bình xét đợt {n}") for n in range(count)]
    _open(world, organization=world.front_b, user=world.editor_b, name="Đợt của xã B")
    client.force_login(world.editor_a)

    # session, user, view roles with predecessor areas (one statement), count, change roles (add button), the
    # navbar's role queries (manage, add), current unit, rows: the same for 1 and 3 rounds.
    with django_assert_num_queries(9):
        response = client.get(reverse("initiatives:round_list"))

    content = response.content.decode()
    assert [r.get_absolute_url() in content for r in rounds] == [True] * count
    assert ("Đợt của xã B" in content, "Thêm mới" in content) == (False, True)


def test_round_list_shows_entry_count_status_and_hides_add_for_viewers(world, client):
    _open(world, name="Bình xét 2025", initiatives=[_implementing(world, "A"), _implementing(world, "B")])
    client.force_login(world.viewer_a)

    response = client.get(reverse("initiatives:round_list"), {"status": "open"})

    rows = response.context["table"].rows
    assert [(row.get_cell_value("name"), row.get_cell_value("entry_count")) for row in rows] == [("Bình xét 2025", 2)]
    assert (str(rows[0].get_cell("year")), "2.025" in response.content.decode()) == ("2025", False)
    assert ("Đang chấm điểm" in response.content.decode(), response.context["add_url"]) == (True, None)


def test_round_list_exports_to_excel(world, client):
    _open(world, name="Bình xét 2025", initiatives=[_implementing(world, "Một")])
    _open(world, organization=world.front_b, user=world.editor_b, name="Đợt của xã B")
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:round_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = [str(value) for value in rows[0]]
    assert header[:3] == ["Tên đợt bình xét", "Cơ quan chỉ đạo", "Năm"]
    assert [(row[0], row[5], row[6]) for row in rows[1:] if row[0]] == [("Bình xét 2025", 1, "Đang chấm điểm")]


def test_round_list_empty_state(world, client):
    client.force_login(world.editor_a)

    content = client.get(reverse("initiatives:round_list")).content.decode()

    assert ("Chưa có dữ liệu." in content, "data-empty-state" in content) == (True, True)


#
# Open, edit, delete
#


def _round_post(world, **overrides) -> dict:
    data = {
        "organization": world.front_a.pk,
        "name": "Bình xét năm 2025",
        "year": "2025",
        "level": "2",
        "criteria_set": criteria_set().pk,
        "recognizing_body": "Ban Chỉ đạo xã",
        "pass_score": "72,5",
        "outstanding_score": "90",
        "reviewers": [],
    }
    data.update(overrides)
    return data


def test_open_round_through_the_form(world, people, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_add"), _round_post(world, reviewers=[people.reviewer_1.pk, world.editor_a.pk])
    )

    review_round = ReviewRound.objects.get()
    assert (response.status_code, response.url) == (302, review_round.get_absolute_url())
    assert (review_round.path, review_round.pass_score, review_round.status) == (
        world.front_a.path,
        Decimal("72.50"),
        RoundStatus.OPEN,
    )
    assert set(review_round.reviewers.all()) == {people.reviewer_1, world.editor_a}


def test_open_round_form_prefills_this_year_and_the_set_thresholds(world, client):
    client.force_login(world.editor_a)

    form = client.get(reverse("initiatives:round_add")).context["form"]

    first_set = CriteriaSet.objects.filter(is_active=True).first()
    assert (form["year"].value(), form["criteria_set"].value(), form["pass_score"].value()) == (
        TODAY.year,
        first_set.pk,
        first_set.pass_score,
    )


def test_open_round_for_an_organization_outside_change_scope_is_refused(world, client):
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:round_add"), _round_post(world, organization=world.front_b.pk))

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert ReviewRound.objects.count() == 0


def test_open_round_reports_thresholds_in_the_wrong_order(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_add"), _round_post(world, pass_score="95", outstanding_score="80")
    )

    assert "Điểm tiêu biểu phải cao hơn hoặc bằng điểm công nhận." in response.content.decode()
    assert ReviewRound.objects.count() == 0


def test_open_round_reads_thresholds_as_the_score_boxes_do(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_add"), _round_post(world, pass_score="72.5", outstanding_score="1.000")
    )

    # "72.5" could be 72,5 or 725: refused, not guessed; "1.000" is one thousand, over the maximum.
    errors = response.context["form"].errors
    assert (errors["pass_score"], errors["outstanding_score"][-1]) == (
        ["Nhập một số, ví dụ 1.000 hoặc 72,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."],
        "Giá trị phải nhỏ hơn hoặc bằng 100.",
    )
    assert ReviewRound.objects.count() == 0


def test_reviewer_choices_never_leave_the_users_scope(world, people, client):
    hamlet_viewer = user_with_role("xem_ap", "viewer", world.hamlet_a)
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:round_add"), {"organization": world.front_a.pk})
    offered = {user.username for user in response.context["form"].fields["reviewers"].queryset}

    # The province editor covers the Front too, but their role lies above the commune editor's scope;
    # the hamlet viewer cannot see the Front committee of the commune.
    assert offered == {"xa_a", "xem_a", "cham_1", "cham_2", "duyet_a"}
    assert hamlet_viewer.username not in offered
    client.force_login(world.province_editor)
    response = client.get(reverse("initiatives:round_add"), {"organization": world.front_a.pk})
    offered = {user.username for user in response.context["form"].fields["reviewers"].queryset}
    assert offered == {"tinh", "xa_a", "xem_a", "cham_1", "cham_2", "duyet_a"}


def test_choosing_another_criteria_set_redraws_thresholds_and_reviewers(world, client):
    strict = CriteriaSet.objects.create(code="nghiem", name="Bộ tiêu chí nghiêm", pass_score=80, outstanding_score=95)
    Criterion.objects.create(criteria_set=strict, name="Hiệu quả", weight=1, max_score=10)
    client.force_login(world.editor_a)

    response = client.get(
        reverse("initiatives:round_add"),
        {"organization": world.front_a.pk, "criteria_set": strict.pk, "pass_score": "70", "name": "Đợt 1"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "criteria_set"},
    )

    content = response.content.decode()
    assert (content.lstrip().startswith('<div id="round-dynamic"'), 'value="80,00"' in content) == (True, True)
    assert ("xem_a" in content, "<html" in content) == (True, False)


def test_edit_round_removing_a_reviewer_drops_their_scores(world, people, scored_round, client):
    client.force_login(world.editor_a)
    data = _round_post(world, name="Bình xét (sửa)", reviewers=[people.reviewer_1.pk])
    data["criteria_set"] = scored_round.criteria_set_id

    response = client.post(_urls(scored_round)["edit"], data)

    scored_round.refresh_from_db()
    assert (response.status_code, scored_round.name) == (302, "Bình xét (sửa)")
    assert list(scored_round.reviewers.all()) == [people.reviewer_1]
    assert set(Score.objects.filter(entry__round=scored_round).values_list("reviewer__username", flat=True)) == {
        "cham_1"
    }
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]][-1] == (
        f"Đã xóa điểm đã chấm của {people.reviewer_2.display_name} (không còn là thành viên chấm điểm)."
    )


def test_edit_keeps_the_steering_body_and_the_scored_criteria_set(world, people, scored_round, client):
    other_set = criteria_set("dien_hinh_ca_nhan")
    client.force_login(world.province_editor)
    data = _round_post(world, organization=world.front_b.pk, criteria_set=other_set.pk)
    data["reviewers"] = [people.reviewer_1.pk, people.reviewer_2.pk]

    client.post(_urls(scored_round)["edit"], data)

    scored_round.refresh_from_db()
    assert (scored_round.organization, scored_round.criteria_set) == (world.front_a, criteria_set())


def test_decided_round_cannot_be_edited_or_deleted(world, people, scored_round, client):
    services.decide_round(scored_round, user=people.approver, decision_date=TODAY)
    client.force_login(world.editor_a)
    urls = _urls(scored_round)

    edit, delete = client.get(urls["edit"]), client.post(urls["delete"])

    assert (edit.status_code, delete.status_code) == (403, 403)
    assert "Đợt bình xét đã có kết quả, không thể sửa." in edit.content.decode()


def test_delete_open_round_returns_its_records_to_their_previous_status(world, client):
    record = InitiativeFactory(organization=world.front_a, name="Ánh sáng", status=Status.NOT_RECOGNIZED)
    review_round = _open(world, initiatives=[record])
    client.force_login(world.editor_a)

    page = client.get(_urls(review_round)["delete"])
    response = client.post(_urls(review_round)["delete"])

    record.refresh_from_db()
    assert "1 mô hình trong đợt sẽ trở lại trạng thái trước khi đưa vào bình xét." in page.content.decode()
    assert (response.status_code, response.url) == (302, reverse("initiatives:round_list"))
    assert (ReviewRound.objects.count(), record.status) == (0, Status.NOT_RECOGNIZED)
    assert list(record.transitions.values_list("action", flat=True).order_by("pk"))[-2:] == ["submit", "withdraw"]


def test_delete_is_refused_once_scored(world, scored_round, client):
    client.force_login(world.editor_a)

    page = client.get(_urls(scored_round)["delete"])
    response = client.post(_urls(scored_round)["delete"])

    assert "10 điểm đã chấm" in page.content.decode()
    assert response.status_code == 403
    assert "Đợt bình xét đã có điểm chấm nên không thể xóa." in response.content.decode()
    assert ReviewRound.objects.filter(pk=scored_round.pk).exists()


#
# Records before the round
#


def test_add_entries_page_offers_only_the_candidates(world, client):
    inside = _implementing(world, "Đường hoa")
    InitiativeFactory(organization=world.front_a, name="Đã dừng", status=Status.STOPPED)
    _implementing(world, "Xã khác", organization=world.front_b)
    already = _implementing(world, "Đã có")
    review_round = _open(world, initiatives=[already])
    client.force_login(world.province_editor)

    response = client.get(reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}))

    assert [initiative.name for initiative in response.context["page_obj"]] == [inside.name]


def test_add_entries_page_offers_only_records_the_criteria_set_scores(world, client):
    _implementing(world, "Đường hoa")
    _implementing(world, "Bà Mai", subject="individual", person_name="Nguyễn Thị Mai")
    collectives = _open(world)
    individuals = _open(world, criteria_set=criteria_set("dien_hinh_ca_nhan"))
    client.force_login(world.editor_a)

    offered = {
        review_round.criteria_set.subject: [
            initiative.name
            for initiative in client.get(
                reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk})
            ).context["page_obj"]
        ]
        for review_round in (collectives, individuals)
    }

    assert offered == {"collective": ["Đường hoa"], "individual": ["Bà Mai"]}


def test_add_entries_search_ignores_diacritics(world, client):
    _implementing(world, "Đường hoa nông thôn")
    _implementing(world, "Thắp sáng đường quê")
    review_round = _open(world)
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {"q": "thap sang"})

    assert [i.name for i in response.context["page_obj"]] == ["Thắp sáng đường quê"]


def test_add_entries_page_says_it_offers_other_years_and_filters_by_year(world, client):
    _implementing(world, "Đăng ký 2024", registered_on=datetime.date(2024, 3, 1))
    _implementing(world, "Đăng ký 2025", registered_on=datetime.date(2025, 3, 1))
    review_round = _open(world, year=2025)
    url = reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk})
    client.force_login(world.editor_a)

    every_year = client.get(url)
    one_year = client.get(url, {"year": "2024"})
    unknown_year = client.get(url, {"year": "1990"})

    assert [i.name for i in every_year.context["page_obj"]] == ["Đăng ký 2024", "Đăng ký 2025"]
    assert every_year.context["years"] == [2025, 2024]
    assert "Danh sách gồm cả mô hình đăng ký ở các năm khác năm 2025" in every_year.content.decode()
    assert [i.name for i in one_year.context["page_obj"]] == ["Đăng ký 2024"]
    assert '<option value="2024" selected>2024</option>' in one_year.content.decode()
    assert [i.name for i in unknown_year.context["page_obj"]] == ["Đăng ký 2024", "Đăng ký 2025"]


def test_round_pages_breadcrumb_names_the_list_as_the_menu_does(world, scored_round, client):
    client.force_login(world.editor_a)

    response = client.get(_urls(scored_round)["detail"])

    assert [str(crumb["label"]) for crumb in response.context["breadcrumbs"]] == ["Đợt bình xét", scored_round.name]


def test_add_entries_puts_the_ticked_records_before_the_round(world, client):
    first, second = _implementing(world, "Một"), _implementing(world, "Hai")
    review_round = _open(world)
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {"initiatives": [first.pk, second.pk]}
    )

    first.refresh_from_db()
    assert (response.status_code, response.url) == (302, review_round.get_absolute_url())
    assert sorted(review_round.entries.values_list("initiative__name", flat=True)) == ["Hai", "Một"]
    assert first.status == Status.UNDER_REVIEW


def test_add_entries_shows_why_a_record_cannot_enter_and_adds_nothing(world, client):
    good = _implementing(world, "Tốt")
    stopped = InitiativeFactory(organization=world.front_a, name="Đã dừng", status=Status.STOPPED)
    review_round = _open(world)
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {"initiatives": [good.pk, stopped.pk]}
    )

    assert response.status_code == 200
    assert "“Đã dừng”: đang ở trạng thái “Dừng thực hiện”." in response.content.decode()
    assert review_round.entries.count() == 0


def test_add_entries_without_a_choice_says_so(world, client):
    review_round = _open(world)
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {})

    assert "Chọn ít nhất một mô hình, điển hình." in response.content.decode()


def test_withdraw_entry_returns_the_record(world, client):
    record = _implementing(world, "Rút ra")
    review_round = _open(world, initiatives=[record])
    client.force_login(world.editor_a)

    response = client.post(_urls(review_round)["entry_withdraw"], {"reason": "Chưa đủ hồ sơ"})

    record.refresh_from_db()
    assert (response.status_code, review_round.entries.count(), record.status) == (302, 0, Status.IMPLEMENTING)
    assert record.transitions.order_by("-pk").values_list("reason", flat=True)[0] == "Chưa đủ hồ sơ"


#
# Scoring
#


def test_score_page_is_for_the_rounds_reviewers_only(world, people, client):
    review_round = _open(world, reviewers=[people.reviewer_1], initiatives=[_implementing(world, "Một")])
    url = _urls(review_round)["entry_score"]

    client.force_login(world.editor_a)
    refused = client.get(url)
    client.force_login(people.reviewer_1)
    allowed = client.get(url)

    assert (refused.status_code, allowed.status_code) == (403, 200)
    assert "Bạn không phải thành viên chấm điểm của đợt này." in refused.content.decode()
    assert "Cách làm" in allowed.content.decode()


def test_score_form_reports_each_bad_value_in_vietnamese_and_saves_nothing(world, people, client):
    review_round = _open(world, reviewers=[people.reviewer_1], initiatives=[_implementing(world, "Một")])
    entry = review_round.entries.get()
    criteria = list(review_round.criteria_set.criteria.all())
    client.force_login(people.reviewer_1)
    data = _score_post(entry, "8")
    data.update({f"criterion_{criteria[0].pk}": "12", f"criterion_{criteria[1].pk}": "abc"})
    data.update({f"criterion_{criteria[2].pk}": "NaN", f"criterion_{criteria[3].pk}": ""})

    response = client.post(_urls(review_round)["entry_score"], data)

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
    review_round = _open(
        world, reviewers=[people.reviewer_1], initiatives=[_implementing(world, "Một"), _implementing(world, "Hai")]
    )
    first, second = review_round.entries.order_by("pk")
    criteria = list(review_round.criteria_set.criteria.all())
    client.force_login(people.reviewer_1)
    data = _score_post(first, "7,5")
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
    review_round = _open(world, reviewers=[people.reviewer_1], initiatives=[_implementing(world, "Một")])
    entry = review_round.entries.get()
    criteria = list(review_round.criteria_set.criteria.all())
    client.force_login(people.reviewer_1)
    data = _score_post(entry, "8,5")
    data.update({f"criterion_{criteria[0].pk}": "1.000", f"criterion_{criteria[1].pk}": "8.5"})
    data.update({f"criterion_{criteria[2].pk}": "7,555"})

    response = client.post(_urls(review_round)["entry_score"], data)

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
    records = [_implementing(world, name) for name in ("Tổ hợp tác nuôi hàu", "Camera an ninh", "Cánh đồng lớn")]
    review_round = _open(world, reviewers=[people.reviewer_1], initiatives=records)
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
    review_round = _open(world, reviewers=[people.reviewer_1], initiatives=[_implementing(world, "Một")])
    entry = review_round.entries.get()
    client.force_login(people.reviewer_1)

    response = client.post(_urls(review_round)["entry_score"], _score_post(entry, "9"), follow=True)

    assert response.redirect_chain == [(review_round.get_absolute_url(), 302)]
    assert "Bạn đã chấm xong tất cả mô hình của đợt bình xét." in response.content.decode()


def test_reviewer_sees_only_their_own_scores_before_the_decision(world, people, scored_round, client):
    urls = _urls(scored_round)
    client.force_login(people.reviewer_1)

    entry_page = client.get(urls["entry_detail"])
    detail = client.get(urls["detail"])

    assert [r.username for r in entry_page.context["shown_reviewers"]] == ["cham_1"]
    assert "Trần Thị Hai</th>" not in entry_page.content.decode()
    entry = detail.context["table"].data.data[0]
    assert (detail.context["table"].columns["score"].header, entry.score) == ("Điểm của bạn", Decimal("80.00"))


def test_managers_see_the_live_score_and_viewers_no_score_before_the_decision(world, scored_round, client):
    client.force_login(world.editor_a)
    managed = client.get(_urls(scored_round)["detail"]).context["table"]
    client.force_login(world.viewer_a)
    viewed = client.get(_urls(scored_round)["detail"]).context["table"]

    assert (managed.columns["score"].header, managed.data.data[0].score) == ("Điểm hiện tại", Decimal("85.00"))
    assert "score" not in [column.name for column in viewed.columns]
    assert [r.username for r in client.get(_urls(scored_round)["entry_detail"]).context["shown_reviewers"]] == []


def test_everyone_sees_every_score_after_the_decision(world, people, scored_round, client):
    services.decide_round(scored_round, user=people.approver, decision_date=TODAY)
    client.force_login(world.viewer_a)

    response = client.get(_urls(scored_round)["entry_detail"])

    assert [r.username for r in response.context["shown_reviewers"]] == ["cham_1", "cham_2"]
    assert [row["mean"] for row in response.context["score_rows"]] == [Decimal("8.5")] * 5


#
# Decision
#


def test_decide_page_lists_missing_scores_and_disables_the_submit(world, people, client):
    review_round = _open(
        world, reviewers=[people.reviewer_1, people.reviewer_2], initiatives=[_implementing(world, "Một")]
    )
    _score_all(review_round.entries.get(), people.reviewer_1, 8)
    client.force_login(people.approver)

    response = client.get(_urls(review_round)["decide"])
    refused = client.post(_urls(review_round)["decide"], {"decision_date": TODAY.strftime("%d/%m/%Y")})

    content = response.content.decode()
    assert (response.context["can_submit"], "Trần Thị Hai chưa chấm xong “Một”." in content) == (False, True)
    assert refused.context["form"].non_field_errors() == ["Trần Thị Hai chưa chấm xong “Một”."]
    review_round.refresh_from_db()
    assert review_round.status == RoundStatus.OPEN


def test_decide_needs_a_valid_date(world, people, scored_round, client):
    client.force_login(people.approver)

    response = client.post(_urls(scored_round)["decide"], {"decision_date": "31/02/2025"})

    assert response.context["form"].errors == {"decision_date": ["Nhập một ngày hợp lệ."]}


def test_decide_refuses_a_future_decision_date_and_writes_nothing(world, people, scored_round, client):
    client.force_login(people.approver)
    future = TODAY + datetime.timedelta(days=3)

    response = client.post(_urls(scored_round)["decide"], {"decision_date": future.strftime("%d/%m/%Y")})

    scored_round.refresh_from_db()
    assert response.context["form"].errors == {"decision_date": ["Ngày quyết định không được ở tương lai."]}
    assert (scored_round.status, scored_round.entries.get().result) == (RoundStatus.OPEN, EntryResult.PENDING)


def test_decide_refuses_a_future_date_when_every_entry_fails(world, people, client):
    # No entry passes, so nothing is recognized: the round itself must refuse the date.
    review_round = _open(world, reviewers=[people.reviewer_1], initiatives=[_implementing(world, "Đường hoa")])
    _score_all(review_round.entries.get(), people.reviewer_1, 1)
    client.force_login(people.approver)
    future = TODAY + datetime.timedelta(days=3)

    response = client.post(_urls(review_round)["decide"], {"decision_date": future.strftime("%d/%m/%Y")})
    accepted = client.post(_urls(review_round)["decide"], {"decision_date": TODAY.strftime("%d/%m/%Y")})

    assert response.context["form"].errors == {"decision_date": ["Ngày quyết định không được ở tương lai."]}
    review_round.refresh_from_db()
    assert (accepted.status_code, review_round.status) == (302, RoundStatus.DECIDED)
    assert review_round.entries.get().result == EntryResult.NOT_RECOGNIZED


def test_decided_round_is_read_only(world, people, scored_round, client):
    services.decide_round(scored_round, user=people.approver, decision_date=TODAY, decision_number="5-QĐ")
    urls = _urls(scored_round)
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
    good = _implementing(world, "Tốt")
    weak = InitiativeFactory(organization=world.front_a, name="Yếu", status=Status.REGISTERED)
    client.force_login(world.editor_a)
    client.post(
        reverse("initiatives:round_add"),
        _round_post(world, pass_score="70", reviewers=[people.reviewer_1.pk, people.reviewer_2.pk]),
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
            assert client.post(url, _score_post(entries[name], value)).status_code == 302
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
    records = [_implementing(world, f"Mô hình {n}") for n in range(count)]
    review_round = _open(world, reviewers=[people.reviewer_1, people.reviewer_2], initiatives=records)
    for entry in review_round.entries.all():
        _score_all(entry, people.reviewer_1, 7)
    client.force_login(world.editor_a)

    with django_assert_num_queries(16):
        response = client.get(review_round.get_absolute_url())

    assert len(response.context["table"].rows) == count
