"""Demo periodic reports, on top of orgunits.demo and initiatives.demo (run by `manage.py demo`).

The commune Dân vận blocs of the demo communes (Xã Long Điền: xa_a, Xã Thạnh An: xa_b, and three
more) report on the default quarterly form for the last two ended quarters, through the services
the pages call: the earlier quarter submitted and approved by the city's approver (duyet) for
all of them; the last quarter in every state: approved, submitted and waiting for the city, a draft
being written, and one bloc that has not reported (the completeness page shows it missing).
Figures are plausible and deterministic; the registry's figures come from its providers.

Idempotent: a report is identified by (form, period, organization); a second run changes nothing.
"""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import acting_as
from orgunits.demo import demo_communes
from orgunits.models import Organization
from reports import queries, services
from reports.choices import ReportAction, SectionKind
from reports.documents.content import issuer_abbreviation
from reports.models import Period, Report, ReportEvent, ReportForm

FORM_CODE = "bao_cao_dan_van_quy"
BLOC_KIND = "khoi_dan_van"
# Typed figures: (low, high), or (share of another figure, low %, high %) for "of which" figures.
FIGURES: dict[str, tuple] = {
    "doi_thoai_dinh_ky": (1, 2),
    "doi_thoai_dot_xuat": (0, 1),
    "y_kien_doi_thoai": (12, 45),
    "y_kien_da_tra_loi": ("y_kien_doi_thoai", 70, 100),
    "ngay_tiep_dan": (3, 6),
    "kien_nghi_tiep_nhan": (6, 30),
    "kien_nghi_giai_quyet": ("kien_nghi_tiep_nhan", 60, 100),
    "hoi_nghi": (2, 6),
    "van_ban_huong_dan": (1, 4),
    "doi_tuong_tap_hop": (3_000, 9_000),
    "doan_vien_hoi_vien": ("doi_tuong_tap_hop", 72, 95),
}
TEXTS = [
    "Tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân; tiếp nhận và giải quyết "
    "kịp thời kiến nghị về đường giao thông nông thôn, chiếu sáng, vệ sinh môi trường tại {commune}.",
    "Một số tổ dân vận ấp, khu phố hoạt động chưa đều; việc cập nhật số liệu mô hình còn chậm.",
    "Cán bộ làm công tác dân vận ở cơ sở kiêm nhiệm nhiều việc; kinh phí hoạt động còn hạn chế.",
    "Tiếp tục nhân rộng các mô hình “Dân vận khéo” hiệu quả; tổ chức đối thoại định kỳ quý tới.",
    "Đề nghị Thành phố hỗ trợ tập huấn nghiệp vụ cho tổ dân vận ấp, khu phố.",
]
# The last quarter's state of each commune, in the order of demo_communes(): A, B, then the others.
LAST_QUARTER = ["submitted", "draft", "approved", "approved", "missing"]


def create_demo_reports() -> dict[str, Any]:
    """Create the demo reports; return {"created", "existing"}, or {"skipped": True} when the demo
    units, users or the default form are missing."""
    form = ReportForm.objects.filter(code=FORM_CODE).first()
    users = {user.username: user for user in User.objects.filter(username__in=["admin", "duyet", "xa_a", "xa_b"])}
    chosen = demo_communes()
    last = queries.last_ended_period(form.period_type) if form is not None else None
    if form is None or chosen is None or len(users) < 4 or last is None:
        return {"skipped": True, "created": 0, "existing": 0}
    commune_a, commune_b, others = chosen
    communes = [commune_a, commune_b, *others]
    editors = {commune_a.pk: users["xa_a"], commune_b.pk: users["xa_b"]}
    earlier = queries.last_ended_period(form.period_type, last.start)
    counts = {"created": 0, "existing": 0}
    with transaction.atomic():
        for period_spec, states in ((earlier, ["approved"] * len(communes)), (last, LAST_QUARTER)):
            period = Period.objects.for_spec(period_spec)
            for commune, state in zip(communes, states, strict=False):
                bloc = Organization.objects.current().filter(area=commune, kind__code=BLOC_KIND).first()
                if bloc is None or state == "missing":
                    continue
                if Report.objects.filter(form=form, period=period, organization=bloc).exists():
                    counts["existing"] += 1
                    continue
                editor = editors.get(commune.pk, users["admin"])
                _report(form, period, bloc, commune, state, editor, users["duyet"])
                counts["created"] += 1
    return counts


def _report(form, period, bloc, commune, state, editor, approver) -> Report:
    """Write one bloc's report as its editor, up to `state`; the approver approves it (each change
    audited under the user who makes it)."""
    with acting_as(editor):
        report = services.open_report(form, period, bloc, user=editor)
    rng = random.Random(f"{period.code}-{commune.code}")
    values: dict[int, str] = {}
    drawn: dict[str, int] = {}
    typed = [item.indicator for item in services.figure_items(form)]
    for indicator in typed:
        spec = FIGURES.get(indicator.code)
        if spec is None:
            continue
        if isinstance(spec[0], str):
            share = rng.randint(spec[1], spec[2]) / 100
            drawn[indicator.code] = int(drawn.get(spec[0], 0) * share)
        else:
            drawn[indicator.code] = rng.randint(*spec)
        values[indicator.pk] = str(drawn[indicator.code])
    sections = form.sections.filter(kind=SectionKind.PROSE).order_by("sort_order")
    texts = {section.pk: text.format(commune=commune.name) for section, text in zip(sections, TEXTS, strict=False)}
    number = f"{rng.randint(10, 60)}-BC/{issuer_abbreviation(bloc)}"
    with acting_as(editor):
        services.save_report(
            report, user=editor, version=report.version, values=values, texts=texts, document_number=number
        )
        if state == "draft":
            return report
        report = services.submit(report, user=editor)
    if state == "approved":
        with acting_as(approver):
            report = services.approve(report, user=approver)
    _backdate(report, period)
    return report


def _backdate(report: Report, period: Period) -> None:
    """Date the report's steps a few days after its period, before its deadline, as they would
    have happened (the demo is created in one go, today)."""
    submitted = timezone.make_aware(datetime.datetime.combine(period.end, datetime.time(9)))
    submitted += datetime.timedelta(days=min(3, (report.deadline - period.end).days))
    if submitted >= timezone.now():
        return
    approved = min(submitted + datetime.timedelta(days=2), timezone.now())
    Report.objects.filter(pk=report.pk).update(
        submitted_at=submitted, approved_at=approved if report.approved_at else None
    )
    times = {
        ReportAction.CREATE: submitted - datetime.timedelta(days=1),
        ReportAction.SUBMIT: submitted,
        ReportAction.APPROVE: approved,
    }
    for action, when in times.items():
        ReportEvent.objects.filter(report=report, action=action).update(time=when)
