"""Excel import of a registration list: choose the area, download its template, upload, recent jobs.

The upload only stores the file on a Job and enqueues `initiatives.tasks.import_initiatives`
once the Job is committed; reading, checking and writing happen in the task (initiatives.imports).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from core.exports import xlsx_response
from core.htmx import is_htmx_partial
from core.ids import parse_id
from core.imports import ExcelUploadForm, megabytes
from core.text import fold
from core.views_audit import visible_jobs
from core.widgets import AutocompleteSelect
from initiatives import imports
from initiatives.tasks import import_initiatives
from initiatives.views.initiatives import list_breadcrumbs
from orgunits.choices import AreaLevel
from orgunits.forms import AreaChoiceField
from orgunits.labels import AREA_LABEL_RELATED
from orgunits.models import Area

RECENT_JOBS = 10


class AreaPickForm(forms.Form):
    """Choose the area to import into: a province or commune where the user may add records."""

    area = AreaChoiceField(
        queryset=Area.objects.none(),
        label=_("Địa bàn nhận dữ liệu"),
        help_text=_("Tỉnh, thành phố hoặc xã, phường nơi bạn được thêm mô hình."),
        widget=AutocompleteSelect("initiatives:import_area_autocomplete"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = imports.importable_areas(user).select_related("kind")
        widget = self.fields["area"].widget
        widget.search_label = self.fields["area"].label
        widget.attrs["class"] = "form-select"


class ImportAreaMixin(LoginRequiredMixin):
    """Resolve `?area=` (or the only area the user may add in): 404 when the user cannot see it or
    it is not a province, district or commune in force, 403 when they may not add records there."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.importable = imports.importable_areas(request.user)
        if not self.importable.exists():
            raise PermissionDenied(_("Bạn không có quyền thêm mô hình, điển hình ở địa bàn nào."))
        self.area = self.get_area(request)
        return super().dispatch(request, *args, **kwargs)

    def get_area(self, request) -> Area | None:
        raw = request.POST.get("area") if request.method == "POST" else request.GET.get("area")
        if not raw:
            # The default: the user's own area when every area they may import into lies beneath it.
            top = self.importable.select_related("kind", "parent").order_by("depth", "pk").first()
            return None if self.importable.exclude(path__startswith=top.path).exists() else top
        pk = parse_id(raw)
        if pk is None:
            raise Http404
        visible = Area.objects.restrict(request.user, "view").current().filter(level__lt=AreaLevel.HAMLET)
        area = get_object_or_404(visible.select_related("kind", "parent"), pk=pk)
        if not self.importable.filter(pk=area.pk).exists():
            raise PermissionDenied(_("Bạn không có quyền thêm mô hình, điển hình tại %(area)s.") % {"area": area.name})
        return area


class InitiativeImportView(ImportAreaMixin, FormView):
    """Choose the area, download its template, upload the filled-in list; the import runs in the background."""

    template_name = "initiatives/import.html"
    form_class = ExcelUploadForm

    def get_template_names(self):
        if is_htmx_partial(self.request):
            return [f"{self.template_name}#jobs"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = list(
            visible_jobs(self.request.user)
            .filter(kind=imports.IMPORT_JOB_KIND)
            .select_related("created_by")
            .order_by("-created")[:RECENT_JOBS]
        )
        initial = {"area": self.area.pk} if self.area else {}
        context.update(
            area=self.area,
            pick_form=AreaPickForm(user=self.request.user, initial=initial),
            jobs=jobs,
            jobs_running=any(not job.is_finished for job in jobs),
            max_megabytes=megabytes(settings.IMPORT_MAX_BYTES),
            max_rows=f"{imports.MAX_ROWS:,}".replace(",", "."),
            data_sheet=imports.DATA_SHEET,
            lists_sheet=imports.LISTS_SHEET,
            title=_("Nhập danh sách đăng ký từ Excel"),
            nav_section="initiatives",
            breadcrumbs=list_breadcrumbs({"label": _("Nhập từ Excel"), "url": None}),
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.area is None:
            raise Http404
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            job = imports.create_import_job(area=self.area, user=self.request.user, upload=form.cleaned_data["file"])
            transaction.on_commit(lambda: import_initiatives.enqueue(job_id=job.pk))
        return HttpResponseRedirect(job.get_absolute_url())


class InitiativeImportTemplateView(ImportAreaMixin, View):
    """Download the .xlsx template of the chosen area (its organizations and areas are in the lists)."""

    def get(self, request, *args, **kwargs):
        if self.area is None:
            return HttpResponseRedirect(reverse("initiatives:import"))
        content = imports.build_template(self.area)
        return xlsx_response(content, f"mau-dang-ky-mo-hinh-{slugify(fold(self.area.name)) or self.area.pk}.xlsx")


@login_required
def import_area_autocomplete(request):
    """Return <option>s of the areas the user may import into that match the typed text."""
    text = next((value for key, value in request.GET.items() if key.endswith("__search")), "")
    areas = (
        imports.importable_areas(request.user)
        .select_related(*AREA_LABEL_RELATED)
        .search(text)
        .order_by("level", "search_text")
    )
    return render(request, "orgunits/autocomplete_options.html", {"objects": areas[:30]})
