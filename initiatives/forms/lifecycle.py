"""Small forms of the life-cycle actions: what each step asks before the service is called.

The forms only read input; the rules (who, in which state) and the writes are the services'.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from initiatives.choices import Outcome, RecognitionLevel
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR, NOTE_MAX_LENGTH, this_year
from orgunits.forms import DATE_WIDGET, BootstrapMixin


class ActionForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.apply_bootstrap()


class ReasonForm(ActionForm):
    """Start or resume: an optional note."""

    reason = forms.CharField(
        required=False, label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class StopForm(ActionForm):
    reason = forms.CharField(
        label=_("Lý do dừng thực hiện"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Cần nêu lý do dừng thực hiện.")},
    )


class RecognizeForm(ActionForm):
    level = forms.TypedChoiceField(choices=RecognitionLevel.choices, coerce=int, label=_("Cấp công nhận"))
    body = forms.CharField(
        max_length=255,
        label=_("Cơ quan công nhận"),
        help_text=_("Ví dụ: Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã."),
    )
    decision_number = forms.CharField(max_length=100, required=False, label=_("Số quyết định"))
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    is_outstanding = forms.BooleanField(required=False, label=_("Công nhận là mô hình, điển hình tiêu biểu"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].initial = RecognitionLevel.COMMUNE


def recognition_label(recognition) -> str:
    """Name a recognition in the reward form's choice, with the reward it already has."""
    label = f"{recognition.get_level_display()} – {recognition.body} ({recognition.decision_date:%d/%m/%Y})"
    if recognition.is_rewarded:
        label += " – " + _("đã khen thưởng: %(reward)s") % {"reward": recognition.reward_form}
    return label


class RewardForm(ActionForm):
    recognition = forms.ModelChoiceField(
        queryset=None, label=_("Quyết định công nhận được khen thưởng"), empty_label=None
    )
    reward_form = forms.CharField(
        max_length=255, label=_("Hình thức khen thưởng"), help_text=_("Ví dụ: Bằng khen, Giấy khen.")
    )
    reward_body = forms.CharField(max_length=255, required=False, label=_("Cấp khen thưởng"))
    reward_decision_number = forms.CharField(max_length=100, required=False, label=_("Số quyết định khen thưởng"))
    reward_date = forms.DateField(required=False, label=_("Ngày khen thưởng"), widget=DATE_WIDGET)
    is_outstanding = forms.BooleanField(required=False, label=_("Tiêu biểu"))
    correction = forms.BooleanField(
        required=False,
        label=_("Sửa khen thưởng đã ghi nhận"),
        help_text=_(
            "Thay thông tin khen thưởng đã ghi của quyết định công nhận này (nội dung cũ vẫn lưu trong quá trình)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recognitions = self.initiative.recognitions.order_by("-decision_date", "-pk")
        self.fields["recognition"].queryset = recognitions
        self.fields["recognition"].label_from_instance = recognition_label
        latest = recognitions.first()
        if latest is not None and not self.is_bound:
            self.initial.setdefault("recognition", latest.pk)
            self.initial.setdefault("is_outstanding", latest.is_outstanding)


class AssessForm(ActionForm):
    year = forms.IntegerField(
        label=_("Năm rà soát"),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        widget=forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR}),
    )
    outcome = forms.ChoiceField(choices=Outcome.choices, label=_("Kết quả rà soát"))
    note = forms.CharField(
        required=False,
        label=_("Nhận xét"),
        help_text=_("Bắt buộc khi đề nghị dừng thực hiện."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = this_year()
        self.fields["year"].initial = year
        self.fields["year"].widget.attrs["max"] = year  # a year is reviewed once it has come (Assessment.clean)
