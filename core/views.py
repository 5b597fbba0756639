"""Generic views every domain app builds on: list, detail, edit, delete, all scoped through restrict()."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView, DetailView, UpdateView
from django_filters.filterset import filterset_factory
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from core import export_jobs, tasks
from core.errors import DeletionRefused
from core.exports import TableExport, xlsx_response
from core.filtersets import BaseFilterSet
from core.htmx import htmx_redirect, is_htmx_partial
from core.scope import can_anywhere

VERSION_FIELD = "_version"


class ScopedMixin(LoginRequiredMixin):
    """Scope the view's queryset to what the user may do with `action`.

    Args:
        queryset: the unrestricted base queryset (select_related etc.).
        action: the action the view needs ("view", "change"...).
    """

    queryset = None
    action = "view"

    def get_base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return self.get_base_queryset().restrict(self.request.user, self.action)

    def get_scoped_object(self, action: str):
        """Return the object of the URL: 404 when the user cannot see it, 403 when `action` is refused."""
        visible = self.get_base_queryset().restrict(self.request.user, "view")
        obj = get_object_or_404(visible, pk=self.kwargs["pk"])
        if (
            action != "view"
            and not self.get_base_queryset().restrict(self.request.user, action).filter(pk=obj.pk).exists()
        ):
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với đối tượng này."))
        return obj


class ExportMixin:
    """Answer "Xuất Excel" (?export=xlsx): the file in the response when it is small, otherwise a
    background job (core.export_jobs) the user follows on its page. A second click while the same
    file (same user, page, filters and sort) is being built reuses that job.

    Args:
        title: names the job ("Xuất Excel: <title>").
        get_export(): what the file holds (see core.exports.TableExport), None when the request
            selects nothing to export. The worker calls it again on the view set up with the job's
            user, path and query string, so it reads only `self.request`.
    """

    title = ""

    def get_export(self):
        raise NotImplementedError

    def export_response(self, export=None):
        """Return the file, or a redirect to the job that builds it (`export`: get_export()'s)."""
        request = self.request
        export = export if export is not None else self.get_export()
        if export.total > settings.EXPORT_SYNC_ROWS:
            # Too large to build while the user waits: a background job, followed on its page.
            with transaction.atomic():
                job, created = export_jobs.export_job_for(view=self, title=self.title, filename=export.filename)
                if created:
                    # The database backend stores the task in the same transaction as the job:
                    # both exist or neither does (the tests' immediate backend runs it here).
                    tasks.export_list.enqueue(job_id=job.pk)
            if created:
                messages.info(request, _("Danh sách lớn: tệp Excel đang được tạo, tải về khi hoàn thành."))
            else:
                messages.info(
                    request,
                    _(
                        "Tệp Excel của danh sách này (cùng bộ lọc) đang được tạo từ lúc %(time)s: theo dõi ở đây, "
                        "không tạo thêm một tệp giống hệt."
                    )
                    % {"time": formats.time_format(timezone.localtime(job.created), "H:i")},
                )
            return HttpResponseRedirect(job.get_absolute_url())
        return xlsx_response(export.render(), export.filename)


class ObjectListView(ExportMixin, ScopedMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated list with Excel export (?export=xlsx)."""

    template_name = "generic/object_list.html"
    # The table paginates (one COUNT); the ListView's own paginator stays off (it would count again).
    paginate_by = None
    table_pagination = {"per_page": 25}
    title = ""
    add_url_name = None
    export_name = "danh-sach"
    filterset_class = None

    def get_add_url(self):
        """The "Thêm mới" button's target: only for a user who may add somewhere (the add page's
        own rule, ObjectEditView.add_action)."""
        if not self.add_url_name or not can_anywhere(self.request.user, "add"):
            return None
        return reverse(self.add_url_name)

    def get_template_names(self):
        if is_htmx_partial(self.request):
            return [f"{self.template_name}#results"]
        return [self.template_name]

    def get_filterset_class(self):
        return self.filterset_class or filterset_factory(self.queryset.model, filterset=BaseFilterSet, fields=[])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        table = context.get("table")
        if table is not None:
            paginator = getattr(table, "paginator", None)
            context["result_count"] = paginator.count if paginator is not None else len(table.rows)
        context["add_url"] = self.get_add_url()
        context["model_meta"] = self.queryset.model._meta
        return context

    def export_table(self):
        """Return (table, rows) of everything the list shows with the request's filters, unpaginated."""
        filterset = self.get_filterset(self.get_filterset_class())
        # As the page does (FilterView, strict): no filter exports everything, an invalid filter nothing.
        rows = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else filterset.queryset.none()
        rows = self.get_export_queryset(rows)
        table = self.get_table_class()(rows)
        RequestConfig(self.request, paginate=False).configure(table)  # the user's sort order
        return table, rows

    def get_export_queryset(self, rows):
        """Return the filtered rows as the export reads them: a hook to annotate what only the file
        shows (an annotation on the page's queryset would cost every page its deferred join).

        Args:
            rows: the filtered queryset, as the page lists it.
        """
        return rows

    def get_export(self) -> TableExport:
        table, rows = self.export_table()
        return TableExport(table, rows, str(self.title), f"{self.export_name}.xlsx")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export_response()
        return super().get(request, *args, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs


class ObjectDetailView(ScopedMixin, DetailView):
    def get_object(self, queryset=None):
        return self.get_scoped_object("view")


class ObjectEditView(ScopedMixin, UpdateView):
    """Add (no pk in the URL) or edit an object; the form receives the user to limit its choices."""

    template_name = "generic/object_form.html"
    success_message = gettext_lazy("Đã lưu.")  # lazy: translated per request, not at import
    # What a user must be allowed somewhere to open the add page; the form then offers only the
    # units where they may. A user allowed nowhere gets 403 with this message, not a form whose
    # every choice is refused.
    add_action = "add"
    add_refused = gettext_lazy("Bạn không có quyền thêm mới ở đơn vị nào.")
    # Where "Hủy" on the add page goes (an edit goes back to the object's page): the list.
    list_url_name = None

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            if not can_anywhere(self.request.user, self.add_action):
                raise PermissionDenied(self.add_refused)
            return self.new_object()
        return self.get_scoped_object("change")

    def new_object(self):
        return self.queryset.model()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def is_within_scope(self, obj, action: str) -> bool:
        return self.get_base_queryset().restrict(self.request.user, action).filter(pk=obj.pk).exists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_meta"] = self.queryset.model._meta
        context["is_new"] = self.object is None or self.object.pk is None
        if self.list_url_name:
            context.setdefault("cancel_url", reverse(self.list_url_name))
        return context

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.object is not None and self.object.pk and getattr(self.object, "updated", None):
            # The version the user starts from: saving checks nobody changed the row meanwhile.
            form.fields[VERSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=self.object.updated.isoformat()
            )
        return form

    def changed_meanwhile(self, form) -> bool:
        """Return True, with an error on the form, when the object changed after the form was
        loaded (another user's save, a life-cycle step): saving would silently undo that change.

        Call inside the transaction that saves; the row stays locked until it ends.
        """
        sent = form.data.get(form.add_prefix(VERSION_FIELD))
        if not sent or self.object is None or self.object.pk is None:
            return False
        model = type(self.object)
        current = model._base_manager.select_for_update().filter(pk=self.object.pk).values_list("updated", flat=True)
        current = current.first()
        if current is None or current.isoformat() == sent:
            return False
        form.add_error(
            None,
            _(
                "Trong lúc bạn sửa, bản ghi này đã được cập nhật lúc %(time)s. Thay đổi của bạn chưa được lưu: "
                "hãy mở lại trang sửa để xem nội dung mới nhất rồi nhập lại."
            )
            % {"time": formats.date_format(timezone.localtime(current), "d/m/Y H:i")},
        )
        return True

    def form_valid(self, form):
        is_new = form.instance.pk is None
        action = "add" if is_new else "change"
        with transaction.atomic():
            if self.changed_meanwhile(form):
                transaction.set_rollback(True)
                return self.form_invalid(form)
            self.object = form.save()
            # Re-check inside the transaction that the saved object is still in the user's scope
            # (NetBox ObjectEditView.post): moving it elsewhere must not be possible.
            if not self.is_within_scope(self.object, action):
                transaction.set_rollback(True)
                form.add_error(None, _("Bạn không có quyền lưu đối tượng vào đơn vị đã chọn."))
                return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        # What saving did beyond the form (e.g. links a move made invalid), set by the model's save().
        for note in getattr(self.object, "save_notes", ()):
            messages.warning(self.request, note)
        url = self.get_success_url()
        if is_htmx_partial(self.request):
            return htmx_redirect(url)
        return HttpResponseRedirect(url)


class ObjectDeleteView(ScopedMixin, DeleteView):
    """Ask for confirmation, then delete; objects still referenced are refused with a message."""

    template_name = "generic/object_confirm_delete.html"
    success_url_name = None

    def get_object(self, queryset=None):
        return self.get_scoped_object("delete")

    def get_success_url(self):
        return reverse(self.success_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Say before the user confirms what would stop the deletion, instead of after.
        context["blockers"] = deletion_blockers(self.object)
        return context

    def form_valid(self, form):
        name = str(self.object)
        try:
            with transaction.atomic():
                self.object.delete()
        except ProtectedError as error:
            # Say what holds it, as the confirmation page does ("2 tổ chức", the model's own reason).
            blockers = deletion_blockers(self.object)
            if not blockers and isinstance(error, DeletionRefused):
                blockers = [str(error.args[0])]
            messages.error(
                self.request,
                _("Không thể xóa “%(name)s” vì còn dữ liệu liên quan: %(blockers)s.")
                % {"name": name, "blockers": "; ".join(blockers) or _("xem trang của mục này")},
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("Đã xóa “%(name)s”.") % {"name": name})
        return HttpResponseRedirect(self.get_success_url())


def deletion_blockers(obj) -> list[str]:
    """Return what prevents deleting `obj` ("2 tổ chức", a model's own reason) without writing:
    the model's own check (`check_deletable()`, which its delete() calls), then Django's deletion
    collector, which raises ProtectedError on protected relations while it only reads. (A dry-run
    delete rolled back took a write lock on every confirmation page: "database is locked" on SQLite.)"""
    copy = type(obj)._base_manager.get(pk=obj.pk)
    try:
        check = getattr(copy, "check_deletable", None)
        if check is not None:
            check()
        Collector(using=router.db_for_write(type(copy), instance=copy), origin=copy).collect([copy])
    except ProtectedError as error:
        counts: dict[str, int] = {}
        for item in error.protected_objects:
            label = str(item._meta.verbose_name)
            counts[label] = counts.get(label, 0) + 1
        blockers = [f"{count} {label}" for label, count in sorted(counts.items())]
        if isinstance(error, DeletionRefused):
            blockers.insert(0, str(error.args[0]))
        return blockers
    return []


def require_system_admin(user) -> None:
    if not (user.is_authenticated and user.is_superuser):
        raise PermissionDenied(_("Chức năng này dành cho quản trị hệ thống."))
