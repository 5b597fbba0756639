"""Review-round pages: scope (404), roles and state (403), forms, scoring and the decision."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import services
from initiatives.choices import RoundStatus, Status
from initiatives.models import CriteriaSet, Criterion, ReviewRound, Score
from initiatives.tests.review_helpers import implementing, open_round, round_post, round_urls
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory, criteria_set

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


#
# Scope, login, roles
#


def test_round_pages_send_anonymous_users_to_login(world, scored_round, client):
    for name, url in round_urls(scored_round).items():
        response = client.get(url)
        assert (name, response.status_code, response.url.startswith(reverse("login"))) == (name, 302, True)
    assert client.get(reverse("initiatives:round_list")).status_code == 302


def test_round_pages_are_404_outside_scope(world, scored_round, client):
    client.force_login(world.editor_b)

    statuses = {name: client.get(url).status_code for name, url in round_urls(scored_round).items()}

    assert statuses == dict.fromkeys(statuses, 404)
    assert client.post(round_urls(scored_round)["delete"]).status_code == 404
    assert ReviewRound.objects.filter(pk=scored_round.pk).exists()


def test_viewer_is_refused_every_write_with_403(world, scored_round, client):
    urls = round_urls(scored_round)
    client.force_login(world.viewer_a)

    writes = ("edit", "delete", "decide", "entries_add", "entry_score", "entry_withdraw")
    statuses = {name: (client.get(urls[name]).status_code, client.post(urls[name]).status_code) for name in writes}

    assert statuses == dict.fromkeys(writes, (403, 403))
    assert client.get(reverse("initiatives:round_add")).status_code == 403
    assert (client.get(urls["detail"]).status_code, client.get(urls["entry_detail"]).status_code) == (200, 200)
    assert Score.objects.filter(entry__round=scored_round).count() == 10


def test_refusal_says_why(world, scored_round, client):
    client.force_login(world.editor_a)

    response = client.get(round_urls(scored_round)["decide"])

    assert response.status_code == 403
    assert "Bạn không có quyền quyết định kết quả đợt bình xét này." in response.content.decode()


#
# List
#


@pytest.mark.parametrize("count", [1, 3])
def test_round_list_shows_the_rounds_of_the_subtree(world, client, django_assert_num_queries, count):
    rounds = [open_round(world, name=f"Bình xét đợt {n}") for n in range(count)]
    open_round(world, organization=world.front_b, user=world.editor_b, name="Đợt của xã B")
    client.force_login(world.editor_a)

    # session, user, view roles with predecessor areas (one statement), count, change roles (add button), the
    # navbar's role queries (manage, add), current unit, rows: the same for 1 and 3 rounds.
    with django_assert_num_queries(9):
        response = client.get(reverse("initiatives:round_list"))

    content = response.content.decode()
    assert [r.get_absolute_url() in content for r in rounds] == [True] * count
    assert ("Đợt của xã B" in content, "Thêm mới" in content) == (False, True)


def test_round_list_shows_entry_count_status_and_hides_add_for_viewers(world, client):
    open_round(world, name="Bình xét 2025", initiatives=[implementing(world, "A"), implementing(world, "B")])
    client.force_login(world.viewer_a)

    response = client.get(reverse("initiatives:round_list"), {"status": "open"})

    rows = response.context["table"].rows
    assert [(row.get_cell_value("name"), row.get_cell_value("entry_count")) for row in rows] == [("Bình xét 2025", 2)]
    assert (str(rows[0].get_cell("year")), "2.025" in response.content.decode()) == ("2025", False)
    assert ("Đang chấm điểm" in response.content.decode(), response.context["add_url"]) == (True, None)


def test_round_list_exports_to_excel(world, client):
    open_round(world, name="Bình xét 2025", initiatives=[implementing(world, "Một")])
    open_round(world, organization=world.front_b, user=world.editor_b, name="Đợt của xã B")
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


def test_open_round_through_the_form(world, people, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_add"), round_post(world, reviewers=[people.reviewer_1.pk, world.editor_a.pk])
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

    response = client.post(reverse("initiatives:round_add"), round_post(world, organization=world.front_b.pk))

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert ReviewRound.objects.count() == 0


def test_open_round_reports_thresholds_in_the_wrong_order(world, client):
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:round_add"), round_post(world, pass_score="95", outstanding_score="80"))

    assert "Điểm tiêu biểu phải cao hơn hoặc bằng điểm công nhận." in response.content.decode()
    assert ReviewRound.objects.count() == 0


def test_open_round_reads_thresholds_as_the_score_boxes_do(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_add"), round_post(world, pass_score="72.5", outstanding_score="1.000")
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
    data = round_post(world, name="Bình xét (sửa)", reviewers=[people.reviewer_1.pk])
    data["criteria_set"] = scored_round.criteria_set_id

    response = client.post(round_urls(scored_round)["edit"], data)

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
    data = round_post(world, organization=world.front_b.pk, criteria_set=other_set.pk)
    data["reviewers"] = [people.reviewer_1.pk, people.reviewer_2.pk]

    client.post(round_urls(scored_round)["edit"], data)

    scored_round.refresh_from_db()
    assert (scored_round.organization, scored_round.criteria_set) == (world.front_a, criteria_set())


def test_decided_round_cannot_be_edited_or_deleted(world, people, scored_round, client):
    services.decide_round(scored_round, user=people.approver, decision_date=TODAY)
    client.force_login(world.editor_a)
    urls = round_urls(scored_round)

    edit, delete = client.get(urls["edit"]), client.post(urls["delete"])

    assert (edit.status_code, delete.status_code) == (403, 403)
    assert "Đợt bình xét đã có kết quả, không thể sửa." in edit.content.decode()


def test_delete_open_round_returns_its_records_to_their_previous_status(world, client):
    record = InitiativeFactory(organization=world.front_a, name="Ánh sáng", status=Status.NOT_RECOGNIZED)
    review_round = open_round(world, initiatives=[record])
    client.force_login(world.editor_a)

    page = client.get(round_urls(review_round)["delete"])
    response = client.post(round_urls(review_round)["delete"])

    record.refresh_from_db()
    assert "1 mô hình trong đợt sẽ trở lại trạng thái trước khi đưa vào bình xét." in page.content.decode()
    assert (response.status_code, response.url) == (302, reverse("initiatives:round_list"))
    assert (ReviewRound.objects.count(), record.status) == (0, Status.NOT_RECOGNIZED)
    assert list(record.transitions.values_list("action", flat=True).order_by("pk"))[-2:] == ["submit", "withdraw"]


def test_delete_is_refused_once_scored(world, scored_round, client):
    client.force_login(world.editor_a)

    page = client.get(round_urls(scored_round)["delete"])
    response = client.post(round_urls(scored_round)["delete"])

    assert "10 điểm đã chấm" in page.content.decode()
    assert response.status_code == 403
    assert "Đợt bình xét đã có điểm chấm nên không thể xóa." in response.content.decode()
    assert ReviewRound.objects.filter(pk=scored_round.pk).exists()


#
# Records before the round
#


def test_add_entries_page_offers_only_the_candidates(world, client):
    inside = implementing(world, "Đường hoa")
    InitiativeFactory(organization=world.front_a, name="Đã dừng", status=Status.STOPPED)
    implementing(world, "Xã khác", organization=world.front_b)
    already = implementing(world, "Đã có")
    review_round = open_round(world, initiatives=[already])
    client.force_login(world.province_editor)

    response = client.get(reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}))

    assert [initiative.name for initiative in response.context["page_obj"]] == [inside.name]


def test_add_entries_page_offers_only_records_the_criteria_set_scores(world, client):
    implementing(world, "Đường hoa")
    implementing(world, "Bà Mai", subject="individual", person_name="Nguyễn Thị Mai")
    collectives = open_round(world)
    individuals = open_round(world, criteria_set=criteria_set("dien_hinh_ca_nhan"))
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
    implementing(world, "Đường hoa nông thôn")
    implementing(world, "Thắp sáng đường quê")
    review_round = open_round(world)
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {"q": "thap sang"})

    assert [i.name for i in response.context["page_obj"]] == ["Thắp sáng đường quê"]


def test_add_entries_page_says_it_offers_other_years_and_filters_by_year(world, client):
    implementing(world, "Đăng ký 2024", registered_on=datetime.date(2024, 3, 1))
    implementing(world, "Đăng ký 2025", registered_on=datetime.date(2025, 3, 1))
    review_round = open_round(world, year=2025)
    url = reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk})
    client.force_login(world.editor_a)

    every_year = client.get(url)
    one_year = client.get(url, {"year": "2024"})
    unknown_year = client.get(url, {"year": "1990"})

    assert [i.name for i in every_year.context["page_obj"]] == ["Đăng ký 2024", "Đăng ký 2025"]
    assert every_year.context["years"] == [2025, 2024]
    assert "Danh sách gồm cả mô hình đăng ký những năm trước năm 2025" in every_year.content.decode()
    assert [i.name for i in one_year.context["page_obj"]] == ["Đăng ký 2024"]
    assert '<option value="2024" selected>2024</option>' in one_year.content.decode()
    assert [i.name for i in unknown_year.context["page_obj"]] == ["Đăng ký 2024", "Đăng ký 2025"]


def test_add_entries_page_leaves_out_records_registered_after_the_round_year(world, client):
    implementing(world, "Đăng ký 2025", registered_on=datetime.date(2025, 3, 1))
    later = implementing(world, "Đăng ký 2026", registered_on=datetime.date(2026, 3, 1))
    review_round = open_round(world, year=2025)
    url = reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk})
    client.force_login(world.editor_a)

    page = client.get(url)
    posted = client.post(url, {"initiatives": [later.pk]})

    assert [i.name for i in page.context["page_obj"]] == ["Đăng ký 2025"]
    assert page.context["years"] == [2025]
    assert "“Đăng ký 2026”: đăng ký năm 2026, sau năm của đợt bình xét (2025)." in posted.content.decode()
    assert review_round.entries.count() == 0


def test_round_pages_breadcrumb_names_the_list_as_the_menu_does(world, scored_round, client):
    client.force_login(world.editor_a)

    response = client.get(round_urls(scored_round)["detail"])

    assert [str(crumb["label"]) for crumb in response.context["breadcrumbs"]] == ["Đợt bình xét", scored_round.name]


def test_add_entries_puts_the_ticked_records_before_the_round(world, client):
    first, second = implementing(world, "Một"), implementing(world, "Hai")
    review_round = open_round(world)
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {"initiatives": [first.pk, second.pk]}
    )

    first.refresh_from_db()
    assert (response.status_code, response.url) == (302, review_round.get_absolute_url())
    assert sorted(review_round.entries.values_list("initiative__name", flat=True)) == ["Hai", "Một"]
    assert first.status == Status.UNDER_REVIEW


def test_add_entries_shows_why_a_record_cannot_enter_and_adds_nothing(world, client):
    good = implementing(world, "Tốt")
    stopped = InitiativeFactory(organization=world.front_a, name="Đã dừng", status=Status.STOPPED)
    review_round = open_round(world)
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {"initiatives": [good.pk, stopped.pk]}
    )

    assert response.status_code == 200
    assert "“Đã dừng”: đang ở trạng thái “Dừng thực hiện”." in response.content.decode()
    assert review_round.entries.count() == 0


def test_add_entries_without_a_choice_says_so(world, client):
    review_round = open_round(world)
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:round_entries_add", kwargs={"pk": review_round.pk}), {})

    assert "Chọn ít nhất một mô hình, điển hình." in response.content.decode()


def test_withdraw_entry_returns_the_record(world, client):
    record = implementing(world, "Rút ra")
    review_round = open_round(world, initiatives=[record])
    client.force_login(world.editor_a)

    response = client.post(round_urls(review_round)["entry_withdraw"], {"reason": "Chưa đủ hồ sơ"})

    record.refresh_from_db()
    assert (response.status_code, review_round.entries.count(), record.status) == (302, 0, Status.IMPLEMENTING)
    assert record.transitions.order_by("-pk").values_list("reason", flat=True)[0] == "Chưa đủ hồ sơ"
