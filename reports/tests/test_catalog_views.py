"""The reporting catalog: only system administrators; indicators, forms, sections, items, rules."""

import pytest
from django.urls import reverse

from reports import providers, services
from reports.models import FormItem, FormSection, Indicator, ReportForm, ValidationRule

pytestmark = pytest.mark.django_db


def indicator_data(**overrides):
    data = {
        "code": "so_to_hoa_giai",
        "name": "Tổ hòa giải",
        "unit": "tổ",
        "value_type": "integer",
        "tree_aggregation": "sum",
        "time_aggregation": "last",
        "provider": "",
        "numerator": "",
        "denominator": "",
        "multiplier": "100",
        "min_value": "",
        "max_value": "",
        "sort_order": "1",
        "is_active": "on",
        "description": "",
    }
    return data | overrides


#
# Who may see the catalog
#


@pytest.mark.parametrize("name", ["reports:indicator_list", "reports:form_list", "reports:indicator_add"])
def test_catalog_pages_are_for_system_administrators(world, client, name):
    anonymous = client.get(reverse(name))
    client.force_login(world.province_editor)
    editor = client.get(reverse(name))
    client.force_login(world.admin)
    admin = client.get(reverse(name))

    assert (anonymous.status_code, editor.status_code, admin.status_code) == (302, 403, 200)


def test_move_is_refused_to_anonymous_and_editors(setup, world, client):
    section = setup.form.sections.order_by("sort_order").last()
    move = reverse("reports:section_move", kwargs={"pk": section.pk})

    anonymous = client.post(move, {"direction": "up"})
    client.force_login(world.province_editor)
    editor = client.post(move, {"direction": "up"})

    section.refresh_from_db()
    assert (anonymous.status_code, editor.status_code, section.sort_order) == (302, 403, 2)


#
# Indicators
#


def test_indicator_add_and_detail(world, client):
    client.force_login(world.admin)

    response = client.post(reverse("reports:indicator_add"), indicator_data(max_value="1.000,5"))

    indicator = Indicator.objects.get(code="so_to_hoa_giai")
    assert (response.status_code, response.url) == (302, indicator.get_absolute_url())
    assert (str(indicator.max_value), indicator.time_aggregation) == ("1000.50", "last")
    assert "Tổ hòa giải" in client.get(indicator.get_absolute_url()).content.decode()


def test_indicator_code_differing_only_by_case_is_refused_on_the_code(setup, world, client):
    client.force_login(world.admin)

    response = client.post(reverse("reports:indicator_add"), indicator_data(code="THU_TIEP_NHAN"))

    assert response.context["form"].errors == {
        "code": ["Mã “thu_tiep_nhan” đã có (không phân biệt chữ hoa, chữ thường): Kiến nghị tiếp nhận."]
    }
    assert list(Indicator.objects.filter(code__iexact="thu_tiep_nhan")) == [setup.received]


def test_indicator_formula_needs_both_parts_and_no_provider(setup, world, client):
    client.force_login(world.admin)

    half = client.post(
        reverse("reports:indicator_add"), indicator_data(value_type="percent", numerator=setup.resolved.pk)
    )
    providers.register("test.count", "Đếm thử", lambda path, start, end: 1)
    with_provider = client.post(
        reverse("reports:indicator_add"),
        indicator_data(
            value_type="percent", numerator=setup.resolved.pk, denominator=setup.received.pk, provider="test.count"
        ),
    )

    assert half.context["form"].errors["denominator"] == ["Chỉ số tính toán cần có cả tử số và mẫu số."]
    assert with_provider.context["form"].errors["provider"] == ["Chỉ số tính toán không lấy số liệu tự động."]
    assert not Indicator.objects.filter(code="so_to_hoa_giai").exists()


def test_indicator_formula_cannot_come_back_to_itself(setup, world, client):
    client.force_login(world.admin)
    data = indicator_data(
        code=setup.resolved.code,
        name=setup.resolved.name,
        numerator=setup.rate.pk,
        denominator=setup.received.pk,
        value_type="integer",
    )

    response = client.post(reverse("reports:indicator_edit", kwargs={"pk": setup.resolved.pk}), data)

    assert response.context["form"].errors["numerator"] == ["Công thức không được vòng lại chính chỉ số này."]


