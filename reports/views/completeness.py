"""Completeness and timeliness: which organizations have submitted a form for a period, on time
or late, which have not; the Excel export; reminders to those that have not (approvers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from core.scope import can, is_system_admin
from core.text import natural_key
from core.views import ExportMixin
from reports import periods, queries
from reports.exports import CompletenessExport
from reports.forms.selection import PERIOD_LIST_ID, CompletenessSelectionForm
from reports.models import Period
from reports.tasks import send_report_reminders
from reports.views.rollup import section_breadcrumb, selection_data, unit_trail

ROWS_PER_PAGE = 50
SELECTION_FIELDS = ("form", "period", "area")
SORTS = {
    "unit": lambda row: natural_key(row.organization.name),
    "area": lambda row: (natural_key(row.organization.area.name), natural_key(row.organization.name)),
    "status": lambda row: (row.timeliness, natural_key(row.organization.name)),
    "submitted": lambda row: (row.submitted_at is None, row.submitted_at or timezone.now()),
}


def remind_path(user, area) -> str | None:
    """Return the unit path an approver reminds the units under, or None when the user may not
    (reminding is for approvers of the chosen unit; the whole country for system administrators)."""
    if area is None:
        return "/" if is_system_admin(user) else None
    return area.path if can(user, "approve", area.path) else None


def reminded_today(row: queries.CompletenessRow, today) -> bool:
    return row.last_reminder is not None and timezone.localdate(row.last_reminder.sent_at) == today


class CompletenessView(LoginRequiredMixin, ExportMixin, View):
    """Every organization under a unit (default: the user's own) that must submit a form for a
    period: its report's state, on time or late; counts and percentages; filters; "Xuất Excel"
    as every list (core.views.ExportMixin)."""

    title = gettext_lazy("Tình hình nộp báo cáo")

    def select(self):
        """Read the selection of the query string; return (completeness, the rows the filters
        keep in the chosen order), None when it names none. Sets `form` (the selection form),
        `report_form`, `period`, `area` and `sort`."""
        request = self.request
        data, self.report_form = selection_data(request, CompletenessSelectionForm)
        self.form = CompletenessSelectionForm(data, user=request.user)
        if self.report_form is None or not self.form.is_valid():
            return None
        cleaned = self.form.cleaned_data
        self.area = cleaned["area"]
        self.period = Period.objects.lookup(cleaned["period"])
        result = queries.completeness_for_user(request.user, cleaned["form"], self.period, area=self.area)
        self.sort = request.GET.get("sort", "unit")
        key = SORTS.get(self.sort.lstrip("-"), SORTS["unit"])
        rows = sorted((row for row in result.rows if self.form.keep(row)), key=key, reverse=self.sort.startswith("-"))
        return result, rows

    def get_export(self) -> CompletenessExport | None:
        selected = self.select()
        return CompletenessExport(*selected) if selected is not None else None

    def get(self, request):
        user = request.user
        selected = self.select()
        if selected is not None and request.GET.get("export") == "xlsx":
            return self.export_response(CompletenessExport(*selected))
        report_form = self.report_form
        context = {
            "title": self.title,
            "form": self.form,
            "data": None,
            "nav_section": "reports",
            "no_forms": report_form is None,
            "period_list_id": PERIOD_LIST_ID,
            "period_choices": queries.period_choices(report_form, longer=False) if report_form else [],
            "breadcrumbs": [section_breadcrumb(), {"label": _("Tình hình nộp báo cáo"), "url": None}],
        }
        if selected is not None:
            result, rows = selected
            today = timezone.localdate()
            path = remind_path(user, self.area)
            base = request.GET.copy()

            def url_for(target):
                query = base.copy()
                query.pop("page", None)
                query["area"] = target.pk
                return f"{reverse('reports:completeness')}?{query.urlencode()}"

            context.update(
                data=result,
                counts=result.counts,
                percentages=result.percentages,
                page=Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
                filtered_count=len(rows),
                sort=self.sort,
                today=today,
                trail=unit_trail(user, self.area, url_for),
                can_remind=path is not None,
                remindable=sum(1 for row in result.rows if not row.is_submitted and not reminded_today(row, today)),
                rollup_url=_rollup_url(result.form, self.period, self.area),
            )
        return render(request, "reports/completeness.html", context)


def _rollup_url(report_form, period, area) -> str:
    query = QueryDict(mutable=True)
    query.update({"form": report_form.pk, "period": period.code, "area": area.pk if area else ""})
    return f"{reverse('reports:rollup')}?{query.urlencode()}"


@login_required
@require_POST
def remind(request):
    """Queue e-mails to the units under the chosen unit that have not submitted (approvers)."""
    user = request.user
    form = CompletenessSelectionForm(request.POST, user=user)
    query = QueryDict(mutable=True)
    query.update({name: request.POST.get(name, "") for name in SELECTION_FIELDS})
    back = HttpResponseRedirect(f"{reverse('reports:completeness')}?{query.urlencode()}")
    if not form.is_valid():
        messages.error(request, _("Lựa chọn biểu mẫu, kỳ hoặc đơn vị không hợp lệ: chưa nhắc được."))
        return back
    cleaned = form.cleaned_data
    path = remind_path(user, cleaned["area"])
    if path is None:
        raise PermissionDenied(_("Chỉ người có quyền phê duyệt của đơn vị mới nhắc được các đơn vị chưa nộp."))
    try:
        periods.check_reportable(periods.parse(cleaned["period"]), timezone.localdate())
    except periods.InvalidPeriod as error:
        messages.error(request, _("Chưa nhắc được: %(reason)s") % {"reason": error})
        return back
    period = Period.objects.for_code(cleaned["period"])
    missing = queries.missing_organizations(cleaned["form"], period, path)
    if not missing:
        messages.info(request, _("Tất cả các đơn vị đã nộp báo cáo kỳ này: không cần nhắc."))
        return back
    send_report_reminders.enqueue(form_id=cleaned["form"].pk, period_id=period.pk, area_path=path, user_id=user.pk)
    messages.success(
        request,
        _(
            "Đã yêu cầu gửi thư nhắc các đơn vị chưa nộp báo cáo (%(count)s đơn vị); đơn vị đã được nhắc hôm nay "
            "không bị nhắc lại."
        )
        % {"count": len(missing)},
    )
    return back
