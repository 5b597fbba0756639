"""Serializers of the registry's API: they validate input; the views hand it to services.py.

Reading: a brief list row, a nested detail (results, recognitions, assessments, timeline,
replicas, attachments), review rounds with their live scores, and the reference data.
Writing: one serializer per request body; none of them saves anything itself (STYLE.md §5, §11).

One module per resource: common (shared fields), lookups (reference data), records, reviews
(review rounds), statistics.
"""

from initiatives.api.serializers.common import (
    IdOrCodeField,
    OrganizationBriefSerializer,
    UserBriefSerializer,
    request_user,
)
from initiatives.api.serializers.lookups import (
    CriteriaSetSerializer,
    CriterionSerializer,
    InitiativeFieldSerializer,
    ResultMetricSerializer,
    StageSerializer,
)
from initiatives.api.serializers.records import (
    AllowedActionsSerializer,
    AssessmentSerializer,
    AssessSerializer,
    AttachmentSerializer,
    FieldBriefSerializer,
    InitiativeDetailSerializer,
    InitiativeSerializer,
    InitiativeWriteSerializer,
    ReasonSerializer,
    RecognitionSerializer,
    RecognizeSerializer,
    ResultInputSerializer,
    ResultValueSerializer,
    RewardSerializer,
    StopSerializer,
    TransitionSerializer,
    replicable_sources,
)
from initiatives.api.serializers.reviews import (
    AddEntriesSerializer,
    DecideSerializer,
    EntryReferenceSerializer,
    ReviewEntrySerializer,
    ReviewRoundDetailSerializer,
    ReviewRoundSerializer,
    ReviewRoundWriteSerializer,
    ScoreSerializer,
    WithdrawSerializer,
    users_who_can_view,
)
from initiatives.api.serializers.statistics import (
    FiguresSerializer,
    StatisticsChildRowSerializer,
    StatisticsPeriodSerializer,
    StatisticsQuerySerializer,
    StatisticsResultSerializer,
    StatisticsRowSerializer,
    StatisticsSerializer,
    StatisticsTotalsSerializer,
)

__all__ = [
    "AddEntriesSerializer",
    "AllowedActionsSerializer",
    "AssessSerializer",
    "AssessmentSerializer",
    "AttachmentSerializer",
    "CriteriaSetSerializer",
    "CriterionSerializer",
    "DecideSerializer",
    "EntryReferenceSerializer",
    "FieldBriefSerializer",
    "FiguresSerializer",
    "IdOrCodeField",
    "InitiativeDetailSerializer",
    "InitiativeFieldSerializer",
    "InitiativeSerializer",
    "InitiativeWriteSerializer",
    "OrganizationBriefSerializer",
    "ReasonSerializer",
    "RecognitionSerializer",
    "RecognizeSerializer",
    "ResultInputSerializer",
    "ResultMetricSerializer",
    "ResultValueSerializer",
    "ReviewEntrySerializer",
    "ReviewRoundDetailSerializer",
    "ReviewRoundSerializer",
    "ReviewRoundWriteSerializer",
    "RewardSerializer",
    "ScoreSerializer",
    "StageSerializer",
    "StatisticsChildRowSerializer",
    "StatisticsPeriodSerializer",
    "StatisticsQuerySerializer",
    "StatisticsResultSerializer",
    "StatisticsRowSerializer",
    "StatisticsSerializer",
    "StatisticsTotalsSerializer",
    "StopSerializer",
    "TransitionSerializer",
    "UserBriefSerializer",
    "WithdrawSerializer",
    "replicable_sources",
    "request_user",
    "users_who_can_view",
]
