"""Data entry: one page with every figure and prose section of a report, saved as the user types.

The page's form posts to the autosave endpoint through htmx on every change (and after a pause in
typing); the answer is a status fragment ("Đã lưu lúc 10:42") plus out-of-band swaps of the error
next to each input and of the hidden version input, so the next save carries the new version.
Without JavaScript the "Lưu" button posts the same form to the page itself. Every write goes
through services.save_report, which refuses a save over a newer version (EditConflict) and
writes nothing then.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View

from core.htmx import htmx_redirect
from core.views import ScopedMixin
from reports import queries, services
from reports.views.reports import DETAIL_QUERYSET, figure_sections, prose_sections, report_breadcrumbs

TEMPLATE = "reports/entry_form.html"


def posted(request) -> tuple[dict, dict, str | None, int]:
    """Return (figures by indicator id, prose by section id, document number, version) of the form."""
    values, texts = {}, {}
    for key, value in request.POST.items():
        prefix, _sep, rest = key.partition("-")
        if not rest.isdigit():
            continue
        if prefix == "v":
            values[int(rest)] = value
        elif prefix == "t":
            texts[int(rest)] = value
    version = request.POST.get("version", "")
    return values, texts, request.POST.get("number"), int(version) if version.isdigit() else 0


class EntryMixin(ScopedMixin):
    queryset = DETAIL_QUERYSET

    def load(self):
        """Return the report; raise services.ActionRefused (403) when the user may not edit it,
        services.WrongState when its state does not allow editing (see `state_refused`)."""
        report = self.get_scoped_object("view")
        services.check_allowed(self.request.user, "edit", report)
        return report

    def state_refused(self, report_pk, error: services.WrongState):
        """The report is no longer editable (submitted, approved): not a permission matter, so
        the report page with the reason rather than a 403 page."""
        messages.warning(self.request, str(error))
        return HttpResponseRedirect(reverse("reports:report_detail", kwargs={"pk": report_pk}))

    def save(self, report):
        """Save what the form sent; return the page state (saved result or the refusal)."""
        values, texts, number, version = posted(self.request)
        state = {"values": values, "texts": texts, "number": number}
        try:
            state["result"] = services.save_report(
                report, user=self.request.user, version=version, values=values, texts=texts, document_number=number
            )
            state["saved_at"] = formats.time_format(timezone.localtime(), "H:i")
        except services.EditConflict as error:
            state["conflict"] = str(error)
        except services.ActionRefused as error:
            state["refused"] = str(error)
        return state


def entry_context(request, report, state=None) -> dict:
    """Return the template context: the sections with each input's value (what the user sent,
    when re-showing a refused save) and error."""
    state = state or {}
    result = state.get("result")
    errors = result.errors if result else {}
    sent_values, sent_texts = state.get("values", {}), state.get("texts", {})
    sections = figure_sections(report)
    for section in sections:
        for row in section["rows"]:
            pk = row["indicator"].pk
            if pk in sent_values and not row["readonly"]:
                row["input"] = sent_values[pk]
            row["error"] = errors.get(pk, "")
    prose = prose_sections(report)
    for row in prose:
        if row["section"].pk in sent_texts:
            row["text"] = sent_texts[row["section"].pk]
    return {
        "report": report,
        "figure_sections": sections,
        "prose_sections": prose,
        "number": state.get("number") if state.get("number") is not None else report.number,
        "number_error": errors.get("number", ""),
        "number_max_length": services.NUMBER_MAX_LENGTH,
        "version": result.version if result else report.version,
        "saved_at": state.get("saved_at"),
        "error_count": len(errors),
        "warnings": result.warnings if result else services.submit_problems(report),
        "conflict": state.get("conflict"),
        "refused": state.get("refused"),
        "return_event": queries.last_sent_back(report),
        "breadcrumbs": report_breadcrumbs(report, {"label": _("Nhập số liệu"), "url": None}),
        "title": _("Nhập số liệu báo cáo"),
        "nav_section": "reports",
    }


class ReportEntryView(EntryMixin, View):
    """GET: the entry page (automatic figures refreshed first). POST (without JavaScript): save,
    then back to the page, or on to the submit page ("Gửi báo cáo")."""

    def get(self, request, pk):
        try:
            report = self.load()
        except services.WrongState as error:
            return self.state_refused(pk, error)
        services.refresh_automatic(report)
        return render(request, TEMPLATE, entry_context(request, report))

    def post(self, request, pk):
        try:
            report = self.load()
        except services.WrongState as error:
            return self.state_refused(pk, error)
        state = self.save(report)
        result = state.get("result")
        if result is None or result.errors:
            status = 409 if state.get("conflict") else 200
            report.refresh_from_db()
            return render(request, TEMPLATE, entry_context(request, report, state), status=status)
        messages.success(request, _("Đã lưu lúc %(time)s.") % {"time": state["saved_at"]})
        if request.POST.get("then_submit"):
            return HttpResponseRedirect(reverse("reports:report_submit", kwargs={"pk": report.pk}))
        return HttpResponseRedirect(reverse("reports:report_edit", kwargs={"pk": report.pk}))


class AutosaveView(EntryMixin, View):
    """htmx: save the whole form; answer the status fragment and the out-of-band updates."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            report = self.load()
        except services.WrongState as error:
            # Submitted meanwhile (another window, another person): said in the status line,
            # where the typing user looks, rather than as a failed save.
            report = self.get_scoped_object("view")
            return render(
                request, "reports/entry_autosave.html", entry_context(request, report, {"refused": str(error)})
            )
        state = self.save(report)
        result = state.get("result")
        if result is not None and not result.errors and request.POST.get("then_submit"):
            return htmx_redirect(reverse("reports:report_submit", kwargs={"pk": report.pk}))
        if result is None:
            report.refresh_from_db()
        context = entry_context(request, report, state)
        context["oob"] = result is not None
        return render(request, "reports/entry_autosave.html", context)
