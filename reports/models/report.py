"""A unit's report for a form and period: its figures, prose, state and history."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import OrgScopedModel, path_index
from core.querysets import RestrictedQuerySet, ScopedModelMixin
from reports.choices import ReportAction, ReportStatus, Timeliness, ValueSource

# A report in these states has been sent up: it counts as submitted (on time or late). A returned
# one must be sent again, and counts by its new sending.
SENT_STATES = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED})


def timeliness_of(report, deadline: datetime.date, today: datetime.date) -> str:
    """How a report stands against its deadline (a reports.choices.Timeliness value): sent, on
    time or late by the local day it was last sent; not sent, returned for correction, or never
    opened (`report` None), overdue after `deadline`, else pending. The one rule of the report
    page, the report list and its filter, the completeness page and the API."""
    if report is not None and report.status in SENT_STATES and report.submitted_at is not None:
        sent_on = timezone.localdate(report.submitted_at)
        return Timeliness.ON_TIME if sent_on <= report.deadline else Timeliness.LATE
    return Timeliness.OVERDUE if today > deadline else Timeliness.PENDING


class Report(OrgScopedModel):
    """The report an organization submits for a form and period (draft → submitted → approved, or
    returned with comments → resubmitted; a higher level can reopen it).

    `version` grows on every save of its content: two people editing the same report cannot
    silently overwrite each other (the second save is refused and told).
    """

    form = models.ForeignKey(
        to="reports.ReportForm", on_delete=models.PROTECT, related_name="reports", verbose_name=_("Biểu mẫu")
    )
    period = models.ForeignKey(
        to="reports.Period", on_delete=models.PROTECT, related_name="reports", verbose_name=_("Kỳ báo cáo")
    )
    status = models.CharField(
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
        verbose_name=_("Trạng thái"),
    )
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("Phiên bản"))
    deadline = models.DateField(editable=False, verbose_name=_("Hạn nộp"))
    number = models.CharField(max_length=50, blank=True, verbose_name=_("Số văn bản"), help_text=_("Ví dụ: 07-BC/DV."))
    # Who signs the document, under the authority line ("T/M KHỐI DÂN VẬN"): the unit says it, the
    # system cannot know it (the person who sends the report is often not the one who signs).
    signer_title = models.CharField(
        max_length=150,
        blank=True,
        verbose_name=_("Chức vụ người ký"),
        help_text=_(
            "In trên văn bản, ví dụ: TRƯỞNG KHỐI; ký thay: KT. TRƯỞNG KHỐI, xuống dòng, PHÓ TRƯỞNG KHỐI (tối đa 2 dòng)."
        ),
    )
    signer_name = models.CharField(
        max_length=100, blank=True, verbose_name=_("Người ký"), help_text=_("Họ và tên người ký văn bản.")
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("Gửi lúc"))
    submitted_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Người gửi"),
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("Duyệt lúc"))
    approved_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Người duyệt"),
    )
    last_saved_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Người lưu lần cuối"),
    )
    approved_without_children = models.BooleanField(
        default=False, editable=False, verbose_name=_("Duyệt khi cấp dưới chưa đủ")
    )
    is_consolidated = models.BooleanField(
        default=False,
        editable=False,
        verbose_name=_("Báo cáo tổng hợp"),
        help_text=_("Đơn vị có đơn vị cấp dưới cùng báo cáo biểu mẫu này: số liệu là số tổng hợp."),
    )

    audit_exclude = ("created", "updated", "path", "version")

    class Meta:
        ordering = ("-period__start", "path")
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        indexes = [
            path_index("reports_report"),
            models.Index(fields=["form", "period", "status"], name="reports_report_form_period"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period", "organization"],
                name="%(app_label)s_%(class)s_one_per_unit_and_period",
                violation_error_message=_("Đơn vị này đã có báo cáo theo biểu mẫu này cho kỳ này."),
            )
        ]

    def __str__(self):
        return f"{self.form.name} – {self.period} – {self.organization}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        return self.status in SENT_STATES

    def timeliness(self, today: datetime.date | None = None) -> str:
        """This report against its deadline (timeliness_of)."""
        return timeliness_of(self, self.deadline, today or timezone.localdate())

    @property
    def is_late(self) -> bool:
        return self.timeliness() == Timeliness.LATE


class ReportChildQuerySet(RestrictedQuerySet):
    pass


class DataValue(ScopedModelMixin, models.Model):
    """One figure of a report. `path`, `period`, `form` and `status` copy the report's, so a
    roll-up over any subtree is one indexed scan of this table (issue 4: no nightly rebuild)."""

    # No single-column indexes on report, period and form (db_index=False): the unique constraint
    # (report, indicator) serves a report's figures and the roll-up index (form, period, …) a
    # form's. A period's own index was worse than useless: for a national roll-up PostgreSQL
    # chose it over the roll-up index and read the table (255–280 ms against 220–235 ms). The
    # price is a full scan when a period is deleted (PROTECT looks for its figures), which no page
    # offers.
    report = models.ForeignKey(
        to=Report, on_delete=models.CASCADE, related_name="values", verbose_name=_("Báo cáo"), db_index=False
    )
    indicator = models.ForeignKey(
        to="reports.Indicator", on_delete=models.PROTECT, related_name="values", verbose_name=_("Chỉ số")
    )
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True, verbose_name=_("Giá trị"))
    text = models.TextField(blank=True, verbose_name=_("Giá trị (văn bản)"))
    source = models.CharField(
        max_length=20, choices=ValueSource.choices, default=ValueSource.TYPED, verbose_name=_("Nguồn số liệu")
    )
    # False for the figures of a consolidated report (a unit whose units below report the same
    # form): they restate their children's and would count twice in a roll-up.
    in_rollup = models.BooleanField(default=True, editable=False)
    path = models.CharField(max_length=255, editable=False)
    period = models.ForeignKey(
        to="reports.Period", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    form = models.ForeignKey(
        to="reports.ReportForm", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    status = models.CharField(max_length=20, choices=ReportStatus.choices, editable=False)

    objects = ReportChildQuerySet.as_manager()
    scope_path_lookup = "path"

    class Meta:
        ordering = ("report", "indicator")
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        indexes = [
            models.Index(
                fields=["form", "period", "indicator", "path"],
                name="reports_value_rollup",
                opclasses=["int8_ops", "int8_ops", "int8_ops", "varchar_pattern_ops"],
                include=["number", "status", "in_rollup"],
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="%(app_label)s_%(class)s_once_per_report",
                violation_error_message=_("Chỉ số này đã có giá trị trong báo cáo."),
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.number if self.number is not None else self.text}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


class ReportText(ScopedModelMixin, models.Model):
    """The prose of one section of a report (kết quả, hạn chế, nguyên nhân, phương hướng...)."""

    report = models.ForeignKey(to=Report, on_delete=models.CASCADE, related_name="texts", verbose_name=_("Báo cáo"))
    section = models.ForeignKey(
        to="reports.FormSection", on_delete=models.PROTECT, related_name="+", verbose_name=_("Phần")
    )
    text = models.TextField(blank=True, verbose_name=_("Nội dung"))

    objects = ReportChildQuerySet.as_manager()
    scope_path_lookup = "report__path"

    class Meta:
        ordering = ("report", "section__sort_order")
        verbose_name = _("nội dung báo cáo")
        verbose_name_plural = _("nội dung báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"],
                name="%(app_label)s_%(class)s_once_per_section",
                violation_error_message=_("Phần này đã có nội dung trong báo cáo."),
            )
        ]

    def __str__(self):
        return f"{self.section}: {self.text[:50]}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


class ReportEvent(ScopedModelMixin, models.Model):
    """One step of a report's workflow: who, when, what, the comment (a return's reasons)."""

    report = models.ForeignKey(to=Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("Báo cáo"))
    action = models.CharField(max_length=40, choices=ReportAction.choices, verbose_name=_("Thao tác"))
    from_status = models.CharField(
        max_length=20, choices=ReportStatus.choices, blank=True, verbose_name=_("Trạng thái trước")
    )
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices, verbose_name=_("Trạng thái sau"))
    time = models.DateTimeField(auto_now_add=True, verbose_name=_("Thời điểm"))
    user = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Người thực hiện"),
    )
    comment = models.TextField(blank=True, verbose_name=_("Ý kiến"))

    objects = ReportChildQuerySet.as_manager()
    scope_path_lookup = "report__path"

    class Meta:
        ordering = ("time", "pk")
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("các bước xử lý báo cáo")

    def __str__(self):
        return f"{self.get_action_display()} ({self.time:%d/%m/%Y %H:%M})"

    def get_absolute_url(self):
        return self.report.get_absolute_url()
