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
from core.validators import validate_code_has_letter
from reports.choices import Comparison, PeriodType, SectionKind, TimeAggregation, TreeAggregation, ValueType


def catalog_code_field() -> models.SlugField:
    """Return LookupModel's code field with a letter required.

    The reports API takes "an id or a code" for a form, a figure key and a roll-up column: a code
    of digits only ("2025") would read as the id of another row.
    """
    return models.SlugField(
        max_length=50,
        unique=True,
        validators=[validate_code_has_letter],
        verbose_name=_("Mã"),
        help_text=_("Chữ cái không dấu, chữ số, dấu gạch dưới hoặc gạch ngang; có ít nhất một chữ cái."),
    )


class Indicator(LookupModel):
    """A figure units report (chỉ số): typed by hand, filled from the system's own records by a
    provider, or computed by a formula (numerator / denominator × multiplier), never typed."""

    code = catalog_code_field()
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
            *LookupModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True, denominator__isnull=True)
                | models.Q(numerator__isnull=False, denominator__isnull=False),
                name="%(app_label)s_%(class)s_formula_complete",
                violation_error_message=_("Chỉ số tính toán cần có cả tử số và mẫu số."),
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True) | ~models.Q(numerator=models.F("denominator")),
                name="%(app_label)s_%(class)s_formula_two_parts",
                violation_error_message=_("Mẫu số phải khác tử số."),
            ),
            models.CheckConstraint(
                condition=models.Q(multiplier__gt=0),
                name="%(app_label)s_%(class)s_multiplier_positive",
                violation_error_message=_("Hệ số phải lớn hơn 0."),
            ),
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
        if (self.numerator_id is None) != (self.denominator_id is None):
            errors["denominator" if self.numerator_id else "numerator"] = _(
                "Chỉ số tính toán cần có cả tử số và mẫu số."
            )
        elif self.is_formula:
            if self.provider:
                errors["provider"] = _("Chỉ số tính toán không lấy số liệu tự động.")
            if self.numerator_id == self.denominator_id:
                # x / x × k is k whatever is reported: a rate of nothing.
                errors["denominator"] = _("Mẫu số phải khác tử số: tỷ lệ của một chỉ số với chính nó luôn bằng hệ số.")
            if self.pk and self._formula_uses_itself():
                errors["numerator"] = _("Công thức không được vòng lại chính chỉ số này.")
            if self.value_type in (ValueType.TEXT, ValueType.BOOLEAN):
                errors["value_type"] = _("Chỉ số tính toán phải là số.")
        if self.multiplier is not None and self.multiplier <= 0:
            errors["multiplier"] = _("Hệ số phải lớn hơn 0 (ví dụ 100 cho tỷ lệ phần trăm).")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất.")
        if errors:
            raise ValidationError(errors)

    def _formula_uses_itself(self) -> bool:
        """Return whether the formula's parts, or theirs in turn, come back to this indicator."""
        seen, stack = set(), [self.numerator_id, self.denominator_id]
        while stack:
            pk = stack.pop()
            if pk == self.pk:
                return True
            if pk is None or pk in seen:
                continue
            seen.add(pk)
            stack.extend(Indicator.objects.filter(pk=pk).values_list("numerator_id", "denominator_id").first() or ())
        return False


