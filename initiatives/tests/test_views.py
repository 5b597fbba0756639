"""Record pages: list, detail, register, replicate, edit, delete (permissions, validation, services)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from initiatives import services
from initiatives.choices import RecognitionLevel, Status, TransitionAction
from initiatives.models import Initiative, ResultValue, Stage, Transition
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import field, metric, register
from tests.factories.orgunits import organization

pytestmark = pytest.mark.django_db


def form_data(world, results=(), **overrides):
    data = {
        "kind": "model",
        "subject": "collective",
        "name": "Mô hình “Đường hoa nông thôn”",
        "organization": world.front_a.pk,
        "area": world.hamlet_a.pk,
        "field": field().pk,
        "year": "2025",
        "stage": "",
        "registered_on": "01/03/2025",
        "start_date": "",
        "person_name": "",
        "contact_name": "Nguyễn Văn An",
        "contact_phone": "0909000111",
        "goals": "Làm sáng đường quê",
        "method": "Vận động nhân dân góp công",
        "forces": "Đoàn viên, hội viên",
        "results-TOTAL_FORMS": "3",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "50",
    }
    for index, (metric_code, value, note) in enumerate(results):
        data[f"results-{index}-metric"] = metric(metric_code).pk if metric_code else ""
        data[f"results-{index}-value"] = value
        data[f"results-{index}-note"] = note
    data.update(overrides)
    return data


#
# List
#


def test_initiative_list_needs_login(client):
    response = client.get(reverse("initiatives:initiative_list"))

    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_initiative_list_shows_the_subtree_and_searches_without_diacritics(world, client):
    mine = register(world, name="Mô hình “Thắp sáng đường quê”")
    other = register(
        world, name="Mô hình “Đường hoa”", organization=world.front_b, area=world.hamlet_b, user=world.editor_b
    )
    client.force_login(world.editor_a)

    page = client.get(reverse("initiatives:initiative_list")).content.decode()
    found = client.get(reverse("initiatives:initiative_list"), {"q": "thap sang duong que"}).content.decode()
    missing = client.get(reverse("initiatives:initiative_list"), {"q": "duong hoa"}).content.decode()

    assert (mine.get_absolute_url() in page, other.get_absolute_url() in page) == (True, False)
    assert mine.get_absolute_url() in found
    assert (mine.get_absolute_url() in missing, "Không có mô hình, điển hình nào phù hợp với bộ lọc." in missing) == (
        False,
        True,
    )


def test_initiative_list_filters_by_status_field_and_area(world, client):
    started = register(world, name="Mô hình đã triển khai")
    services.start(started, user=world.editor_a)
    waiting = register(world, name="Mô hình chờ", field=field("van_hoa_xa_hoi"))
    in_b = register(world, name="Mô hình xã B", organization=world.front_b, area=world.hamlet_b, user=world.editor_b)
    client.force_login(world.province_editor)
    url = reverse("initiatives:initiative_list")

    by_status = client.get(url, {"status": "implementing"}).content.decode()
    by_field = client.get(url, {"field": field("van_hoa_xa_hoi").pk}).content.decode()
    by_area = client.get(url, {"within": world.commune_b.pk}).content.decode()

    assert [i.get_absolute_url() in by_status for i in (started, waiting, in_b)] == [True, False, False]
    assert [i.get_absolute_url() in by_field for i in (started, waiting, in_b)] == [False, True, False]
    assert [i.get_absolute_url() in by_area for i in (started, waiting, in_b)] == [False, False, True]


def test_initiative_list_stage_filter_counts_a_record_without_a_stage_by_its_year(world, client):
    stage_2021 = Stage.objects.get(code="2021-2025")
    tagged = register(world, name="Có giai đoạn", stage=stage_2021)
    untagged = register(world, name="Không ghi giai đoạn")
    later = register(world, name="Năm 2026", year=2026)
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:initiative_list"), {"stage": stage_2021.pk})

    assert sorted(row.record.name for row in response.context["table"].rows) == sorted([tagged.name, untagged.name])
    assert later.stage is None


def test_initiative_list_exports_the_filtered_rows_to_excel(world, client):
    register(world, name="Mô hình “Thắp sáng đường quê”")
    register(world, name="Mô hình “Đường hoa”", field=field("van_hoa_xa_hoi"))
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:initiative_list"), {"field": field().pk, "export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tên mô hình, điển hình", "Loại", "Đơn vị đăng ký", "Địa bàn")
    assert [(r[0], r[1], r[6]) for r in rows[1:]] == [
        ("Mô hình “Thắp sáng đường quê”", "Mô hình (tập thể)", "Đã đăng ký")
    ]


def test_initiative_list_export_carries_the_outstanding_mark_and_the_dates_as_excel_dates(world, client):
    plain = register(world, name="Mô hình “Đường hoa”", registered_on=datetime.date(2025, 2, 3))
    starred = register(world, name="Mô hình “Thắp sáng đường quê”", registered_on=datetime.date(2025, 3, 1))
    services.start(starred, user=world.editor_a)
    services.recognize(
        starred,
        user=user_with_role("duyet_a", "approver", world.commune_a),
        level=RecognitionLevel.COMMUNE,
        body="Ban Chỉ đạo xã",
        decision_date=datetime.date(2025, 6, 10),
        is_outstanding=True,
    )
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:initiative_list"), {"export": "xlsx", "sort": "name"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-4:] == ("Hiệu quả", "Tiêu biểu", "Ngày đăng ký", "Ngày quyết định công nhận")
    assert [(r[0], r[6], *r[-3:]) for r in rows[1:]] == [
        (plain.name, "Đã đăng ký", "Không", datetime.datetime(2025, 2, 3), None),
        (starred.name, "Đã công nhận", "Có", datetime.datetime(2025, 3, 1), datetime.datetime(2025, 6, 10)),
    ]
    assert (sheet["K2"].number_format, sheet["L3"].number_format) == ("DD/MM/YYYY", "DD/MM/YYYY")


def test_initiative_list_offers_registration_only_to_those_who_may_add(world, client):
    client.force_login(world.viewer_a)
    as_viewer = client.get(reverse("initiatives:initiative_list")).content.decode()
    client.force_login(world.editor_a)
    as_editor = client.get(reverse("initiatives:initiative_list")).content.decode()

    add_url = reverse("initiatives:initiative_add")
    assert (add_url in as_viewer, add_url in as_editor) == (False, True)
    assert "Chưa có mô hình, điển hình nào được đăng ký." in as_editor


@pytest.mark.parametrize("count", [1, 3])
def test_initiative_list_query_count_is_constant(world, client, django_assert_num_queries, count):
    for index in range(count):
        register(world, name=f"Mô hình số {index}")
    client.force_login(world.editor_a)
    client.get(reverse("initiatives:initiative_list"))  # warm the session and content types

    # Session, user; scope prefixes for view (with the areas it was formed from, one statement),
    # add (the button) and manage (the menu); the menu's unit; count and rows; the filters'
    # choices (visible areas, fields, organization kinds, stages). None of them depends on the rows.
    with django_assert_num_queries(12):
        response = client.get(reverse("initiatives:initiative_list"))

    assert response.context["result_count"] == count


#
# Detail
#


def test_initiative_detail_shows_results_timeline_and_allowed_actions(world, client):
    initiative = register(
        world,
        results=[(metric("duong_giao_thong"), Decimal("10700"), "bê tông"), (metric("ngay_cong"), Decimal("1.5"), "")],
    )
    client.force_login(world.editor_a)

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "10.700 m" in content
    assert "1,5 ngày công" in content
    assert "Đăng ký" in content and "(→ Đã đăng ký)" in content
    urls = [reverse(f"initiatives:initiative_{a}", kwargs={"pk": initiative.pk}) for a in ("edit", "start", "delete")]
    assert [url in content for url in urls] == [True, True, True]
    refused = [reverse(f"initiatives:initiative_{a}", kwargs={"pk": initiative.pk}) for a in ("recognize", "resume")]
    assert [url in content for url in refused] == [False, False]


def test_initiative_detail_for_a_viewer_has_no_action_buttons(world, client):
    initiative = register(world)
    client.force_login(world.viewer_a)

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk}) not in content
    assert reverse("initiatives:initiative_start", kwargs={"pk": initiative.pk}) not in content
    assert reverse("initiatives:attachment_add", kwargs={"pk": initiative.pk}) not in content


def test_initiative_detail_shows_replicas_with_links_only_when_visible(world, client):
    source = register(world, name="Mô hình gốc")
    services.start(source, user=world.editor_a)
    replica = services.replicate(
        source,
        Initiative(
            organization=world.front_b,
            area=world.hamlet_b,
            name="Mô hình nhân rộng",
            field=field(),
            year=2025,
            registered_on=datetime.date(2025, 4, 1),
        ),
        user=world.editor_b,
    )
    client.force_login(world.editor_a)

    content = client.get(source.get_absolute_url()).content.decode()
    client.force_login(world.province_editor)
    as_province = client.get(source.get_absolute_url()).content.decode()
    on_replica = client.get(replica.get_absolute_url()).content.decode()

    assert ("Mô hình nhân rộng" in content, replica.get_absolute_url() in content) == (True, False)
    assert replica.get_absolute_url() in as_province
    assert "Được nhân rộng" in as_province
    assert source.get_absolute_url() in on_replica


#
# Register
#


def test_initiative_register_goes_through_the_service_with_results(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:initiative_add"),
        form_data(world, results=[("duong_giao_thong", "10.700", "bê tông"), ("kinh_phi_van_dong", "70.000.000", "")]),
    )

    initiative = Initiative.objects.get(name="Mô hình “Đường hoa nông thôn”")
    assert (response.status_code, response.url) == (302, initiative.get_absolute_url())
    assert (initiative.status, initiative.created_by, initiative.path) == (
        Status.REGISTERED,
        world.editor_a,
        world.front_a.path,
    )
    assert list(initiative.transitions.values_list("action", flat=True)) == [TransitionAction.REGISTER]
    assert sorted((r.metric.code, r.value, r.note) for r in initiative.resultvalues.all()) == [
        ("duong_giao_thong", Decimal("10700.00"), "bê tông"),
        ("kinh_phi_van_dong", Decimal("70000000.00"), ""),
    ]


def test_initiative_register_without_area_runs_in_the_owner_area(world, client):
    client.force_login(world.editor_a)

    client.post(reverse("initiatives:initiative_add"), form_data(world, area=""))

    assert Initiative.objects.get().area == world.front_a.area


def test_initiative_register_reports_vietnamese_errors_and_saves_nothing(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:initiative_add"),
        form_data(
            world,
            name="",
            results=[("duong_giao_thong", "10", ""), ("duong_giao_thong", "20", ""), ("", "5", "")],
        ),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in content
    assert "Chọn loại kết quả." in content
    assert Initiative.objects.count() == 0


def test_initiative_register_refuses_impossible_registration_dates_on_the_field(world, client):
    client.force_login(world.editor_a)
    today = timezone.localdate()
    url = reverse("initiatives:initiative_add")

    future = client.post(url, form_data(world, year=str(today.year), registered_on=f"31/12/{today.year + 4}"))
    before = client.post(url, form_data(world, year=str(today.year), registered_on=f"15/03/{today.year - 2}"))
    next_year = client.post(url, form_data(world, year=str(today.year + 1), registered_on=f"{today:%d/%m/%Y}"))

    assert [response.status_code for response in (future, before, next_year)] == [200, 200, 200]
    assert future.context["form"].errors == {
        "registered_on": [f"Ngày đăng ký không được sau ngày hôm nay ({today:%d/%m/%Y})."]
    }
    assert before.context["form"].errors == {
        "registered_on": [f"Ngày đăng ký (15/03/{today.year - 2}) phải thuộc năm đăng ký {today.year}."]
    }
    assert next_year.context["form"].errors == {"year": [f"Năm đăng ký không được sau năm nay ({today.year})."]}
    assert "phải thuộc năm đăng ký" in before.content.decode()
    assert Initiative.objects.count() == 0


def test_initiative_register_checks_the_contact_phone(world, client):
    client.force_login(world.editor_a)
    url = reverse("initiatives:initiative_add")

    text = client.post(url, form_data(world, contact_phone="abc xyz"))
    landline = client.post(url, form_data(world, name="Mô hình có số cố định", contact_phone="(0254) 3.123.456"))

    assert text.status_code == 200
    assert list(text.context["form"].errors) == ["contact_phone"]
    assert text.context["form"].errors["contact_phone"][0].startswith("Số điện thoại không hợp lệ.")
    assert landline.status_code == 302
    assert list(Initiative.objects.values_list("contact_phone", flat=True)) == ["(0254) 3.123.456"]


def test_initiative_register_refuses_a_duplicate_metric(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:initiative_add"),
        form_data(world, results=[("duong_giao_thong", "10", ""), ("duong_giao_thong", "20", "")]),
    )

    assert response.status_code == 200
    assert "Loại kết quả “Đường giao thông làm mới, nâng cấp” được nhập hai lần." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_initiative_register_for_an_organization_outside_scope_is_refused(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:initiative_add"), form_data(world, organization=world.front_b.pk, area=world.hamlet_b.pk)
    )

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_initiative_register_in_an_area_outside_the_organization_is_an_error(world, client):
    client.force_login(world.province_editor)

    response = client.post(reverse("initiatives:initiative_add"), form_data(world, area=world.hamlet_b.pk))

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_initiative_register_page_is_refused_to_a_viewer(world, client):
    client.force_login(world.viewer_a)

    response = client.get(reverse("initiatives:initiative_add"))

    assert response.status_code == 403
    assert "Bạn không có quyền đăng ký mô hình cho đơn vị nào." in response.content.decode()


def test_initiative_register_page_preselects_the_only_organization(world, client):
    member = user_with_role("doan_xa", "editor", world.front_a)
    client.force_login(member)

    form = client.get(reverse("initiatives:initiative_add")).context["form"]

    assert form.initial["organization"] == world.front_a.pk


def test_organization_picker_offers_only_organizations_where_the_user_may_add(world, client):
    farmers = organization(world.commune_a, "hoi_nong_dan", name="Hội Nông dân xã Long Điền")
    client.force_login(world.editor_a)

    content = client.get(reverse("initiatives:organization_autocomplete"), {"organization__search": "hoi nong"})
    every = client.get(reverse("initiatives:organization_autocomplete")).content.decode()

    assert f'value="{farmers.pk}"' in content.content.decode()
    assert (f'value="{world.front_a.pk}"' in every, f'value="{world.front_b.pk}"' in every) == (True, False)


def test_area_picker_offers_the_places_beneath_the_organization(world, client):
    client.force_login(world.province_editor)

    content = client.get(reverse("initiatives:area_autocomplete"), {"organization": world.front_a.pk}).content.decode()

    assert (f'value="{world.hamlet_a.pk}"' in content, f'value="{world.hamlet_b.pk}"' in content) == (True, False)


def test_area_picker_keeps_the_chosen_area_when_it_lies_beneath_the_new_organization(world, client):
    # Changing the owner refreshes the area's options with the chosen area sent along.
    client.force_login(world.province_editor)
    url = reverse("initiatives:area_autocomplete")

    kept = client.get(url, {"organization": world.front_a.pk, "area": world.hamlet_a.pk}).content.decode()
    dropped = client.get(url, {"organization": world.front_b.pk, "area": world.hamlet_a.pk}).content.decode()

    assert f'<option value="{world.hamlet_a.pk}" selected>' in kept
    assert kept.count(f'value="{world.hamlet_a.pk}"') == 1
    assert f'value="{world.hamlet_a.pk}"' not in dropped and " selected" not in dropped


#
# Edit
#


def test_initiative_edit_saves_fields_and_replaces_results(world, client):
    initiative = register(world, results=[(metric("duong_giao_thong"), Decimal("100"), "")])
    client.force_login(world.editor_a)
    data = form_data(
        world,
        name="Mô hình “Thắp sáng đường quê” (mở rộng)",
        results=[("den_chieu_sang", "270", "")],
        **{"results-INITIAL_FORMS": "0"},
    )

    response = client.post(reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk}), data)

    initiative.refresh_from_db()
    assert (response.status_code, initiative.name) == (302, "Mô hình “Thắp sáng đường quê” (mở rộng)")
    assert [(r.metric.code, r.value) for r in initiative.resultvalues.all()] == [("den_chieu_sang", Decimal("270"))]
    assert list(Initiative.objects.search("mo rong")) == [initiative]


def test_initiative_edit_form_shows_counts_without_decimals(world, client):
    initiative = register(
        world,
        results=[(metric("ho_duoc_ho_tro"), Decimal("1200"), ""), (metric("duong_giao_thong"), Decimal("10700.5"), "")],
    )
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk}))

    formset = response.context["formset"]
    shown = {
        form.initial["metric"].code: form.fields["value"].widget.format_value(form["value"].value())
        for form in formset.initial_forms
    }
    assert shown == {"ho_duoc_ho_tro": "1.200", "duong_giao_thong": "10.700,50"}
    assert 'value="1.200"' in response.content.decode()


def test_initiative_edit_is_refused_to_a_viewer_and_hidden_outside_scope(world, client):
    initiative = register(world)
    url = reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk})

    client.force_login(world.viewer_a)
    as_viewer = client.get(url)
    client.force_login(world.editor_b)
    as_outsider = client.get(url)

    assert (as_viewer.status_code, as_outsider.status_code) == (403, 404)
    assert "Bạn không có quyền thực hiện thao tác này." in as_viewer.content.decode()


def test_initiative_edit_is_refused_while_under_review(world, client):
    initiative = register(world)
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.UNDER_REVIEW)
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk}), form_data(world))

    assert response.status_code == 403
    assert "đang ở trạng thái “Đang bình xét”" in response.content.decode()
    assert Initiative.objects.get().name == "Mô hình “Thắp sáng đường quê”"


#
# Replicate
#


def test_initiative_replicate_prefills_from_the_source_and_links_the_replica(world, client):
    source = register(world, name="Mô hình gốc", goals="Mục tiêu gốc")
    services.start(source, user=world.editor_a)
    client.force_login(world.editor_b)
    url = reverse("initiatives:initiative_replicate", kwargs={"pk": source.pk})
    Initiative.objects.filter(pk=source.pk).update(recognition_level=2)  # recognized: visible for replication

    form = client.get(url).context["form"]
    response = client.post(
        url, form_data(world, name="Mô hình gốc tại xã B", organization=world.front_b.pk, area=world.hamlet_b.pk)
    )

    replica = Initiative.objects.get(name="Mô hình gốc tại xã B")
    assert (form.initial["name"], form.initial["goals"]) == ("Mô hình gốc", "Mục tiêu gốc")
    assert (response.status_code, replica.replicated_from, replica.organization) == (302, source, world.front_b)
    assert list(source.transitions.values_list("action", flat=True)) == ["register", "start", "replicated"]


def test_initiative_replicate_of_an_invisible_unrecognized_record_is_404(world, client):
    source = register(world)
    services.start(source, user=world.editor_a)
    client.force_login(world.editor_b)

    response = client.get(reverse("initiatives:initiative_replicate", kwargs={"pk": source.pk}))

    assert response.status_code == 404


def test_initiative_replicate_of_a_registered_record_is_refused(world, client):
    source = register(world)
    client.force_login(world.province_editor)

    response = client.get(reverse("initiatives:initiative_replicate", kwargs={"pk": source.pk}))

    assert response.status_code == 403
    assert "Chỉ nhân rộng được mô hình đang triển khai hoặc đã được công nhận." in response.content.decode()


def test_initiative_replicate_by_the_same_organization_is_an_error(world, client):
    source = register(world)
    services.start(source, user=world.editor_a)
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:initiative_replicate", kwargs={"pk": source.pk}), form_data(world))

    assert response.status_code == 200
    assert Initiative.objects.count() == 1


#
# Delete
#


def test_initiative_delete_removes_a_registered_record(world, client):
    initiative = register(world)
    client.force_login(world.editor_a)
    url = reverse("initiatives:initiative_delete", kwargs={"pk": initiative.pk})

    confirm = client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "Bạn có chắc chắn muốn xóa mô hình" in confirm
    assert response.redirect_chain == [(reverse("initiatives:initiative_list"), 302)]
    assert (Initiative.objects.count(), Transition.objects.count(), ResultValue.objects.count()) == (0, 0, 0)


def test_initiative_delete_is_refused_once_started(world, client):
    initiative = register(world)
    services.start(initiative, user=world.editor_a)
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:initiative_delete", kwargs={"pk": initiative.pk}))

    assert response.status_code == 403
    assert "đang ở trạng thái “Đang triển khai”" in response.content.decode()
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_initiative_delete_by_a_viewer_is_refused(world, client):
    initiative = register(world)
    client.force_login(world.viewer_a)

    response = client.post(reverse("initiatives:initiative_delete", kwargs={"pk": initiative.pk}))

    assert response.status_code == 403
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_initiative_pages_show_dates_the_vietnamese_way(world, client):
    initiative = register(world, registered_on=datetime.date(2025, 3, 1))
    client.force_login(world.editor_a)

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "01/03/2025" in content


def test_initiative_delete_removes_its_attachment_files(
    world, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    initiative = register(world)
    client.force_login(world.editor_a)
    client.post(
        reverse("initiatives:attachment_add", kwargs={"pk": initiative.pk}),
        {"file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n")},
    )
    stored = tmp_path / initiative.attachments.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatives:initiative_delete", kwargs={"pk": initiative.pk}))

    assert (Initiative.objects.count(), stored.exists()) == (0, False)


def test_initiative_list_shows_the_year_without_a_thousands_separator(world, client):
    register(world, year=2025)
    client.force_login(world.editor_a)

    response = client.get(reverse("initiatives:initiative_list"))

    assert [row.get_cell("year") for row in response.context["table"].rows] == ["2025"]


def test_initiative_edit_refuses_to_save_over_a_newer_version(world, client):
    initiative = register(world)
    client.force_login(world.editor_a)
    url = reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk})
    version = client.get(url).context["form"]["_version"].value()
    services.start(initiative, user=world.editor_a)  # a life-cycle step meanwhile

    response = client.post(url, form_data(world, name="Tên mới", _version=version))

    assert response.status_code == 200
    assert "Trong lúc bạn sửa, bản ghi này đã được cập nhật" in response.content.decode()
    assert (Initiative.objects.get().name, Initiative.objects.get().status) == (
        "Mô hình “Thắp sáng đường quê”",
        Status.IMPLEMENTING,
    )


def test_initiative_list_within_a_unit_joins_areas_only_when_sorted_by_area(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    in_a = register(world, name="Mô hình xã A")
    in_b = register(world, name="Mô hình xã B", organization=world.front_b, area=world.hamlet_b, user=world.editor_b)
    client.force_login(world.province_editor)
    url = reverse("initiatives:initiative_list")

    with CaptureQueriesContext(connection) as plain:
        default = client.get(url, {"within": world.commune_b.pk}).content.decode()
    # Read before the next request: a request resets the connection's query log.
    counts = [q["sql"] for q in plain.captured_queries if "COUNT(" in q["sql"] and "initiatives_initiative" in q["sql"]]
    with CaptureQueriesContext(connection) as sorted_by_area:
        by_area = client.get(url, {"within": world.commune_b.pk, "sort": "-area"}).content.decode()
    bounded = [
        q["sql"] for q in sorted_by_area.captured_queries if "COUNT(" in q["sql"] and "orgunits_area" in q["sql"]
    ]

    assert counts and all("orgunits_area" not in sql for sql in counts) and bounded
    assert [i.get_absolute_url() in default for i in (in_a, in_b)] == [False, True]
    assert [i.get_absolute_url() in by_area for i in (in_a, in_b)] == [False, True]


def test_registration_form_carries_an_empty_result_row_to_add_more(world, client):
    client.force_login(world.editor_a)

    page = client.get(reverse("initiatives:initiative_add")).content.decode()

    template = page[page.index('<template id="results-empty-row">') : page.index("</template>")]
    assert 'name="results-__prefix__-metric"' in template and 'aria-label="Kết quả __number__"' in template
    assert 'aria-label="Xóa dòng __number__"' in template
    assert 'data-formset-add="results">' in page and 'id="results-rows"' in page
    assert 'name="results-MAX_NUM_FORMS" value="50"' in page


@pytest.mark.parametrize(("persona", "shown"), [("viewer_a", False), ("editor_a", True), ("admin", True)])
def test_the_import_menu_entry_is_shown_only_to_users_who_may_add(world, client, persona, shown):
    client.force_login(getattr(world, persona))

    content = client.get(reverse("initiatives:initiative_list")).content.decode()

    assert (reverse("initiatives:import") in content) is shown


#
# The registry's rules on the form: a name once a year, whole counts, the start date
#


def test_initiative_register_refuses_a_name_the_organization_has_registered_in_the_year(world, client):
    register(world, name="Mô hình “Đường hoa nông thôn”")
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:initiative_add"), form_data(world, name="mô hình  “Đường hoa nông thôn”")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": [f"{world.front_a.name} đã đăng ký “Mô hình “Đường hoa nông thôn”” năm 2025."]
    }
    assert Initiative.objects.count() == 1


def test_initiative_edit_refuses_the_name_of_another_record_of_the_organization_and_year(world, client):
    register(world, name="Đường hoa")
    initiative = register(world, name="Thắp sáng đường quê")
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk}), form_data(world, name="Đường Hoa")
    )

    initiative.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": [f"{world.front_a.name} đã đăng ký “Đường hoa” năm 2025."]}
    assert initiative.name == "Thắp sáng đường quê"


def test_initiative_register_shows_a_duplicate_the_database_refused_on_the_name(world, client):
    # Stands in for a second submission saved between this one's check and its insert.
    def another_request_meanwhile(sender, instance, **kwargs):
        if instance.pk is None:
            twin = Initiative(
                organization=world.front_a,
                area=world.hamlet_a,
                name="Mô hình “Đường hoa nông thôn”",
                name_key="mô hình “đường hoa nông thôn”",
                field=field(),
                year=2025,
                registered_on=datetime.date(2025, 3, 1),
                path=world.front_a.path,
            )
            Initiative.objects.bulk_create([twin])

    client.force_login(world.editor_a)
    pre_save.connect(another_request_meanwhile, sender=Initiative)
    try:
        response = client.post(reverse("initiatives:initiative_add"), form_data(world))
    finally:
        pre_save.disconnect(another_request_meanwhile, sender=Initiative)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Đơn vị này đã đăng ký mô hình, điển hình cùng tên trong năm đó."]
    }
    assert Initiative.objects.count() == 0


def test_initiative_register_refuses_a_fraction_of_a_count_on_its_row(world, client):
    client.force_login(world.editor_a)

    response = client.post(
        reverse("initiatives:initiative_add"),
        form_data(world, results=[("ho_duoc_ho_tro", "35,5", ""), ("duong_giao_thong", "10,5", "")]),
    )

    rows = response.context["formset"].forms
    assert response.status_code == 200
    assert [form.errors for form in rows[:2]] == [
        {"value": ["“Hộ được hỗ trợ” đếm bằng hộ nên giá trị phải là số nguyên."]},
        {},
    ]
    assert Initiative.objects.count() == 0


def test_initiative_register_refuses_a_start_date_before_2000(world, client):
    client.force_login(world.editor_a)

    response = client.post(reverse("initiatives:initiative_add"), form_data(world, start_date="01/01/1900"))

    assert response.context["form"].errors == {"start_date": ["Ngày bắt đầu thực hiện không được trước 01/01/2000."]}
    assert Initiative.objects.count() == 0
