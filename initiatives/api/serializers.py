"""Serializers of the registry's API: they validate input; the views hand it to services.py.

Reading: a brief list row, a nested detail (results, recognitions, assessments, timeline,
replicas, attachments), review rounds with their live scores, and the reference data.
Writing: one serializer per request body; none of them saves anything itself (STYLE.md §5, §11).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.errors import VietnameseErrorsMixin
from initiatives import rules, services
from initiatives.choices import InitiativeKind, Outcome, PeriodPreset, RecognitionLevel, Subject
from initiatives.models import (
    Assessment,
    Attachment,
    CriteriaSet,
    Criterion,
    Initiative,
    InitiativeField,
    Recognition,
    ResultMetric,
    ResultValue,
    ReviewEntry,
    ReviewRound,
    Stage,
    Transition,
)
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR, NOTE_MAX_LENGTH
from orgunits.api.serializers import AreaBriefSerializer
from orgunits.models import Area, Organization

#
# Shared fields
#


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "description": "Số (id) hoặc mã (code)."})
class IdOrCodeField(serializers.RelatedField):
    """A reference-data row given by its id (digits) or its code; read back as the id.

    Only active rows are accepted, except the value the edited record already has.
    """

    keeps_own_messages = True  # Vietnamese already (errors.translate_errors leaves them)
    default_error_messages = {
        "does_not_exist": _("Không có mục nào có số hoặc mã “{value}”."),
        "incorrect_type": _("Cần nhập số (id) hoặc mã (code)."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or str(data).strip() == "":
            self.fail("incorrect_type")
        text = str(data).strip()
        # Codes are one code whatever their case (core.models.LookupModel).
        lookup = {"pk": int(text)} if text.isdigit() else {"code__iexact": text}
        current = getattr(getattr(self.parent, "instance", None), self.source, None) if self.source else None
        queryset = self.get_queryset()
        active = Q(is_active=True) | Q(pk=current.pk) if current is not None else Q(is_active=True)
        row = queryset.filter(active, **lookup).first()
        if row is None:
            self.fail("does_not_exist", value=text)
        return row

    def to_representation(self, value):
        return value.pk


def request_user(serializer):
    """Return the requesting user (None while the schema is generated without a request)."""
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")


class OrganizationBriefSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind"]


#
# Reference data
#


class InitiativeFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitiativeField
        fields = ["id", "code", "name", "description", "sort_order", "is_active"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "code", "name", "start_year", "end_year", "sort_order", "is_active"]


class ResultMetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultMetric
        fields = ["id", "code", "name", "unit", "is_count", "description", "sort_order", "is_active"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "max_score", "sort_order"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "code",
            "name",
            "description",
            "subject",
            "pass_score",
            "outstanding_score",
            "sort_order",
            "is_active",
            "criteria",
        ]


#
# Records: reading
#


class FieldBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitiativeField
        fields = ["id", "code", "name"]


class ResultValueSerializer(serializers.ModelSerializer):
    metric_code = serializers.CharField(source="metric.code", read_only=True)
    metric_name = serializers.CharField(source="metric.name", read_only=True)
    unit = serializers.CharField(source="metric.unit", read_only=True)

    class Meta:
        model = ResultValue
        fields = ["metric", "metric_code", "metric_name", "unit", "value", "note"]


class RecognitionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    review_round = serializers.IntegerField(source="review_entry.round_id", read_only=True, allow_null=True)

    class Meta:
        model = Recognition
        fields = [
            "id",
            "level",
            "level_display",
            "body",
            "decision_number",
            "decision_date",
            "is_outstanding",
            "reward_form",
            "reward_body",
            "reward_decision_number",
            "reward_date",
            "review_round",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    assessed_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = ["id", "year", "outcome", "outcome_display", "note", "assessed_by"]


class TransitionSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    user = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Transition
        fields = ["id", "time", "action", "action_display", "from_status", "to_status", "user", "reason"]


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.CharField(source="get_download_url", read_only=True)
    thumbnail_url = serializers.CharField(source="get_thumbnail_url", read_only=True, allow_null=True)

    class Meta:
        model = Attachment
        fields = [
            "id",
            "kind",
            "title",
            "original_name",
            "content_type",
            "size",
            "created",
            "download_url",
            "thumbnail_url",
        ]


class InitiativeSerializer(serializers.ModelSerializer):
    """A row of the list: what tables and statistics clients need, without nested collections."""

    url = serializers.HyperlinkedIdentityField(view_name="initiative-detail")
    organization = OrganizationBriefSerializer(read_only=True)
    area = AreaBriefSerializer(read_only=True)
    field = FieldBriefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "url",
            "name",
            "kind",
            "subject",
            "person_name",
            "organization",
            "area",
            "field",
            "year",
            "stage",
            "registered_on",
            "start_date",
            "status",
            "status_display",
            "is_effective",
            "recognition_level",
            "is_outstanding",
            "latest_outcome",
            "replicated_from",
        ]


class InitiativeDetailSerializer(InitiativeSerializer):
    """The whole record. `replicas` lists the replicas the user may open; `replica_count` counts all."""

    results = ResultValueSerializer(source="resultvalues", many=True, read_only=True)
    recognitions = RecognitionSerializer(many=True, read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    replicas = serializers.SerializerMethodField()
    replica_count = serializers.SerializerMethodField()
    created_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta(InitiativeSerializer.Meta):
        fields = [
            *InitiativeSerializer.Meta.fields,
            "contact_name",
            "contact_phone",
            "goals",
            "method",
            "forces",
            "results",
            "recognitions",
            "assessments",
            "transitions",
            "attachments",
            "replicas",
            "replica_count",
            "created_by",
            "created",
            "updated",
        ]

    def get_replicas(self, obj) -> list[int]:
        return [replica.pk for replica in obj.visible_replicas]

    def get_replica_count(self, obj) -> int:
        return obj.replica_total


class AllowedActionsSerializer(serializers.Serializer):
    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(rules.INITIATIVE_RULES)),
        help_text=_("Các thao tác người dùng được làm với mô hình ở trạng thái hiện tại."),
    )
    can_replicate = serializers.BooleanField(help_text=_("Mô hình có thể được đơn vị khác nhân rộng."))


#
# Records: writing
#


class ResultInputSerializer(VietnameseErrorsMixin, serializers.Serializer):
    metric = IdOrCodeField(queryset=ResultMetric.objects.all())
    value = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        message = attrs["metric"].value_error(attrs["value"])
        if message:
            raise serializers.ValidationError({"value": message})
        return attrs


def replicable_sources(user):
    """Return the records `user` may name as a replica's source: those they can see, and every
    recognized one (recognized models are meant to spread beyond their unit), as the pages do."""
    visible = Initiative.objects.restrict(user, "view").values("pk")
    return Initiative.objects.filter(Q(pk__in=visible) | Q(recognition_level__isnull=False))


class InitiativeWriteSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    """The body of a registration or an edit. Organizations are looked up among those the user can
    see, sources among those they can see or that are recognized (an unknown or hidden id is a
    400); whether the user may register for the
    organization is the service's decision (a 403 with its message). Model validation (area within
    the organization, the person of an individual exemplar, the stage's years) runs in the service,
    inside its transaction; its errors come back as a 400 by field."""

    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    # Any area: the model checks it lies within the organization's area. Left out (or null) on
    # registration, it is the organization's own area, as on the page (InitiativeForm._post_clean).
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Địa bàn thực hiện; để trống nếu thực hiện trên toàn địa bàn của đơn vị đăng ký."),
    )
    kind = serializers.ChoiceField(choices=InitiativeKind.choices, default=InitiativeKind.MODEL)
    subject = serializers.ChoiceField(choices=Subject.choices, default=Subject.COLLECTIVE)
    field = IdOrCodeField(queryset=InitiativeField.objects.all())
    stage = IdOrCodeField(queryset=Stage.objects.all(), required=False, allow_null=True)
    results = ResultInputSerializer(many=True, required=False)
    replicated_from = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(), required=False, allow_null=True
    )

    class Meta:
        model = Initiative
        fields = [
            "organization",
            "area",
            "kind",
            "subject",
            "name",
            "person_name",
            "contact_name",
            "contact_phone",
            "field",
            "year",
            "stage",
            "registered_on",
            "start_date",
            "goals",
            "method",
            "forces",
            "results",
            "replicated_from",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        self.fields["organization"].queryset = Organization.objects.restrict(user, "view")
        if self.instance is None:
            self.fields["replicated_from"].queryset = replicable_sources(user)
        else:
            # The source of a replica is set once, at registration (the edit page has no such field
            # either); sending another one is refused by validate(), not silently dropped.
            self.fields["replicated_from"].read_only = True

    def validate(self, attrs):
        if attrs.get("area") is None and ("area" in attrs or self.instance is None):
            owner = attrs.get("organization") or getattr(self.instance, "organization", None)
            if owner is not None:
                attrs["area"] = owner.area
        if self.instance is not None and "replicated_from" in self.initial_data:
            sent = self.initial_data.get("replicated_from")
            current = self.instance.replicated_from_id
            if str(sent if sent not in ("", None) else "") != str(current or ""):
                raise serializers.ValidationError(
                    {
                        "replicated_from": _(
                            "Không sửa được “nhân rộng từ”: mô hình gốc chỉ được ghi khi đăng ký. Để nhân rộng một mô "
                            "hình, đăng ký mô hình mới (POST) với replicated_from là mô hình gốc."
                        )
                    }
                )
        return attrs


class ReasonSerializer(VietnameseErrorsMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class StopSerializer(VietnameseErrorsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Lý do dừng thực hiện (bắt buộc)."))


class RecognizeSerializer(VietnameseErrorsMixin, serializers.Serializer):
    level = serializers.ChoiceField(choices=RecognitionLevel.choices)
    body = serializers.CharField(max_length=255)
    decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField()
    is_outstanding = serializers.BooleanField(required=False, default=False)


class RewardSerializer(VietnameseErrorsMixin, serializers.Serializer):
    recognition = serializers.IntegerField(
        required=False, help_text=_("Quyết định công nhận được khen thưởng; mặc định là quyết định mới nhất.")
    )
    reward_form = serializers.CharField(max_length=255)
    reward_body = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    reward_decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    reward_date = serializers.DateField(required=False, allow_null=True, default=None)
    is_outstanding = serializers.BooleanField(required=False, allow_null=True, default=None)
    correction = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Sửa khen thưởng đã ghi nhận: thay khen thưởng đã ghi của quyết định công nhận này. Không có trường này, "
            "quyết định đã có khen thưởng thì bị từ chối (400)."
        ),
    )


class AssessSerializer(VietnameseErrorsMixin, serializers.Serializer):
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH)


#
# Review rounds
#


class ReviewEntrySerializer(serializers.ModelSerializer):
    """An entry with its live score (out of 100, from the scores given so far) while the round is
    open, the stored score and result once decided, and the reviewers who have finished it."""

    initiative = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    result_display = serializers.CharField(source="get_result_display", read_only=True)
    reviewers_done = serializers.SerializerMethodField()

    class Meta:
        model = ReviewEntry
        fields = ["id", "initiative", "score", "total_score", "result", "result_display", "reviewers_done"]

    def _criteria(self, entry):
        return list(entry.round.criteria_set.criteria.all())

    def get_initiative(self, entry) -> dict:
        initiative = entry.initiative
        return {"id": initiative.pk, "name": initiative.name, "organization": initiative.organization.name}

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True))
    def get_score(self, entry):
        score = services.entry_score(entry, self._criteria(entry), list(entry.scores.all()))
        return None if score is None else f"{score:.2f}"

    def get_reviewers_done(self, entry) -> list[int]:
        needed = len(self._criteria(entry))
        counts: dict[int, int] = {}
        for score in entry.scores.all():
            counts[score.reviewer_id] = counts.get(score.reviewer_id, 0) + 1
        return sorted(reviewer for reviewer, count in counts.items() if count >= needed)


class ReviewRoundSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reviewround-detail")
    organization = OrganizationBriefSerializer(read_only=True)
    criteria_set = serializers.PrimaryKeyRelatedField(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    entry_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReviewRound
        fields = [
            "id",
            "url",
            "name",
            "year",
            "level",
            "level_display",
            "organization",
            "criteria_set",
            "pass_score",
            "outstanding_score",
            "recognizing_body",
            "status",
            "status_display",
            "decision_number",
            "decision_date",
            "entry_count",
        ]


class ReviewRoundDetailSerializer(ReviewRoundSerializer):
    criteria = CriterionSerializer(source="criteria_set.criteria", many=True, read_only=True)
    reviewers = UserBriefSerializer(many=True, read_only=True)
    entries = ReviewEntrySerializer(many=True, read_only=True)
    decided_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta(ReviewRoundSerializer.Meta):
        fields = [*ReviewRoundSerializer.Meta.fields, "decided_at", "decided_by", "criteria", "reviewers", "entries"]


def users_who_can_view(path: str):
    """Return the active users holding a role on the unit at `path` or above it (all roles read)."""
    parts = [part for part in path.split("/") if part]
    prefixes = ["/" + "/".join(parts[: index + 1]) + "/" for index in range(len(parts))]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(role_assignments__area__path__in=prefixes)
            | Q(role_assignments__organization__path__in=prefixes)
        )
        .distinct()
    )


class ReviewRoundWriteSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    """The body that opens a round. Reviewers must be able to read the steering body's unit
    (otherwise they could not reach the round to score it); the thresholds default to the set's."""

    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    criteria_set = IdOrCodeField(queryset=CriteriaSet.objects.all())
    level = serializers.ChoiceField(choices=RecognitionLevel.choices, default=RecognitionLevel.COMMUNE)
    pass_score = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    outstanding_score = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    reviewers = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)

    class Meta:
        model = ReviewRound
        fields = [
            "organization",
            "name",
            "year",
            "level",
            "criteria_set",
            "pass_score",
            "outstanding_score",
            "recognizing_body",
            "reviewers",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.restrict(request_user(self), "view")

    def validate(self, attrs):
        ids = list(dict.fromkeys(attrs.get("reviewers", [])))
        reviewers = list(users_who_can_view(attrs["organization"].path).filter(pk__in=ids))
        unknown = sorted(set(ids) - {user.pk for user in reviewers})
        if unknown:
            raise serializers.ValidationError(
                {
                    "reviewers": _("Không có người dùng số %(ids)s trong số người xem được đơn vị của đợt bình xét.")
                    % {"ids": ", ".join(str(pk) for pk in unknown)}
                }
            )
        attrs["reviewers"] = reviewers
        return attrs


class AddEntriesSerializer(VietnameseErrorsMixin, serializers.Serializer):
    initiatives = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)


