"""Audit log and background job pages (scoped: unit administrators see their subtree)."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core import jobs
from core.filtersets import JobFilterSet, ObjectChangeFilterSet
from core.htmx import is_htmx_partial
from core.models import Job, ObjectChange
from core.tables import JobTable, ObjectChangeTable
from core.views import ObjectListView


def managed_or_own(model, user, **own):
    """Return the rows of `model` in the units `user` administers, plus the user's own (`own`:
    the filter that names them), as one condition on the table: `scope_path LIKE … OR <own>`, and
    none at all for a system administrator, which PostgreSQL answers with its indexes.

    The audit log used `pk IN (the managed entries) OR user_id = …`: a system administrator's
    COUNT over 3,000,000 entries ran for more than twenty minutes (bench/README.md, "Audit log").
    """
    if user is None or not user.is_authenticated:
        return model.objects.none()
    return model.objects.restrict(user, "manage") | model.objects.filter(**own)


def visible_changes(user):
    """Return the audit entries of the units a user administers, plus the user's own changes."""
    return managed_or_own(ObjectChange, user, user_id=getattr(user, "pk", None))


class ObjectChangeListView(ObjectListView):
    queryset = ObjectChange.objects.select_related("content_type", "user")
    action = "manage"
    filterset_class = ObjectChangeFilterSet
    table_class = ObjectChangeTable
    title = _("Nhật ký thay đổi")
    export_name = "nhat-ky-thay-doi"

    def get_queryset(self):
        return visible_changes(self.request.user).select_related("content_type", "user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "admin"
        return context


class ObjectChangeDetailView(LoginRequiredMixin, DetailView):
    template_name = "core/objectchange_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            visible_changes(self.request.user).select_related("content_type", "user"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [
            {"label": _("Nhật ký thay đổi"), "url": reverse("core:objectchange_list")},
            {"label": str(self.object), "url": None},
        ]
        context["nav_section"] = "admin"
        return context


def visible_jobs(user):
    """Return the jobs a user started plus those of the units they administer."""
    return managed_or_own(Job, user, created_by=user)


class JobListView(ObjectListView):
    queryset = Job.objects.select_related("created_by")
    table_class = JobTable
    filterset_class = JobFilterSet
    title = _("Công việc nền")
    export_name = "cong-viec-nen"

    def get_queryset(self):
        return visible_jobs(self.request.user).select_related("created_by")


class JobDetailView(LoginRequiredMixin, DetailView):
    """The job's progress page; htmx polls its #status fragment until the job finishes."""

    template_name = "core/job_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(visible_jobs(self.request.user), pk=self.kwargs["pk"])

    def get_template_names(self):
        if is_htmx_partial(self.request):
            return [f"{self.template_name}#status"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [
            {"label": _("Công việc nền"), "url": reverse("core:job_list")},
            {"label": str(self.object), "url": None},
        ]
        context["is_stale"] = jobs.is_stale(self.object)
        context["stale_minutes"] = settings.JOB_STALE_MINUTES
        return context


def job_download(request, pk):
    """Download the file a job produced (an export), for whoever may see the job."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    if not job.output_file:
        raise Http404
    name = job.result.get("filename") or job.output_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=name)
