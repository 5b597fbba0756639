"""The registry's record: a "Dân vận khéo" model or exemplar, its results, files and timeline."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, OrgScopedModel, path_index
from core.querysets import RestrictedQuerySet, ScopedModelMixin
from core.text import fold, format_number, search_words
from core.text import name_key as comparable_name
from core.validators import validate_phone
from initiatives.choices import (
    AttachmentKind,
    InitiativeKind,
    Outcome,
    RecognitionLevel,
    Status,
    Subject,
    TransitionAction,
    effective_label,
)

MIN_YEAR = 2000
MAX_YEAR = 2100
# The longest note of a life-cycle step a form, the API or a model accepts (an assessment's
# comment; the forms of the other steps take 2,000).
NOTE_MAX_LENGTH = 4000


def this_year() -> int:
    return timezone.localdate().year


#
# Duplicate registrations
#

# An organization registers a name once a year: the registry's rule, shared by the pages, the
# API (Initiative.validate_constraints) and the Excel import (imports/validation.py), and kept
# by the database (the constraint below, on the stored `name_key`).
NAME_ONCE_A_YEAR = "initiatives_initiative_name_once_a_year"
NAME_TAKEN = _("Đơn vị này đã đăng ký mô hình, điển hình cùng tên trong năm đó.")


def registration_key(organization_id: int | None, year: int | None, name: str) -> tuple:
    """Return what two registrations are compared by: the organization, the year and the name
    without regard to case or spacing (core.text.name_key: "Ấp  1" = "ấp 1")."""
    return (organization_id, year, comparable_name(name))


def duplicate_message(organization_name: str, name: str, year: int) -> str:
    """Say that `organization_name` has already registered `name` (as it is written there) in `year`."""
    return _("%(organization)s đã đăng ký “%(name)s” năm %(year)s.") % {
        "organization": organization_name,
        "name": name,
        "year": year,
    }


class InitiativeQuerySet(RestrictedQuerySet):
    def search(self, text: str, *, indexed: bool = True):
        """Return the records whose name, person, organization or area contain `text`, ignoring diacritics.

        `indexed=False` when the list is already limited to a unit's subtree: the words are then
        tested with `strpos()`, which the trigram index cannot serve, so PostgreSQL scans the
        unit's range of the path index (32 ms for a province of 39,000 records) instead of
        intersecting the country's matches of each word (69 ms; bench/README.md).
        """
        words = search_words(text)
        if not words:
            return self
        query = Q()
        for word in words:
            query &= (
                Q(search_text__contains=word) if indexed else Q(GreaterThan(StrIndex("search_text", Value(word)), 0))
            )
        return self.filter(query)

    def in_area(self, area):
        """Return the records running in `area` or beneath it (where they run, not who owns them)."""
        return self.filter(area__path__startswith=area.path)

    def effective(self):
        return self.filter(is_effective=True)

    def recognized(self):
        return self.filter(recognition_level__isnull=False)


class Initiative(OrgScopedModel):
    """A "Dân vận khéo" model (mô hình) or exemplar (điển hình: a collective or an individual).

    Registered by an organization (`organization`, whose place in the tree scopes the record), it
    runs in an area down to a hamlet. `status` follows the life-cycle in services.py; the
    denormalised `is_effective`, `recognition_level` and `is_outstanding` summarise the
    assessments and recognitions for lists and statistics. A replica links to its source.
    """

    kind = models.CharField(
        max_length=20, choices=InitiativeKind.choices, default=InitiativeKind.MODEL, verbose_name=_("Loại")
    )
    subject = models.CharField(
        max_length=20, choices=Subject.choices, default=Subject.COLLECTIVE, verbose_name=_("Tập thể/cá nhân")
    )
    name = models.CharField(max_length=500, verbose_name=_("Tên mô hình, điển hình"))
    area = models.ForeignKey(
        to="orgunits.Area",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("Địa bàn thực hiện"),
    )
    person_name = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("Họ tên cá nhân"),
        help_text=_("Với điển hình cá nhân."),
    )
    contact_name = models.CharField(max_length=200, blank=True, verbose_name=_("Người liên hệ"))
    contact_phone = models.CharField(
        max_length=30, blank=True, validators=[validate_phone], verbose_name=_("Điện thoại liên hệ")
    )
    field = models.ForeignKey(
        to="initiatives.InitiativeField",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("Lĩnh vực"),
    )
    year = models.PositiveSmallIntegerField(
        default=this_year,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        verbose_name=_("Năm đăng ký"),
    )
    stage = models.ForeignKey(
        to="initiatives.Stage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("Giai đoạn thi đua"),
    )
    registered_on = models.DateField(default=timezone.localdate, verbose_name=_("Ngày đăng ký"))
    start_date = models.DateField(null=True, blank=True, verbose_name=_("Ngày bắt đầu thực hiện"))
    goals = models.TextField(blank=True, verbose_name=_("Mục tiêu"))
    method = models.TextField(blank=True, verbose_name=_("Cách làm"))
    forces = models.TextField(blank=True, verbose_name=_("Lực lượng tham gia"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.REGISTERED, editable=False, verbose_name=_("Trạng thái")
    )
    is_effective = models.BooleanField(
        null=True, editable=False, verbose_name=_("Hiệu quả"), help_text=_("Trống: chưa đánh giá.")
    )
    recognition_level = models.PositiveSmallIntegerField(
        choices=RecognitionLevel.choices, null=True, editable=False, verbose_name=_("Cấp công nhận cao nhất")
    )
    is_outstanding = models.BooleanField(default=False, editable=False, verbose_name=_("Tiêu biểu"))
    latest_outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, editable=False, verbose_name=_("Kết quả rà soát gần nhất")
    )
    replicated_from = models.ForeignKey(
        to="self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replicas",
        verbose_name=_("Nhân rộng từ"),
    )
    search_text = models.CharField(max_length=1000, blank=True, editable=False)
    # The name as registrations are compared (registration_key()), written on every save.
    name_key = models.CharField(max_length=1000, blank=True, editable=False)
    created_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Người đăng ký"),
    )

    objects = InitiativeQuerySet.as_manager()
    audit_exclude = ("created", "updated", "path", "search_text", "name_key")
    audit_display = {"is_effective": effective_label}  # the history says it as the pages do

    class Meta:
        ordering = ("-registered_on", "-pk")
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = _("mô hình, điển hình")
        indexes = [
            path_index("initiatives_init"),
            # The list pages its keys first (core.pagination.DeferredJoinPaginator): its COUNT and
            # its "25 newest keys" are answered from these two covering indexes alone, without
            # reading the table, for the search and every filter of the list but stage and
            # replica (PostgreSQL; SQLite ignores `include`). A unit's records: one range of the
            # first; a year's records in a unit: one range of the second. The statistics' grouped
            # counts of a unit (initiatives/queries.py) read the first alone too. bench/README.md.
            # No index on registered_on on purpose: with one, PostgreSQL answers "first page, newest
            # first" by walking it backwards and filtering, which for a filtered list (a year
            # correlates with its dates) read 170,000 rows for 25 (2.5 s at national scale).
            models.Index(
                fields=["path"],
                name="initiatives_scope_cover",
                opclasses=["varchar_pattern_ops"],
                include=[
                    *("registered_on", "id", "search_text", "year", "field", "status", "kind", "subject"),
                    *("recognition_level", "is_effective", "is_outstanding", "organization", "replicated_from"),
                ],
            ),
            models.Index(
                fields=["year", "path"],
                name="initiatives_year_path_cover",
                opclasses=["int2_ops", "varchar_pattern_ops"],
                include=["registered_on", "id", "field", "status"],
            ),
            models.Index(fields=["status"], name="initiatives_status_idx"),
        ]
        constraints = [
            # Also what the Excel import looks up (the names of its organizations in its years).
            models.UniqueConstraint(
                fields=["organization", "year", "name_key"],
                name=NAME_ONCE_A_YEAR,
                violation_error_message=NAME_TAKEN,
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:initiative_detail", kwargs={"pk": self.pk})

    def compute_search_text(self) -> str:
        parts = [self.name, self.person_name]
        if self.organization_id:
            parts.append(self.organization.name)
        if self.area_id:
            parts.append(self.area.name)
        return fold(" ".join(part for part in parts if part))[:1000]

    def clean(self):
        super().clean()
        errors = {}
        if self.organization_id and self.area_id:
            home = self.organization.area
            if not self.area.path.startswith(home.path):
                errors["area"] = _("Địa bàn thực hiện phải thuộc địa bàn của đơn vị đăng ký (%(area)s).") % {
                    "area": home.name
                }
        if self.subject == Subject.INDIVIDUAL and not self.person_name.strip():
            errors["person_name"] = _("Điển hình cá nhân cần có họ tên cá nhân.")
        if self.stage_id and self.year and not self.stage.covers(self.year):
            # The stage's name usually says "Giai đoạn ..." itself: quote it, with its years.
            errors["stage"] = _("Năm đăng ký %(year)s nằm ngoài “%(stage)s” (%(start)s–%(end)s).") % {
                "year": self.year,
                "stage": self.stage.name,
                "start": self.stage.start_year,
                "end": self.stage.end_year,
            }
        errors.update(self.registration_date_errors())
        errors.update(self.start_date_errors())
        if self.replicated_from_id and self.replicated_from_id == self.pk:
            errors["replicated_from"] = _("Mô hình không thể nhân rộng từ chính nó.")
        if errors:
            raise ValidationError(errors)

    def start_date_errors(self) -> dict:
        """Check the start date: from 01/01/2000 (MIN_YEAR) and at most in the year after the
        registration year (a model may have started years before it was registered)."""
        if not self.start_date:
            return {}
        earliest = datetime.date(MIN_YEAR, 1, 1)
        if self.start_date < earliest:
            return {
                "start_date": _("Ngày bắt đầu thực hiện không được trước %(date)s.") % {"date": f"{earliest:%d/%m/%Y}"}
            }
        year_valid = bool(self.year) and MIN_YEAR <= self.year <= MAX_YEAR
        latest = datetime.date((self.year if year_valid else MAX_YEAR) + 1, 12, 31)
        if self.start_date > latest:
            return {
                "start_date": _("Ngày bắt đầu thực hiện không được sau %(date)s (cuối năm sau năm đăng ký).")
                % {"date": f"{latest:%d/%m/%Y}"}
            }
        return {}

    def validate_constraints(self, exclude=None):
        """Check the constraints; the name registered twice with a message naming the record
        already registered, on the name (the database's own check is the constraint)."""
        exclude = set(exclude or ())
        errors = {}
        try:
            # `name_key` is derived from the name: its constraint is checked by duplicate_errors().
            super().validate_constraints(exclude=exclude | {"name_key"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not exclude & {"name", "organization", "year"}:
            for name, messages in self.duplicate_errors().items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def duplicate_errors(self) -> dict:
        """Return the error of a name its organization has already registered in the year (one query)."""
        if not (self.organization_id and self.year and self.name):
            return {}
        organization_id, year, key = registration_key(self.organization_id, self.year, self.name)
        others = Initiative.objects.filter(organization_id=organization_id, year=year, name_key=key)
        if self.pk:
            others = others.exclude(pk=self.pk)
        existing = others.values_list("name", flat=True).first()
        if existing is None:
            return {}
        return {"name": [duplicate_message(self.organization.name, existing, year)]}

    def registration_date_errors(self) -> dict:
        """Check the registration date against today (local date) and the registration year.

        `year` is the year the record was registered in (its stage, several years, must cover it:
        clean()), so the date lies in that very year, and neither can be after today. A saved record
        was also registered before it was first recognized (services.recognize checks the other way).
        """
        errors = {}
        today = timezone.localdate()
        year_valid = bool(self.year) and MIN_YEAR <= self.year <= MAX_YEAR
        if year_valid and self.year > today.year:
            errors["year"] = _("Năm đăng ký không được sau năm nay (%(year)s).") % {"year": today.year}
        if not self.registered_on:
            return errors
        if self.registered_on > today:
            errors["registered_on"] = _("Ngày đăng ký không được sau ngày hôm nay (%(today)s).") % {
                "today": f"{today:%d/%m/%Y}"
            }
        elif year_valid and "year" not in errors and self.registered_on.year != self.year:
            errors["registered_on"] = _("Ngày đăng ký (%(date)s) phải thuộc năm đăng ký %(year)s.") % {
                "date": f"{self.registered_on:%d/%m/%Y}",
                "year": self.year,
            }
        elif self.pk:
            first = self.recognitions.order_by("decision_date").values_list("decision_date", flat=True).first()
            if first is not None and self.registered_on > first:
                errors["registered_on"] = _(
                    "Ngày đăng ký không được sau ngày quyết định công nhận đầu tiên (%(date)s)."
                ) % {"date": f"{first:%d/%m/%Y}"}
        return errors

    def set_derived_fields(self) -> None:
        """Write the columns derived from the others (save() does; bulk writers call it)."""
        self.search_text = self.compute_search_text()
        self.name_key = comparable_name(self.name)

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)

    @property
    def is_replica(self) -> bool:
        return self.replicated_from_id is not None


class InitiativeChildQuerySet(RestrictedQuerySet):
    pass


class InitiativeChild(ScopedModelMixin, AuditedModel):
    """A row that belongs to one record and is scoped with it."""

    initiative = models.ForeignKey(
        to=Initiative, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("Mô hình, điển hình")
    )

    objects = InitiativeChildQuerySet.as_manager()
    scope_path_lookup = "initiative__path"
    audit_parent = "initiative"  # the record's history shows its results, files, decisions, steps

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.initiative.get_absolute_url()


class ResultValue(InitiativeChild):
    """A quantitative result of a record: a value of one metric (10.700 m of road, 270 lamps...)."""

    metric = models.ForeignKey(
        to="initiatives.ResultMetric", on_delete=models.PROTECT, related_name="values", verbose_name=_("Kết quả")
    )
    value = models.DecimalField(
        max_digits=18, decimal_places=2, validators=[MinValueValidator(0)], verbose_name=_("Giá trị")
    )
    note = models.CharField(max_length=255, blank=True, verbose_name=_("Ghi chú"))

    class Meta:
        ordering = ("metric__sort_order", "metric__name")
        verbose_name = _("kết quả định lượng")
        verbose_name_plural = _("kết quả định lượng")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "metric"],
                name="%(app_label)s_%(class)s_one_per_metric",
                violation_error_message=_("Mỗi loại kết quả chỉ nhập một lần cho một mô hình."),
            )
        ]

    def __str__(self):
        return f"{self.metric.name}: {format_number(self.value)} {self.metric.unit}"

    def clean(self):
        super().clean()
        if self.metric_id is not None and self.value is not None:
            message = self.metric.value_error(self.value)
            if message:
                raise ValidationError({"value": message})