class ReportForm(LookupModel):
    """A report form (biểu mẫu): its period type, who must submit it, its deadline and sections."""

    code = catalog_code_field()
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
        """Raise DeletionRefused while reports hold figures of its items (see FormItem): the first
        such item's refusal. A constant number of queries, however many items the section has."""
        items = list(self.items.select_related("indicator"))
        held = set(
            Indicator.objects.filter(pk__in=[item.indicator_id for item in items], values__report__form_id=self.form_id)
            .values_list("pk", flat=True)
            .distinct()
        )
        for item in items:
            if item.indicator_id in held:
                item.section = self  # the item's own check reads the form through it: no query
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
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(left=models.F("right")),
                name="%(app_label)s_%(class)s_two_indicators",
                violation_error_message=_("Quy tắc phải so sánh hai chỉ số khác nhau."),
            )
        ]

    def __str__(self):
        return f"{self.left.name} {self.get_comparison_display()} {self.right.name}"

    def get_absolute_url(self):
        return self.form.get_absolute_url()

    def clean(self):
        super().clean()
        if self.left_id is None or self.right_id is None or self.form_id is None or not self.comparison:
            return  # the missing field has its own error
        if self.left_id == self.right_id:
            raise ValidationError(
                {
                    "right": _(
                        "“So với chỉ số” phải khác “Chỉ số”: so sánh một chỉ số với chính nó luôn đúng hoặc luôn sai."
                    )
                }
            )
        others = list(self.form.rules.exclude(pk=self.pk).select_related("left", "right"))
        same = [rule for rule in others if _bounds(rule) == _bounds(self)]
        if same:
            raise ValidationError({"comparison": _("Biểu mẫu đã có quy tắc này: “%(rule)s”.") % {"rule": same[0]}})
        contradicted = _contradicted_by(self, others)
        if contradicted:
            raise ValidationError(
                {
                    "comparison": _(
                        "Phép so sánh mâu thuẫn với quy tắc đã có của biểu mẫu (%(rules)s): không báo cáo nào "
                        "thỏa được cả hai."
                    )
                    % {"rules": "; ".join(f"“{rule}”" for rule in contradicted)}
                }
            )


#
# Contradictory rules
#

# A rule as "smaller ≤ larger" edges between indicators: (from, to, strict). `a ≥ b` is b ≤ a,
# `a = b` both a ≤ b and b ≤ a.
_EDGES = {
    Comparison.LE: ((False, False),),
    Comparison.LT: ((False, True),),
    Comparison.GE: ((True, False),),
    Comparison.GT: ((True, True),),
    Comparison.EQ: ((False, False), (True, False)),
}


def _edges(rule) -> list[tuple[int, int, bool, object]]:
    """Return the rule's (smaller, larger, strict, rule) edges."""
    result = []
    for flipped, strict in _EDGES[rule.comparison]:
        smaller, larger = (rule.right_id, rule.left_id) if flipped else (rule.left_id, rule.right_id)
        result.append((smaller, larger, strict, rule))
    return result


def _bounds(rule) -> frozenset:
    """Return what the rule says, whichever way it is written (a ≤ b and b ≥ a say the same)."""
    return frozenset((smaller, larger, strict) for smaller, larger, strict, _rule in _edges(rule))


def _contradicted_by(rule, others: list) -> list:
    """Return the rules among `others` that, with `rule`, no set of figures satisfies (a ≤ b and
    a > b; a < b, b < c and c < a...): the shortest chain closing a cycle of ≤ with a strict
    step. Empty when `rule` fits them."""
    graph: dict[int, list[tuple[int, bool, object]]] = {}
    for other in others:
        for smaller, larger, strict, source in _edges(other):
            graph.setdefault(smaller, []).append((larger, strict, source))
    for smaller, larger, strict, _source in _edges(rule):
        # A path larger ⇝ smaller among the other rules closes a cycle; it contradicts when the
        # new edge or one step of the path is strict (x < … ≤ x). Breadth-first: shortest chain.
        start = (larger, strict)
        previous: dict[tuple[int, bool], tuple[tuple[int, bool], object] | None] = {start: None}
        queue = [start]
        while queue:
            node, seen_strict = state = queue.pop(0)
            if node == smaller and seen_strict:
                chain = []
                while previous[state] is not None:
                    state, source = previous[state]
                    chain.append(source)
                return list(dict.fromkeys(reversed(chain)))
            for target, step_strict, source in graph.get(node, []):
                following = (target, seen_strict or step_strict)
                if following not in previous:
                    previous[following] = (state, source)
                    queue.append(following)
    return []
