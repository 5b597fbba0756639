"""Record pages: list, detail, register (and replicate), edit, delete, and the form's pickers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, ProtectedError, Q, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import add_service_errors
from core.htmx import htmx_redirect, is_htmx_partial
from core.ids import parse_id
from core.pagination import DeferredJoinPaginator, searching
from core.scope import can, can_anywhere
from core.text import format_number
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, deletion_blockers
from initiatives import rules, services
from initiatives.choices import AttachmentKind, effective_label
from initiatives.filtersets import InitiativeFilterSet
from initiatives.forms.attachments import AttachmentForm
from initiatives.forms.initiatives import InitiativeForm, result_formset
from initiatives.models import Initiative, Recognition, ReviewRound
from initiatives.tables.initiatives import InitiativeTable, status_badge
from orgunits.labels import AREA_LABEL_RELATED, ORGANIZATION_LABEL_RELATED
from orgunits.models import Area, Organization
from orgunits.views.common import area_breadcrumbs, object_history

# Only the columns the table shows: a page builds 100 instances, and every column costs
# (bench/README.md, "Dân vận khéo registry").
LIST_QUERYSET = Initiative.objects.select_related("organization", "area", "field").only(
    *("name", "kind", "subject", "year", "registered_on", "status", "is_outstanding", "recognition_level"),
    "is_effective",
    *("organization__name", "area__name", "field__name"),
)
DETAIL_QUERYSET = Initiative.objects.select_related(
    "organization__kind", "organization__area", "area__kind", "field", "stage", "replicated_from", "created_by"
)
# Fields a replica takes over from its source (the rest is the replicating organization's own).
REPLICATED_FIELDS = ("kind", "subject", "name", "field", "goals", "method", "forces")
# Filters always shown above the list; the others open with "Thêm bộ lọc".
MAIN_FILTERS = ("q", "within", "field", "status", "year")


def refusal_message(user, action: str, initiative) -> str:
    """Say why `action` is refused on `initiative`: the role, or the record's status (as the services do)."""
    role_action, _statuses = rules.INITIATIVE_RULES[action]
    if not can(user, role_action, initiative.path):
        return _("Bạn không có quyền thực hiện thao tác này.")
    return _("Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “%(status)s”.") % {
        "status": initiative.get_status_display()
    }


def require_rule(user, action: str, initiative) -> None:
    if not rules.can_act(user, action, initiative):
        raise PermissionDenied(refusal_message(user, action, initiative))


