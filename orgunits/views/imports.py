"""Excel import of hamlets and organizations for a commune: template download, upload, recent jobs.

The upload only stores the file on a Job and enqueues `orgunits.tasks.import_units` once the
Job is committed; reading, checking and writing happen in the task (orgunits.imports).
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from core.exports import xlsx_response
from core.htmx import is_htmx_partial
from core.imports import ExcelUploadForm, megabytes
from core.text import fold
from core.views import ScopedMixin
from core.views_audit import visible_jobs
from orgunits import imports
from orgunits.choices import AreaLevel
from orgunits.models import Area
from orgunits.tasks import import_units
from orgunits.views.common import area_breadcrumbs

RECENT_JOBS = 10


class CommuneImportMixin(ScopedMixin):
    """Resolve the URL's commune: 404 if invisible or not a commune, 403 if the user may not add there."""

    queryset = Area.objects.select_related("kind", "parent")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.commune = self.get_scoped_object("add")
        if self.commune.level != AreaLevel.COMMUNE:
            raise Http404(_("Chỉ nhập được dữ liệu từ Excel cho xã, phường, đặc khu."))
        return super().dispatch(request, *args, **kwargs)


class AreaImportTemplateView(CommuneImportMixin, View):
    """Download the .xlsx template for the commune (its lists include the commune's current units)."""

    def get(self, request, *args, **kwargs):
        content = imports.build_template(self.commune)
        return xlsx_response(
            content, f"mau-nhap-thon-to-chuc-{slugify(fold(self.commune.name)) or self.commune.pk}.xlsx"
        )


class AreaImportView(CommuneImportMixin, FormView):
    """Upload a filled-in template; a Job is created and the import runs in the background."""

    template_name = "orgunits/area_import.html"
    form_class = ExcelUploadForm

    def get_template_names(self):
        if is_htmx_partial(self.request):
            return [f"{self.template_name}#jobs"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = list(
            visible_jobs(self.request.user)
            .filter(kind=imports.IMPORT_JOB_KIND, target_id=self.commune.pk)
            .select_related("created_by")
            .order_by("-created")[:RECENT_JOBS]
        )
        context.update(
            commune=self.commune,
            jobs=jobs,
            jobs_running=any(not job.is_finished for job in jobs),
            max_megabytes=megabytes(settings.IMPORT_MAX_BYTES),
            hamlet_sheet=imports.HAMLET_SHEET,
            organization_sheet=imports.ORGANIZATION_SHEET,
            title=_("Nhập từ Excel"),
            nav_section="units",
            breadcrumbs=[
                *area_breadcrumbs(self.request.user, self.commune, include_self=False),
                {"label": self.commune.name, "url": self.commune.get_absolute_url()},
                {"label": _("Nhập từ Excel"), "url": None},
            ],
        )
        return context

    def form_valid(self, form):
        with transaction.atomic():
            job = imports.create_import_job(
                commune=self.commune, user=self.request.user, upload=form.cleaned_data["file"]
            )
            transaction.on_commit(lambda: import_units.enqueue(job_id=job.pk))
        return HttpResponseRedirect(job.get_absolute_url())
