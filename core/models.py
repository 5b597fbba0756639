"""Base models shared by every domain app, the audit trail and user-visible background jobs."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.querysets import RestrictedQuerySet, ScopedModelMixin
from core.text import clean_text, format_number, namesake

#
# Abstract bases
#


class TimeStampedModel(models.Model):
    """A row that remembers when it was created and last changed."""

    created = models.DateTimeField(auto_now_add=True, verbose_name=_("Ngày tạo"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("Cập nhật lần cuối"))

    class Meta:
        abstract = True


class SearchTextMixin:
    """Keep the model's folded `search_text` column from `compute_search_text()` on every save,
    also when only some fields are saved (`update_fields`)."""

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)


class AuditMixin:
    """Write every create, update and delete of this model to the audit trail (core.audit).

    The values as loaded from the database are kept so the audit entry can show old and new
    values without an extra query. Fields in `audit_exclude` are left out; fields in
    `audit_redact` (secrets) are recorded only as a short digest, enough to see that they changed.
    """

    audit_exclude: tuple[str, ...] = ("created", "updated")
    audit_redact: tuple[str, ...] = ()
    # The foreign key to the object this one belongs to (a record's results, attachments...):
    # each entry names that object too, so its page's history shows this object's changes.
    audit_parent: str | None = None
    # {field name: function(stored value) -> words}: a field the history shows in the pages' words
    # rather than as its raw value (a nullable yes/no whose empty value means "not assessed yet").
    audit_display: dict = {}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Kept as loaded; the dict is built only if the object is saved or deleted (lists load
        # hundreds of rows and change none).
        instance._loaded_row = (field_names, values)
        return instance

    @property
    def _loaded_values(self) -> dict | None:
        row = self.__dict__.get("_loaded_row")
        if row is None:
            return self.__dict__.get("_loaded_values_dict")
        values = dict(zip(*row, strict=True))
        self.__dict__["_loaded_values_dict"] = values
        del self.__dict__["_loaded_row"]
        return values

    @_loaded_values.setter
    def _loaded_values(self, values: dict) -> None:
        self.__dict__.pop("_loaded_row", None)
        self.__dict__["_loaded_values_dict"] = values


class AuditedModel(AuditMixin, TimeStampedModel):
    """A time-stamped row whose every change is written to the audit trail."""

    class Meta:
        abstract = True


class LookupModel(AuditedModel):
    """Reference data an administrator edits: a code, a name, an order and an active flag.

    A code is one code whatever its case ("MTTQ" is "mttq"): loaders, imports, the API and
    commands find a row by its code, so two codes differing only by case would be ambiguous. The
    database keeps the rule (`code_ci_unique`); validate_constraints() says it on the code field,
    naming the row that has it. `unique=True` stays for `in_bulk(field_name="code")` (the loaders),
    which accepts only a plain unique field. A subclass declaring its own `Meta.constraints` lists
    `*LookupModel.Meta.constraints` first.

    A name is one name whatever its case, Unicode form and spacing, compared as the Excel imports
    compare it (core.text.name_key): imports and the templates' drop-down lists find a row by its
    name, so with "Thôn" and "thôn" both in a list a row saying "Thôn" would get either. The name
    is stored NFC with single spaces; validate_constraints() refuses the clash on the name field.
    The database keeps the case rule as far as its lower() goes (`name_ci_unique`).
    """

    code = models.SlugField(max_length=50, unique=True, verbose_name=_("Mã"))
    name = models.CharField(max_length=200, verbose_name=_("Tên"))
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("Thứ tự"))
    is_active = models.BooleanField(default=True, verbose_name=_("Đang dùng"))
    description = models.TextField(blank=True, verbose_name=_("Mô tả"))

    class Meta:
        abstract = True
        ordering = ("sort_order", "name")
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="%(app_label)s_%(class)s_code_ci_unique",
                violation_error_message=_("Mã này đã có (không phân biệt chữ hoa, chữ thường)."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                name="%(app_label)s_%(class)s_name_ci_unique",
                violation_error_message=_("Tên này đã có (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # First step of full_clean(), whatever a subclass's clean() does: the name as compared.
        self.name = clean_text(self.name)
        super().clean_fields(exclude=exclude)

    def validate_unique(self, exclude=None):
        # The code is checked with its case ignored (validate_constraints), which covers the exact
        # duplicate too: one message, not two.
        super().validate_unique(exclude={*(exclude or ()), "code"})

    def validate_constraints(self, exclude=None):
        # Django reports a violated expression constraint (Lower("code")) as a form-wide error
        # without the row it clashes with: check the code here, on the field, and skip the
        # constraint in the generic pass.
        exclude = set(exclude or ())
        errors = {}
        try:
            super().validate_constraints(exclude=exclude | {"code", "name"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "name" not in exclude and self.name:
            taken = namesake(type(self)._default_manager.exclude(pk=self.pk).only("code", "name"), self.name)
            if taken is not None:
                errors.setdefault("name", []).append(
                    ValidationError(_("Tên này đã có (mã %(code)s)."), code="unique", params={"code": taken.code})
                )
        if "code" not in exclude and self.code:
            taken = type(self)._default_manager.filter(code__iexact=self.code).exclude(pk=self.pk).first()
            if taken is not None:
                errors.setdefault("code", []).append(
                    ValidationError(
                        _("Mã “%(code)s” đã có (không phân biệt chữ hoa, chữ thường): %(name)s."),
                        code="unique",
                        params={"code": taken.code, "name": taken.name},
                    )
                )
        if errors:
            raise ValidationError(errors)


class OrgScopedModel(ScopedModelMixin, AuditedModel):
    """A record owned by an organization, scoped by the organization's place in the unit tree.

    `path` is a copy of the organization's materialised path, written on every save and rewritten
    in bulk when the organization (or an area above it) moves (`core.signals.unit_moved`). The
    copy makes `restrict()` one indexed prefix filter on the record's own table, with no join,
    which is what national-scale lists need. Subclasses declare an index on `path` with
    `varchar_pattern_ops` (see `path_index()`).
    """

    organization = models.ForeignKey(
        to="orgunits.Organization",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("Đơn vị"),
    )
    path = models.CharField(max_length=255, editable=False, verbose_name=_("Đường dẫn đơn vị"))

    objects = RestrictedQuerySet.as_manager()
    scope_path_lookup = "path"
    audit_exclude = ("created", "updated", "path")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.organization_id is not None:
            self.path = self.organization.path
        super().save(*args, **kwargs)


def path_index(model_name: str) -> models.Index:
    """Return the prefix-search index on `path` an OrgScopedModel subclass declares."""
    return models.Index(fields=["path"], name=f"{model_name}_path_idx", opclasses=["varchar_pattern_ops"])


#
# Audit trail
#


def _is_year(field) -> bool:
    """A year (2025) is read whole, never grouped like a quantity (2.025)."""
    return field.name == "year" or field.name.endswith("_year")


def display_stored_value(field, value):
    """Return a value of `field` as the audit trail stores it (JSON: ISO date and time strings,
    decimals as strings) the way people read it in the active language: date and time in the
    current time zone (24/11/2026 01:19), numbers with the locale's grouping and decimal mark
    (1.234,5). A value of an unexpected shape is returned as stored."""
    try:
        if isinstance(field, models.DateTimeField):
            moment = parse_datetime(value)
            if moment is None:
                return value
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            day = parse_date(value)
            return value if day is None else formats.date_format(day, "SHORT_DATE_FORMAT")
        if isinstance(field, models.TimeField):
            moment = parse_time(value)
            return value if moment is None else formats.time_format(moment, "TIME_FORMAT")
        if isinstance(value, bool):
            return value
        if isinstance(field, models.DecimalField):
            # 10700.00 → "10.700", 1.50 → "1,5" (as the record pages show quantities).
            return format_number(value)
        if isinstance(field, models.IntegerField | models.FloatField) and isinstance(value, int | float):
            return str(value) if _is_year(field) else formats.number_format(value, force_grouping=True)
    except (TypeError, ValueError, ArithmeticError):
        return value
    return value


def content_type_label(content_type: ContentType) -> str:
    """Return the kind of object a content type stands for, capitalised ("Địa bàn"): the audit
    log's type column, its filter and its entries' pages name it alike."""
    model = content_type.model_class()
    return capfirst(str(model._meta.verbose_name)) if model else content_type.model


class ObjectChange(ScopedModelMixin, models.Model):
    """One create, update or delete of an audited object: who, when, old and new values."""

    class ChangeAction(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        DELETE = "delete", _("Xóa")

    time = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("Thời điểm"))
    user = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="object_changes",
        verbose_name=_("Người thực hiện"),
    )
    user_name = models.CharField(max_length=150, blank=True, verbose_name=_("Tên đăng nhập"))
    request_id = models.UUIDField(null=True, blank=True, verbose_name=_("Mã yêu cầu"))
    action = models.CharField(max_length=10, choices=ChangeAction.choices, verbose_name=_("Thao tác"))
    content_type = models.ForeignKey(
        to=ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("Loại đối tượng")
    )
    object_id = models.CharField(max_length=64, verbose_name=_("Mã đối tượng"))
    object_repr = models.CharField(max_length=255, verbose_name=_("Đối tượng"))
    search_text = models.CharField(max_length=255, blank=True, editable=False)
    scope_path = models.CharField(max_length=255, blank=True, verbose_name=_("Đường dẫn đơn vị"))
    prechange_data = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, verbose_name=_("Trước"))
    postchange_data = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, verbose_name=_("Sau"))
    # The object the changed one belongs to (AuditMixin.audit_parent), if any.
    parent_type = models.ForeignKey(
        to=ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Thuộc loại")
    )
    parent_id = models.CharField(max_length=64, blank=True, verbose_name=_("Thuộc đối tượng"))

    objects = RestrictedQuerySet.as_manager()
    scope_path_lookup = "scope_path"

    class Meta:
        ordering = ("-time", "-pk")
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="core_change_object_idx"),
            models.Index(fields=["parent_type", "parent_id"], name="core_change_parent_idx"),
            models.Index(fields=["scope_path"], name="core_change_scope_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def get_absolute_url(self):
        return reverse("core:objectchange_detail", kwargs={"pk": self.pk})

    @property
    def actor_name(self) -> str:
        """Name the person who made the change as the rest of the app does (full name, else username).

        `user_name` is the username snapshot kept for an account deleted since; load the entries
        with select_related("user").
        """
        if self.user_id and self.user is not None:
            return self.user.display_name
        return self.user_name

    @property
    def object_type(self) -> str:
        return content_type_label(self.content_type)

    def changed_fields(self) -> list[dict]:
        """Return [{name, label, old, new}] for every field whose value differs."""
        before = self.prechange_data or {}
        after = self.postchange_data or {}
        model = self.content_type.model_class()
        labels = {}
        if model is not None:
            labels = {f.name: str(getattr(f, "verbose_name", f.name)) for f in model._meta.get_fields()}
            labels.update({f.attname: labels.get(f.name, f.name) for f in model._meta.concrete_fields})
        rows = []
        for name in sorted(set(before) | set(after)):
            old, new = before.get(name), after.get(name)
            if old != new:
                rows.append({"name": name, "label": labels.get(name, name), "old": old, "new": new})
        return rows

    def display_changes(self) -> list[dict]:
        """Return the changed fields as people read them: choice labels, names instead of ids,
        local dates and times, numbers in the language's format, no empty-to-empty rows and no id
        row. The name field comes first, then the others in the model's order."""
        model = self.content_type.model_class()
        # The object's own id is no change to read: the entry already names the object.
        hidden = {model._meta.pk.name, model._meta.pk.attname} if model is not None else {"id"}
        rows = [
            row
            for row in self.changed_fields()
            if row["name"] not in hidden and (row["old"] not in (None, "", []) or row["new"] not in (None, "", []))
        ]
        if model is None:
            return rows
        fields = {}
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False) or field.many_to_many:
                fields[field.name] = field
                fields[getattr(field, "attname", field.name)] = field
        # The form's order (the model's fields as declared), not the stored keys' alphabetical one.
        position = {name: index for index, name in enumerate(fields)}
        related_ids: dict[type, set] = {}
        for row in rows:
            field = fields.get(row["name"])
            if field is not None and field.is_relation and field.related_model is not None:
                for value in (row["old"], row["new"]):
                    ids = value if isinstance(value, list) else [value]
                    related_ids.setdefault(field.related_model, set()).update(i for i in ids if i not in (None, ""))
        names = {
            related: {pk: str(obj) for pk, obj in related.objects.in_bulk(list(ids)).items()}
            for related, ids in related_ids.items()
        }

        custom = getattr(model, "audit_display", {})

        def show(field, value):
            if field is not None and field.name in custom:
                return custom[field.name](value)
            if value in (None, "", []):
                return None
            if field is None:
                return value
            if field.is_relation and field.related_model is not None:
                known = names.get(field.related_model, {})
                values = value if isinstance(value, list) else [value]
                return ", ".join(known.get(v, f"#{v}") for v in values)
            if getattr(field, "choices", None):
                return dict(field.flatchoices).get(value, value)
            if isinstance(value, bool):
                return _("Có") if value else _("Không")
            return display_stored_value(field, value)

        shown = [
            {**row, "old": show(fields.get(row["name"]), row["old"]), "new": show(fields.get(row["name"]), row["new"])}
            for row in rows
        ]
        return sorted(shown, key=lambda row: (row["name"] != "name", position.get(row["name"], len(position))))


