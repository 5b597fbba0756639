"""Forms of the workflow pages and of opening a report: they read input, the services decide."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.ids import parse_id
from core.widgets import AutocompleteSelect
from orgunits.forms import BootstrapMixin, OrganizationChoiceField
from orgunits.models import Organization
from reports import periods
from reports.choices import PeriodType
from reports.models import ReportForm

# How many periods before the current one the period select offers, by period type.
PREVIOUS_PERIODS = {
    PeriodType.MONTH: 12,
    PeriodType.QUARTER: 4,
    PeriodType.SIX_MONTHS: 2,
    PeriodType.NINE_MONTHS: 1,
    PeriodType.YEAR: 2,
}


def period_choices(form: ReportForm | None, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """Return (code, name) of the form's current period and the ones before it, newest first."""
    if form is None or form.period_type not in PREVIOUS_PERIODS:
        return []
    day = today or timezone.localdate()
    result = []
    for _step in range(PREVIOUS_PERIODS[form.period_type] + 1):
        spec = periods.containing(form.period_type, day)
        result.append((spec.code, f"{spec.name} ({spec.code})"))
        day = spec.start - datetime.timedelta(days=1)
    return result


def obligated_addable(user, form: ReportForm | None):
    """Return the organizations in force where `user` may open reports of `form` (any active form
    when none is chosen yet)."""
    organizations = Organization.objects.restrict(user, "add").current().select_related("area", "kind")
    if form is not None:
        return organizations.filter(kind__in=form.organization_kinds.all())
    return organizations.filter(kind__report_forms__is_active=True).distinct()


class OrganizationSelect(AutocompleteSelect):
    """The organization picker; its search sends the chosen form so it offers only the units
    that must submit it."""

    def __init__(self, *args, form_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_id = form_id

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.form_id:
            context["widget"]["autocomplete_url"] += f"?form={self.form_id}"
        return context


# What the page sends along when another form is chosen (ReportAddView reads them as initial values).
CARRIED_OVER = ("period", "period_code", "organization")


class NewReportForm(BootstrapMixin, forms.Form):
    """Open a report: which form, which period (a recent one or any identifier), which unit."""

    form = forms.ModelChoiceField(queryset=ReportForm.objects.none(), label=_("Biểu mẫu"))
    # A select of recent periods, but any identifier of the form's type is accepted (a link from
    # the home card, an older period typed in the field below).
    period = forms.CharField(required=False, max_length=20, widget=forms.Select, label=_("Kỳ báo cáo"))
    period_code = forms.CharField(
        required=False,
        max_length=20,
        label=_("Hoặc nhập mã kỳ"),
        help_text=_("Ví dụ: 202403 (tháng), 2024Q2 (quý), 2024S1 (6 tháng), 2024N9 (9 tháng), 2024 (năm)."),
    )
    organization = OrganizationChoiceField(queryset=Organization.objects.none(), label=_("Đơn vị báo cáo"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["form"].queryset = ReportForm.objects.filter(is_active=True).order_by("sort_order", "name")
        chosen_id = parse_id(self.data.get("form") if self.is_bound else self.initial.get("form"))
        self.chosen_form = self.fields["form"].queryset.filter(pk=chosen_id).first() if chosen_id else None
        choices = [("", "---------"), *period_choices(self.chosen_form)]
        if not self.is_bound:
            self._keep_initial_that_fits()
        asked = (self.data.get("period") if self.is_bound else self.initial.get("period")) or ""
        if asked and asked not in dict(choices):
            try:
                spec = periods.parse(asked)
                choices.append((spec.code, f"{spec.name} ({spec.code})"))
            except periods.InvalidPeriod:
                pass
        self.fields["period"].widget.choices = choices
        if not self.is_bound and not asked and len(choices) > 1:
            self.initial["period"] = choices[1][0]  # the current period
        self.fields["organization"].widget = OrganizationSelect(
            "reports:organization_autocomplete", form_id=self.chosen_form.pk if self.chosen_form else None
        )
        # Set after the widget: the queryset setter hands the widget its choices.
        self.fields["organization"].queryset = obligated_addable(user, self.chosen_form)
        if not self.is_bound and "organization" in self.initial:
            chosen_org = parse_id(self.initial["organization"])
            if not (chosen_org and self.fields["organization"].queryset.filter(pk=chosen_org).exists()):
                del self.initial["organization"]  # not one that must submit this form
        self.apply_bootstrap()
        self.fields["form"].widget.attrs.update(
            {
                "hx-get": reverse("reports:report_add"),
                "hx-target": "#new-report-form",
                "hx-select": "#new-report-form",
                "hx-swap": "outerHTML",
                # Choosing another form keeps what was chosen so far, where it fits that form.
                "hx-include": ", ".join(f"#new-report-form [name={name}]" for name in CARRIED_OVER),
            }
        )

    def _keep_initial_that_fits(self):
        """Drop an initial period (chosen or typed, then carried over to another form) that is not
        a period of the chosen form's type: the form's current period is offered instead."""
        for name in ("period", "period_code"):
            code = (self.initial.get(name) or "").strip()
            if not code:
                continue
            try:
                spec = periods.parse(code)
            except periods.InvalidPeriod:
                spec = None
            if spec is None or (self.chosen_form is not None and spec.type != self.chosen_form.period_type):
                del self.initial[name]

    def clean(self):
        cleaned = super().clean()
        form = cleaned.get("form")
        code = (cleaned.get("period_code") or "").strip() or cleaned.get("period")
        if not code:
            self.add_error("period", _("Chọn kỳ báo cáo hoặc nhập mã kỳ."))
            return cleaned
        try:
            spec = periods.parse(code)
        except periods.InvalidPeriod as error:
            self.add_error("period_code" if cleaned.get("period_code") else "period", str(error))
            return cleaned
        field = "period_code" if cleaned.get("period_code") else "period"
        if form is not None and spec.type != form.period_type:
            self.add_error(
                field, _("Biểu mẫu này báo cáo theo %(type)s.") % {"type": form.get_period_type_display().lower()}
            )
        try:
            # services.open_report checks it too; here the message goes under the field typed in.
            periods.check_reportable(spec, timezone.localdate())
        except periods.InvalidPeriod as error:
            self.add_error(field, str(error))
        cleaned["period_spec"] = spec
        return cleaned


class CommentForm(BootstrapMixin, forms.Form):
    """Return or reopen: the comment is required (the unit must know what to fix)."""

    comment = forms.CharField(
        label=_("Ý kiến"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Cần ghi ý kiến.")},
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.apply_bootstrap()


class ApproveForm(BootstrapMixin, forms.Form):
    """Approve; a consolidated report whose children are not all approved needs an explicit
    "without them" and the reason."""

    without_children = forms.BooleanField(
        required=False, label=_("Duyệt khi các đơn vị cấp dưới chưa có đủ báo cáo được duyệt")
    )
    comment = forms.CharField(
        required=False, label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, report, missing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if not missing:
            del self.fields["without_children"]
        self.apply_bootstrap()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("without_children") and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Duyệt khi cấp dưới chưa đủ cần ghi rõ lý do."))
        return cleaned


class SubmitForm(forms.Form):
    """Submit: the version the user saw, so a save by someone else meanwhile is not sent unseen."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
