"""Reference data of the registry that administrators edit: fields, stages, result metrics, criteria."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, LookupModel
from initiatives.choices import Subject
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR


class InitiativeField(LookupModel):
    """A field (lĩnh vực) a model belongs to: kinh tế, văn hóa – xã hội, quốc phòng – an ninh..."""

    class Meta(LookupModel.Meta):
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def get_absolute_url(self):
        return reverse("initiatives:field_list")


class Stage(LookupModel):
    """An emulation stage (giai đoạn thi đua) of several years, e.g. 2021-2025."""

    # The years a record may be registered in (a stage must cover its records' years).
    start_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)], verbose_name=_("Từ năm")
    )
    end_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)], verbose_name=_("Đến năm")
    )

    class Meta(LookupModel.Meta):
        ordering = ("-start_year", "name")
        verbose_name = _("giai đoạn thi đua")
        verbose_name_plural = _("giai đoạn thi đua")
        constraints = [
            *LookupModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_years_ordered",
                violation_error_message=_("Năm kết thúc phải sau hoặc bằng năm bắt đầu."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("initiatives:stage_list")

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class ResultMetric(LookupModel):
    """A kind of quantitative result with its unit of measure (m of road, VND mobilized, work-days),
    so results of the same metric add up across units."""

    unit = models.CharField(max_length=50, verbose_name=_("Đơn vị tính"))
    is_count = models.BooleanField(
        default=False,
        verbose_name=_("Đếm số nguyên"),
        help_text=_("Đơn vị đếm từng cái, từng người (hộ, người, căn, bóng...): giá trị không có phần lẻ."),
    )

    class Meta(LookupModel.Meta):
        verbose_name = _("loại kết quả")
        verbose_name_plural = _("loại kết quả")

    def __str__(self):
        return f"{self.name} ({self.unit})"

    def value_error(self, value: Decimal | None) -> str | None:
        """Return why `value` cannot be a result of this metric (a count with a fraction), if it cannot.

        The rule of a result's value shared by ResultValue.clean(), the results form, the API and
        the Excel import.
        """
        if self.is_count and value is not None and value != value.to_integral_value():
            return _("“%(metric)s” đếm bằng %(unit)s nên giá trị phải là số nguyên.") % {
                "metric": self.name,
                "unit": self.unit,
            }
        return None

    def get_absolute_url(self):
        return reverse("initiatives:metric_list")


class CriteriaSet(LookupModel):
    """A set of weighted review criteria (bộ tiêu chí bình xét) and the scores a model needs."""

    subject = models.CharField(
        max_length=20,
        choices=Subject.choices,
        blank=True,
        verbose_name=_("Áp dụng cho"),
        help_text=_("Để trống nếu dùng cho cả tập thể và cá nhân."),
    )
    pass_score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("Điểm công nhận (trên 100)"),
    )
    outstanding_score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=90,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("Điểm tiêu biểu (trên 100)"),
    )

    class Meta(LookupModel.Meta):
        verbose_name = _("bộ tiêu chí bình xét")
        verbose_name_plural = _("bộ tiêu chí bình xét")
        constraints = [
            *LookupModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(outstanding_score__gte=models.F("pass_score")),
                name="%(app_label)s_%(class)s_outstanding_above_pass",
                violation_error_message=_("Điểm tiêu biểu phải cao hơn hoặc bằng điểm công nhận."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("initiatives:criteriaset_detail", kwargs={"pk": self.pk})

    def fits(self, initiative) -> bool:
        """Return whether a round using this set may review `initiative` ("Áp dụng cho")."""
        return not self.subject or initiative.subject == self.subject


class Criterion(AuditedModel):
    """One criterion of a set: what reviewers score, its weight and its maximum score."""

    criteria_set = models.ForeignKey(
        to=CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Bộ tiêu chí")
    )
    name = models.CharField(max_length=255, verbose_name=_("Tiêu chí"))
    description = models.TextField(blank=True, verbose_name=_("Diễn giải"))
    # Bounded: a reviewer's score is stored with 3 digits before the comma (Score.value).
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100)], verbose_name=_("Trọng số")
    )
    max_score = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(100)], verbose_name=_("Điểm tối đa")
    )
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("Thứ tự"))

    class Meta:
        ordering = ("criteria_set", "sort_order", "pk")
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.criteria_set.get_absolute_url()
