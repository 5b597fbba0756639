"""Life-cycle action pages (core.views_action): start, stop, resume, recognize, reward, assess."""

from django.utils.translation import gettext_lazy

from core.views_action import ObjectActionView
from initiatives import services
from initiatives.forms.lifecycle import AssessForm, ReasonForm, RecognizeForm, RewardForm, StopForm
from initiatives.models import Initiative
from initiatives.views.initiatives import list_breadcrumbs, require_rule


class LifecycleActionView(ObjectActionView):
    """Base of the registry's action pages (`action`: a rule of rules.INITIATIVE_RULES)."""

    queryset = Initiative.objects.select_related("organization", "area")
    template_name = "initiatives/initiative_action.html"
    object_name = "initiative"
    nav_section = "initiatives"

    def check(self, obj):
        require_rule(self.request.user, self.action, obj)

    def get_breadcrumbs(self):
        obj = self.initiative
        return list_breadcrumbs({"label": obj.name, "url": obj.get_absolute_url()}, {"label": self.title, "url": None})


class StartView(LifecycleActionView):
    action = "start"
    form_class = ReasonForm
    title = gettext_lazy("Bắt đầu triển khai")
    intro = gettext_lazy("Ghi nhận mô hình đã bắt đầu được triển khai thực hiện.")
    button_label = gettext_lazy("Bắt đầu triển khai")
    success_message = gettext_lazy("Đã chuyển sang “Đang triển khai”.")

    def perform(self, form):
        services.start(self.initiative, user=self.request.user, reason=form.cleaned_data["reason"])


class StopView(LifecycleActionView):
    action = "stop"
    form_class = StopForm
    title = gettext_lazy("Dừng thực hiện")
    intro = gettext_lazy("Mô hình dừng thực hiện vẫn được giữ trong sổ theo dõi và trong số liệu thống kê.")
    button_label = gettext_lazy("Dừng thực hiện")
    button_class = "btn-danger"
    success_message = gettext_lazy("Đã ghi nhận dừng thực hiện.")

    def perform(self, form):
        services.stop(self.initiative, user=self.request.user, reason=form.cleaned_data["reason"])


class ResumeView(LifecycleActionView):
    action = "resume"
    form_class = ReasonForm
    title = gettext_lazy("Tiếp tục thực hiện")
    intro = gettext_lazy("Mô hình đã dừng được triển khai thực hiện trở lại.")
    button_label = gettext_lazy("Tiếp tục thực hiện")
    success_message = gettext_lazy("Đã chuyển sang “Đang triển khai”.")

    def perform(self, form):
        services.resume(self.initiative, user=self.request.user, reason=form.cleaned_data["reason"])


class RecognizeView(LifecycleActionView):
    action = "recognize"
    form_class = RecognizeForm
    title = gettext_lazy("Công nhận")
    intro = gettext_lazy("Ghi nhận quyết định công nhận mô hình, điển hình (ngoài đợt bình xét).")
    button_label = gettext_lazy("Ghi nhận công nhận")
    success_message = gettext_lazy("Đã ghi nhận quyết định công nhận.")

    def perform(self, form):
        data = form.cleaned_data
        services.recognize(
            self.initiative,
            user=self.request.user,
            level=data["level"],
            body=data["body"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            is_outstanding=data["is_outstanding"],
        )


class RewardView(LifecycleActionView):
    action = "reward"
    form_class = RewardForm
    title = gettext_lazy("Khen thưởng")
    intro = gettext_lazy("Ghi nhận hình thức khen thưởng kèm theo một quyết định công nhận.")
    button_label = gettext_lazy("Ghi nhận khen thưởng")
    success_message = gettext_lazy("Đã ghi nhận khen thưởng.")

    def perform(self, form):
        data = form.cleaned_data
        services.reward(
            data["recognition"],
            user=self.request.user,
            reward_form=data["reward_form"],
            reward_body=data["reward_body"],
            reward_decision_number=data["reward_decision_number"],
            reward_date=data["reward_date"],
            is_outstanding=data["is_outstanding"],
            correction=data["correction"],
        )


class AssessView(LifecycleActionView):
    action = "assess"
    form_class = AssessForm
    title = gettext_lazy("Rà soát, đánh giá hằng năm")
    intro = gettext_lazy(
        "Kết quả rà soát: nhân rộng hoặc duy trì (hiệu quả), cần củng cố, hoặc dừng thực hiện (cần nêu lý do)."
    )
    button_label = gettext_lazy("Ghi nhận kết quả rà soát")
    success_message = gettext_lazy("Đã ghi nhận kết quả rà soát.")

    def perform(self, form):
        data = form.cleaned_data
        services.assess(
            self.initiative, user=self.request.user, year=data["year"], outcome=data["outcome"], note=data["note"]
        )
