"""The statistics page's choice of unit and period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import AutocompleteSelect
from initiatives.choices import PeriodPreset
from initiatives.models import Stage
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR
from initiatives.queries import period_for
from orgunits.forms import AreaChoiceField, BootstrapMixin
from orgunits.models import Area

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class StatisticsForm(BootstrapMixin, forms.Form):
    """Unit (any area the user may see; empty: the whole scope) and period (a preset or two dates).

    `cleaned_data["period"]` is the chosen `queries.Period`.
    """

    area = AreaChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Đơn vị, địa bàn"),
        empty_label=_("Toàn bộ phạm vi phụ trách"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )
    preset = forms.ChoiceField(choices=PeriodPreset.choices, initial=PeriodPreset.YEAR, label=_("Kỳ thống kê"))
    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, required=False, label=_("Năm"))
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.filter(is_active=True), required=False, label=_("Giai đoạn"), empty_label="—"
    )
    date_from = forms.DateField(input_formats=DATE_FORMATS, required=False, label=_("Từ ngày"), widget=DATE_WIDGET)
    date_to = forms.DateField(input_formats=DATE_FORMATS, required=False, label=_("Đến ngày"), widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.restrict(user, "view").select_related("kind")
        self.apply_bootstrap()

    def clean(self):
        data = super().clean()
        preset = data.get("preset")
        if preset is None:
            return data
        if preset == PeriodPreset.CUSTOM:
            date_from, date_to = data.get("date_from"), data.get("date_to")
            # A date that does not parse already has its own error ("Nhập một ngày hợp lệ.").
            if not date_from and "date_from" not in self.errors:
                self.add_error("date_from", _("Nhập ngày bắt đầu (dd/mm/yyyy)."))
            if not date_to and "date_to" not in self.errors:
                self.add_error("date_to", _("Nhập ngày kết thúc (dd/mm/yyyy)."))
            if date_from and date_to and date_from > date_to:
                self.add_error("date_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
            if self.errors:
                return data
            data["period"] = period_for(preset, date_from=date_from, date_to=date_to)
        elif preset == PeriodPreset.STAGE:
            if data.get("stage") is None:
                self.add_error("stage", _("Chọn giai đoạn thi đua."))
                return data
            data["period"] = period_for(preset, stage=data["stage"])
        else:
            year = data.get("year") or timezone.localdate().year
            if "year" in self.errors:
                return data
            data["period"] = period_for(preset, year=year)
        return data
