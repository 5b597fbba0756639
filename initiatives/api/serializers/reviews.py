"""Serializers of the review rounds: rounds and entries with their live scores, and the bodies
that open a round, add or withdraw entries, score and decide."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.errors import VietnameseErrorsMixin
from initiatives import services
from initiatives.api.serializers.common import (
    IdOrCodeField,
    OrganizationBriefSerializer,
    UserBriefSerializer,
    request_user,
)
from initiatives.api.serializers.lookups import CriterionSerializer
from initiatives.choices import RecognitionLevel
from initiatives.models import CriteriaSet, ReviewEntry, ReviewRound
from orgunits.models import Organization

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