def test_indicator_min_above_max_is_refused(world, client):
    client.force_login(world.admin)

    response = client.post(reverse("reports:indicator_add"), indicator_data(min_value="10", max_value="5"))

    assert response.context["form"].errors["max_value"] == ["Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất."]


def test_indicator_provider_choices_are_the_registered_providers(world, client):
    providers.register("test.count", "Đếm thử", lambda path, start, end: 1)
    client.force_login(world.admin)

    response = client.get(reverse("reports:indicator_add"))

    keys = [key for key, _label in response.context["form"].fields["provider"].choices]
    assert keys[0] == "" and "test.count" in keys and "initiatives.registered" in keys


def test_indicator_in_use_is_not_deleted_and_the_page_says_why(setup, world, client):
    client.force_login(world.admin)
    delete = reverse("reports:indicator_delete", kwargs={"pk": setup.received.pk})

    page = client.get(delete)
    response = client.post(delete)

    assert Indicator.objects.filter(pk=setup.received.pk).exists()
    assert response.status_code == 302
    blockers = page.context["blockers"]
    assert "1 chỉ số của biểu mẫu" in blockers and "2 quy tắc kiểm tra" not in blockers


def test_unused_indicator_is_deleted(world, client):
    unused = Indicator.objects.create(code="khong_dung", name="Không dùng")
    client.force_login(world.admin)

    response = client.post(reverse("reports:indicator_delete", kwargs={"pk": unused.pk}))

    assert (response.status_code, Indicator.objects.filter(pk=unused.pk).exists()) == (302, False)


def test_indicator_list_counts_forms_using_each(setup, world, client):
    client.force_login(world.admin)

    response = client.get(reverse("reports:indicator_list"), {"q": "Kiến nghị tiếp nhận"})

    assert [(row.code, row.use_count) for row in response.context["table"].data] == [("thu_tiep_nhan", 1)]


#
# Forms, sections, items, rules
#


def test_form_add_with_kinds_and_deadline(world, client):
    client.force_login(world.admin)
    from tests.factories.orgunits import organization_kind

    response = client.post(
        reverse("reports:form_add"),
        {
            "code": "bao_cao_thang",
            "name": "Báo cáo tháng",
            "title": "Báo cáo công tác dân vận tháng",
            "period_type": "month",
            "organization_kinds": [organization_kind("khoi_dan_van").pk],
            "deadline_days": "3",
            "sort_order": "2",
            "is_active": "on",
            "description": "",
        },
    )

    form = ReportForm.objects.get(code="bao_cao_thang")
    assert (response.url, form.period_type, form.deadline_days) == (form.get_absolute_url(), "month", 3)
    assert list(form.organization_kinds.values_list("code", flat=True)) == ["khoi_dan_van"]


def test_form_code_differing_only_by_case_is_refused_on_the_code(setup, world, client):
    client.force_login(world.admin)
    data = {"code": "BAO_CAO_QUY", "name": "Báo cáo quý (trùng)", "period_type": "quarter", "deadline_days": "5"}

    response = client.post(reverse("reports:form_add"), {**data, "sort_order": "2"})

    assert response.context["form"].errors == {
        "code": ["Mã “bao_cao_quy” đã có (không phân biệt chữ hoa, chữ thường): Báo cáo công tác dân vận quý."]
    }
    assert list(ReportForm.objects.filter(code__iexact="bao_cao_quy")) == [setup.form]


def test_catalog_code_without_a_letter_is_refused_on_the_code(world, client):
    client.force_login(world.admin)
    form_data = {"code": "2025", "name": "Báo cáo năm", "period_type": "year", "deadline_days": "5", "sort_order": "2"}

    indicator = client.post(reverse("reports:indicator_add"), indicator_data(code="101"))
    form = client.post(reverse("reports:form_add"), form_data)

    message = "Mã phải có ít nhất một chữ cái (ví dụ bc_2025 chứ không phải 2025): mã chỉ gồm chữ số dễ nhầm với số thứ tự (id) của bản ghi."
    assert (indicator.context["form"].errors, form.context["form"].errors) == ({"code": [message]}, {"code": [message]})
    assert message in indicator.content.decode()
    assert (Indicator.objects.filter(code="101").exists(), ReportForm.objects.filter(code="2025").exists()) == (
        False,
        False,
    )


