"""The choice of form, period and unit on the roll-up and completeness pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import AutocompleteSelect
from orgunits.forms import AreaChoiceField, BootstrapMixin
from orgunits.models import Area, Cluster, OrganizationKind
from reports import periods, queries
from reports.choices import ReportStatus, Timeliness

PERIOD_LIST_ID = "period-choices"


class UnitPeriodForm(BootstrapMixin, forms.Form):
    """A report form, one of its periods (an identifier such as 2025Q2) and a unit the user sees
    (empty: the user's whole scope). `cleaned_data["period"]` is the normalised identifier."""

    # Whether a period longer than the form's (a year of a quarterly form) is accepted.
    longer_periods = False

    form = forms.ModelChoiceField(queryset=queries.active_forms(), empty_label=None, label=_("Biểu mẫu"))
    period = forms.CharField(
        max_length=20,
        label=_("Kỳ báo cáo"),
        help_text=_("Mã kỳ: 2025Q2 (quý), 202503 (tháng), 2025S1 (6 tháng), 2025N9 (9 tháng), 2025 (năm)."),
        widget=forms.TextInput(attrs={"list": PERIOD_LIST_ID, "autocomplete": "off", "placeholder": "2025Q2"}),
    )
    area = AreaChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Đơn vị, địa bàn"),
        empty_label=_("Toàn bộ phạm vi phụ trách"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = Area.objects.restrict(user, "view").select_related("kind")
        self.apply_bootstrap()

    def clean(self):
        data = super().clean()
        form, text = data.get("form"), data.get("period")
        if form is None or not text:
            return data
        try:
            spec = periods.parse(text)
        except periods.InvalidPeriod as error:
            self.add_error("period", str(error))
            return data
        problem = queries.period_problem(form, spec, longer=self.longer_periods)
        if problem:
            self.add_error("period", problem)
            return data
        data["period"] = spec.code
        return data


class RollupSelectionForm(UnitPeriodForm):
    """The roll-up table's choices: also a cluster (instead of a unit) and which reports count."""

    longer_periods = True

    cluster = forms.ModelChoiceField(
        queryset=Cluster.objects.none(),
        required=False,
        label=_("Hoặc cụm, khối"),
        empty_label="—",
    )
    include_submitted = forms.BooleanField(required=False, label=_("Kể cả báo cáo đã gửi chưa duyệt"))

    field_order = ["form", "period", "area", "cluster", "include_submitted"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cluster"].queryset = queries.visible_clusters(user)


class CompletenessSelectionForm(UnitPeriodForm):
    """The completeness page's choices: also which organizations to list."""

    SUBMITTED = "submitted"
    MISSING = "missing"
    APPROVED = "approved"
    STATES = [
        ("", _("Tất cả")),
        (SUBMITTED, _("Đã nộp")),
        (Timeliness.ON_TIME, Timeliness.ON_TIME.label),
        (Timeliness.LATE, Timeliness.LATE.label),
        (MISSING, _("Chưa nộp")),
        (Timeliness.OVERDUE, Timeliness.OVERDUE.label),
        (Timeliness.PENDING, Timeliness.PENDING.label),
        (APPROVED, _("Đã duyệt")),
    ]

    state = forms.ChoiceField(choices=STATES, required=False, label=_("Tình hình"))
    kind = forms.ModelChoiceField(
        queryset=OrganizationKind.objects.none(), required=False, label=_("Loại tổ chức"), empty_label=_("Tất cả")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].queryset = OrganizationKind.objects.filter(report_forms__is_active=True).distinct()

    def keep(self, row: queries.CompletenessRow) -> bool:
        """Return whether the state and kind filters keep `row` (call after is_valid())."""
        state, kind = self.cleaned_data.get("state"), self.cleaned_data.get("kind")
        if kind is not None and row.organization.kind_id != kind.pk:
            return False
        if not state:
            return True
        if state == self.SUBMITTED:
            return row.is_submitted
        if state == self.MISSING:
            return not row.is_submitted
        if state == self.APPROVED:
            return row.status == ReportStatus.APPROVED
        return row.timeliness == state
