"""Forms of the document pages: choosing an area's document, and the layout settings."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.widgets import AutocompleteSelect
from orgunits.choices import AreaLevel
from orgunits.forms import AreaChoiceField, BootstrapMixin
from orgunits.models import Area
from reports import periods
from reports.choices import PeriodType
from reports.models import DocumentSettings, Period, ReportForm

# From the shortest to the longest: an area's document may cover a longer period than the
# form's (a year of a quarterly form); the roll-up aggregates over time.
PERIOD_ORDER = [
    PeriodType.MONTH,
    PeriodType.QUARTER,
    PeriodType.SIX_MONTHS,
    PeriodType.NINE_MONTHS,
    PeriodType.YEAR,
]


class AreaDocumentForm(BootstrapMixin, forms.Form):
    """Which form, period and area the consolidated document covers (a GET form)."""

    form = forms.ModelChoiceField(queryset=ReportForm.objects.none(), label=_("Biểu mẫu"))
    period = forms.CharField(
        max_length=20,
        label=_("Kỳ báo cáo"),
        help_text=_("Mã kỳ: 202503 (tháng), 2025Q2 (quý), 2025S1 (6 tháng), 2025N9 (9 tháng), 2025 (năm)."),
    )
    area = AreaChoiceField(
        queryset=Area.objects.none(), label=_("Địa bàn"), widget=AutocompleteSelect("orgunits:area_autocomplete")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = ReportForm.objects.filter(is_active=True).order_by("sort_order", "name")
        self.fields["area"].queryset = (
            Area.objects.restrict(user, "view").filter(level__lt=AreaLevel.HAMLET).select_related("kind")
        )
        self.apply_bootstrap()

    def clean_period(self) -> Period:
        """Return the stored period, or an unsaved one (a period nobody reported is not stored)."""
        try:
            spec = periods.parse(self.cleaned_data["period"])
        except periods.InvalidPeriod as error:
            raise forms.ValidationError(str(error)) from error
        return Period.objects.filter(code=spec.code).first() or Period(
            code=spec.code, type=spec.type, start=spec.start, end=spec.end
        )

    def clean(self):
        cleaned = super().clean()
        form, period = cleaned.get("form"), cleaned.get("period")
        if form is None or period is None or form.period_type == PeriodType.CUSTOM or period.type == PeriodType.CUSTOM:
            return cleaned
        if PERIOD_ORDER.index(period.type) < PERIOD_ORDER.index(form.period_type):
            self.add_error(
                "period",
                _("Biểu mẫu này báo cáo theo %(type)s: chọn kỳ %(type)s hoặc dài hơn.")
                % {"type": form.get_period_type_display().lower()},
            )
        return cleaned


class DocumentSettingsForm(BootstrapMixin, forms.ModelForm):
    area = AreaChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Địa bàn"),
        help_text=DocumentSettings._meta.get_field("area").help_text,
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )

    class Meta:
        model = DocumentSettings
        fields = [
            "area",
            "font_name",
            "font_size",
            "margin_top",
            "margin_bottom",
            "margin_left",
            "margin_right",
            "archive_note",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(
            Q(level__lt=AreaLevel.HAMLET) | Q(pk=self.instance.area_id)
        ).select_related("kind")
        self.apply_bootstrap()
