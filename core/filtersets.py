import django_filters
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.ids import MAX_ID
from core.models import AuditMixin, Job, ObjectChange
from core.text import fold


class IdFilter(django_filters.Filter):
    """An id in the query string: a positive 64-bit integer, anything else makes the filter invalid."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class BaseFilterSet(django_filters.FilterSet):
    """A FilterSet whose form carries Bootstrap classes (list templates stay generic)."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, forms.Select):
                    widget.attrs.setdefault("class", "form-select")
                elif not isinstance(widget, forms.HiddenInput):
                    widget.attrs.setdefault("class", "form-control")
                if isinstance(field, forms.DateField):
                    widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
                if isinstance(widget, forms.TextInput) and not isinstance(widget, forms.HiddenInput):
                    widget.input_type = "search"
            form._styled = True
        return form


def audited_content_types():
    models = [m for m in apps.get_models() if issubclass(m, AuditMixin)]
    ids = [ContentType.objects.get_for_model(m).pk for m in models]
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class ContentTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeChoiceField


class ObjectChangeFilterSet(BaseFilterSet):
    """Filters of the audit log: who, what kind of object, which action, when, which object."""

    q = django_filters.CharFilter(method="filter_search", label=_("Đối tượng"))
    user_name = django_filters.CharFilter(field_name="user_name", lookup_expr="iexact", label=_("Người thực hiện"))
    action = django_filters.ChoiceFilter(choices=ObjectChange.ChangeAction.choices, label=_("Thao tác"))
    content_type = ContentTypeFilter(queryset=lambda request: audited_content_types(), label=_("Loại đối tượng"))
    time_after = django_filters.DateFilter(
        field_name="time", lookup_expr="date__gte", label=_("Từ ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    time_before = django_filters.DateFilter(
        field_name="time", lookup_expr="date__lte", label=_("Đến ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    object_id = django_filters.CharFilter(field_name="object_id", widget=forms.HiddenInput, label=_("Mã đối tượng"))

    def filter_search(self, queryset, name, value):
        query = Q()
        for word in fold(value).split():
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