class EntryReferenceSerializer(VietnameseErrorsMixin, serializers.Serializer):
    entry = serializers.IntegerField(min_value=1)


class WithdrawSerializer(EntryReferenceSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ScoreSerializer(EntryReferenceSerializer):
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2),
        allow_empty=False,
        help_text=_('Điểm theo tiêu chí: {"<id tiêu chí>": điểm}, đủ mọi tiêu chí của bộ.'),
    )

    def validate_scores(self, value):
        cleaned = {}
        for key, score in value.items():
            if not str(key).isdigit():
                raise serializers.ValidationError(_("Khóa “%(key)s” không phải số tiêu chí.") % {"key": key})
            cleaned[int(key)] = score
        return cleaned


class DecideSerializer(VietnameseErrorsMixin, serializers.Serializer):
    decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField()


#
# Statistics (the statistics page's figures)
#


class StatisticsQuerySerializer(VietnameseErrorsMixin, serializers.Serializer):
    """The statistics page's choice of unit and period; the period rules are the page's form's."""

    area = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Số (id) của địa bàn; để trống: đơn vị của bạn, như trang Thống kê."),
    )
    preset = serializers.ChoiceField(choices=PeriodPreset.choices, required=False, default=PeriodPreset.YEAR)
    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Để trống: năm nay.")
    )
    stage = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Số (id) giai đoạn thi đua (preset=stage).")
    )
    date_from = serializers.DateField(required=False, help_text=_("Từ ngày (preset=custom)."))
    date_to = serializers.DateField(required=False, help_text=_("Đến ngày (preset=custom)."))


class StatisticsPeriodSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    label = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    """The figures of initiatives.queries (its docstring defines each)."""

    total = serializers.IntegerField(help_text=_("Mô hình đăng ký đến cuối kỳ."))
    registered = serializers.IntegerField(help_text=_("Đăng ký trong kỳ."))
    effective = serializers.IntegerField(help_text=_("Hiệu quả (tình trạng hiện nay của các mô hình đến cuối kỳ)."))
    recognized = serializers.IntegerField(help_text=_("Có quyết định công nhận trong kỳ."))
    outstanding = serializers.IntegerField(help_text=_("Được công nhận tiêu biểu trong kỳ."))
    replicated = serializers.IntegerField(help_text=_("Mô hình nhân rộng đăng ký trong kỳ."))
    stopped = serializers.IntegerField(help_text=_("Dừng thực hiện (tình trạng hiện nay)."))


class StatisticsTotalsSerializer(FiguresSerializer):
    replicated_sources = serializers.IntegerField(help_text=_("Mô hình gốc được nhân rộng (không trùng)."))


class StatisticsRowSerializer(FiguresSerializer):
    key = serializers.CharField(help_text=_("Mã của dòng: số (id) lĩnh vực, loại tổ chức, hoặc giá trị lựa chọn."))
    label = serializers.CharField()


class StatisticsChildRowSerializer(StatisticsRowSerializer):
    area = serializers.IntegerField(
        allow_null=True, help_text=_("Số (id) của đơn vị trực thuộc; null: cơ quan, tổ chức của chính đơn vị.")
    )


class StatisticsResultSerializer(serializers.Serializer):
    metric = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    total = serializers.DecimalField(max_digits=24, decimal_places=2)
    records = serializers.IntegerField(help_text=_("Số mô hình có kết quả này."))


class StatisticsSerializer(serializers.Serializer):
    area = AreaBriefSerializer(allow_null=True, help_text=_("null: toàn bộ phạm vi của bạn."))
    period = StatisticsPeriodSerializer()
    totals = StatisticsTotalsSerializer()
    by_child_unit = StatisticsChildRowSerializer(many=True)
    by_field = StatisticsRowSerializer(many=True)
    by_organization_kind = StatisticsRowSerializer(many=True)
    by_kind = StatisticsRowSerializer(many=True)
    by_subject = StatisticsRowSerializer(many=True)
    result_sums = StatisticsResultSerializer(many=True)
