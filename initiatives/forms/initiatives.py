"""The registration and edit form of a record and its formset of quantitative results."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDecimalField
from core.ids import parse_id
from core.widgets import AutocompleteSelect
from initiatives.models import Initiative, InitiativeField, ResultMetric, Stage
from orgunits.forms import DATE_WIDGET, AreaChoiceField, BootstrapMixin, OrganizationChoiceField
from orgunits.models import Area, Organization


class InitiativeAreaSelect(AutocompleteSelect):
    """The area picker: its search also sends the chosen organization, so it offers only the areas
    beneath the organization's own area (where the record may run)."""

    template_name = "initiatives/initiative_area_select.html"


class InitiativeForm(BootstrapMixin, forms.ModelForm):
    """Register or edit a record. The owner is chosen among the organizations where the user may
    add records; the area among the places beneath the owner's area (the model's clean checks it)."""

    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        label=_("Đơn vị đăng ký"),
        widget=AutocompleteSelect("initiatives:organization_autocomplete"),
    )
    area = AreaChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Địa bàn thực hiện"),
        help_text=_("Để trống nếu thực hiện trên toàn địa bàn của đơn vị đăng ký."),
        widget=InitiativeAreaSelect("initiatives:area_autocomplete"),
    )

    class Meta:
        model = Initiative
        fields = [
            "kind",
            "subject",
            "name",
            "person_name",
            "organization",
            "area",
            "field",
            "year",
            "stage",
            "registered_on",
            "start_date",
            "contact_name",
            "contact_phone",
            "goals",
            "method",
            "forces",
        ]
        widgets = {
            "registered_on": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "method": forms.Textarea(attrs={"rows": 4}),
            "forces": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current_org = self.instance.organization_id
        self.fields["organization"].queryset = (
            Organization.objects.filter(
                Q(pk__in=Organization.objects.restrict(user, "add").current().values("pk")) | Q(pk=current_org)
            )
            .select_related("area")
            .order_by("path")
        )
        # Choosing the owner refreshes the area's options (htmx), so the first choices fit it; the
        # chosen area goes along and stays chosen if it lies beneath the new owner's area.
        self.fields["organization"].widget.attrs.update(
            {
                "hx-get": reverse("initiatives:area_autocomplete"),
                "hx-trigger": "change",
                "hx-target": "#id_area",
                "hx-swap": "innerHTML",
                "hx-include": "#id_area",
                "hx-params": "organization,area",
            }
        )
        owner = self.chosen_organization()
        areas = Area.objects.current().select_related("kind").order_by("level", "search_text")
        if owner is not None:
            self.fields["area"].queryset = areas.filter(
                Q(path__startswith=owner.area.path) | Q(pk=self.instance.area_id)
            )
        elif self.instance.area_id:
            self.fields["area"].queryset = Area.objects.filter(pk=self.instance.area_id).select_related("kind")
        self.fields["field"].queryset = InitiativeField.objects.filter(Q(is_active=True) | Q(pk=self.instance.field_id))
        self.fields["stage"].queryset = Stage.objects.filter(Q(is_active=True) | Q(pk=self.instance.stage_id))
        self.fields["year"].widget = forms.NumberInput(attrs={"min": 2000, "max": 2100})
        self.apply_bootstrap()

    def chosen_organization(self):
        """Return the owner the form is about (submitted, initial or saved), if the user may pick it."""
        raw = (
            self.data.get("organization")
            if self.is_bound
            else self.initial.get("organization", self.instance.organization_id)
        )
        org_id = parse_id(raw.pk if isinstance(raw, Organization) else raw)
        if not org_id:
            return None
        return self.fields["organization"].queryset.filter(pk=org_id).first()

    def _post_clean(self):
        # An empty area means "everywhere the owner works": its own area. Set before the model's
        # clean, which checks that the area lies beneath the owner's.
        owner = self.cleaned_data.get("organization")
        if owner is not None and not self.cleaned_data.get("area") and "area" not in self.errors:
            self.cleaned_data["area"] = owner.area
        source = self.instance.replicated_from
        if owner is not None and source is not None and owner.pk == source.organization_id:
            self.add_error("organization", _("Đơn vị nhân rộng phải khác đơn vị đã xây dựng mô hình gốc."))
        super()._post_clean()


class ResultRowForm(BootstrapMixin, forms.Form):
    """One quantitative result: a metric, its value (typed 10.700 or 1,5) and a note.

    A row left entirely empty is ignored; a half-filled row is an error.
    """

    metric = forms.ModelChoiceField(queryset=ResultMetric.objects.none(), required=False, label=_("Kết quả"))
    value = VietnameseDecimalField(required=False, min_value=0, max_digits=18, decimal_places=2, label=_("Giá trị"))
    note = forms.CharField(required=False, max_length=255, label=_("Ghi chú"))

    def __init__(self, *args, metrics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = metrics if metrics is not None else ResultMetric.objects.filter(is_active=True)
        # The rows are a table without a label per cell: name each input for screen readers.
        row = (self.prefix or "").rsplit("-", 1)[-1]
        # The empty row a page copies to add rows: "__number__" becomes the new row's number there.
        number = int(row) + 1 if row.isdigit() else ("__number__" if row == "__prefix__" else "")
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} {number}".strip()
        self.apply_bootstrap()

    def clean(self):
        cleaned = super().clean()
        metric, value = cleaned.get("metric"), cleaned.get("value")
        if metric is None and value is None and not cleaned.get("note") and not self.has_error("value"):
            return cleaned
        if metric is None and not self.has_error("metric"):
            self.add_error("metric", _("Chọn loại kết quả."))
        if value is None and not self.has_error("value"):
            self.add_error("value", _("Nhập giá trị."))
        if metric is not None and value is not None and (message := metric.value_error(value)):
            self.add_error("value", message)
        return cleaned

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("metric")) and not self.cleaned_data.get("DELETE")


