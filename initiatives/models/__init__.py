"""Models of the "Dân vận khéo" registry (split by topic; imported here for Django and callers)."""

from initiatives.models.gallery import PublicGallery
from initiatives.models.initiative import (
    Assessment,
    Attachment,
    Initiative,
    Recognition,
    ResultValue,
    Transition,
)
from initiatives.models.lookups import CriteriaSet, Criterion, InitiativeField, ResultMetric, Stage
from initiatives.models.review import ReviewEntry, ReviewRound, Score

__all__ = [
    "Assessment",
    "Attachment",
    "CriteriaSet",
    "Criterion",
    "Initiative",
    "InitiativeField",
    "PublicGallery",
    "Recognition",
    "ResultMetric",
    "ResultValue",
    "ReviewEntry",
    "ReviewRound",
    "Score",
    "Stage",
    "Transition",
]
