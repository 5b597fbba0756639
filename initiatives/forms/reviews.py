"""Forms of the review-round pages: open or edit a round, put records before it, score, decide.

Every choice is limited to the user's scope; the writes themselves go through services.py.
"""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleAssignment, User
from core.forms import DecimalTextInput, VietnameseDecimalField
from core.ids import parse_id
from core.scope import can_anywhere
from core.widgets import AutocompleteSelect
from initiatives import rules
from initiatives.models import CriteriaSet, Initiative, ReviewRound, Score
from initiatives.models.initiative import this_year
from initiatives.services import round_area_path
from orgunits.forms import DATE_WIDGET, BootstrapMixin, OrganizationChoiceField, SafeModelMultipleChoiceField
from orgunits.models import Organization

THRESHOLD_FIELDS = ("pass_score", "outstanding_score")
SCORE_DECIMAL_PLACES = Score._meta.get_field("value").decimal_places


def path_prefixes(path: str) -> list[str]:
    """Return every unit path on the way to `path`, itself included ("/1/23/o4/" → "/1/", "/1/23/", "/1/23/o4/")."""
    steps = [step for step in path.strip("/").split("/") if step]
    return ["/" + "/".join(steps[: index + 1]) + "/" for index in range(len(steps))]


def steering_bodies(user):
    """Return the organizations `user` may open a review round for (those they may change)."""
    return Organization.objects.restrict(user, "change").current().select_related("area")


def reviewer_candidates(user, organization):
    """Return the users `user` may name reviewers of a round held by `organization`.

    A reviewer must be able to open the round: they hold a role on the organization or on a unit
    above it. Only roles on units `user` can see count, so the list never shows people outside
    the user's own scope; the user themself is always offered.
    """
    covering = RoleAssignment.objects.none()
    if organization is not None:
        prefixes = path_prefixes(organization.path)
        covering = RoleAssignment.objects.restrict(user, "view").filter(
            Q(area__path__in=prefixes) | Q(organization__path__in=prefixes)
        )
    return User.objects.filter(is_active=True).filter(Q(pk__in=covering.values("user_id")) | Q(pk=user.pk))


def can_open_rounds(user) -> bool:
    """Return whether `user` may open a round anywhere (the add button and page)."""
    return can_anywhere(user, "change")


class SteeringBodyField(OrganizationChoiceField):
    """Named as the autocomplete names it: "Ủy ban MTTQ" alone is ambiguous across a province."""


class ReviewerField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.username})" if obj.display_name != obj.username else obj.username


