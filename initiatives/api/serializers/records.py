"""Serializers of the records (mô hình, điển hình): a brief list row, a nested detail (results,
recognitions, assessments, timeline, replicas, attachments) and the bodies of their writes."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.errors import VietnameseErrorsMixin
from initiatives import rules
from initiatives.api.serializers.common import (
    IdOrCodeField,
    OrganizationBriefSerializer,
    UserBriefSerializer,
    request_user,
)
from initiatives.choices import InitiativeKind, Outcome, RecognitionLevel, Subject
from initiatives.models import (
    Assessment,
    Attachment,
    Initiative,
    InitiativeField,
    Recognition,
    ResultMetric,
    ResultValue,
    Stage,
    Transition,
)
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR, NOTE_MAX_LENGTH
from orgunits.api.serializers import AreaBriefSerializer
from orgunits.models import Area, Organization

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
