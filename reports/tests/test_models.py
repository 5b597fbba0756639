"""Catalog invariants the models enforce (clean() and constraints), whatever page or API writes."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from bench.reports import _catalog as bench_catalog
from reports.models import Indicator, ReportForm, ValidationRule

pytestmark = pytest.mark.django_db


def _errors(instance) -> dict:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


#
# Indicators
#


@pytest.mark.parametrize("multiplier", [Decimal(0), Decimal(-100)])
def test_indicator_multiplier_zero_or_negative_is_refused(setup, multiplier):
    setup.rate.multiplier = multiplier

    assert _errors(setup.rate) == {"multiplier": ["Hệ số phải lớn hơn 0 (ví dụ 100 cho tỷ lệ phần trăm)."]}


def test_indicator_multiplier_zero_is_refused_by_the_database(setup):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(pk=setup.rate.pk).update(multiplier=0)


def test_indicator_ratio_of_an_indicator_to_itself_is_refused(setup):
    setup.rate.denominator = setup.resolved

    assert _errors(setup.rate) == {
        "denominator": ["Mẫu số phải khác tử số: tỷ lệ của một chỉ số với chính nó luôn bằng hệ số."]
    }


def test_indicator_page_shows_the_multiplier_and_ratio_errors(setup, world, client):
    client.force_login(world.admin)
    data = {
        "code": "ty_le_moi",
        "name": "Tỷ lệ mới",
        "unit": "%",
        "value_type": "percent",
        "tree_aggregation": "sum",
        "time_aggregation": "sum",
        "provider": "",
        "numerator": setup.received.pk,
        "denominator": setup.received.pk,
        "multiplier": "0",
        "min_value": "",
        "max_value": "",
        "sort_order": "1",
        "is_active": "on",
        "description": "",
    }

    response = client.post(reverse("reports:indicator_add"), data)

    errors = response.context["form"].errors
    assert (errors["multiplier"], errors["denominator"]) == (
        ["Hệ số phải lớn hơn 0 (ví dụ 100 cho tỷ lệ phần trăm)."],
        ["Mẫu số phải khác tử số: tỷ lệ của một chỉ số với chính nó luôn bằng hệ số."],
    )
    assert not Indicator.objects.filter(code="ty_le_moi").exists()


#
# Codes whatever their case (the setup has form "bao_cao_quy", indicator "thu_tiep_nhan")
#


@pytest.mark.parametrize(("model", "code"), [(ReportForm, "BAO_CAO_QUY"), (Indicator, "Thu_Tiep_Nhan")])
def test_catalog_code_differing_only_by_case_is_refused(setup, model, code):
    taken = model.objects.get(code__iexact=code)

    errors = _errors(model(code=code, name="Mục trùng mã"))
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(code=code, name="Mục trùng mã")

    assert errors == {"code": [f"Mã “{taken.code}” đã có (không phân biệt chữ hoa, chữ thường): {taken.name}."]}


def test_catalog_code_recased_on_edit_is_no_duplicate_of_itself(setup):
    setup.form.code = "BAO_CAO_QUY"

    setup.form.full_clean()


def test_migration_stops_on_catalog_codes_differing_only_by_case(setup):
    migration = importlib.import_module("reports.migrations.0008_catalog_codes_ignore_case")
    # Rows the migration meets on a database from before it: drop the indexes it adds (rolled
    # back with the test's transaction).
    with connection.cursor() as cursor:
        for name in ("reports_indicator_code_ci_unique", "reports_reportform_code_ci_unique"):
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    form = ReportForm.objects.create(code="Bao_Cao_Quy", name="Báo cáo quý (trùng)")
    indicator = Indicator.objects.create(code="THU_TIEP_NHAN", name="Tiếp nhận (trùng)")

    with pytest.raises(RuntimeError) as error:
        migration.refuse_case_duplicates(apps, None)

    assert str(error.value) == (
        "Codes that differ only by case must be changed before this migration:\n"
        f"Indicator: thu_tiep_nhan (id {setup.received.pk}), THU_TIEP_NHAN (id {indicator.pk})\n"
        f"ReportForm: bao_cao_quy (id {setup.form.pk}), Bao_Cao_Quy (id {form.pk})"
    )


#
# Codes have a letter: the API takes "an id or a code", and "2025" would read as an id
#

LETTERLESS = "Mã phải có ít nhất một chữ cái (ví dụ bc_2025 chứ không phải 2025): mã chỉ gồm chữ số dễ nhầm với số thứ tự (id) của bản ghi."


@pytest.mark.parametrize("model", [ReportForm, Indicator])
@pytest.mark.parametrize("code", ["2025", "12_34", "0-1"])
def test_catalog_code_without_a_letter_is_refused(db, model, code):
    assert _errors(model(code=code, name="Mục mới")) == {"code": [LETTERLESS]}


@pytest.mark.parametrize("model", [ReportForm, Indicator])
def test_catalog_code_with_digits_and_a_letter_is_accepted(db, model):
    model(code="bc_2025", name="Mục mới").full_clean()


def test_seeded_and_benchmark_catalog_codes_have_a_letter(world):
    bench_catalog()

    codes = [*ReportForm.objects.values_list("code", flat=True), *Indicator.objects.values_list("code", flat=True)]
    for row in [*ReportForm.objects.all(), *Indicator.objects.all()]:
        row.full_clean(exclude=["numerator", "denominator"])
    assert {"bao_cao_dan_van_quy", "bench_monthly", "bench_01"} <= set(codes)


def test_migration_stops_on_catalog_codes_without_a_letter(setup):
    migration = importlib.import_module("reports.migrations.0009_catalog_codes_have_a_letter")
    form = ReportForm.objects.create(code="2025", name="Báo cáo năm")
    first = Indicator.objects.create(code="101", name="Chỉ số 101")
    second = Indicator.objects.create(code="1_02", name="Chỉ số 102")

    with pytest.raises(RuntimeError) as error:
        migration.refuse_letterless_codes(apps, None)

    assert str(error.value) == (
        "Codes without a letter (read as ids by the API) must be changed before this migration:\n"
        f"Indicator: 101 (id {first.pk}), 1_02 (id {second.pk})\n"
        f"ReportForm: 2025 (id {form.pk})"
    )


def test_migration_passes_catalog_codes_with_letters(setup):
    migration = importlib.import_module("reports.migrations.0009_catalog_codes_have_a_letter")

    assert migration.refuse_letterless_codes(apps, None) is None


#
# Validation rules (the setup form has "resolved ≤ received")
#


def _rule(setup, left, comparison, right):
    return ValidationRule(form=setup.form, left=left, comparison=comparison, right=right)


def test_rule_comparing_an_indicator_with_itself_is_refused(setup):
    rule = _rule(setup, setup.members, "ge", setup.members)

    assert _errors(rule) == {
        "right": ["“So với chỉ số” phải khác “Chỉ số”: so sánh một chỉ số với chính nó luôn đúng hoặc luôn sai."]
    }


@pytest.mark.parametrize(
    ("left", "comparison", "right"),
    [
        ("resolved", "gt", "received"),  # resolved ≤ received and resolved > received
        ("received", "lt", "resolved"),  # the same, written the other way round
    ],
)
def test_rule_contradicting_a_rule_of_the_form_is_refused(setup, left, comparison, right):
    rule = _rule(setup, getattr(setup, left), comparison, getattr(setup, right))

    assert _errors(rule) == {
        "comparison": [
            "Phép so sánh mâu thuẫn với quy tắc đã có của biểu mẫu (“Kiến nghị đã giải quyết ≤ Kiến nghị tiếp "
            "nhận”): không báo cáo nào thỏa được cả hai."
        ]
    }


def test_rule_contradicting_a_chain_of_rules_names_them(setup):
    ValidationRule.objects.create(form=setup.form, left=setup.received, comparison="lt", right=setup.members)
    rule = _rule(setup, setup.members, "le", setup.resolved)  # resolved ≤ received < members ≤ resolved

    assert _errors(rule) == {
        "comparison": [
            "Phép so sánh mâu thuẫn với quy tắc đã có của biểu mẫu (“Kiến nghị đã giải quyết ≤ Kiến nghị tiếp "
            "nhận”; “Kiến nghị tiếp nhận < Hội viên”): không báo cáo nào thỏa được cả hai."
        ]
    }


def test_rule_repeating_a_rule_of_the_form_is_refused(setup):
    rule = _rule(setup, setup.received, "ge", setup.resolved)

    assert _errors(rule) == {
        "comparison": ["Biểu mẫu đã có quy tắc này: “Kiến nghị đã giải quyết ≤ Kiến nghị tiếp nhận”."]
    }


@pytest.mark.parametrize("comparison", ["eq", "lt"])
def test_rule_compatible_with_the_form_is_accepted(setup, comparison):
    rule = _rule(setup, setup.resolved, comparison, setup.received)

    rule.full_clean()

    assert rule.comparison == comparison


def test_rule_edited_is_not_compared_with_itself(setup):
    rule = setup.form.rules.get()
    rule.comparison = "lt"

    rule.full_clean()

    assert rule.comparison == "lt"


def test_rule_page_shows_the_contradiction(setup, world, client):
    client.force_login(world.admin)
    add = reverse("reports:rule_add", kwargs={"form_pk": setup.form.pk})

    response = client.post(
        add, {"left": setup.resolved.pk, "comparison": "gt", "right": setup.received.pk, "message": ""}
    )

    assert list(response.context["form"].errors) == ["comparison"]
    assert ValidationRule.objects.filter(form=setup.form).count() == 1


#
# Deleting form sections
#


def _section_with(setup, count: int):
    from reports.models import FormItem, FormSection

    section = FormSection.objects.create(form=setup.form, title="Thêm", kind="figures", sort_order=3)
    for number in range(count):
        indicator = Indicator.objects.create(code=f"them_{number}", name=f"Chỉ số thêm {number}")
        FormItem.objects.create(section=section, indicator=indicator, sort_order=number)
    return FormSection.objects.get(pk=section.pk)


@pytest.mark.parametrize("count", [1, 3])
def test_section_deletion_check_takes_constant_queries(setup, count, django_assert_num_queries):
    section = _section_with(setup, count)

    with django_assert_num_queries(2):  # the items, then which of their indicators hold figures
        section.check_deletable()


@pytest.mark.parametrize("count", [1, 3])
def test_section_deletion_check_names_the_first_item_holding_figures(setup, world, count, django_assert_num_queries):
    from core.errors import DeletionRefused
    from reports import services

    section = _section_with(setup, count)
    last = section.items.order_by("sort_order").last()
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(report, user=world.editor_a, version=report.version, values={last.indicator_id: "7"})

    with django_assert_num_queries(3), pytest.raises(DeletionRefused) as refused:
        section.check_deletable()

    assert refused.value.args[0] == (
        f"“Chỉ số thêm {count - 1}” đã có số liệu trong báo cáo của biểu mẫu này; bỏ “Bắt buộc” nếu không cần nhập nữa."
    )
    assert list(refused.value.protected_objects) == [report]


def test_figures_have_no_single_column_index_on_report_period_or_form(db):
    # The roll-up index (form, period, …) and the (report, indicator) constraint serve those
    # lookups; a period index of its own drew PostgreSQL's national roll-up away from the roll-up
    # index (see the field comment in reports/models/report.py).
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "reports_datavalue")
    indexed = sorted(
        tuple(c["columns"]) for c in constraints.values() if (c["index"] or c["unique"]) and not c["primary_key"]
    )
    assert [columns for columns in indexed if len(columns) == 1] == [("indicator_id",)]
    assert ("report_id", "indicator_id") in indexed
    # PostgreSQL lists the INCLUDE columns too.
    assert any(columns[:4] == ("form_id", "period_id", "indicator_id", "path") for columns in indexed)
