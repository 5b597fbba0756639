"""Report pages: the list, opening a report ("Lập báo cáo"), the report page, the home card.

Every report is read through `Report.objects.restrict()` (404 outside the user's scope); the
figures come from services.report_values and the workflow buttons from rules.allowed_actions.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.forms import add_service_errors
from core.htmx import htmx_redirect, is_htmx_partial
from core.ids import parse_id
from core.scope import can_anywhere
from core.text import format_number
from core.views import ObjectDetailView, ObjectListView
from orgunits.labels import ORGANIZATION_LABEL_RELATED
from orgunits.models import Organization
from reports import periods, providers, queries, rollups, rules, services
from reports.choices import ReportStatus, SectionKind, ValueSource, ValueType
from reports.filtersets import ReportFilterSet
from reports.forms import NewReportForm
from reports.forms.workflow import CARRIED_OVER, obligated_addable
from reports.models import Period, Report, ReportForm
from reports.tables import ReportTable, status_badge, timeliness

LIST_QUERYSET = Report.objects.select_related("organization__area", "form", "period")
DETAIL_QUERYSET = Report.objects.select_related(
    "organization__area__parent", "organization__kind", "form", "period", "submitted_by", "approved_by"
)
SOURCE_BADGES = {
    ValueSource.PROVIDER: gettext_lazy("Tự động"),
    ValueSource.ROLLUP: gettext_lazy("Tổng hợp"),
    "formula": gettext_lazy("Tính toán"),
}
HOME_CARD_ROWS = 10


def list_breadcrumbs(*crumbs) -> list[dict]:
    return [{"label": gettext_lazy("Báo cáo định kỳ"), "url": reverse("reports:report_list")}, *crumbs]


def report_breadcrumbs(report, *crumbs) -> list[dict]:
    label = f"{report.organization.name} · {report.period.name}"
    tail = [{"label": label, "url": report.get_absolute_url() if crumbs else None}, *crumbs]
    return list_breadcrumbs(*tail)


#
# Figures as the pages show them
#


def format_value(indicator, value) -> str:
    """Return a figure the Vietnamese way: "1.200 vụ việc", "66,67 %", "Có"; "—" when empty."""
    if value is None or value == "":
        return "—"
    if indicator.value_type == ValueType.TEXT:
        return str(value)
    if indicator.value_type == ValueType.BOOLEAN:
        return _("Có") if value else _("Không")
    text = rollups.figure_text(value)
    return f"{text} {indicator.unit}" if indicator.unit else text


def input_value(indicator, value) -> str:
    """Return a stored figure as it is typed back into its input (1.200 / 12,5 / 1 or 0)."""
    if value is None:
        return ""
    if indicator.value_type == ValueType.TEXT:
        return str(value)
    if indicator.value_type == ValueType.BOOLEAN:
        return "1" if value else "0"
    return format_number(value)  # as typed: all the decimals stored, none rounded away


def automatic_source(report, indicator, stored) -> str | None:
    """Return how the system fills this figure ("formula", "provider", "rollup"), None if typed.

    The same decision as services.refresh_automatic and services.save_report: such figures are
    never typed, so the entry page shows them read-only.
    """
    if indicator.is_formula:
        return "formula"
    if stored is not None and stored.source != ValueSource.TYPED:
        return stored.source
    if indicator.value_type == ValueType.TEXT:
        return None
    if indicator.provider and providers.get(indicator.provider):
        return ValueSource.PROVIDER
    if report.is_consolidated:
        return ValueSource.ROLLUP
    return None


def figure_sections(report) -> list[dict]:
    """Return the form's figures sections with their rows: item, label, value, source, badge."""
    values = services.report_values(report)
    stored = {value.indicator_id: value for value in report.values.all()}
    sections: dict[int, dict] = {}
    for item in services.figure_items(report.form):
        indicator = item.indicator
        section = sections.setdefault(item.section_id, {"section": item.section, "rows": []})
        source = automatic_source(report, indicator, stored.get(indicator.pk))
        value = values.get(indicator.pk)
        section["rows"].append(
            {
                "item": item,
                "indicator": indicator,
                "label": str(item),
                "value": value,
                "display": format_value(indicator, value),
                "input": input_value(indicator, value),
                "source": source,
                "badge": SOURCE_BADGES.get(source),
                "readonly": source is not None,
                "name": f"v-{indicator.pk}",
            }
        )
    return list(sections.values())


def prose_sections(report) -> list[dict]:
    texts = {text.section_id: text.text for text in report.texts.all()}
    return [
        {"section": section, "text": texts.get(section.pk, ""), "name": f"t-{section.pk}"}
        for section in report.form.sections.filter(kind=SectionKind.PROSE).order_by("sort_order", "pk")
    ]


#
# List
#


class ReportListView(ObjectListView):
    queryset = LIST_QUERYSET
    filterset_class = ReportFilterSet
    table_class = ReportTable
    template_name = "reports/report_list.html"
    title = gettext_lazy("Báo cáo định kỳ")
    add_url_name = "reports:report_add"
    export_name = "bao-cao-dinh-ky"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "reports"
        context["breadcrumbs"] = list_breadcrumbs()
        return context


#
# Opening a report
#


