"""A reporting period stored once per identifier, so reports and values join on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reports import periods
from reports.choices import PeriodType


class PeriodManager(models.Manager):
    def for_code(self, code: str) -> "Period":
        """Return the stored period for an identifier ("2024Q2"...), creating it on first use.

        Raises periods.InvalidPeriod for text that is not an identifier.
        """
        spec = periods.parse(code)
        period, _created = self.get_or_create(
            code=spec.code, defaults={"type": spec.type, "start": spec.start, "end": spec.end}
        )
        return period

    def for_spec(self, spec: periods.PeriodSpec) -> "Period":
        return self.for_code(spec.code)

    def lookup(self, code: str) -> "Period":
        """Return the stored period for an identifier, or an unsaved one when none is stored yet.

        For pages that only read (roll-up, completeness): no report can exist for a period that
        was never stored, so they show it empty instead of writing a row on a GET. Raises
        periods.InvalidPeriod like for_code().
        """
        spec = periods.parse(code)
        stored = self.filter(code=spec.code).first()
        return stored or self.model(code=spec.code, type=spec.type, start=spec.start, end=spec.end)


class Period(models.Model):
    """A period reports cover: a month, a quarter, six or nine months, a year or a custom range."""

    code = models.CharField(max_length=20, unique=True, verbose_name=_("Mã kỳ"))
    type = models.CharField(max_length=20, choices=PeriodType.choices, verbose_name=_("Loại kỳ"))
    start = models.DateField(verbose_name=_("Từ ngày"))
    end = models.DateField(verbose_name=_("Đến ngày"))

    objects = PeriodManager()

    class Meta:
        ordering = ("-start", "end")
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_ordered",
                violation_error_message=_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def spec(self) -> periods.PeriodSpec:
        return periods.PeriodSpec(self.type, self.start, self.end, self.code)

    @property
    def name(self) -> str:
        return periods.period_name(self.spec)
