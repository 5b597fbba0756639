"""Reference data pages for system administrators: kinds of areas and of organizations."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.views import ObjectEditView, ObjectListView, require_system_admin
from orgunits.filtersets import KindFilterSet
from orgunits.forms import AreaKindForm, OrganizationKindForm
from orgunits.models import AreaKind, OrganizationKind
from orgunits.tables import AreaKindTable, OrganizationKindTable


class SystemAdminMixin:
    """Kinds are national reference data: only system administrators see and edit them here."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_system_admin(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.get_base_queryset()

    def is_within_scope(self, obj, action):
        return True

    def get_scoped_object(self, action):
        return get_object_or_404(self.get_base_queryset(), pk=self.kwargs["pk"])


def _kind_filterset(model):
    return type(
        f"{model.__name__}FilterSet", (KindFilterSet,), {"Meta": type("Meta", (), {"model": model, "fields": ["q"]})}
    )


class AreaKindListView(SystemAdminMixin, ObjectListView):
    queryset = AreaKind.objects.all()
    table_class = AreaKindTable
    filterset_class = _kind_filterset(AreaKind)
    title = _("Loại địa bàn")
    add_url_name = "orgunits:areakind_add"
    export_name = "loai-dia-ban"


class AreaKindEditView(SystemAdminMixin, ObjectEditView):
    queryset = AreaKind.objects.all()
    list_url_name = "orgunits:areakind_list"
    form_class = AreaKindForm

    def get_success_url(self):
        return reverse("orgunits:areakind_list")


class OrganizationKindListView(SystemAdminMixin, ObjectListView):
    queryset = OrganizationKind.objects.all()
    table_class = OrganizationKindTable
    filterset_class = _kind_filterset(OrganizationKind)
    title = _("Loại tổ chức")
    add_url_name = "orgunits:organizationkind_add"
    export_name = "loai-to-chuc"


class OrganizationKindEditView(SystemAdminMixin, ObjectEditView):
    queryset = OrganizationKind.objects.all()
    list_url_name = "orgunits:organizationkind_list"
    form_class = OrganizationKindForm

    def get_success_url(self):
        return reverse("orgunits:organizationkind_list")