class ReportAddView(LoginRequiredMixin, FormView):
    """Lập báo cáo: choose the form, the period and the unit; services.open_report creates it."""

    form_class = NewReportForm
    template_name = "reports/report_add.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, "add"):
            raise PermissionDenied(_("Bạn không có quyền lập báo cáo cho đơn vị nào."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        forms = ReportForm.objects.filter(is_active=True)
        form_id = parse_id(self.request.GET.get("form"))
        if form_id:
            initial["form"] = form_id
        elif len(only := list(forms.values_list("pk", flat=True)[:2])) == 1:
            initial["form"] = only[0]  # the only form: chosen already
        for name in CARRIED_OVER:
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not form.is_bound and "organization" not in form.initial:
            # Reporting for the only unit one may: pre-selected.
            only = list(form.fields["organization"].queryset.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                form.initial["organization"] = only[0]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Lập báo cáo"),
            breadcrumbs=list_breadcrumbs({"label": _("Lập báo cáo"), "url": None}),
            nav_section="reports",
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        spec = data["period_spec"]
        existing = (
            Report.objects.restrict(user, "view")
            .filter(form=data["form"], organization=data["organization"], period__code=spec.code)
            .first()
        )
        if existing is not None:
            return self.render_to_response(self.get_context_data(form=form, existing=existing))
        try:
            with transaction.atomic():
                report = services.open_report(
                    data["form"], Period.objects.for_spec(spec), data["organization"], user=user
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except services.ActionRefused as error:
            form.add_error("organization", str(error))
            return self.form_invalid(form)
        url = reverse("reports:report_edit", kwargs={"pk": report.pk})
        return htmx_redirect(url) if is_htmx_partial(self.request) else HttpResponseRedirect(url)


@login_required
def organization_autocomplete(request):
    """Return <option>s of the units where the user may open reports of the chosen form."""
    text = next((value for key, value in request.GET.items() if key.endswith("__search")), "")
    form_id = parse_id(request.GET.get("form"))
    form = ReportForm.objects.filter(pk=form_id).first() if form_id else None
    organizations = (
        obligated_addable(request.user, form)
        .select_related(*ORGANIZATION_LABEL_RELATED)
        .search(text)
        .order_by("search_text")[:30]
    )
    return render(request, "orgunits/autocomplete_options.html", {"objects": organizations})


#
# The report page
#


def children_status(report, user) -> list[dict]:
    """Return, for a consolidated report, each unit below that must submit the form, with its
    report (linked when the user can open it) and that report's status."""
    due = [
        (org, child)
        for org, child in services.reports_due(report.form, report.period, report.organization.area.path)
        if org.pk != report.organization_id
    ]
    visible = set(
        Report.objects.restrict(user, "view")
        .filter(pk__in=[child.pk for _org, child in due if child is not None])
        .values_list("pk", flat=True)
    )
    return [
        {
            "organization": org,
            "report": child,
            "url": child.get_absolute_url() if child is not None and child.pk in visible else None,
            "badge": status_badge(child) if child is not None else None,
        }
        for org, child in due
    ]


class ReportDetailView(ObjectDetailView):
    queryset = DETAIL_QUERYSET
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        actions = rules.allowed_actions(user, report)
        context.update(
            status_badge=status_badge(report),
            timeliness=timeliness(report),
            figure_sections=figure_sections(report),
            prose_sections=prose_sections(report),
            problems=services.submit_problems(report) if report.status in rules.EDITABLE else [],
            events=list(report.events.select_related("user")),
            children=children_status(report, user) if report.is_consolidated else None,
            actions=actions,
            breadcrumbs=report_breadcrumbs(report),
            nav_section="reports",
        )
        return context


#
# Home page card: reports due
#


def due_reports(user, today: datetime.date | None = None, limit: int = HOME_CARD_ROWS):
    """Return (rows, total): for each active form, the units where the user may report that have
    not sent the report of the period that ended last (a returned one is listed apart), nearest
    deadline first."""
    today = today or timezone.localdate()
    rows, total = [], 0
    for form in ReportForm.objects.filter(is_active=True).order_by("sort_order", "name"):
        try:
            current = periods.containing(form.period_type, today)
        except periods.InvalidPeriod:
            continue  # custom (ad hoc) forms have no "last period"
        spec = periods.containing(form.period_type, current.start - datetime.timedelta(days=1))
        deadline = spec.end + datetime.timedelta(days=form.deadline_days)
        # A returned report is listed with the reports returned for correction (home_card).
        sent = Report.objects.filter(
            form=form,
            period__code=spec.code,
            organization=OuterRef("pk"),
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED],
        )
        pending = (
            Organization.objects.restrict(user, "add")
            .current()
            .filter(kind__in=form.organization_kinds.all())
            .exclude(Exists(sent))
            .select_related("area")
            .order_by("path")
        )
        total += pending.count()
        if len(rows) >= limit:
            continue
        drafts = {
            r.organization_id: r
            for r in Report.objects.filter(form=form, period__code=spec.code, organization__in=pending[:limit])
        }
        for organization in pending[: limit - len(rows)]:
            report = drafts.get(organization.pk)
            rows.append(
                {
                    "organization": organization,
                    "form": form,
                    "period_name": spec.name,
                    "deadline": deadline,
                    "overdue": deadline < today,
                    "report": report,
                    "url": report.get_absolute_url()
                    if report
                    else f"{reverse('reports:report_add')}?form={form.pk}&period={spec.code}&organization={organization.pk}",
                }
            )
    return rows, total


@login_required
def home_card(request):
    """The "Báo cáo đến hạn" card of the home page, loaded by htmx after the page: the reports
    returned for correction, the reports due, the count of reports waiting for the user's approval."""
    user = request.user
    rows, total = due_reports(user)
    returned, returned_total = queries.returned_for_user(user, limit=HOME_CARD_ROWS)
    awaiting = [
        report
        for report in Report.objects.restrict(user, "approve")
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("organization__area__parent")[:200]
        if rules.can_decide(user, report)
    ]
    context = {
        "rows": rows,
        "total": total,
        "awaiting": len(awaiting),
        "returned": returned,
        "returned_total": returned_total,
    }
    return render(request, "reports/report_due_card.html", context)