def url_or_none(obj) -> str | None:
    """Return the object's page, or None while its page does not exist (review rounds' pages are
    built separately)."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def list_breadcrumbs(*crumbs) -> list[dict]:
    return [{"label": gettext_lazy("Mô hình, điển hình"), "url": reverse("initiatives:initiative_list")}, *crumbs]


#
# List
#


class InitiativeListView(ObjectListView):
    queryset = LIST_QUERYSET
    filterset_class = InitiativeFilterSet
    table_class = InitiativeTable
    # A page's keys first, then its 25 rows with their joins (bench/README.md, "Dân vận khéo registry").
    table_pagination = {"per_page": 25, "paginator_class": DeferredJoinPaginator}
    template_name = "initiatives/initiative_list.html"
    title = gettext_lazy("Mô hình, điển hình “Dân vận khéo”")
    add_url_name = "initiatives:initiative_add"
    export_name = "mo-hinh-dan-van-kheo"

    def get_table_pagination(self, table):
        # A search tests every record of the unit's range: count them in the page's own query
        # (one pass instead of two; core.pagination.DeferredJoinPaginator).
        return {**super().get_table_pagination(table), "count_with_page": searching(self.request.GET)}

    def get_export_queryset(self, rows):
        # The decision behind the record's level (InitiativeTable.recognized_on): the latest
        # recognition at that level, one correlated lookup per exported row. Only recognitions of
        # the rows themselves, which the list already restricted.
        decisions = Recognition.objects.filter(initiative=OuterRef("pk"), level=OuterRef("recognition_level"))
        return rows.annotate(recognized_on=Subquery(decisions.order_by("-decision_date").values("decision_date")[:1]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "initiatives"
        context["main_filters"] = MAIN_FILTERS
        context["narrow_filters"] = ("year",)  # four digits: a narrow column (partials/filter_form.html)
        # The other filters stay folded away unless one of them is in use (hidden ones have no field there).
        filterset = context["filter"]
        context["more_filters_open"] = any(
            self.request.GET.get(field.name)
            for field in filterset.form.visible_fields()
            if field.name not in MAIN_FILTERS
        )
        return context


#
# Detail
#


class InitiativeDetailView(ObjectDetailView):
    queryset = DETAIL_QUERYSET
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        visible = Initiative.objects.restrict(user, "view")
        replicas = list(obj.replicas.select_related("organization", "area").order_by("registered_on", "pk"))
        visible_ids = set(
            visible.filter(pk__in=[r.pk for r in replicas] + [obj.replicated_from_id or 0]).values_list("pk", flat=True)
        )
        entries = list(obj.review_entries.select_related("round").order_by("round__year", "round_id"))
        visible_rounds = set(
            ReviewRound.objects.restrict(user, "view")
            .filter(pk__in=[e.round_id for e in entries])
            .values_list("pk", flat=True)
        )
        attachments = list(obj.attachments.select_related("uploaded_by"))
        actions = rules.allowed_actions(user, obj)
        org_visible = Organization.objects.restrict(user, "view").filter(pk=obj.organization_id).exists()
        context.update(
            breadcrumbs=list_breadcrumbs(
                {"label": obj.organization.name, "url": obj.organization.get_absolute_url() if org_visible else None},
                {"label": obj.name, "url": None},
            ),
            organization_visible=org_visible,
            area_chain=area_breadcrumbs(user, obj.area)[1:],
            status_badge=status_badge(obj),
            effective_label=effective_label(obj.is_effective),
            results=[
                {"metric": row.metric, "value": format_number(row.value), "note": row.note}
                for row in obj.resultvalues.select_related("metric")
            ],
            photos=[a for a in attachments if a.kind == AttachmentKind.PHOTO],
            documents=[a for a in attachments if a.kind != AttachmentKind.PHOTO],
            recognitions=list(obj.recognitions.all()),
            assessments=list(obj.assessments.select_related("assessed_by")),
            transitions=list(obj.transitions.select_related("user").order_by("time", "pk")),
            replicas=[{"item": r, "visible": r.pk in visible_ids} for r in replicas],
            source_visible=obj.replicated_from_id in visible_ids,
            review_entries=[
                {"entry": e, "url": url_or_none(e.round) if e.round_id in visible_rounds else None} for e in entries
            ],
            changes=object_history(obj),
            actions=actions,
            can_replicate=rules.can_replicate_from(obj) and can_anywhere(user, "add"),
            attachment_form=AttachmentForm() if "attach" in actions else None,
            can_manage=can(user, "manage", obj.path),
            nav_section="initiatives",
        )
        return context


#
# Register, replicate, edit
#


class ChangedMeanwhile(Exception):
    """The record changed after the edit form was loaded: roll back, show the form again."""


class InitiativeEditView(ObjectEditView):
    """Register a record (no pk), or edit one; the results formset is saved with it.

    Registration goes through services.register (services.replicate for a replica); an edit
    needs the "change" rule (not while the record is under review) and saves in one transaction.
    """

    queryset = DETAIL_QUERYSET
    form_class = InitiativeForm
    template_name = "initiatives/initiative_form.html"
    source = None
    add_refused = gettext_lazy("Bạn không có quyền đăng ký mô hình cho đơn vị nào.")

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return super().get_object(queryset)
        obj = self.get_scoped_object("view")
        require_rule(self.request.user, "change", obj)
        return obj

    def new_object(self):
        return Initiative(year=timezone.localdate().year)

    def get_initial(self):
        initial = super().get_initial()
        if self.object.pk is None:
            user = self.request.user
            org_id = parse_id(self.request.GET.get("organization"))
            addable = Organization.objects.restrict(user, "add").current()
            if org_id:
                initial["organization"] = org_id
            else:
                # Registering for the only organization one may: pre-selected.
                only = list(addable.values_list("pk", flat=True)[:2])
                if len(only) == 1:
                    initial["organization"] = only[0]
        return initial

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return result_formset(self.object, data=data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.get_formset())
        obj = self.object
        if obj.pk:
            crumbs = [{"label": obj.name, "url": obj.get_absolute_url()}, {"label": _("Sửa"), "url": None}]
            context["cancel_url"] = obj.get_absolute_url()
        else:
            crumbs = [{"label": _("Đăng ký mô hình, điển hình"), "url": None}]
            context["cancel_url"] = reverse("initiatives:initiative_list")
        context.update(breadcrumbs=list_breadcrumbs(*crumbs), source=self.source, nav_section="initiatives")
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            return self.save(form, formset)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def save(self, form, formset):
        user = self.request.user
        is_new = self.object.pk is None
        try:
            with transaction.atomic():
                # A life-cycle step or another user's save since the form was loaded: refuse
                # rather than silently undo it (ObjectEditView.changed_meanwhile adds the error).
                if not is_new and self.changed_meanwhile(form):
                    raise ChangedMeanwhile
                obj = form.save(commit=False)
                if not is_new:
                    services.save_record(obj)
                    services.replace_results(obj, formset.results())
                elif self.source is not None:
                    services.replicate(self.source, obj, user=user, results=formset.results())
                else:
                    services.register(obj, user=user, results=formset.results())
                # Re-check inside the transaction that the record is still the user's to change.
                if not self.is_within_scope(obj, "add" if is_new else "change"):
                    raise ValidationError(_("Bạn không có quyền lưu đối tượng vào đơn vị đã chọn."))
        except ChangedMeanwhile:
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        except ValidationError as error:
            if is_new:
                form.instance.pk = None
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        self.object = obj
        if is_new and self.source is not None:
            messages.success(self.request, _("Đã đăng ký mô hình nhân rộng."))
        elif is_new:
            messages.success(self.request, _("Đã đăng ký mô hình, điển hình."))
        else:
            messages.success(self.request, self.success_message)
        url = obj.get_absolute_url()
        if is_htmx_partial(self.request):
            return htmx_redirect(url)
        return HttpResponseRedirect(url)


def replicable_sources(user):
    """Return the records `user` may replicate from: those they can see, and every recognized one
    (recognized models are meant to spread beyond their unit)."""
    visible = Initiative.objects.restrict(user, "view").values("pk")
    return Initiative.objects.filter(Q(pk__in=visible) | Q(recognition_level__isnull=False)).select_related(
        "organization", "area", "field"
    )


class InitiativeReplicateView(InitiativeEditView):
    """Register, for one's own organization, a replication of another organization's record."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.source = get_object_or_404(replicable_sources(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if not rules.can_replicate_from(self.source):
            raise services.ActionRefused(_("Chỉ nhân rộng được mô hình đang triển khai hoặc đã được công nhận."))
        if not can_anywhere(self.request.user, self.add_action):
            raise PermissionDenied(self.add_refused)
        obj = self.new_object()
        obj.replicated_from = self.source
        return obj

    def get_initial(self):
        initial = super().get_initial()
        for name in REPLICATED_FIELDS:
            value = getattr(self.source, f"{name}_id" if name == "field" else name)
            initial.setdefault(name, value)
        if initial.get("organization") == self.source.organization_id:
            del initial["organization"]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = list_breadcrumbs(
            {"label": _("Nhân rộng: %(name)s") % {"name": self.source.name}, "url": None}
        )
        context["source_visible"] = (
            Initiative.objects.restrict(self.request.user, "view").filter(pk=self.source.pk).exists()
        )
        return context

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The replicating organization is another one than the source's.
        field = form.fields["organization"]
        field.queryset = field.queryset.exclude(pk=self.source.organization_id)
        return form