class BaseResultFormSet(forms.BaseFormSet):
    def __init__(self, *args, metrics=None, **kwargs):
        self.metrics = metrics
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["metrics"] = self.metrics
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            number = index + 1 if index is not None else "__number__"
            form.fields["DELETE"].widget.attrs.update(
                {"class": "form-check-input", "aria-label": f"{_('Xóa dòng')} {number}".strip()}
            )

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.is_filled:
                continue
            metric = form.cleaned_data["metric"]
            if metric.pk in seen:
                form.add_error("metric", _("Loại kết quả “%(metric)s” được nhập hai lần.") % {"metric": metric.name})
            seen.add(metric.pk)

    def results(self) -> list[tuple]:
        """Return the filled rows as (metric, value, note), for services.register/replace_results."""
        return [
            (form.cleaned_data["metric"], form.cleaned_data["value"], form.cleaned_data.get("note", ""))
            for form in self.forms
            if form.is_filled
        ]


ResultFormSet = forms.formset_factory(
    ResultRowForm, formset=BaseResultFormSet, extra=3, can_delete=True, max_num=50, validate_max=True
)


def shown_value(metric: ResultMetric, value: Decimal) -> Decimal:
    """Return a stored result as its box shows it: a count without decimals ("1.200", as the record
    page shows it, not "1.200,00"); other metrics keep their two decimals ("10.700,50")."""
    if metric.is_count and value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def result_formset(initiative, data=None, prefix: str = "results"):
    """Return the results formset of `initiative` (new or saved): its rows plus empty ones."""
    initial = []
    used = []
    if initiative.pk:
        for row in initiative.resultvalues.select_related("metric"):
            initial.append({"metric": row.metric, "value": shown_value(row.metric, row.value), "note": row.note})
            used.append(row.metric_id)
    metrics = ResultMetric.objects.filter(Q(is_active=True) | Q(pk__in=used))
    return ResultFormSet(data=data, initial=initial, prefix=prefix, metrics=metrics)
