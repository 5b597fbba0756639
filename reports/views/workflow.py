"""Workflow pages (core.views_action): submit, approve, return, reopen."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.views_action import ObjectActionView
from reports import services
from reports.forms import ApproveForm, CommentForm, SubmitForm
from reports.tables import status_badge
from reports.views.reports import DETAIL_QUERYSET, report_breadcrumbs


class ReportActionView(ObjectActionView):
    """Base of the workflow pages (`action`: a key of rules.STATES)."""

    queryset = DETAIL_QUERYSET
    template_name = "reports/report_action.html"
    object_name = "report"
    nav_section = "reports"
    form_errors = (services.EditConflict,)
    state_errors = (services.WrongState,)

    def check(self, obj):
        services.check_allowed(self.request.user, self.action, obj)

    def get_breadcrumbs(self):
        return report_breadcrumbs(self.report, {"label": self.title, "url": None})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_badge"] = status_badge(self.report)
        return context


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