#
# Delete
#


class InitiativeDeleteView(ObjectDeleteView):
    """Delete a record registered by mistake: only while still "registered" (rules.py)."""

    queryset = DETAIL_QUERYSET
    template_name = "initiatives/initiative_confirm_delete.html"

    def get_object(self, queryset=None):
        obj = self.get_scoped_object("view")
        require_rule(self.request.user, "delete", obj)
        return obj

    def get_success_url(self):
        return reverse("initiatives:initiative_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = list_breadcrumbs(
            {"label": self.object.name, "url": self.object.get_absolute_url()}, {"label": _("Xóa"), "url": None}
        )
        context["nav_section"] = "initiatives"
        return context

    def form_valid(self, form):
        obj = self.object
        name = str(obj)
        files = [name for attachment in obj.attachments.all() for name in attachment.stored_files()]
        storage = obj.attachments.model._meta.get_field("file").storage

        def remove_files():
            for file_name in files:
                storage.delete(file_name)

        try:
            with transaction.atomic():
                obj.delete()
                # The files go once the rows are gone for good.
                transaction.on_commit(remove_files)
        except ProtectedError:
            blockers = deletion_blockers(obj)
            messages.error(
                self.request,
                _("Không thể xóa “%(name)s” vì còn dữ liệu liên quan: %(blockers)s.")
                % {"name": name, "blockers": ", ".join(blockers)},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(self.request, _("Đã xóa “%(name)s”.") % {"name": name})
        return HttpResponseRedirect(self.get_success_url())


#
# Pickers of the form (htmx)
#


@login_required
def organization_autocomplete(request):
    """Return <option>s of the organizations the user may register records for, matching the text."""
    text = next((value for key, value in request.GET.items() if key.endswith("__search")), "")
    organizations = (
        Organization.objects.restrict(request.user, "add")
        .current()
        .select_related(*ORGANIZATION_LABEL_RELATED)
        .search(text)
        .order_by("search_text")[:30]
    )
    return render(request, "orgunits/autocomplete_options.html", {"objects": organizations})


@login_required
def area_autocomplete(request):
    """Return <option>s of the areas beneath the chosen organization's area (where a record may run)."""
    text = next((value for key, value in request.GET.items() if key.endswith("__search")), "")
    org_id = parse_id(request.GET.get("organization"))
    owner = (
        Organization.objects.restrict(request.user, "view").select_related("area").filter(pk=org_id).first()
        if org_id
        else None
    )
    if owner is None:
        return render(request, "orgunits/autocomplete_options.html", {"objects": Area.objects.none()})
    beneath = Area.objects.current().filter(path__startswith=owner.area.path).select_related(*AREA_LABEL_RELATED)
    # The area chosen before the owner changed stays chosen when it lies beneath the new owner's area.
    chosen_id = parse_id(request.GET.get("area"))
    chosen = list(beneath.filter(pk=chosen_id)) if chosen_id else []
    areas = beneath.exclude(pk__in=[area.pk for area in chosen]).search(text).order_by("level", "search_text")[:30]
    return render(request, "orgunits/autocomplete_options.html", {"objects": areas, "chosen": chosen})
