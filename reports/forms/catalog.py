"""Forms of the reporting catalog, edited by system administrators: indicators, report forms,
their sections, items and validation rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orgunits.forms import KindForm
from orgunits.models import OrganizationKind
from reports import providers
from reports.choices import SectionKind, ValueType
from reports.models import FormItem, FormSection, Indicator, ReportForm, ValidationRule

DESCRIPTION = forms.Textarea(attrs={"rows": 2})


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class IndicatorForm(KindForm):
    """An indicator: typed, filled by a provider, or a formula (numerator / denominator × multiplier)."""

    provider = forms.ChoiceField(required=False, label=_("Nguồn tự động"))
    numerator = IndicatorChoiceField(queryset=Indicator.objects.none(), required=False, label=_("Tử số"))
    denominator = IndicatorChoiceField(queryset=Indicator.objects.none(), required=False, label=_("Mẫu số"))

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "value_type",
            "tree_aggregation",
            "time_aggregation",
            "provider",
            "numerator",
            "denominator",
            "multiplier",
            "min_value",
            "max_value",
            "sort_order",
            "is_active",
            "description",
        ]
        widgets = {"description": DESCRIPTION}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Không (nhập tay hoặc tính toán)")), *providers.choices()]
        current = self.instance.provider
        if current and current not in dict(choices):
            # A provider whose app is gone: keep it visible rather than silently dropping it.
            choices.append((current, _("%(key)s (không còn đăng ký)") % {"key": current}))
        self.fields["provider"].choices = choices
        parts = Indicator.objects.exclude(value_type__in=[ValueType.TEXT, ValueType.BOOLEAN])
        if self.instance.pk:
            parts = parts.exclude(pk=self.instance.pk)
        for name in ("numerator", "denominator"):
            self.fields[name].queryset = parts.order_by("sort_order", "name")
            self.fields[name].help_text = _("Chỉ dùng cho chỉ số tính toán (ví dụ tỷ lệ): chọn cả tử số và mẫu số.")
        self.apply_bootstrap()


class ReportFormForm(KindForm):
    organization_kinds = forms.ModelMultipleChoiceField(
        queryset=OrganizationKind.objects.filter(is_active=True).order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Loại tổ chức phải báo cáo"),
    )

    class Meta:
        model = ReportForm
        fields = [
            "code",
            "name",
            "title",
            "period_type",
            "organization_kinds",
            "deadline_days",
            "sort_order",
            "is_active",
            "description",
        ]
        widgets = {"description": DESCRIPTION}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()
        self.fields["organization_kinds"].widget.attrs["class"] = "form-check-input"
        if self.instance.pk:
            kinds = self.fields["organization_kinds"]
            # An inactive kind already chosen stays listed (and chosen) rather than silently dropped.
            kinds.queryset = OrganizationKind.objects.filter(
                pk__in=[
                    *kinds.queryset.values_list("pk", flat=True),
                    *self.instance.organization_kinds.values_list("pk", flat=True),
                ]
            ).order_by("sort_order", "name")

    def clean_period_type(self):
        value = self.cleaned_data["period_type"]
        instance = self.instance
        if instance.pk and value != instance.period_type and instance.reports.exists():
            raise forms.ValidationError(
                _("Biểu mẫu đã có báo cáo theo %(type)s: không đổi được loại kỳ.")
                % {"type": instance.get_period_type_display().lower()}
            )
        return value


class SectionForm(KindForm):
    class Meta:
        model = FormSection
        fields = ["title", "kind", "instructions", "sort_order"]
        widgets = {"instructions": DESCRIPTION}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()

    def clean_kind(self):
        value = self.cleaned_data["kind"]
        section = self.instance
        if section.pk and value != section.kind:
            if section.kind == SectionKind.FIGURES and section.items.exists():
                raise forms.ValidationError(_("Phần này còn chỉ số: xóa các chỉ số trước khi đổi loại phần."))
            if section.kind == SectionKind.PROSE and section.form.reports.exists():
                raise forms.ValidationError(_("Biểu mẫu đã có báo cáo: không đổi được phần nội dung thành số liệu."))
        return value


class ItemForm(KindForm):
    indicator = IndicatorChoiceField(queryset=Indicator.objects.none(), label=_("Chỉ số"))

    class Meta:
        model = FormItem
        fields = ["indicator", "label", "is_required", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(is_active=True)
        if self.instance.indicator_id:
            indicators = Indicator.objects.filter(
                pk__in=[*indicators.values_list("pk", flat=True), self.instance.indicator_id]
            )
        self.fields["indicator"].queryset = indicators.order_by("sort_order", "name")
        self.fields["label"].help_text = _("Để trống: dùng tên chỉ số.")
        self.apply_bootstrap()

    def clean_indicator(self):
        indicator = self.cleaned_data["indicator"]
        section = self.instance.section
        others = FormItem.objects.filter(section__form_id=section.form_id, indicator=indicator).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError(_("Chỉ số này đã có trong biểu mẫu."))
        return indicator


class RuleForm(KindForm):
    left = IndicatorChoiceField(queryset=Indicator.objects.none(), label=_("Chỉ số"))
    right = IndicatorChoiceField(queryset=Indicator.objects.none(), label=_("So với chỉ số"))

    class Meta:
        model = ValidationRule
        fields = ["left", "comparison", "right", "message"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the numbers units type on this form can be compared.
        on_form = (
            Indicator.objects.filter(form_items__section__form_id=self.instance.form_id, numerator__isnull=True)
            .exclude(value_type__in=[ValueType.TEXT, ValueType.BOOLEAN])
            .order_by("sort_order", "name")
            .distinct()
        )
        self.fields["left"].queryset = on_form
        self.fields["right"].queryset = on_form
        self.fields["message"].help_text = _("Để trống: hệ thống tự ghi (ví dụ “A (5) phải ≤ B (3)”).")
        self.apply_bootstrap()