def test_form_deadline_is_at_most_a_year(world, client):
    # A deadline of 99,999,999,999 days overflowed the date of every due card and completeness page.
    client.force_login(world.admin)
    data = {"code": "bao_cao_thang", "name": "Báo cáo tháng", "period_type": "month", "sort_order": "2"}

    refused = client.post(reverse("reports:form_add"), {**data, "deadline_days": "99999999999"})
    too_long = client.post(reverse("reports:form_add"), {**data, "deadline_days": "367"})

    assert "deadline_days" in refused.context["form"].errors and "deadline_days" in too_long.context["form"].errors
    assert not ReportForm.objects.filter(code="bao_cao_thang").exists()


def test_form_period_type_is_locked_once_reports_exist(setup, world, client):
    services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    client.force_login(world.admin)
    data = {
        "code": setup.form.code,
        "name": setup.form.name,
        "title": "",
        "period_type": "month",
        "organization_kinds": [k.pk for k in setup.form.organization_kinds.all()],
        "deadline_days": "5",
        "sort_order": "0",
        "is_active": "on",
        "description": "",
    }

    response = client.post(reverse("reports:form_edit", kwargs={"pk": setup.form.pk}), data)

    setup.form.refresh_from_db()
    assert setup.form.period_type == "quarter"
    assert response.context["form"].errors["period_type"] == [
        "Biểu mẫu đã có báo cáo theo quý: không đổi được loại kỳ."
    ]


def test_form_with_reports_is_not_deleted(setup, world, client):
    services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    client.force_login(world.admin)
    delete = reverse("reports:form_delete", kwargs={"pk": setup.form.pk})

    page = client.get(delete)
    response = client.post(delete, follow=True)

    assert ReportForm.objects.filter(pk=setup.form.pk).exists()
    assert "1 báo cáo" in page.context["blockers"]
    messages = [str(message) for message in response.context["messages"]]
    assert any(m.startswith(f"Không thể xóa “{setup.form.name}” vì còn dữ liệu liên quan: ") for m in messages)
    assert any("1 báo cáo" in m for m in messages)  # what holds it, not a generic list


def test_form_detail_shows_sections_items_and_rules(setup, world, client):
    client.force_login(world.admin)

    response = client.get(setup.form.get_absolute_url())

    sections = response.context["sections"]
    assert [s.title for s in sections] == ["Số liệu", "Kết quả"]
    assert [i.indicator.code for i in sections[0].item_list] == [
        "thu_tiep_nhan",
        "thu_giai_quyet",
        "thu_ty_le",
        "thu_mo_hinh",
        "thu_hoi_vien",
    ]
    assert [str(r) for r in response.context["rules"]] == ["Kiến nghị đã giải quyết ≤ Kiến nghị tiếp nhận"]


def test_section_add_edit_move_and_delete(setup, world, client):
    client.force_login(world.admin)

    client.post(
        reverse("reports:section_add", kwargs={"form_pk": setup.form.pk}),
        {"title": "Kiến nghị", "kind": "prose", "instructions": "", "sort_order": "3"},
    )
    added = FormSection.objects.get(title="Kiến nghị")
    client.post(reverse("reports:section_move", kwargs={"pk": added.pk}), {"direction": "up"})
    order_after_move = list(setup.form.sections.order_by("sort_order").values_list("title", flat=True))
    client.post(reverse("reports:section_delete", kwargs={"pk": added.pk}))

    assert order_after_move == ["Số liệu", "Kiến nghị", "Kết quả"]
    assert list(setup.form.sections.order_by("sort_order").values_list("title", flat=True)) == ["Số liệu", "Kết quả"]


