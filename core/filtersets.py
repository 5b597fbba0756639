import copy

import django_filters
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.ids import MAX_ID
from core.models import AuditMixin, Job, ObjectChange, content_type_label
from core.text import search_words
from core.widgets import AutocompleteSelect


class IdField(forms.IntegerField):
    """An id: digits only. IntegerField would read "1.000" or "1.0" as 1 (it drops a trailing
    decimal part) and "1_000" as 1000, so a mistyped id would silently pick another object."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class IdFilter(django_filters.Filter):
    """An id in the query string: a positive 64-bit integer, anything else makes the filter invalid."""

    field_class = IdField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ObjectIdFilter(IdFilter):
    """A hidden filter by one object's id: the "see all" link of that object's page (?area=5).

    The form cannot show it, so the list names it in a chip above the results, "Báo cáo cho:
    Ủy ban MTTQ — Xã Long Điền ×" (core.templatetags.lists.hidden_filter_chips). The object is
    looked up among those the user may see (`restrict(user, "view")`): one out of scope, or gone,
    is named by its id alone, so the chip never reveals a name the user could not read.

    Args:
        chip_label: the chip's words before the object's name ("Báo cáo cho").
        object_model: the object's model, "app_label.Model".
        describe: the object's name in the chip (default: str).
        related: what `describe` reads through, for select_related (one query per chip).
    """

    def __init__(self, *args, chip_label, object_model: str, describe=str, related=(), **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
        self.chip_label = chip_label
        self.object_model = object_model
        self.describe = describe
        self.related = tuple(related)

    def chip_text(self, value) -> str:
        """Return the chip's name of the object with pk `value`: its name if in the user's scope, else "#5"."""
        user = getattr(getattr(self.parent, "request", None), "user", None)
        objects = apps.get_model(self.object_model).objects.restrict(user, "view")
        found = objects.select_related(*self.related).filter(pk=value).first()
        return self.describe(found) if found is not None else f"#{value}"


class BaseFilterSet(django_filters.FilterSet):
    """A FilterSet whose form carries Bootstrap classes (list templates stay generic).

    Every list page and API list builds one per request, so what does not depend on the request
    is done once per FilterSet class instead of each time: the form class (a form field per
    filter, with its classes). Each form then gets the querysets that depend on the request (a
    filter whose `queryset` is a callable, e.g. the areas the user may see). The filters are
    copied shallowly, with their own `extra`, model, parent and method binding: django-filter's
    deep copy of every filter's queryset and widget cost more than the filtering itself.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _copy_filter(f, queryset.model, self) for name, f in self.base_filters.items()}

    @classmethod
    def _cached_form_class(cls, model):
        """The form class of `cls` (built on first use; querysets from a callable are empty in it)."""
        cached = cls.__dict__.get("_form_class")
        if cached is None or cached[0] is not model:
            filters = {name: _copy_filter(f, model, None) for name, f in cls.base_filters.items()}
            fields = {name: f.field for name, f in filters.items()}
            for field in fields.values():
                _style(field)
            form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
            replaced = {name for name, f in filters.items() if callable(getattr(f, "queryset", None))}
            form_class.base_fields = _FieldTemplates(form_class.base_fields, replaced)
            cached = (model, form_class)
            cls._form_class = cached
        return cached[1]

    def get_form_class(self):
        return self._cached_form_class(self.queryset.model)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form_class = self.get_form_class()
            if self.is_bound:
                form = form_class(self.data, prefix=self.form_prefix)
            else:
                form = form_class(prefix=self.form_prefix)
            for name, filter_ in self.filters.items():
                if callable(getattr(filter_, "queryset", None)):
                    form.fields[name].queryset = filter_.get_queryset(self.request)
            self._form = form
        return self._form


class _FieldTemplates(dict):
    """A filter form class's fields, copied for each form (`BaseForm.__init__` deep-copies
    `base_fields`) more cheaply than Django's deep copy.

    Each field gets what a form may change: its own widget (and the widget's attrs and choices),
    error messages and validators, and for a model choice its own queryset, as Django's copy
    gives. A choice field's choices are shared: Django copies them deeply, lazy labels and all,
    but forms replace choices (`field.choices = ...`) rather than change them in place. The
    fields whose queryset each form replaces (`replaced`: a filter's callable queryset, such as
    the areas the user may see) keep the class's empty one until then instead of cloning it.
    About 0.3 ms a list page for the registry's 19 filters.
    """

    def __init__(self, fields: dict, replaced: set[str]):
        super().__init__(fields)
        self.replaced = replaced

    def __deepcopy__(self, memo):
        return {name: _copy_field(field, name in self.replaced, memo) for name, field in self.items()}


