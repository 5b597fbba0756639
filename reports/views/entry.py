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
from reports import own_fields, queries, services
from reports.documents.content import number_example
from reports.views.reports import DETAIL_QUERYSET, figure_sections, prose_sections, report_breadcrumbs

TEMPLATE = "reports/entry_form.html"


def posted(request) -> tuple[dict, dict, dict, int]:
    """Return (figures by indicator id, prose by section id, the report's own fields, version) of
    the form; an own field (own_fields.REPORT_FIELDS: number, signer) the form did not send is None."""
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
    own = {name: request.POST.get(name) for name in own_fields.REPORT_FIELDS}
    return values, texts, own, int(version) if version.isdigit() else 0


class EntryMixin(ScopedMixin):
    """Load the report the user may edit (`load`) and answer a report whose state no longer
    allows editing in one place (`dispatch`, then the view's `state_refused`)."""

    queryset = DETAIL_QUERYSET

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except services.WrongState as error:
            return self.state_refused(error)

    def load(self):
        """Return the report (also kept as `self.report`); raise services.ActionRefused (403)
        when the user may not edit it, services.WrongState when its state does not allow
        editing (answered by `state_refused`)."""
        self.report = self.get_scoped_object("view")
        services.check_allowed(self.request.user, "edit", self.report)
        return self.report

    def state_refused(self, error: services.WrongState):
        """The report is no longer editable (submitted, approved): not a permission matter, so
        the report page with the reason rather than a 403 page."""
        messages.warning(self.request, str(error))
        return HttpResponseRedirect(self.report.get_absolute_url())

    def save(self, report):
        """Save what the form sent; return the page state (saved result or the refusal)."""
        values, texts, own, version = posted(self.request)
        state = {"values": values, "texts": texts, "own": own, "version": version}
        try:
            state["result"] = services.save_report(
                report,
                user=self.request.user,
                version=version,
                values=values,
                texts=texts,
                document_number=own["number"],
                signer_title=own["signer_title"],
                signer_name=own["signer_name"],
            )
            state["saved_at"] = formats.time_format(timezone.localtime(), "H:i")
        except services.EditConflict as error:
            state["conflict"] = str(error)
        except services.WrongState:
            raise  # submitted meanwhile, under the lock: answered as at loading (`state_refused`)
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
    # The report's own fields as the user sent them (re-shown after a refused save), else as stored.
    own = {name: getattr(report, name) for name in own_fields.REPORT_FIELDS}
    own.update({name: value for name, value in state.get("own", {}).items() if value is not None})
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
        "number": own["number"],
        "number_error": errors.get("number", ""),
        "number_max_length": own_fields.NUMBER_MAX_LENGTH,
        "number_example": number_example(report.organization),
        "signer_title": own["signer_title"],
        "signer_title_error": errors.get("signer_title", ""),
        "signer_title_max_length": own_fields.SIGNER_TITLE_MAX_LENGTH,
        "signer_name": own["signer_name"],
        "signer_name_error": errors.get("signer_name", ""),
        "signer_name_max_length": own_fields.SIGNER_NAME_MAX_LENGTH,
        # After a refused save, the version the user's figures were typed over, not the newer
        # one: saving them again must be refused again rather than overwrite the newer save.
        "version": result.version if result else state.get("version", report.version),
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
        report = self.load()
        services.refresh_automatic(report)
        return render(request, TEMPLATE, entry_context(request, report))

    def post(self, request, pk):
        report = self.load()
        state = self.save(report)
        result = state.get("result")
        if result is None or result.errors:
            status = 409 if state.get("conflict") else 200
            return render(request, TEMPLATE, entry_context(request, report, state), status=status)
        messages.success(request, _("Đã lưu lúc %(time)s.") % {"time": state["saved_at"]})
        if request.POST.get("then_submit"):
            return HttpResponseRedirect(reverse("reports:report_submit", kwargs={"pk": report.pk}))
        return HttpResponseRedirect(reverse("reports:report_edit", kwargs={"pk": report.pk}))


class AutosaveView(EntryMixin, View):
    """htmx: save the whole form; answer the status fragment and the out-of-band updates."""

    http_method_names = ["post"]

    def state_refused(self, error: services.WrongState):
        # Submitted meanwhile (another window, another person): said in the status line, where
        # the typing user looks, rather than as a failed save.
        return self.status(entry_context(self.request, self.report, {"refused": str(error)}))

    def status(self, context):
        return render(self.request, "reports/entry_autosave.html", context)

    def post(self, request, pk):
        report = self.load()
        state = self.save(report)
        result = state.get("result")
        if result is not None and not result.errors and request.POST.get("then_submit"):
            return htmx_redirect(reverse("reports:report_submit", kwargs={"pk": report.pk}))
        context = entry_context(request, report, state)
        # A refused save (conflict, state) swaps nothing out of band: the version input keeps the
        # version the user loaded, so the next autosave is refused too.
        context["oob"] = result is not None
        return self.status(context)
