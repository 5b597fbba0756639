"""What is reported: indicators, report forms with their sections and items, validation rules.

All of it is data an administrator edits (issue 4): the 2025 reforms changed what is reported
and will again.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.errors import DeletionRefused
from core.models import AuditedModel, LookupModel
from reports.choices import Comparison, PeriodType, SectionKind, TimeAggregation, TreeAggregation, ValueType


class Indicator(LookupModel):
    """A figure units report (chỉ số): typed by hand, filled from the system's own records by a
    provider, or computed by a formula (numerator / denominator × multiplier), never typed."""

    unit = models.CharField(max_length=50, blank=True, verbose_name=_("Đơn vị tính"))
    value_type = models.CharField(
        max_length=20, choices=ValueType.choices, default=ValueType.INTEGER, verbose_name=_("Kiểu giá trị")
    )
    tree_aggregation = models.CharField(
        max_length=20,
        choices=TreeAggregation.choices,
        default=TreeAggregation.SUM,
        verbose_name=_("Tổng hợp theo đơn vị"),
    )
    time_aggregation = models.CharField(
        max_length=20,
        choices=TimeAggregation.choices,
        default=TimeAggregation.SUM,
        verbose_name=_("Tổng hợp theo thời gian"),
    )
    numerator = models.ForeignKey(
        to="self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Tử số"),
    )
    denominator = models.ForeignKey(
        to="self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Mẫu số"),
    )
    multiplier = models.DecimalField(
        max_digits=10, decimal_places=2, default=100, verbose_name=_("Hệ số"), help_text=_("100 cho tỷ lệ phần trăm.")
    )
    provider = models.CharField(
        max_length=100,
        blank=True,
        verbose_name=_("Nguồn tự động"),
        help_text=_("Số liệu lấy tự động từ dữ liệu của hệ thống (ví dụ: số mô hình đăng ký trong kỳ)."),
    )
    min_value = models.DecimalField(
        max_digits=18, decimal_places=2, null=True, blank=True, verbose_name=_("Giá trị nhỏ nhất")
    )
    max_value = models.DecimalField(
        max_digits=18, decimal_places=2, null=True, blank=True, verbose_name=_("Giá trị lớn nhất")
    )

    class Meta(LookupModel.Meta):
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True, denominator__isnull=True)
                | models.Q(numerator__isnull=False, denominator__isnull=False),
                name="%(app_label)s_%(class)s_formula_complete",
                violation_error_message=_("Chỉ số tính toán cần có cả tử số và mẫu số."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def get_absolute_url(self):
        return reverse("reports:indicator_detail", kwargs={"pk": self.pk})

    @property
    def is_formula(self) -> bool:
        return self.numerator_id is not None

    @property
    def is_numeric(self) -> bool:
        return self.value_type != ValueType.TEXT

    def clean(self):
        super().clean()
        errors = {}
        if self.is_formula:
            if self.provider:
                errors["provider"] = _("Chỉ số tính toán không lấy số liệu tự động.")
            if self.pk and self.pk in (self.numerator_id, self.denominator_id):
                errors["numerator"] = _("Chỉ số không thể tính từ chính nó.")
            if self.value_type in (ValueType.TEXT, ValueType.BOOLEAN):
                errors["value_type"] = _("Chỉ số tính toán phải là số.")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất.")
        if errors:
            raise ValidationError(errors)


class ReportForm(LookupModel):
    """A report form (biểu mẫu): its period type, who must submit it, its deadline and sections."""

    period_type = models.CharField(
        max_length=20, choices=PeriodType.choices, default=PeriodType.QUARTER, verbose_name=_("Loại kỳ")
    )
    organization_kinds = models.ManyToManyField(
        to="orgunits.OrganizationKind",
        related_name="report_forms",
        blank=True,
        verbose_name=_("Loại tổ chức phải báo cáo"),
    )
    deadline_days = models.PositiveSmallIntegerField(
        default=5, validators=[MaxValueValidator(366)], verbose_name=_("Hạn nộp (số ngày sau khi hết kỳ)")
    )
    title = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("Tiêu đề văn bản"),
        help_text=_("Ví dụ: Báo cáo kết quả công tác dân vận."),
    )

    class Meta(LookupModel.Meta):
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")

    def get_absolute_url(self):
        return reverse("reports:form_detail", kwargs={"pk": self.pk})


class FormSection(AuditedModel):
    """A section of a form: a table of figures or a prose part (kết quả, hạn chế, nguyên nhân...)."""

    form = models.ForeignKey(
        to=ReportForm, on_delete=models.CASCADE, related_name="sections", verbose_name=_("Biểu mẫu")
    )
    title = models.CharField(max_length=255, verbose_name=_("Tên phần"))
    kind = models.CharField(
        max_length=20, choices=SectionKind.choices, default=SectionKind.FIGURES, verbose_name=_("Loại phần")
    )
    instructions = models.TextField(blank=True, verbose_name=_("Hướng dẫn"))
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("Thứ tự"))

    class Meta:
        ordering = ("form", "sort_order", "pk")
        verbose_name = _("phần của biểu mẫu")
        verbose_name_plural = _("phần của biểu mẫu")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.form.get_absolute_url()

    def check_deletable(self) -> None:
        """Raise DeletionRefused while reports hold figures of its items (see FormItem)."""
        for item in self.items.select_related("indicator"):
            item.check_deletable()

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)


class FormItem(AuditedModel):
    """An indicator asked in a figures section, whether it is required, in which order."""

    section = models.ForeignKey(to=FormSection, on_delete=models.CASCADE, related_name="items", verbose_name=_("Phần"))
    indicator = models.ForeignKey(
        to=Indicator, on_delete=models.PROTECT, related_name="form_items", verbose_name=_("Chỉ số")
    )
    label = models.CharField(max_length=255, blank=True, verbose_name=_("Tên hiển thị"))
    is_required = models.BooleanField(default=False, verbose_name=_("Bắt buộc"))
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("Thứ tự"))

    class Meta:
        ordering = ("section", "sort_order", "pk")
        verbose_name = _("chỉ số của biểu mẫu")
        verbose_name_plural = _("chỉ số của biểu mẫu")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "indicator"],
                name="%(app_label)s_%(class)s_once_per_section",
                violation_error_message=_("Chỉ số này đã có trong phần này."),
            )
        ]

    def __str__(self):
        return self.label or self.indicator.name

    def get_absolute_url(self):
        return self.section.get_absolute_url()

    def check_deletable(self) -> None:
        """Raise DeletionRefused while reports of the form hold a figure of this indicator: the
        reports (approved ones too) would silently stop showing it."""
        held = self.indicator.values.filter(report__form_id=self.section.form_id).select_related("report")
        reports = {value.report for value in held[:1000]}
        if reports:
            raise DeletionRefused(
                _("“%(item)s” đã có số liệu trong báo cáo của biểu mẫu này; bỏ “Bắt buộc” nếu không cần nhập nữa.")
                % {"item": self},
                reports,
            )

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)


class ValidationRule(AuditedModel):
    """A relation between two indicators a report must respect (resolved ≤ received)."""

    form = models.ForeignKey(to=ReportForm, on_delete=models.CASCADE, related_name="rules", verbose_name=_("Biểu mẫu"))
    left = models.ForeignKey(to=Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("Chỉ số"))
    comparison = models.CharField(max_length=5, choices=Comparison.choices, verbose_name=_("So sánh"))
    right = models.ForeignKey(to=Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("So với chỉ số"))
    message = models.CharField(max_length=255, blank=True, verbose_name=_("Thông báo khi sai"))

    class Meta:
        ordering = ("form", "pk")
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")

    def __str__(self):
        return f"{self.left.name} {self.get_comparison_display()} {self.right.name}"

    def get_absolute_url(self):
        return self.form.get_absolute_url()