def _copy_field(field: forms.Field, replaced: bool, memo) -> forms.Field:
    copied = copy.copy(field)
    copied.widget = copy.deepcopy(field.widget, memo)
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    if isinstance(field, forms.ModelChoiceField) and not replaced and field.queryset is not None:
        copied.queryset = field.queryset.all()  # also gives the widget choices of its own
    return copied


def _copy_filter(filter_, model, parent):
    """A copy of `filter_` for one FilterSet: its own `extra` and form field, bound to `parent`."""
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.__dict__.pop("_field", None)
    copied.model = model
    copied.parent = parent
    if filter_.method is not None:
        copied.method = filter_.method  # a FilterMethod of the copy, which looks the method up on `parent`
    return copied


def _style(field) -> None:
    """Give `field`'s widget the Bootstrap class of its kind (and a date placeholder)."""
    widget = field.widget
    if isinstance(widget, AutocompleteSelect) and not getattr(widget, "search_label", ""):
        widget.search_label = field.label  # the search box's accessible name: "Tìm thuộc địa bàn"
    if isinstance(widget, forms.Select):
        widget.attrs.setdefault("class", "form-select")
    elif not isinstance(widget, forms.HiddenInput):
        widget.attrs.setdefault("class", "form-control")
    if isinstance(field, forms.DateField) and not isinstance(widget, forms.HiddenInput):
        widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
    if isinstance(widget, forms.TextInput) and not isinstance(widget, forms.HiddenInput):
        widget.input_type = "search"


def audited_content_types():
    models = [m for m in apps.get_models() if issubclass(m, AuditMixin)]
    ids = [ContentType.objects.get_for_model(m).pk for m in models]
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return content_type_label(obj)


class ContentTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeChoiceField


class AuditObjectFilter(IdFilter):
    """The audit log's hidden filter by object id ("Toàn bộ lịch sử của đối tượng này"): digits
    only, like every id in a link (every audited model has an integer key), so "abc" makes the
    filter invalid instead of listing nothing.

    Its chip names the object as the log's latest entry for it does, read from the rows the list
    itself shows (the filterset's queryset, already scoped): a name appears only if the user could
    see it in the list anyway. Without the object's type the id is ambiguous and shown alone.
    """

    chip_label = _("Đối tượng")

    def chip_text(self, value) -> str:
        content_type = getattr(self.parent.form, "cleaned_data", {}).get("content_type")
        name = None
        if content_type is not None:
            entries = self.parent.queryset.filter(content_type=content_type, object_id=value)
            name = entries.order_by("-time", "-pk").values_list("object_repr", flat=True).first()
        return name or f"#{value}"


class ObjectChangeFilterSet(BaseFilterSet):
    """Filters of the audit log: who, what kind of object, which action, when, which object."""

    q = django_filters.CharFilter(method="filter_search", label=_("Đối tượng"))
    user_name = django_filters.CharFilter(
        method="filter_user",
        label=_("Người thực hiện"),
        widget=forms.TextInput(attrs={"placeholder": _("Họ tên hoặc tên đăng nhập")}),
    )
    action = django_filters.ChoiceFilter(choices=ObjectChange.ChangeAction.choices, label=_("Thao tác"))
    content_type = ContentTypeFilter(queryset=lambda request: audited_content_types(), label=_("Loại đối tượng"))
    time_after = django_filters.DateFilter(
        field_name="time", lookup_expr="date__gte", label=_("Từ ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    time_before = django_filters.DateFilter(
        field_name="time", lookup_expr="date__lte", label=_("Đến ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    object_id = AuditObjectFilter(field_name="object_id", widget=forms.HiddenInput, label=_("Mã đối tượng"))

    def filter_user(self, queryset, name, value):
        """Match the name the list shows (full name, any part, without diacritics) or the exact
        username, also the snapshot of an account deleted since."""
        query = Q()
        for word in search_words(value):
            query &= Q(user__search_text__contains=word)
        return queryset.filter(query | Q(user_name__iexact=value.strip()))

    def filter_search(self, queryset, name, value):
        query = Q()
        for word in search_words(value):
            query &= Q(search_text__contains=word)
        return queryset.filter(query)

    class Meta:
        model = ObjectChange
        fields = ["q", "user_name", "action", "content_type", "time_after", "time_before", "object_id"]


class JobFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=Job.Status.choices, label=_("Trạng thái"))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Tiêu đề"))

    class Meta:
        model = Job
        fields = ["q", "status"]
