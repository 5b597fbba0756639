"""The registry's model rules, which the pages, the API and the Excel import share."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from initiatives.choices import Outcome
from initiatives.models import Assessment, CriteriaSet, Initiative, InitiativeField, ResultMetric, ResultValue, Stage
from tests.factories.initiatives import InitiativeFactory, ReviewRoundFactory, field, metric

pytestmark = pytest.mark.django_db


def _record(world, **kwargs):
    return Initiative(
        organization=kwargs.pop("organization", world.front_a),
        area=kwargs.pop("area", world.hamlet_a),
        name=kwargs.pop("name", "Mô hình “Đường hoa nông thôn”"),
        field=field(),
        year=kwargs.pop("year", 2025),
        registered_on=kwargs.pop("registered_on", datetime.date(2025, 3, 1)),
        **kwargs,
    )


def _errors(instance, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        instance.full_clean(**kwargs)
    return error.value.message_dict


#
# One name per organization and year
#


def test_a_name_registered_again_by_the_organization_in_the_year_is_refused_whatever_its_case(world):
    InitiativeFactory(organization=world.front_a, name="Mô hình “Đường hoa nông thôn”")

    errors = _errors(_record(world, name="  mô hình  “ĐƯỜNG HOA nông thôn” "))

    assert errors == {
        "name": [f"{world.front_a.name} đã đăng ký “Mô hình “Đường hoa nông thôn”” năm 2025."],
    }


def test_the_same_name_in_another_year_or_by_another_organization_is_accepted(world):
    InitiativeFactory(organization=world.front_a, name="Đường hoa")
    saved = InitiativeFactory(organization=world.front_a, name="Đường hoa", registered_on=datetime.date(2024, 5, 1))

    _record(world, name="Đường hoa", organization=world.front_b, area=world.hamlet_b).full_clean()
    saved.full_clean()  # the record itself is no duplicate of itself

    assert Initiative.objects.filter(name="Đường hoa").count() == 2


def test_the_database_refuses_a_name_registered_twice_by_the_organization_in_a_year(world):
    InitiativeFactory(organization=world.front_a, name="Đường hoa")

    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(organization=world.front_a, name="ĐƯỜNG  HOA")


#
# Start date
#


@pytest.mark.parametrize(
    ("start_date", "errors"),
    [
        (datetime.date(1900, 1, 1), {"start_date": ["Ngày bắt đầu thực hiện không được trước 01/01/2000."]}),
        (datetime.date(1999, 12, 31), {"start_date": ["Ngày bắt đầu thực hiện không được trước 01/01/2000."]}),
        (
            datetime.date(2027, 1, 1),
            {"start_date": ["Ngày bắt đầu thực hiện không được sau 31/12/2026 (cuối năm sau năm đăng ký)."]},
        ),
        (datetime.date(2000, 1, 1), {}),
        (datetime.date(2026, 12, 31), {}),
    ],
)
def test_start_date_lies_between_2000_and_the_end_of_the_year_after_registration(world, start_date, errors):
    record = _record(world, start_date=start_date)

    if errors:
        assert _errors(record) == errors
    else:
        record.full_clean()


#
# Quantitative results
#


def test_a_count_takes_a_whole_number_and_a_measure_a_fraction(world):
    initiative = InitiativeFactory(organization=world.front_a)
    households = ResultValue(initiative=initiative, metric=metric("ho_duoc_ho_tro"), value=Decimal("35.5"))
    road = ResultValue(initiative=initiative, metric=metric("duong_giao_thong"), value=Decimal("10700.5"))

    errors = _errors(households)
    households.value = Decimal("35")
    households.full_clean()
    road.full_clean()

    assert errors == {"value": ["“Hộ được hỗ trợ” đếm bằng hộ nên giá trị phải là số nguyên."]}


def test_the_seeded_count_metrics_are_flagged(world):
    counts = set(ResultMetric.objects.filter(is_count=True).values_list("code", flat=True))

    assert counts == {"den_chieu_sang", "ho_duoc_ho_tro", "nha_dai_doan_ket", "nguoi_tham_gia"}


#
# Reference data
#


@pytest.mark.parametrize(
    ("start_year", "end_year", "errors"),
    [
        (1900, 2025, {"start_year": ["Giá trị phải lớn hơn hoặc bằng 2000."]}),
        (2021, 9999, {"end_year": ["Giá trị phải nhỏ hơn hoặc bằng 2100."]}),
        (2025, 2021, {"__all__": ["Năm kết thúc phải sau hoặc bằng năm bắt đầu."]}),
    ],
)
def test_stage_years_are_ordered_and_within_the_registry_years(db, start_year, end_year, errors):
    stage = Stage(code="gd-moi", name="Giai đoạn mới", start_year=start_year, end_year=end_year)

    assert _errors(stage) == errors


@pytest.mark.parametrize(
    ("model", "code", "extra"),
    [
        (InitiativeField, "KINH_TE", {}),
        (ResultMetric, "Duong_Giao_Thong", {"unit": "m"}),
        (CriteriaSet, "MO_HINH_TAP_THE", {}),
    ],
)
def test_a_code_differing_only_by_case_is_refused(db, model, code, extra):
    taken = model.objects.get(code__iexact=code)
    duplicate = model(code=code, name="Mục trùng mã", **extra)

    errors = _errors(duplicate)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(code=code, name="Mục trùng mã", **extra)

    assert errors == {"code": [f"Mã “{taken.code}” đã có (không phân biệt chữ hoa, chữ thường): {taken.name}."]}


def test_a_stage_code_differing_only_by_case_is_refused(db):
    Stage.objects.create(code="gd-a", name="Giai đoạn A", start_year=2021, end_year=2025)

    errors = _errors(Stage(code="GD-A", name="Giai đoạn B", start_year=2026, end_year=2030))

    assert errors == {"code": ["Mã “gd-a” đã có (không phân biệt chữ hoa, chữ thường): Giai đoạn A."]}


def test_a_code_recased_on_edit_is_no_duplicate_of_itself(db):
    item = InitiativeField.objects.get(code="kinh_te")
    item.code = "KINH_TE"

    item.full_clean()


#
# Years of review rounds and assessments
#


def test_a_review_round_is_for_at_most_next_year(world):
    next_year = timezone.localdate().year + 1
    later = ReviewRoundFactory.build(organization=world.front_a, year=next_year + 1)
    ahead = ReviewRoundFactory.build(organization=world.front_a, year=next_year)

    errors = _errors(later)
    ahead.full_clean(exclude=["reviewers"])

    assert errors == {"year": [f"Năm bình xét không được sau năm {next_year}."]}


def test_an_assessment_is_not_for_a_year_to_come_and_its_note_is_bounded(world):
    initiative = InitiativeFactory(organization=world.front_a)
    this_year = timezone.localdate().year
    ahead = Assessment(initiative=initiative, year=this_year + 1, outcome=Outcome.KEEP)
    wordy = Assessment(initiative=initiative, year=this_year, outcome=Outcome.KEEP, note="x" * 4001)

    assert _errors(ahead) == {"year": ["Không rà soát trước cho năm chưa đến."]}
    assert _errors(wordy) == {"note": ["Giá trị này chỉ có tối đa 4000 kí tự (hiện có 4001)"]}