class ReviewRoundForm(BootstrapMixin, forms.ModelForm):
    """Open a round (organization chosen among the user's) or edit an open one (organization fixed).

    The reviewers offered depend on the organization and the thresholds start from the criteria
    set: the page re-renders that part through htmx when either changes (`refresh_initial`).
    """

    organization = SteeringBodyField(
        queryset=Organization.objects.none(),
        label=_("Cơ quan chỉ đạo"),
        help_text=_("Ban Chỉ đạo, khối Dân vận... tổ chức bình xét; mô hình được chọn trong địa bàn của đơn vị này."),
        widget=AutocompleteSelect("initiatives:round_organization_autocomplete"),
    )
    reviewers = ReviewerField(
        queryset=User.objects.none(),
        required=False,
        label=_("Thành viên chấm điểm"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = ReviewRound
        fields = [
            "organization",
            "name",
            "year",
            "level",
            "criteria_set",
            "recognizing_body",
            "pass_score",
            "outstanding_score",
            "reviewers",
        ]
        # Read the Vietnamese way, as the score boxes and imports read numbers ("72.5" is refused).
        field_classes = dict.fromkeys(THRESHOLD_FIELDS, VietnameseDecimalField)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        is_new = instance.pk is None
        organization_field = self.fields["organization"]
        if is_new:
            organization_field.queryset = steering_bodies(user)
        else:
            # The round's records were chosen in its steering body's area: the body stays.
            organization_field.queryset = Organization.objects.filter(pk=instance.organization_id).select_related(
                "area"
            )
            organization_field.disabled = True
            organization_field.help_text = _("Không đổi được sau khi mở đợt.")
        criteria_field = self.fields["criteria_set"]
        criteria_field.queryset = CriteriaSet.objects.filter(Q(is_active=True) | Q(pk=instance.criteria_set_id))
        if not is_new and instance.entries.filter(scores__isnull=False).exists():
            criteria_field.disabled = True
            criteria_field.help_text = _("Đã có điểm chấm: không đổi được bộ tiêu chí.")
        organization = self._chosen_organization()
        reviewers = self.fields["reviewers"]
        current = instance.reviewers.all() if not is_new else User.objects.none()
        reviewers.queryset = User.objects.filter(
            Q(pk__in=reviewer_candidates(user, organization).values("pk")) | Q(pk__in=current.values("pk"))
        ).order_by("full_name", "username")
        if organization is None:
            reviewers.help_text = _("Chọn cơ quan chỉ đạo để thấy những người có thể chấm điểm.")
        else:
            reviewers.help_text = _(
                "Những người có phân quyền trên cơ quan chỉ đạo hoặc đơn vị cấp trên của nó (trong phạm vi của bạn)."
            )
            if not is_new:
                reviewers.help_text = _("Bỏ một thành viên thì các điểm người đó đã chấm trong đợt cũng bị xóa.")
        for name in THRESHOLD_FIELDS:
            self.fields[name].help_text = _("Lấy theo bộ tiêu chí; có thể sửa cho đợt này.")
        self.apply_bootstrap()
        self.fields["year"].widget.attrs["max"] = this_year() + 1  # ReviewRound.clean()

    def _chosen_organization(self):
        """Return the organization the form is for, taken only from those the field offers."""
        field = self.fields["organization"]
        if field.disabled:
            return self.instance.organization
        value = self.data.get("organization") if self.is_bound else self.initial.get("organization")
        if parse_id(value) is None:
            return None
        try:
            return field.clean(value)
        except forms.ValidationError:
            return None

    @classmethod
    def refresh_initial(cls, query, trigger: str | None, *, instance) -> dict:
        """Return the initial values of a form redrawn from what the page holds (`query`, a QueryDict).

        Choosing another criteria set restarts the thresholds from that set; otherwise they stay
        as typed.
        """
        initial = {name: query.get(name) for name in cls.Meta.fields if name != "reviewers" and query.get(name)}
        initial["reviewers"] = query.getlist("reviewers")
        if trigger == "criteria_set" or not all(initial.get(name) for name in THRESHOLD_FIELDS):
            criteria_set = CriteriaSet.objects.filter(pk=parse_id(query.get("criteria_set"))).first()
            if criteria_set is not None:
                initial.update({name: getattr(criteria_set, name) for name in THRESHOLD_FIELDS})
        if instance.pk:
            initial["organization"] = instance.organization_id
        return initial


def default_round_initial() -> dict:
    """Return the initial values of a new round: this year, the first active criteria set and its thresholds."""
    initial = {"year": timezone.localdate().year}
    criteria_set = CriteriaSet.objects.filter(is_active=True).first()
    if criteria_set is not None:
        initial["criteria_set"] = criteria_set.pk
        initial.update({name: getattr(criteria_set, name) for name in THRESHOLD_FIELDS})
    return initial


#
# Records put before a round
#


def candidate_records(user, review_round):
    """Return the records `user` may put before `review_round`: visible to them, in the round's
    area, registered in the round's year or before, in a reviewable status, of the kind its
    criteria set scores and not already in the round."""
    area_path = round_area_path(review_round)
    candidates = (
        Initiative.objects.restrict(user, "view")
        .filter(Q(area__path__startswith=area_path) | Q(path__startswith=area_path))
        .filter(status__in=rules.REVIEWABLE, year__lte=review_round.year)
        .exclude(review_entries__round=review_round)
        .select_related("organization", "area", "field")
        .order_by("search_text", "pk")
    )
    if subject := review_round.criteria_set.subject:
        # Only the records the round's criteria score (CriteriaSet.fits).
        candidates = candidates.filter(subject=subject)
    return candidates


class AddEntriesForm(forms.Form):
    """The records ticked on the page: any record the user can see may be named here, and
    services.add_entries says, record by record, why one cannot enter the round."""

    initiatives = SafeModelMultipleChoiceField(
        queryset=Initiative.objects.none(),
        label=_("Mô hình, điển hình"),
        error_messages={"required": _("Chọn ít nhất một mô hình, điển hình.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = Initiative.objects.restrict(user, "view").order_by("pk")


class WithdrawEntryForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=500,
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()


#
# Scoring and decision
#


class ScoreForm(forms.Form):
    """One box per criterion of the round's set, each 0..the criterion's maximum.

    Numbers are read here, the Vietnamese way as everywhere else in the app (core.forms.VietnameseDecimalField:
    "8,5" is eight and a half, "1.000" one thousand, "8.5" is refused as ambiguous), so each error
    sits next to its criterion; services.record_scores checks again and saves.
    """

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        for criterion in self.criteria:
            value = initial_scores.get(criterion.pk)
            out_of_range = _("Điểm phải từ 0 đến %(max)s.") % {"max": criterion.max_score}
            self.fields[self.field_name(criterion)] = VietnameseDecimalField(
                label=criterion.name,
                required=True,
                min_value=0,
                max_value=criterion.max_score,
                decimal_places=SCORE_DECIMAL_PLACES,
                initial=_format(value) if value is not None else None,
                help_text=_("Từ 0 đến %(max)s điểm · trọng số %(weight)s")
                % {"max": criterion.max_score, "weight": criterion.weight},
                widget=DecimalTextInput(attrs={"class": "form-control", "autocomplete": "off"}),
                error_messages={
                    "required": _("Chưa nhập điểm cho tiêu chí này."),
                    "invalid": _("Điểm phải là một số, ví dụ 8 hoặc 7,5 (dấu phẩy trước phần lẻ, tối đa 2 chữ số lẻ)."),
                    "min_value": out_of_range,
                    "max_value": out_of_range,
                },
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def values(self) -> dict:
        """Return {criterion id: Decimal} as services.record_scores takes them."""
        return {criterion.pk: self.cleaned_data[self.field_name(criterion)] for criterion in self.criteria}

    def rows(self):
        """Return (criterion, bound field) pairs for the template."""
        return [(criterion, self[self.field_name(criterion)]) for criterion in self.criteria]


def _format(value: Decimal) -> str:
    """Show a stored score the Vietnamese way, without useless decimals (7,50 → 7,5; 8,00 → 8)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


class DecideForm(BootstrapMixin, forms.Form):
    decision_number = forms.CharField(
        max_length=100, required=False, label=_("Số quyết định"), help_text=_("Ví dụ: 12-QĐ/BCĐ.")
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = timezone.localdate()
        self.apply_bootstrap()
