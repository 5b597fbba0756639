"""The roll-up table: a form's figures for a unit or cluster and a period, one row per child unit
(drill-down), with its Excel export. Figures come from reports.rollups through reports.queries."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.ids import parse_id
from core.text import natural_key
from core.views import ExportMixin
from reports import queries, rollups
from reports.exports import RollupExport
from reports.forms.selection import PERIOD_LIST_ID, RollupSelectionForm, UnitPeriodForm
from reports.models import Period

ROWS_PER_PAGE = 50


def selection_data(request, form_class: type[UnitPeriodForm]) -> tuple[dict, object]:
    """Return the selection form's data (the request's, over the defaults: the first active form,
    its last ended period, the user's own unit) and the report form it names."""
    forms = queries.active_forms()
    report_form = forms.filter(pk=parse_id(request.GET.get("form"))).first() or forms.first()
    data = {name: request.GET[name] for name in form_class.base_fields if name in request.GET}
    if report_form is not None:
        data.setdefault("form", str(report_form.pk))
        if "period" not in data:
            last = queries.last_ended_period(report_form.period_type)
            data["period"] = last.code if last else ""
    if "area" not in data and not data.get("cluster"):
        area = queries.default_area(request.user)
        data["area"] = str(area.pk) if area else ""
    return data, report_form


def section_breadcrumb() -> dict:
    try:
        return {"label": _("Báo cáo"), "url": reverse("reports:report_list")}
    except NoReverseMatch:
        return {"label": _("Báo cáo"), "url": None}


def unit_trail(user, area, url_for) -> list[dict]:
    """Return the links up the tree to `area` (the areas above it the user sees, then itself)."""
    if area is None:
        return []
    return [{"label": a.name, "url": url_for(a)} for a in queries.area_ancestors_for_user(user, area)] + [
        {"label": area.name, "url": None}
    ]


def sort_rows(rows, sort: str, columns) -> list:
    """Sort the child rows by name (default) or by an indicator's value (`sort` = id, `-id`)."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    position = next((i for i, column in enumerate(columns) if str(column.indicator.pk) == key), None)
    if position is None:
        return sorted(rows, key=lambda row: natural_key(row.unit.label), reverse=descending and key == "name")
    present = [row for row in rows if row.values[position] is not None]
    missing = [row for row in rows if row.values[position] is None]
    return sorted(present, key=lambda row: row.values[position], reverse=descending) + missing


def figure_text(value) -> str:
    """Return a figure as people read it: 1.234 or 36,67 (blank when there is none)."""
    return rollups.figure_text(value)


def display_row(row: queries.RollupRow) -> dict:
    return {"unit": row.unit, "cells": [figure_text(value) for value in row.values], "has_data": row.has_data}


class RollupView(LoginRequiredMixin, ExportMixin, View):
    """Units × indicators of a form for a unit (default: the user's own) or a cluster and a
    period; "Xuất Excel" as every list (core.views.ExportMixin)."""

    title = gettext_lazy("Tổng hợp số liệu báo cáo")

    def select(self):
        """Read the selection (form, period, unit or cluster) of the query string; return the
        roll-up table it names for the user, None when it names none. Sets `form` (the
        selection form), `report_form`, `period`, `area` and `cluster`."""
        data, self.report_form = selection_data(self.request, RollupSelectionForm)
        self.form = RollupSelectionForm(data, user=self.request.user)
        if self.report_form is None or not self.form.is_valid():
            return None
        cleaned = self.form.cleaned_data
        self.cluster = cleaned["cluster"]
        self.area = None if self.cluster is not None else cleaned["area"]
        self.period = Period.objects.lookup(cleaned["period"])
        return queries.rollup_table_for_user(
            self.request.user,
            cleaned["form"],
            self.period,
            area=self.area,
            cluster=self.cluster,
            include_submitted=cleaned["include_submitted"],
        )

    def get_export(self) -> RollupExport | None:
        table = self.select()
        return RollupExport(table) if table is not None else None

    def get(self, request):
        user = request.user
        table = self.select()
        if table is not None and request.GET.get("export") == "xlsx":
            return self.export_response(RollupExport(table))
        report_form = self.report_form
        context = {
            "title": self.title,
            "form": self.form,
            "table": None,
            "nav_section": "reports",
            "no_forms": report_form is None,
            "period_list_id": PERIOD_LIST_ID,
            "period_choices": queries.period_choices(report_form, longer=True) if report_form else [],
            "breadcrumbs": [section_breadcrumb(), {"label": _("Tổng hợp số liệu"), "url": reverse("reports:rollup")}],
        }
        if table is not None:
            sort = request.GET.get("sort", "name")
            rows = sort_rows(table.rows, sort, table.columns)
            page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
            base = request.GET.copy()

            def url_for(target):
                query = base.copy()
                query.pop("page", None)
                query.pop("cluster", None)
                query["area"] = target.pk
                return f"{reverse('reports:rollup')}?{query.urlencode()}"

            context.update(
                table=table,
                page=page,
                total_row=display_row(table.total),
                rows=[display_row(row) for row in page.object_list],
                sort=sort,
                trail=unit_trail(user, self.area, url_for),
                completeness_url=_completeness_url(table.form, self.period, self.area, self.cluster),
            )
        return render(request, "reports/rollup.html", context)


def _completeness_url(report_form, period, area, cluster) -> str | None:
    """Link to the completeness page of the same form, period and unit (the form's own periods)."""
    if cluster is not None or queries.period_problem(report_form, period.spec, longer=False):
        return None
    query = QueryDict(mutable=True)
    query.update({"form": report_form.pk, "period": period.code, "area": area.pk if area else ""})
    return f"{reverse('reports:completeness')}?{query.urlencode()}"