def test_section_with_items_keeps_its_kind(setup, world, client):
    client.force_login(world.admin)
    figures = setup.form.sections.get(kind="figures")

    response = client.post(
        reverse("reports:section_edit", kwargs={"pk": figures.pk}),
        {"title": "Số liệu", "kind": "prose", "instructions": "", "sort_order": "1"},
    )

    assert response.context["form"].errors["kind"] == ["Phần này còn chỉ số: xóa các chỉ số trước khi đổi loại phần."]


def test_item_add_refuses_an_indicator_already_on_the_form(setup, world, client):
    client.force_login(world.admin)
    figures = setup.form.sections.get(kind="figures")
    other = FormSection.objects.create(form=setup.form, title="Bổ sung", kind="figures", sort_order=3)
    new = Indicator.objects.create(code="moi", name="Chỉ số mới")

    duplicate = client.post(
        reverse("reports:item_add", kwargs={"section_pk": other.pk}),
        {"indicator": setup.received.pk, "label": "", "sort_order": "1"},
    )
    added = client.post(
        reverse("reports:item_add", kwargs={"section_pk": other.pk}),
        {"indicator": new.pk, "label": "Mới", "is_required": "on", "sort_order": "1"},
    )

    assert duplicate.context["form"].errors["indicator"] == ["Chỉ số này đã có trong biểu mẫu."]
    assert (added.status_code, list(other.items.values_list("indicator__code", "is_required"))) == (
        302,
        [("moi", True)],
    )
    assert figures.items.count() == 5


def test_item_cannot_be_added_to_a_prose_section(setup, world, client):
    client.force_login(world.admin)

    response = client.get(reverse("reports:item_add", kwargs={"section_pk": setup.results.pk}))

    assert response.status_code == 404


def test_item_move_down(setup, world, client):
    client.force_login(world.admin)
    first = FormItem.objects.get(section__form=setup.form, indicator=setup.received)

    client.post(reverse("reports:item_move", kwargs={"pk": first.pk}), {"direction": "down"})

    codes = [i.indicator.code for i in services.figure_items(setup.form)]
    assert codes[:2] == ["thu_giai_quyet", "thu_tiep_nhan"]


def test_rule_add_compares_two_different_typed_figures(setup, world, client):
    client.force_login(world.admin)
    add = reverse("reports:rule_add", kwargs={"form_pk": setup.form.pk})

    same = client.post(add, {"left": setup.members.pk, "comparison": "le", "right": setup.members.pk, "message": ""})
    formula = client.post(add, {"left": setup.rate.pk, "comparison": "le", "right": setup.members.pk, "message": ""})
    ok = client.post(add, {"left": setup.resolved.pk, "comparison": "le", "right": setup.members.pk, "message": ""})

    assert same.context["form"].errors["right"] == [
        "“So với chỉ số” phải khác “Chỉ số”: so sánh một chỉ số với chính nó luôn đúng hoặc luôn sai."
    ]
    assert list(formula.context["form"].errors) == ["left"]
    assert (ok.status_code, ValidationRule.objects.filter(form=setup.form).count()) == (302, 2)


def test_an_item_or_section_holding_figures_of_reports_is_not_deleted(setup, world, client):
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(report, user=world.editor_a, version=report.version, values={setup.received.pk: "12"})
    item = FormItem.objects.get(section__form=setup.form, indicator=setup.received)
    client.force_login(world.admin)

    page = client.get(reverse("reports:item_delete", kwargs={"pk": item.pk}))
    item_post = client.post(reverse("reports:item_delete", kwargs={"pk": item.pk}), follow=True)
    section_post = client.post(reverse("reports:section_delete", kwargs={"pk": item.section_id}), follow=True)

    assert "“Kiến nghị tiếp nhận” đã có số liệu trong báo cáo của biểu mẫu này" in page.content.decode()
    assert "Không thể xóa" in item_post.content.decode() and "Không thể xóa" in section_post.content.decode()
    assert FormItem.objects.filter(pk=item.pk).exists() and FormSection.objects.filter(pk=item.section_id).exists()
    unused = FormItem.objects.get(section__form=setup.form, indicator=setup.members)
    assert client.post(reverse("reports:item_delete", kwargs={"pk": unused.pk})).status_code == 302
    assert not FormItem.objects.filter(pk=unused.pk).exists()
