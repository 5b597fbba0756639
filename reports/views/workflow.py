"""Workflow pages: submit, approve, return, reopen. A confirm form (GET), then the service (POST)
and back to the report with a message.

Each page needs the report to be visible (else 404) and the step to be allowed by rules.py for
this user in the report's current state (else 403 with the reason). The service checks again
under a row lock; its refusal is a 403, its ValidationError is shown on the form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.forms import add_service_errors
from core.htmx import htmx_redirect, is_htmx_partial
from core.scope import can
from core.views import ScopedMixin
from reports import rules, services
from reports.forms import ApproveForm, CommentForm, SubmitForm
from reports.tables import status_badge
from reports.views.reports import DETAIL_QUERYSET, report_breadcrumbs

RULES = {
    "submit": rules.can_submit,
    "approve": rules.can_decide,
    "return": rules.can_decide,
    "reopen": rules.can_reopen,
}


def refusal_message(user, action: str, report) -> str:
    """Say why `action` is refused: the report's state, or the user's role (as the services do)."""
    needs = {"submit": rules.EDITABLE, "approve": {"submitted"}, "return": {"submitted"}, "reopen": {"approved"}}
    if report.status not in needs[action]:
        return _("Không thể thực hiện thao tác này khi báo cáo đang ở trạng thái “%(status)s”.") % {
            "status": report.get_status_display()
        }
    if action == "submit":
        return _("Bạn không có quyền gửi báo cáo này.")
    if can(user, "approve", report.path):
        return _("Báo cáo do cấp trên trực tiếp phê duyệt: đơn vị không tự duyệt báo cáo của mình.")
    return _("Chỉ cấp trên có quyền phê duyệt mới thực hiện được thao tác này.")


class ReportActionView(ScopedMixin, FormView):
    """Base of the workflow pages.

    Args:
        action: the key of RULES the page performs.
        form_class: what the step asks.
        title, intro, button_label, button_class, success_message: what the page says.
    """

    queryset = DETAIL_QUERYSET
    template_name = "reports/report_action.html"
    action = ""
    title = ""
    intro = ""
    button_label = gettext_lazy("Xác nhận")
    button_class = "btn-primary"
    success_message = gettext_lazy("Đã cập nhật.")

    def load(self):
        self.report = self.get_scoped_object("view")
        if not RULES[self.action](self.request.user, self.report):
            raise PermissionDenied(refusal_message(self.request.user, self.action, self.report))

    def get(self, request, *args, **kwargs):
        self.load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        return super().post(request, *args, **kwargs)

    def get_template_names(self):
        if is_htmx_partial(self.request):
            return [f"{self.template_name}#action_form"]
        return [self.template_name]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["report"] = self.report
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.report,
            status_badge=status_badge(self.report),
            title=self.title,
            intro=self.intro,
            button_label=self.button_label,
            button_class=self.button_class,
            breadcrumbs=report_breadcrumbs(self.report, {"label": self.title, "url": None}),
            nav_section="reports",
        )
        return context

    def perform(self, form) -> None:
        raise NotImplementedError

    def show_errors(self, form, error: ValidationError) -> None:
        add_service_errors(form, error)

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            self.show_errors(form, error)
            return self.form_invalid(form)
        except services.EditConflict as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        url = self.report.get_absolute_url()
        if is_htmx_partial(self.request):
            return htmx_redirect(url)
        return HttpResponseRedirect(url)


class SubmitView(ReportActionView):
    action = "submit"
    title = gettext_lazy("Gửi báo cáo")
    intro = gettext_lazy("Báo cáo được gửi lên cấp trên để phê duyệt; sau khi gửi không sửa được nữa.")
    button_label = gettext_lazy("Gửi báo cáo")
    success_message = gettext_lazy("Đã gửi báo cáo lên cấp trên.")

    def get_form_class(self):
        return SubmitForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("report")
        return kwargs

    def get_initial(self):
        return {"version": self.report.version}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problems"] = services.submit_problems(self.report)
        context["edit_url"] = reverse("reports:report_edit", kwargs={"pk": self.report.pk})
        return context

    def perform(self, form):
        services.submit(self.report, user=self.request.user, version=form.cleaned_data.get("version"))

    def show_errors(self, form, error):
        pass  # the problems (services.submit_problems) are listed on the page already


class ApproveView(ReportActionView):
    action = "approve"
    form_class = ApproveForm
    title = gettext_lazy("Duyệt báo cáo")
    intro = gettext_lazy("Báo cáo đã duyệt được khóa và được tính vào số liệu tổng hợp của cấp trên.")
    button_label = gettext_lazy("Duyệt")
    button_class = "btn-success"
    success_message = gettext_lazy("Đã duyệt báo cáo.")

    def missing(self):
        if not hasattr(self, "_missing"):
            self._missing = services.missing_children(self.report) if self.report.is_consolidated else ([], [])
        return self._missing

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        unapproved, without = self.missing()
        kwargs["missing"] = bool(unapproved or without)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unapproved, without = self.missing()
        context.update(unapproved=unapproved, without=without)
        return context

    def perform(self, form):
        data = form.cleaned_data
        services.approve(
            self.report,
            user=self.request.user,
            comment=data.get("comment", ""),
            without_children=data.get("without_children", False),
        )


class ReturnView(ReportActionView):
    action = "return"
    form_class = CommentForm
    title = gettext_lazy("Trả lại báo cáo")
    intro = gettext_lazy("Báo cáo được trả về đơn vị để sửa; ghi rõ những gì cần sửa.")
    button_label = gettext_lazy("Trả lại")
    button_class = "btn-warning"
    success_message = gettext_lazy("Đã trả lại báo cáo cho đơn vị.")

    def perform(self, form):
        services.return_report(self.report, user=self.request.user, comment=form.cleaned_data["comment"])


class ReopenView(ReportActionView):
    action = "reopen"
    form_class = CommentForm
    title = gettext_lazy("Mở lại báo cáo")
    intro = gettext_lazy("Báo cáo đã duyệt được mở lại để đơn vị sửa (chuyển về “Bị trả lại”); ghi rõ lý do.")
    button_label = gettext_lazy("Mở lại")
    button_class = "btn-outline-danger"
    success_message = gettext_lazy("Đã mở lại báo cáo để đơn vị sửa.")

    def perform(self, form):
        services.reopen(self.report, user=self.request.user, comment=form.cleaned_data["comment"])
