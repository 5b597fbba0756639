"""Factories for the reporting engine: a small form with one figures and one prose section."""

import datetime

import factory

from reports.models import FormSection, Indicator, Period, Report, ReportForm


def indicator(code: str = "so_cuoc_doi_thoai", **kwargs) -> Indicator:
    defaults = {"name": "Số cuộc đối thoại", "unit": "cuộc"} | kwargs
    return Indicator.objects.get_or_create(code=code, defaults=defaults)[0]


def report_form(code: str = "bao_cao_quy_thu", **kwargs) -> ReportForm:
    defaults = {"name": "Báo cáo quý (thử)", "period_type": "quarter"} | kwargs
    return ReportForm.objects.get_or_create(code=code, defaults=defaults)[0]


def prose_section(form: ReportForm, title: str = "Kết quả") -> FormSection:
    return FormSection.objects.get_or_create(form=form, title=title, defaults={"kind": "prose", "sort_order": 9})[0]


class ReportFactory(factory.django.DjangoModelFactory):
    """A draft report of `organization` for the test form and the second quarter of 2025."""

    class Meta:
        model = Report

    form = factory.LazyFunction(report_form)
    period = factory.LazyFunction(lambda: Period.objects.for_code("2025Q2"))
    deadline = datetime.date(2025, 7, 5)