#
# Background jobs visible to users
#


class Job(ScopedModelMixin, TimeStampedModel):
    """A background job a user started (an import...), with its progress, log and errors."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Có lỗi")

    kind = models.CharField(max_length=100, verbose_name=_("Loại công việc"))
    title = models.CharField(max_length=255, verbose_name=_("Tiêu đề"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, verbose_name=_("Trạng thái")
    )
    created_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="jobs",
        verbose_name=_("Người tạo"),
    )
    scope_path = models.CharField(max_length=255, blank=True, verbose_name=_("Đường dẫn đơn vị"))
    target_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("Đơn vị đích"))
    input_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True, verbose_name=_("Tệp đầu vào"))
    input_name = models.CharField(max_length=255, blank=True, verbose_name=_("Tên tệp"))
    output_file = models.FileField(upload_to="exports/%Y/%m/", blank=True, verbose_name=_("Tệp kết quả"))
    progress_done = models.PositiveIntegerField(default=0, verbose_name=_("Đã xử lý"))
    progress_total = models.PositiveIntegerField(default=0, verbose_name=_("Tổng số"))
    message = models.TextField(blank=True, verbose_name=_("Thông báo"))
    errors = models.JSONField(default=list, blank=True, verbose_name=_("Danh sách lỗi"))
    result = models.JSONField(default=dict, blank=True, verbose_name=_("Kết quả"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Bắt đầu"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Kết thúc"))

    objects = RestrictedQuerySet.as_manager()
    scope_path_lookup = "scope_path"

    class Meta:
        ordering = ("-created",)
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:job_detail", kwargs={"pk": self.pk})

    def get_download_url(self):
        return reverse("core:job_download", kwargs={"pk": self.pk}) if self.output_file else None

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.progress_done / self.progress_total))