def attachment_path(instance, filename: str) -> str:
    today = timezone.localdate()
    return f"initiatives/{today:%Y/%m}/{filename}"


class Attachment(InitiativeChild):
    """A photo or document attached to a record; served only to users who may see the record."""

    kind = models.CharField(
        max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO, verbose_name=_("Loại tệp")
    )
    title = models.CharField(max_length=255, blank=True, verbose_name=_("Tiêu đề"))
    file = models.FileField(upload_to=attachment_path, max_length=255, verbose_name=_("Tệp"))
    # A photo's small JPEG copy for pages (initiatives/images.py); empty for documents.
    thumbnail = models.FileField(
        upload_to=attachment_path, max_length=255, blank=True, editable=False, verbose_name=_("Ảnh thu nhỏ")
    )
    original_name = models.CharField(max_length=255, editable=False, verbose_name=_("Tên tệp gốc"))
    content_type = models.CharField(max_length=100, editable=False, verbose_name=_("Kiểu nội dung"))
    size = models.PositiveBigIntegerField(default=0, editable=False, verbose_name=_("Dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("Người tải lên"),
    )

    class Meta:
        ordering = ("kind", "-created")
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.title or self.original_name

    def get_download_url(self):
        return reverse("initiatives:attachment_download", kwargs={"pk": self.pk})

    def get_thumbnail_url(self) -> str | None:
        """The small copy a page shows of a photo (the photo itself when it has none); None for documents."""
        if self.kind != AttachmentKind.PHOTO:
            return None
        return f"{self.get_download_url()}?inline=1&thumb=1"

    def stored_files(self) -> list[str]:
        """The storage names of this attachment's files (to delete with it)."""
        return [name for name in (self.file.name, self.thumbnail.name) if name]


class Recognition(InitiativeChild):
    """A recognition (công nhận) of a record at a level, by a body, with its decision; possibly as
    outstanding (tiêu biểu) and with a reward (khen thưởng)."""

    level = models.PositiveSmallIntegerField(choices=RecognitionLevel.choices, verbose_name=_("Cấp công nhận"))
    body = models.CharField(max_length=255, verbose_name=_("Cơ quan công nhận"))
    decision_number = models.CharField(max_length=100, blank=True, verbose_name=_("Số quyết định"))
    decision_date = models.DateField(verbose_name=_("Ngày quyết định"))
    is_outstanding = models.BooleanField(default=False, verbose_name=_("Tiêu biểu"))
    reward_form = models.CharField(
        max_length=255, blank=True, verbose_name=_("Hình thức khen thưởng"), help_text=_("Ví dụ: Bằng khen, Giấy khen.")
    )
    reward_body = models.CharField(max_length=255, blank=True, verbose_name=_("Cấp khen thưởng"))
    reward_decision_number = models.CharField(max_length=100, blank=True, verbose_name=_("Số quyết định khen thưởng"))
    reward_date = models.DateField(null=True, blank=True, verbose_name=_("Ngày khen thưởng"))
    review_entry = models.OneToOneField(
        to="initiatives.ReviewEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="recognition",
        verbose_name=_("Từ đợt bình xét"),
    )

    class Meta:
        ordering = ("decision_date", "pk")
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        indexes = [models.Index(fields=["decision_date"], name="initiatives_recognized_on_idx")]

    def __str__(self):
        return f"{self.get_level_display()} – {self.body}"

    @property
    def is_rewarded(self) -> bool:
        return bool(self.reward_form)


class Assessment(InitiativeChild):
    """The yearly re-review of a record (rà soát hằng năm): replicate, keep, consolidate or stop."""

    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)], verbose_name=_("Năm")
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, verbose_name=_("Kết quả rà soát"))
    note = models.TextField(
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],  # a TextField's max_length only sizes its form field
        verbose_name=_("Nhận xét"),
    )
    assessed_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("Người rà soát"),
    )

    class Meta:
        ordering = ("-year",)
        verbose_name = _("kết quả rà soát hằng năm")
        verbose_name_plural = _("kết quả rà soát hằng năm")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year"],
                name="%(app_label)s_%(class)s_once_a_year",
                violation_error_message=_("Mô hình này đã được rà soát trong năm đó."),
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.get_outcome_display()}"

    def clean(self):
        """The year reviewed: not one still to come, nor one before the record was registered."""
        super().clean()
        if not self.year or not MIN_YEAR <= self.year <= MAX_YEAR:
            return  # the field's own validators say so
        if self.year > this_year():
            raise ValidationError({"year": _("Không rà soát trước cho năm chưa đến.")})
        if self.initiative_id and self.year < self.initiative.year:
            raise ValidationError(
                {"year": _("Năm rà soát không được trước năm đăng ký (%(year)s).") % {"year": self.initiative.year}}
            )

    @property
    def is_effective(self) -> bool:
        return self.outcome in {Outcome.REPLICATE, Outcome.KEEP}


class Transition(InitiativeChild):
    """One step of a record's life-cycle: who did what, when, why, and the status before and after."""

    action = models.CharField(max_length=20, choices=TransitionAction.choices, verbose_name=_("Thao tác"))
    from_status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, verbose_name=_("Trạng thái trước")
    )
    to_status = models.CharField(max_length=20, choices=Status.choices, verbose_name=_("Trạng thái sau"))
    time = models.DateTimeField(default=timezone.now, verbose_name=_("Thời điểm"))
    user = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Người thực hiện"),
    )
    reason = models.TextField(blank=True, verbose_name=_("Lý do, ghi chú"))

    class Meta:
        ordering = ("time", "pk")
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("các bước xử lý")

    def __str__(self):
        # The day of the step where the record is kept (an action at 01:19 on the 24th, local
        # time, is stored as 18:19 UTC on the 23rd).
        return f"{self.get_action_display()} ({timezone.localdate(self.time):%d/%m/%Y})"
