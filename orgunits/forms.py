"""Forms for areas, organizations, clusters, kinds and re-arrangements; each limits choices to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import bound_numbers_by_model, read_numbers_the_vietnamese_way
from core.ids import parse_id
from core.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from orgunits.choices import AreaLevel
from orgunits.labels import AREA_LABEL_RELATED, ORGANIZATION_LABEL_RELATED, unit_label
from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind, Rearrangement

# Dates are typed dd/mm/yyyy: the input formats come from danvan/formats/vi/formats.py.
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "class": "form-control"})


class UnitLabelMixin:
    """A choice field over areas or organizations, its options named as the htmx searches name
    them (orgunits.labels). Whatever queryset a form gives the field, the rows the label reads
    are fetched with it (`label_related`), so rendering the options runs no query per option."""

    label_related: tuple[str, ...] = ()
    # The columns to load, when the field needs only those (a list filter): none means all.
    only: tuple[str, ...] = ()

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related(*self.label_related)
            if self.only:
                queryset = queryset.only(*self.only)
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return unit_label(obj)


class AreaChoiceField(UnitLabelMixin, forms.ModelChoiceField):
    """An area named with its kind, and with its parent unless that is a province: a hamlet
    with its commune (orgunits.labels)."""

    label_related = AREA_LABEL_RELATED


class OrganizationChoiceField(UnitLabelMixin, forms.ModelChoiceField):
    """An organization named with its area: many communes have a "Khối dân vận", many hamlets
    called "Khu phố 1" their "Tổ dân vận Khu phố 1" (orgunits.labels)."""

    label_related = ORGANIZATION_LABEL_RELATED


class BootstrapMixin:
    """Give every widget Bootstrap's classes (templates stay free of per-field markup).

    Number fields are read the Vietnamese way (core.forms.read_numbers_the_vietnamese_way) and
    carry their model's bounds: every form of the app passes here, so no form reads "1.000" as 1.
    """

    def apply_bootstrap(self):
        read_numbers_the_vietnamese_way(self)
        bound_numbers_by_model(self)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, AutocompleteSelect):
                widget.search_label = field.label
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class AreaForm(BootstrapMixin, forms.ModelForm):
    parent = AreaChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Trực thuộc"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )

    class Meta:
        model = Area
        fields = [
            "parent",
            "kind",
            "name",
            "short_name",
            "code",
            "aliases",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
            "area_km2",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A unit may be placed under any non-hamlet area the user may add to, or stay where it is
        # (the editor of a commune edits the commune without being able to add to the province).
        parents = Area.objects.restrict(user, "add").filter(level__lt=AreaLevel.HAMLET)
        self.fields["parent"].queryset = Area.objects.filter(
            Q(pk__in=parents.values("pk")) | Q(pk=self.instance.parent_id)
        ).select_related("kind")
        self.fields["parent"].required = not user.is_superuser or self.instance.parent_id is not None
        kinds = AreaKind.objects.filter(is_active=True)
        parent_id = parse_id(self.data.get("parent") or self.initial.get("parent") or self.instance.parent_id)
        parent_level = Area.objects.filter(pk=parent_id).values_list("level", flat=True).first() if parent_id else None
        if parent_level is not None:
            kinds = kinds.filter(level__gt=parent_level)  # only what may stand under the parent
        self.fields["kind"].queryset = kinds
        self.apply_bootstrap()

    def clean(self):
        cleaned = super().clean()
        # That the kind stands below the parent's level is the model's rule (Area.clean).
        parent, kind = cleaned.get("parent"), cleaned.get("kind")
        if not parent and kind and kind.level != AreaLevel.PROVINCE:
            self.add_error("parent", _("Chọn đơn vị trực thuộc cho địa bàn cấp dưới tỉnh."))
        return cleaned


class OrganizationForm(BootstrapMixin, forms.ModelForm):
    area = AreaChoiceField(
        queryset=Area.objects.none(), label=_("Địa bàn"), widget=AutocompleteSelect("orgunits:area_autocomplete")
    )
    parent = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Thuộc tổ chức"),
        help_text=_("Tổ chức cấp trên trên cùng địa bàn: chọn địa bàn trước, ô tìm chỉ gợi ý tổ chức của địa bàn đó."),
        # The parent works in the same area (Organization.clean): the search sends the chosen area.
        widget=AutocompleteSelect("orgunits:organization_autocomplete", include="#id_area"),
    )
    reports_to = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Báo cáo về"),
        help_text=Organization._meta.get_field("reports_to").help_text,
        widget=AutocompleteSelect(
            "orgunits:organization_autocomplete", search_params={"upper": "1"}, include="#id_area"
        ),
    )

    class Meta:
        model = Organization
        fields = [
            "area",
            "kind",
            "name",
            "short_name",
            "code",
            "parent",
            "reports_to",
            "address",
            "phone",
            "email",
            "valid_from",
            "valid_to",
            "note",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Areas the user may add to, plus the areas of organizations they may add under (an editor
        # assigned to a Front committee adds its member organizations there), plus the current one.
        writable_orgs = Organization.objects.restrict(user, "add")
        self.fields["area"].queryset = Area.objects.filter(
            Q(pk__in=Area.objects.restrict(user, "add").values("pk"))
            | Q(pk__in=writable_orgs.values("area_id"))
            | Q(pk=self.instance.area_id)
        ).select_related("kind")
        self.fields["parent"].queryset = Organization.objects.filter(
            Q(pk__in=writable_orgs.values("pk")) | Q(pk=self.instance.parent_id)
        )
        # Organizations the user sees above this one's area (as submitted, or as stored).
        area_id = parse_id(self.data.get("area")) if self.is_bound else self.instance.area_id
        upper = Organization.objects.restrict(user, "view").reportable_from(area_id)
        self.fields["reports_to"].queryset = Organization.objects.filter(
            Q(pk__in=upper.values("pk")) | Q(pk=self.instance.reports_to_id)
        ).select_related("area")
        self.fields["kind"].queryset = OrganizationKind.objects.filter(is_active=True)
        self.apply_bootstrap()


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuse values that are not database ids before they reach the query (no overflow errors)."""

    # Django's Vietnamese catalogue leaves this message in English.
    default_error_messages = {"invalid_pk_value": _("“%(pk)s” không phải là mã hợp lệ.")}

    def _check_values(self, value):
        for item in value:
            if parse_id(item) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)


