"""The report document (DOCX, Party format): a report's, an area's, and the layout settings.

- /reports/<pk>/document.docx: the report's document; the report is read through
  `Report.objects.restrict(user, "view")` (404 outside the user's scope).
- /reports/document/?form=&period=&area=: an area's consolidated document from the roll-up; the
  area is read through `Area.objects.restrict(user, "view")` (404 outside). Without complete,
  valid parameters, the page shows the form that builds the URL.
- /reports/document-settings/: font and margins per area, for system administrators.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.ids import parse_id
from core.views import ObjectDeleteView, ObjectEditView, ObjectListView
from orgunits.models import Area
from orgunits.views.kinds import SystemAdminMixin
from reports import documents
from reports.documents.forms import AreaDocumentForm, DocumentSettingsForm
from reports.documents.tables import DocumentSettingsFilterSet, DocumentSettingsTable
from reports.models import DocumentSettings, Report

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: documents.DocumentContent) -> HttpResponse:
    response = HttpResponse(documents.render_docx(content), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{content.filename}"'
    return response


@login_required
def report_document(request, pk: int):
    """Download the report's document."""
    report = get_object_or_404(Report.objects.restrict(request.user, "view"), pk=pk)
    return docx_response(documents.report_content(report, user=request.user))


@login_required
def area_document(request):
    """Download an area's consolidated document, or show the form that chooses it."""
    user = request.user
    area_id = parse_id(request.GET.get("area"))
    if request.GET.get("area") and not Area.objects.restrict(user, "view").filter(pk=area_id or 0).exists():
        raise Http404(_("Không tìm thấy địa bàn."))
    form = AreaDocumentForm(request.GET or None, user=user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return docx_response(documents.area_content(data["form"], data["period"], data["area"], user=user))
    context = {
        "title": _("Văn bản báo cáo tổng hợp"),
        "form": form,
        "nav_section": "reports",
        "breadcrumbs": [{"label": _("Văn bản báo cáo tổng hợp"), "url": None}],
    }
    return render(request, "reports/document.html", context)


#
# Layout settings (system administrators)
#


class DocumentSettingsListView(SystemAdminMixin, ObjectListView):
    queryset = DocumentSettings.objects.select_related("area")
    table_class = DocumentSettingsTable
    filterset_class = DocumentSettingsFilterSet
    title = gettext_lazy("Thể thức văn bản báo cáo")
    add_url_name = "reports:documentsettings_add"
    export_name = "the-thuc-van-ban-bao-cao"
    template_name = "reports/document_settings_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["defaults"] = DocumentSettings()
        context["nav_section"] = "reports"
        return context


class DocumentSettingsEditView(SystemAdminMixin, ObjectEditView):
    queryset = DocumentSettings.objects.select_related("area")
    list_url_name = "reports:documentsettings_list"
    form_class = DocumentSettingsForm
    template_name = "reports/document_settings_form.html"

    def get_success_url(self):
        return reverse("reports:documentsettings_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "reports"
        context["breadcrumbs"] = [
            {"label": _("Thể thức văn bản báo cáo"), "url": reverse("reports:documentsettings_list")},
            {"label": _("Thêm mới") if context["is_new"] else str(self.object), "url": None},
        ]
        return context


class DocumentSettingsDeleteView(SystemAdminMixin, ObjectDeleteView):
    queryset = DocumentSettings.objects.select_related("area")
    success_url_name = "reports:documentsettings_list"
