"""A small Dân vận report form on the shared `world`: figures, a rule, a rate, a prose section."""

from dataclasses import dataclass

import pytest

from reports.models import FormItem, FormSection, Indicator, Period, ReportForm, ValidationRule
from tests.factories.orgunits import organization_kind


@dataclass
class Setup:
    form: object
    received: object
    resolved: object
    rate: object
    registered: object
    members: object
    results: object
    period: object


@pytest.fixture
def setup(world):
    form = ReportForm.objects.create(code="bao_cao_quy", name="Báo cáo công tác dân vận quý", period_type="quarter")
    form.organization_kinds.set([organization_kind("mttq")])
    received = Indicator.objects.create(code="thu_tiep_nhan", name="Kiến nghị tiếp nhận", unit="vụ")
    resolved = Indicator.objects.create(code="thu_giai_quyet", name="Kiến nghị đã giải quyết", unit="vụ")
    rate = Indicator.objects.create(
        code="thu_ty_le",
        name="Tỷ lệ giải quyết",
        unit="%",
        value_type="percent",
        numerator=resolved,
        denominator=received,
    )
    registered = Indicator.objects.create(
        code="thu_mo_hinh", name="Mô hình đăng ký", unit="mô hình", provider="initiatives.registered"
    )
    members = Indicator.objects.create(code="thu_hoi_vien", name="Hội viên", unit="người", time_aggregation="last")
    figures = FormSection.objects.create(form=form, title="Số liệu", kind="figures", sort_order=1)
    for order, indicator in enumerate([received, resolved, rate, registered, members], start=1):
        FormItem.objects.create(
            section=figures, indicator=indicator, sort_order=order, is_required=indicator == received
        )
    ValidationRule.objects.create(form=form, left=resolved, comparison="le", right=received)
    results = FormSection.objects.create(form=form, title="Kết quả", kind="prose", sort_order=2)
    return Setup(form, received, resolved, rate, registered, members, results, Period.objects.for_code("2025Q2"))
