"""Reminders sent to units that have not submitted a report (completeness, issue 4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.querysets import RestrictedQuerySet, ScopedModelMixin
from reports.choices import ReminderKind


class ReportReminderQuerySet(RestrictedQuerySet):
    pass


class ReportReminder(ScopedModelMixin, models.Model):
    """A reminder e-mailed to the people in charge of an organization whose report for a form and
    period is missing. Automatic reminders are sent once per kind (before and after the deadline):
    the row is the record that makes the daily command idempotent."""

    form = models.ForeignKey(
        to="reports.ReportForm", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("Biểu mẫu")
    )
    period = models.ForeignKey(
        to="reports.Period", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("Kỳ báo cáo")
    )
    # A reminder is a log line: deleting an organization (or a form) takes its reminders along.
    organization = models.ForeignKey(
        to="orgunits.Organization",
        on_delete=models.CASCADE,
        related_name="report_reminders",
        verbose_name=_("Đơn vị"),
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices, verbose_name=_("Loại nhắc"))
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Gửi lúc"))
    sent_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Người nhắc"),
        help_text=_("Để trống: hệ thống tự nhắc."),
    )
    recipients = models.TextField(blank=True, verbose_name=_("Người nhận"), help_text=_("Địa chỉ thư điện tử."))

    objects = ReportReminderQuerySet.as_manager()
    scope_path_lookup = "organization__path"

    class Meta:
        ordering = ("-sent_at", "-pk")
        verbose_name = _("nhắc nộp báo cáo")
        verbose_name_plural = _("nhắc nộp báo cáo")
        indexes = [models.Index(fields=["form", "period", "organization"], name="reports_reminder_unit")]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period", "organization", "kind"],
                condition=~models.Q(kind=ReminderKind.MANUAL),
                name="%(app_label)s_%(class)s_automatic_once",
                violation_error_message=_("Đơn vị này đã được tự động nhắc nộp báo cáo kỳ này."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organization} ({self.sent_at:%d/%m/%Y %H:%M})"

    @property
    def recipient_list(self) -> list[str]:
        return [address for address in self.recipients.split(",") if address]
