"""Review rounds (đợt bình xét): reviewers score records against weighted criteria, the round decides."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, OrgScopedModel, path_index
from core.querysets import RestrictedQuerySet, ScopedModelMixin
from initiatives.choices import EntryResult, RecognitionLevel, RoundStatus
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR, this_year


class ReviewRound(OrgScopedModel):
    """A review round held by a steering body (the organization), e.g. "Bình xét năm 2025" of a
    commune's Dân vận bloc: its records, reviewers, criteria and, once decided, its decision.

    The thresholds are copied from the criteria set when the round is created, so later edits of
    the set do not change a round's rules.
    """

    name = models.CharField(max_length=255, verbose_name=_("Tên đợt bình xét"))
    year = models.PositiveSmallIntegerField(
        default=this_year, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)], verbose_name=_("Năm")
    )
    level = models.PositiveSmallIntegerField(
        choices=RecognitionLevel.choices, default=RecognitionLevel.COMMUNE, verbose_name=_("Cấp công nhận")
    )
    criteria_set = models.ForeignKey(
        to="initiatives.CriteriaSet", on_delete=models.PROTECT, related_name="rounds", verbose_name=_("Bộ tiêu chí")
    )
    pass_score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("Điểm công nhận (trên 100)"),
    )
    outstanding_score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("Điểm tiêu biểu (trên 100)"),
    )
    recognizing_body = models.CharField(
        max_length=255,
        verbose_name=_("Cơ quan công nhận"),
        help_text=_("Ví dụ: Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã."),
    )
    reviewers = models.ManyToManyField(
        to=settings.AUTH_USER_MODEL, related_name="review_rounds", blank=True, verbose_name=_("Thành viên chấm điểm")
    )
    status = models.CharField(
        max_length=20,
        choices=RoundStatus.choices,
        default=RoundStatus.OPEN,
        editable=False,
        verbose_name=_("Trạng thái"),
    )
    decision_number = models.CharField(max_length=100, blank=True, editable=False, verbose_name=_("Số quyết định"))
    decision_date = models.DateField(null=True, blank=True, editable=False, verbose_name=_("Ngày quyết định"))
    decided_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("Thời điểm quyết định"))
    decided_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Người quyết định"),
    )

    class Meta:
        ordering = ("-year", "-pk")
        verbose_name = _("đợt bình xét")
        verbose_name_plural = _("đợt bình xét")
        indexes = [path_index("initiatives_round")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outstanding_score__gte=models.F("pass_score")),
                name="%(app_label)s_%(class)s_outstanding_above_pass",
                violation_error_message=_("Điểm tiêu biểu phải cao hơn hoặc bằng điểm công nhận."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:round_detail", kwargs={"pk": self.pk})

    def clean(self):
        """A round reviews this year's records or, prepared ahead, next year's: no later year."""
        super().clean()
        latest = this_year() + 1
        if self.year and MIN_YEAR <= self.year <= MAX_YEAR and self.year > latest:
            raise ValidationError({"year": _("Năm bình xét không được sau năm %(year)s.") % {"year": latest}})

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class ReviewEntryQuerySet(RestrictedQuerySet):
    pass


class ReviewEntry(ScopedModelMixin, AuditedModel):
    """A record put before a round, with the round's computed score and result for it.

    Scoped by the round: the round's reviewers and managers see the entries it holds.
    """

    round = models.ForeignKey(to=ReviewRound, on_delete=models.CASCADE, related_name="entries", verbose_name=_("Đợt"))
    initiative = models.ForeignKey(
        to="initiatives.Initiative",
        on_delete=models.PROTECT,
        related_name="review_entries",
        verbose_name=_("Mô hình, điển hình"),
    )
    total_score = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, editable=False, verbose_name=_("Điểm bình quân")
    )
    result = models.CharField(
        max_length=20,
        choices=EntryResult.choices,
        default=EntryResult.PENDING,
        editable=False,
        verbose_name=_("Kết quả"),
    )

    objects = ReviewEntryQuerySet.as_manager()
    scope_path_lookup = "round__path"

    class Meta:
        ordering = ("round", "pk")
        verbose_name = _("mô hình trong đợt bình xét")
        verbose_name_plural = _("mô hình trong đợt bình xét")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative"],
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("Mô hình này đã có trong đợt bình xét."),
            )
        ]

    def __str__(self):
        return f"{self.round} – {self.initiative}"

    def get_absolute_url(self):
        return self.round.get_absolute_url()


class Score(AuditedModel):
    """One reviewer's score of one entry on one criterion."""

    entry = models.ForeignKey(
        to=ReviewEntry, on_delete=models.CASCADE, related_name="scores", verbose_name=_("Mô hình")
    )
    reviewer = models.ForeignKey(
        to=settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("Người chấm")
    )
    criterion = models.ForeignKey(
        to="initiatives.Criterion", on_delete=models.PROTECT, related_name="scores", verbose_name=_("Tiêu chí")
    )
    value = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(0)], verbose_name=_("Điểm")
    )

    class Meta:
        ordering = ("entry", "reviewer", "criterion__sort_order")
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "reviewer", "criterion"],
                name="%(app_label)s_%(class)s_once_per_criterion",
                violation_error_message=_("Mỗi người chỉ chấm một lần cho mỗi tiêu chí."),
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