class ClusterForm(BootstrapMixin, forms.ModelForm):
    owner_area = AreaChoiceField(
        queryset=Area.objects.none(),
        label=_("Địa bàn quản lý"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )

    class Meta:
        model = Cluster
        fields = [
            "owner_area",
            "name",
            "code",
            "kind",
            "description",
            "areas",
            "organizations",
            "valid_from",
            "valid_to",
        ]
        field_classes = {"areas": SafeModelMultipleChoiceField, "organizations": SafeModelMultipleChoiceField}
        widgets = {
            "valid_from": DATE_WIDGET,
            "valid_to": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "areas": forms.SelectMultiple(attrs={"size": 10}),
            "organizations": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owners = Area.objects.restrict(user, "add").filter(level__lt=AreaLevel.HAMLET)
        self.fields["owner_area"].queryset = owners
        # The owner decides which members can be offered; it is taken only from the owners this
        # user may use, never from an id the request names.
        owner_id = self.data.get("owner_area") or self.initial.get("owner_area") or self.instance.owner_area_id
        owner = owners.filter(pk=owner_id).first() if parse_id(owner_id) else None
        if owner is not None:
            # Members are the owner's direct children (communes of a province...) and their organizations.
            self.fields["areas"].queryset = Area.objects.restrict(user, "view").current().filter(parent=owner)
            self.fields["organizations"].queryset = (
                Organization.objects.restrict(user, "view").current().filter(area__parent=owner).select_related("area")
            )
        else:
            self.fields["areas"].queryset = Area.objects.none()
            self.fields["organizations"].queryset = Organization.objects.none()
            self.fields["areas"].help_text = _("Chọn địa bàn quản lý và lưu, sau đó chọn thành viên.")
        self.apply_bootstrap()


class KindForm(BootstrapMixin, forms.ModelForm):
    """Reference data edited by system administrators: no choices to scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()


class AreaKindForm(KindForm):
    class Meta:
        model = AreaKind
        fields = ["code", "name", "level", "sort_order", "is_active", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class OrganizationKindForm(KindForm):
    class Meta:
        model = OrganizationKind
        fields = ["code", "name", "category", "sort_order", "is_active", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class AreaMultipleChoiceField(UnitLabelMixin, SafeModelMultipleChoiceField):
    label_related = AREA_LABEL_RELATED


def rearranged_areas_field(label):
    """Areas of a re-arrangement: searched by name, those no longer in force included."""
    return AreaMultipleChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=label,
        help_text=_("Gõ tên để tìm, kể cả đơn vị đã giải thể, sáp nhập."),
        widget=AutocompleteSelectMultiple(
            "orgunits:area_autocomplete", attrs={"size": 6}, search_params={"history": "1"}
        ),
    )


class RearrangementForm(BootstrapMixin, forms.ModelForm):
    predecessors = rearranged_areas_field(_("Đơn vị trước sắp xếp"))
    successors = rearranged_areas_field(_("Đơn vị sau sắp xếp"))

    class Meta:
        model = Rearrangement
        fields = ["kind", "effective_date", "decision", "description"]
        widgets = {"effective_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Any area the user can see may be named; saving needs the right to change each (clean()).
        visible = Area.objects.restrict(user, "view").select_related("kind")
        for name in ("predecessors", "successors"):
            self.fields[name].queryset = visible
            if self.instance.pk and not self.is_bound:
                self.initial[name] = list(getattr(self.instance, name).values_list("pk", flat=True))
        self.apply_bootstrap()

    def clean(self):
        cleaned = super().clean()
        named = [*(cleaned.get("predecessors") or []), *(cleaned.get("successors") or [])]
        if not self.errors:
            # The links are many-to-many: the model checks them before they are set (save()).
            probe = Rearrangement(pk=self.instance.pk, kind=cleaned["kind"], effective_date=cleaned["effective_date"])
            try:
                probe.clean_links(cleaned["predecessors"], cleaned["successors"])
            except ValidationError as error:
                self.add_error(None, error)
                return cleaned
        writable = set(
            Area.objects.restrict(self.user, "change").filter(pk__in=[a.pk for a in named]).values_list("pk", flat=True)
        )
        outside = [area.name for area in named if area.pk not in writable]
        if outside:
            raise forms.ValidationError(
                _("Bạn không có quyền cập nhật các địa bàn: %(names)s.") % {"names": ", ".join(outside)}
            )
        return cleaned

    def save(self, commit=True):
        item = super().save(commit=commit)
        if commit:
            item.predecessors.set(self.cleaned_data.get("predecessors") or [])
            item.successors.set(self.cleaned_data.get("successors") or [])
        return item
