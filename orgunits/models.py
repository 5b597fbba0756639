"""Units of the tree: areas (administrative units), organizations, clusters, re-arrangements.

Areas and organizations share one materialised-path namespace: an area's path is its parent's
path plus "<id>/", an organization's path is its parent organization's (or its area's) path plus
"o<id>/". "Everything under the province" is then one indexed prefix match on either table, and
a role assignment on any unit covers the same prefix (core.scope).
"""

import datetime
import functools
import operator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record_bulk_changes
from core.errors import DeletionRefused
from core.models import AuditedModel, LookupModel, SearchTextMixin
from core.querysets import InSubquery, RestrictedQuerySet, ScopedModelMixin
from core.scope import predecessor_ids, prefix_q
from core.signals import rewrite_paths, unit_moved
from core.text import clean_text, fold, name_key
from core.validators import validate_phone
from orgunits.choices import AreaLevel, ClusterKind, OrganizationCategory, RearrangementKind, UnitSource
from orgunits.query_templates import TemplatedQuerySetMixin
from orgunits.validators import (
    ADMINISTRATIVE_HISTORY_START,
    ORGANIZATION_HISTORY_START,
    area_km2_error,
    area_rearrangement_errors,
    date_window_error,
    rearrangement_link_errors,
)

# The violation code of the (level, code) constraints: Area.validate_constraints() shows them on the code field.
CODE_TAKEN = "code_taken"

# `path` is unique: on PostgreSQL Django then also creates a varchar_pattern_ops index on it, so
# "path LIKE 'prefix%'" (path__startswith) is an index range scan; no extra index is declared.


def path_ids(path: str) -> list[int]:
    """Return the area ids along `path` ("/1/23/o4/" → [1, 23]); organization steps are skipped."""
    return [int(step) for step in path.strip("/").split("/") if step and step.isdigit()]


def org_ids(path: str) -> list[int]:
    """Return the organization ids along `path` ("/1/23/o4/o5/" → [4, 5])."""
    return [int(step[1:]) for step in path.strip("/").split("/") if step.startswith("o")]


def area_part(path: str) -> str:
    """Return the area prefix of a path ("/1/23/o4/" → "/1/23/")."""
    index = path.find("/o")
    return path if index < 0 else path[: index + 1]


class ValidityQuerySetMixin:
    def current(self, on: datetime.date | None = None):
        """Return the rows in force on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )

    def search(self, text: str, fields=("search_text",)):
        """Return the rows whose name, code or aliases contain `text`, ignoring diacritics: each
        word in one of `fields` (folded texts)."""
        folded = fold(text)
        if not folded:
            return self
        query = Q()
        for word in folded.split(" "):
            query &= functools.reduce(operator.or_, (Q(**{f"{field}__contains": word}) for field in fields))
        return self.filter(query)


class TreePathMixin:
    """Helpers for models whose materialised path contains their own id."""

    def _insert_for_id(self, *args, **kwargs) -> None:
        """Insert the row once to get its id; the real path is set by the save that follows.

        The audit entry is written by that second save, when the path (the audit's scope) is known.
        """
        self.path = f"/tmp-{id(self)}/"
        self._audit_suppress = True
        try:
            super().save(*args, **kwargs)
        finally:
            self._audit_suppress = False
        self._audit_created = True

    def is_above(self, other) -> bool:
        """Whether `other` lies strictly beneath this unit in the tree."""
        return bool(self.path) and other.path != self.path and other.path.startswith(self.path)


class ValidityMixin(models.Model):
    """Effective dating: a unit is in force from `valid_from` (inclusive) to `valid_to` (exclusive)."""

    valid_from = models.DateField(null=True, blank=True, verbose_name=_("Hiệu lực từ ngày"))
    valid_to = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Hết hiệu lực từ ngày"),
        help_text=_("Để trống nếu đơn vị vẫn đang hoạt động."),
    )

    # The first date either field may take (orgunits.validators); the last is a little after today.
    earliest_valid_date = ADMINISTRATIVE_HISTORY_START

    class Meta:
        abstract = True

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on < self.valid_to)

    def clean_validity(self):
        errors = {}
        for name in ("valid_from", "valid_to"):
            label = self._meta.get_field(name).verbose_name
            message = date_window_error(getattr(self, name), label, self.earliest_valid_date)
            if message:
                errors[name] = message
        if errors:
            raise ValidationError(errors)
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})

    def namesake(self, siblings):
        """Return the unit among `siblings` in force under this unit's name, if any.

        Names are compared as the Excel import compares them (core.text.name_key: case and
        Unicode form ignored, diacritics kept), so that a form refuses what the import refuses.
        A unit no longer in force may share its name with the unit that replaced it.
        """
        if self.valid_to is not None and self.valid_to <= timezone.localdate():
            return None
        key = name_key(self.name)
        candidates = siblings.current().filter(search_text__startswith=fold(self.name)).exclude(pk=self.pk)
        return next((unit for unit in candidates.only("name") if name_key(unit.name) == key), None)


#
# Kinds (reference data edited by administrators)
#


class NamedKindMixin:
    """A kind whose name is unique, compared as the Excel import compares it (core.text.name_key).

    The import and the template's drop-down lists find a kind by its name: with "Thôn" and
    "thôn" both in the list, a row saying "Thôn" would silently get either.
    """

    def clean(self):
        super().clean()
        self.name = clean_text(self.name)
        key = name_key(self.name)
        for other in type(self)._default_manager.exclude(pk=self.pk).only("code", "name"):
            if name_key(other.name) == key:
                raise ValidationError({"name": _("Tên này đã có (mã %(code)s).") % {"code": other.code}})


class AreaKind(NamedKindMixin, LookupModel):
    """A kind of administrative unit (tỉnh, xã, phường, đặc khu, thôn, tổ dân phố...)."""

    level = models.PositiveSmallIntegerField(choices=AreaLevel.choices, verbose_name=_("Cấp"))

    class Meta(LookupModel.Meta):
        verbose_name = _("loại địa bàn")
        verbose_name_plural = _("loại địa bàn")

    def get_absolute_url(self):
        return reverse("orgunits:areakind_list")

    def get_edit_url(self):
        return reverse("orgunits:areakind_edit", kwargs={"pk": self.pk})


class OrganizationKind(NamedKindMixin, LookupModel):
    """A kind of organization (Ban Tuyên giáo và Dân vận, Hội Nông dân, tổ dân vận...)."""

    category = models.CharField(max_length=20, choices=OrganizationCategory.choices, verbose_name=_("Nhóm"))

    class Meta(LookupModel.Meta):
        verbose_name = _("loại tổ chức")
        verbose_name_plural = _("loại tổ chức")

    def get_absolute_url(self):
        return reverse("orgunits:organizationkind_list")

    def get_edit_url(self):
        return reverse("orgunits:organizationkind_edit", kwargs={"pk": self.pk})


#
# Areas
#


class AreaQuerySet(TemplatedQuerySetMixin, ValidityQuerySetMixin, RestrictedQuerySet):
    def subtree(self, area, include_self: bool = True):
        qs = self.filter(path__startswith=area.path)
        return qs if include_self else qs.exclude(pk=area.pk)

    def search_with_parent(self, text: str):
        """Return the areas where each word of `text` is in the area's own name or in its parent's,
        ignoring diacritics: "ap 1 long dien" finds Ấp 1 of Xã Long Điền among all the "Ấp 1"s, and
        "long dien" finds the commune, then its hamlets. For the pickers, where a hamlet is chosen
        among a province's thousands.

        A word is matched as `search_text` or `parent_id IN (areas whose search_text has it)`, which
        PostgreSQL answers from the trigram index and the parent index (InSubquery); a join to the
        parent under the OR read every area of the country (bench/README.md, "Area picker"). A word
        of one or two letters has no trigram, so no index can narrow it: it is checked through the
        join, only on the rows the other words found.
        """
        folded = fold(text)
        if not folded:
            return self
        query = Q()
        for word in folded.split(" "):
            if len(word) < 3:
                query &= Q(search_text__contains=word) | Q(parent__search_text__contains=word)
            else:
                named = Area.objects.filter(search_text__contains=word).order_by().values("pk")
                query &= Q(search_text__contains=word) | InSubquery(F("parent_id"), named)
        return self.filter(query)

    def ancestors_of(self, unit, include_self: bool = False):
        """Return the areas above `unit` (an area or an organization) from the root down.

        The ids come from the unit's path, so this is one primary-key lookup of 1–3 rows, for
        which Django's building and compiling cost more than the query (bench/README.md). The
        breadcrumbs of every unit page evaluate it as it is: that runs the SQL compiled once per
        number of ids (orgunits/query_templates.py). Chained further (the API's select_related,
        a filter), it is the plain queryset `filter(pk__in=ids).order_by("depth")`.
        """
        ids = list(dict.fromkeys(path_ids(unit.path)))
        if not include_self and isinstance(unit, Area):
            ids = ids[:-1]
        steps = (("filter", (), {"pk__in": ids}), ("order_by", ("depth",), {}))
        return self._templated(("ancestors_of", len(ids)), ids, steps)


class Area(TreePathMixin, ScopedModelMixin, ValidityMixin, AuditedModel):
    """An administrative unit: province, (historical) district, commune/ward/special zone, hamlet."""

    kind = models.ForeignKey(
        to="orgunits.AreaKind", on_delete=models.PROTECT, related_name="areas", verbose_name=_("Loại")
    )
    level = models.PositiveSmallIntegerField(choices=AreaLevel.choices, editable=False, verbose_name=_("Cấp"))
    code = models.CharField(
        max_length=20, blank=True, verbose_name=_("Mã"), help_text=_("Mã hành chính chính thức, nếu có")
    )
    name = models.CharField(max_length=200, verbose_name=_("Tên"))
    short_name = models.CharField(max_length=200, blank=True, verbose_name=_("Tên ngắn"))
    aliases = models.CharField(max_length=500, blank=True, verbose_name=_("Tên gọi khác"))
    parent = models.ForeignKey(
        to="orgunits.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Trực thuộc"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False, verbose_name=_("Đường dẫn"))
    depth = models.PositiveSmallIntegerField(default=1, editable=False, verbose_name=_("Độ sâu"))
    latitude = models.FloatField(null=True, blank=True, verbose_name=_("Vĩ độ"))
    longitude = models.FloatField(null=True, blank=True, verbose_name=_("Kinh độ"))
    area_km2 = models.FloatField(null=True, blank=True, verbose_name=_("Diện tích (km²)"))
    source = models.CharField(
        max_length=20, choices=UnitSource.choices, default=UnitSource.MANUAL, verbose_name=_("Nguồn dữ liệu")
    )
    search_text = models.CharField(max_length=700, blank=True, editable=False)

    objects = AreaQuerySet.as_manager()
    audit_exclude = ("created", "updated", "path", "depth", "search_text")

    class Meta:
        ordering = ("path",)
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        indexes = [
            models.Index(fields=["level", "code"], name="orgunits_area_level_code"),
            models.Index(fields=["parent", "name"], name="orgunits_area_parent_name"),
        ]
        constraints = [
            # A code is one code whatever its case ("AP1" is "ap1"), as for the kinds (LookupModel).
            models.UniqueConstraint(
                F("level"),
                Lower("code"),
                condition=Q(valid_to__isnull=True) & ~Q(code=""),
                name="%(app_label)s_%(class)s_unique_current_code",
                violation_error_message=_(
                    "Đã có đơn vị đang hoạt động cùng cấp với mã này (không phân biệt chữ hoa, chữ thường)."
                ),
                violation_error_code=CODE_TAKEN,
            ),
            models.UniqueConstraint(
                F("level"),
                Lower("code"),
                F("valid_to"),
                condition=Q(valid_to__isnull=False) & ~Q(code=""),
                name="%(app_label)s_%(class)s_unique_past_code",
                violation_error_message=_(
                    "Đã có đơn vị cùng cấp, cùng mã (không phân biệt chữ hoa, chữ thường) và cùng ngày hết hiệu lực."
                ),
                violation_error_code=CODE_TAKEN,
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.level = self.kind.level
        self.search_text = self.compute_search_text()[:700]
        kwargs.pop("force_insert", None)
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                self._insert_for_id(*args, **kwargs)
            new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
            self.depth = new_path.count("/") - 1
            moved = bool(old_path) and old_path != new_path and not old_path.startswith("/tmp-")
            if moved:
                # The area moved: every area and organization beneath it follows.
                depth_delta = self.depth - (old_path.count("/") - 1)
                rewrite_paths(Area, old_path, new_path)
                rewrite_paths(Organization, old_path, new_path)
                unit_moved.send(sender=Area, old_prefix=old_path, new_prefix=new_path)
                if depth_delta:
                    Area.objects.filter(path__startswith=new_path).exclude(pk=self.pk).update(
                        depth=F("depth") + depth_delta
                    )
            self.path = new_path
            super().save(*args, **kwargs)
            if moved:
                self.save_notes = drop_broken_reporting(new_path)

    def get_absolute_url(self):
        return reverse("orgunits:area_detail", kwargs={"pk": self.pk})

    @classmethod
    def scope_filter(cls, prefixes, action):
        # A user assigned to an organization sees the area the organization works in.
        query = prefix_q("path", prefixes)
        if action == "delete":
            # A role covers what lies beneath the unit; the unit itself is deleted from above.
            query &= ~Q(path__in=prefixes)
        if action == "view":
            org_areas = {area_part(p) for p in prefixes if "/o" in p}
            if org_areas:
                query |= Q(path__in=org_areas)
        return query

    def compute_search_text(self) -> str:
        return " ".join(
            part for part in (fold(self.name), fold(self.short_name), self.code, fold(self.aliases)) if part
        )

    def validate_constraints(self, exclude=None):
        # `level` follows the kind (save()) and is no form field: Django would skip the (level, code)
        # constraints, and the database refuse the row with a 500. Check them, on the code field.
        exclude = set(exclude or ())
        if self.kind_id is not None:
            self.level = self.kind.level
            exclude.discard("level")
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            for item in general:
                errors.setdefault("code" if item.code == CODE_TAKEN else NON_FIELD_ERRORS, []).append(item)
            raise ValidationError(errors) from error

    def clean(self):
        self.name = clean_text(self.name)
        self.clean_validity()
        if self.pk:
            self._clean_against_rearrangements()
        self._clean_coordinates()
        if self.parent_id and self.kind_id and self.parent.level >= self.kind.level:
            raise ValidationError({"parent": _("Đơn vị trực thuộc phải ở cấp cao hơn đơn vị này.")})
        if self.pk and self.parent_id and self.parent.path.startswith(self.path or "-"):
            raise ValidationError({"parent": _("Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới làm cấp trên.")})
        if self.pk:
            self._clean_against_children()
        if self.parent_id and (namesake := self.namesake(Area.objects.filter(parent_id=self.parent_id))):
            raise ValidationError(
                {
                    "name": _("%(parent)s đã có đơn vị “%(name)s” đang hoạt động.")
                    % {"parent": self.parent.name, "name": namesake.name}
                }
            )

    def _clean_coordinates(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("Vĩ độ phải từ -90 đến 90 (Việt Nam: khoảng 8 đến 24).")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("Kinh độ phải từ -180 đến 180 (Việt Nam: khoảng 102 đến 118).")
        if message := area_km2_error(self.area_km2):
            errors["area_km2"] = message
        if errors:
            raise ValidationError(errors)

    def _clean_against_rearrangements(self):
        """The dates must still fit the re-arrangements that name this area (orgunits.validators)."""
        errors = area_rearrangement_errors(
            self.valid_from,
            self.valid_to,
            as_predecessor=self.successor_rearrangements.all(),
            as_successor=self.predecessor_rearrangements.all(),
        )
        if errors:
            raise ValidationError(errors)

    def _clean_against_children(self):
        """The kind must stay above every child; the end date may not strand units still in force."""
        children = Area.objects.filter(parent=self)
        lowest_child = children.order_by("level").values_list("level", flat=True).first()
        if self.kind_id and lowest_child is not None and self.kind.level >= lowest_child:
            raise ValidationError({"kind": _("Loại địa bàn phải ở cấp cao hơn các đơn vị trực thuộc hiện có.")})
        if self.valid_to:
            active_children = children.current(on=self.valid_to).exists()
            active_organizations = Organization.objects.filter(area=self).current(on=self.valid_to).exists()
            if active_children or active_organizations:
                raise ValidationError(
                    {
                        "valid_to": _(
                            "Còn đơn vị trực thuộc hoặc tổ chức hoạt động sau ngày này: "
                            "hãy kết thúc hoặc chuyển chúng trước."
                        )
                    }
                )

    def check_deletable(self) -> None:
        """Raise DeletionRefused while re-arrangements or clusters name this area: they are history
        and plans, and removing it would silently rewrite them (core.views.deletion_blockers)."""
        blockers = [*self.successor_rearrangements.all(), *self.predecessor_rearrangements.all(), *self.clusters.all()]
        if blockers:
            raise DeletionRefused(
                _("Địa bàn còn được nêu trong sắp xếp đơn vị hành chính hoặc cụm, khối."), set(blockers)
            )

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)

    @property
    def is_legacy(self) -> bool:
        return self.valid_to is not None and self.valid_to <= timezone.localdate()

    def ancestors(self):
        return Area.objects.ancestors_of(self)

    def predecessors(self):
        return Area.objects.filter(successor_rearrangements__successors=self).distinct()

    def successors(self):
        return Area.objects.filter(predecessor_rearrangements__predecessors=self).distinct()

    def lineage(self) -> list["Area"]:
        """Return this area and every area it descends from through re-arrangements."""
        ids = [self.pk, *Area.predecessor_ids([self.pk])]
        found = {area.pk: area for area in Area.objects.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    @classmethod
    def predecessor_ids(cls, area_ids) -> list[int]:
        """Return the ids of every area the given areas descend from, nearest generation first (one query)."""
        return predecessor_ids(area_ids)

    def history_prefixes(self) -> list[str]:
        """Return the path prefixes whose records make up this area's history (its own and its predecessors')."""
        return sorted({area.path for area in self.lineage()})


#
# Organizations
#


class OrganizationQuerySet(ValidityQuerySetMixin, RestrictedQuerySet):
    def under(self, unit):
        """Return the organizations beneath `unit` (an area or an organization)."""
        return self.filter(path__startswith=unit.path)

    def reportable_from(self, area_id: int | None):
        """Return the organizations an organization of the area `area_id` may report to
        (`reports_to`): those strictly above that area, or, with no known area, above the hamlets."""
        area = Area.objects.filter(pk=area_id).only("path").first() if area_id else None
        if area is None:
            return self.filter(area__level__lt=AreaLevel.HAMLET)
        return self.filter(area_id__in=path_ids(area.path)[:-1])


class Organization(TreePathMixin, ScopedModelMixin, ValidityMixin, AuditedModel):
    """An organization working in an area: a Party body, the Front, a member organization, a team."""

    kind = models.ForeignKey(
        to="orgunits.OrganizationKind",
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("Loại tổ chức"),
    )
    name = models.CharField(max_length=255, verbose_name=_("Tên tổ chức"))
    short_name = models.CharField(max_length=100, blank=True, verbose_name=_("Tên viết tắt"))
    code = models.CharField(max_length=50, blank=True, verbose_name=_("Mã"))
    area = models.ForeignKey(
        to="orgunits.Area",
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("Địa bàn"),
    )
    parent = models.ForeignKey(
        to="orgunits.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Thuộc tổ chức"),
        help_text=_("Ví dụ: Hội Nông dân xã trực thuộc Ủy ban MTTQ xã."),
    )
    reports_to = models.ForeignKey(
        to="orgunits.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_organizations",
        verbose_name=_("Báo cáo về"),
        help_text=_(
            "Tổ chức ở địa bàn cấp trên chỉ đạo và nhận báo cáo của tổ chức này, ví dụ Tổ dân vận ấp báo cáo "
            "Khối dân vận xã."
        ),
    )
    path = models.CharField(max_length=255, unique=True, editable=False, verbose_name=_("Đường dẫn"))
    address = models.CharField(max_length=255, blank=True, verbose_name=_("Địa chỉ"))
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone], verbose_name=_("Điện thoại"))
    email = models.EmailField(blank=True, verbose_name=_("Thư điện tử"))
    note = models.TextField(blank=True, verbose_name=_("Ghi chú"))
    source = models.CharField(
        max_length=20, choices=UnitSource.choices, default=UnitSource.MANUAL, verbose_name=_("Nguồn dữ liệu")
    )
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    objects = OrganizationQuerySet.as_manager()
    audit_exclude = ("created", "updated", "path", "search_text")
    earliest_valid_date = ORGANIZATION_HISTORY_START

    class Meta:
        ordering = ("path",)
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        indexes = [
            models.Index(fields=["area", "kind"], name="orgunits_org_area_kind"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()[:600]
        kwargs.pop("force_insert", None)
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                self._insert_for_id(*args, **kwargs)
            base = self.parent.path if self.parent_id else self.area.path
            new_path = f"{base}o{self.pk}/"
            moved = bool(old_path) and old_path != new_path and not old_path.startswith("/tmp-")
            if moved:
                rewrite_paths(Organization, old_path, new_path)
                unit_moved.send(sender=Organization, old_prefix=old_path, new_prefix=new_path)
                # Member organizations work where their parent works: they follow it (audited).
                members = Organization.objects.filter(path__startswith=new_path).exclude(pk=self.pk)
                followers = [m for m in members if m.area_id != self.area_id]
                members.update(area=self.area_id, updated=timezone.now())
                record_bulk_changes([(m, {"area_id": m.area_id}, {"area_id": self.area_id}) for m in followers])
            self.path = new_path
            super().save(*args, **kwargs)
            if moved:
                self.save_notes = drop_broken_reporting(new_path)

    def get_absolute_url(self):
        return reverse("orgunits:organization_detail", kwargs={"pk": self.pk})

    @classmethod
    def scope_filter(cls, prefixes, action):
        query = prefix_q("path", prefixes)
        if action == "delete":
            # A role covers what lies beneath the unit; the unit itself is deleted from above.
            query &= ~Q(path__in=prefixes)
        return query

    def compute_search_text(self) -> str:
        # The kind's name is searchable too: "mat tran" finds "Ủy ban MTTQ Việt Nam xã ...".
        kind_name = self.kind.name if self.kind_id else ""
        return " ".join(
            part for part in (fold(self.name), fold(self.short_name), fold(self.code), fold(kind_name)) if part
        )

    def clean(self):
        self.name = clean_text(self.name)
        self.clean_validity()
        if self.parent_id and self.area_id and self.parent.area_id != self.area_id:
            raise ValidationError({"parent": _("Tổ chức cấp trên phải hoạt động trên cùng địa bàn.")})
        if self.pk and self.parent_id and self.parent.path.startswith(self.path or "-"):
            raise ValidationError({"parent": _("Không thể chọn chính tổ chức này hoặc tổ chức cấp dưới làm cấp trên.")})
        if self.reports_to_id and self.area_id and not self.reports_to.area.is_above(self.area):
            # Strictly higher areas: a chain of reports_to links always climbs, so it cannot loop.
            raise ValidationError(
                {
                    "reports_to": _(
                        "Tổ chức nhận báo cáo phải hoạt động ở địa bàn cấp trên của %(area)s (xã, tỉnh chứa địa bàn này)."
                    )
                    % {"area": self.area.name}
                }
            )
        if self.area_id and (namesake := self.namesake(Organization.objects.filter(area_id=self.area_id))):
            raise ValidationError(
                {
                    "name": _("%(place)s đã có tổ chức “%(name)s” đang hoạt động.")
                    % {"place": self.area.name, "name": namesake.name}
                }
            )

    def ancestors(self):
        """Return the areas above this organization, from the province down."""
        return Area.objects.ancestors_of(self)


def drop_broken_reporting(prefix: str) -> list[str]:
    """Clear the "Báo cáo về" links that a move of the units under `prefix` broke, and return a
    message for the page (none when nothing broke).

    A link is kept only while the organization reported to works in a strictly higher area
    (Organization.clean). After an area or an organization moves, that holds no longer for
    organizations beneath it that report to a unit left behind, nor for organizations elsewhere
    that report to one that moved down. Each cleared link is written to the audit trail.
    """
    linked = (
        Organization.objects.filter(Q(path__startswith=prefix) | Q(reports_to__path__startswith=prefix))
        .filter(reports_to__isnull=False)
        .select_related("area", "reports_to__area")
    )
    broken = [org for org in linked if not org.reports_to.area.is_above(org.area)]
    if not broken:
        return []
    Organization.objects.filter(pk__in=[org.pk for org in broken]).update(reports_to=None, updated=timezone.now())
    record_bulk_changes([(org, {"reports_to_id": org.reports_to_id}, {"reports_to_id": None}) for org in broken])
    names = ", ".join(f"{org.name} ({org.area.name})" for org in broken[:5])
    if len(broken) > 5:
        names += ", …"
    return [
        _(
            "Đã bỏ “Báo cáo về” của %(count)s tổ chức vì tổ chức nhận báo cáo không còn ở địa bàn cấp trên sau khi "
            "chuyển: %(names)s."
        )
        % {"count": len(broken), "names": names}
    ]


#
# Clusters and re-arrangements
#


class ClusterQuerySet(ValidityQuerySetMixin, RestrictedQuerySet):
    pass


class Cluster(SearchTextMixin, ScopedModelMixin, ValidityMixin, AuditedModel):
    """A named group of areas or organizations (cụm, khối thi đua; cụm giao ban) of one owner area."""

    name = models.CharField(max_length=255, verbose_name=_("Tên cụm, khối"))
    code = models.CharField(max_length=50, blank=True, verbose_name=_("Mã"))
    kind = models.CharField(max_length=20, choices=ClusterKind.choices, verbose_name=_("Loại"))
    owner_area = models.ForeignKey(
        to="orgunits.Area",
        on_delete=models.PROTECT,
        related_name="owned_clusters",
        verbose_name=_("Địa bàn quản lý"),
        help_text=_("Thành viên của cụm phải thuộc địa bàn này."),
    )
    description = models.TextField(blank=True, verbose_name=_("Mô tả"))
    areas = models.ManyToManyField(
        to="orgunits.Area", blank=True, related_name="clusters", verbose_name=_("Địa bàn thành viên")
    )
    organizations = models.ManyToManyField(
        to="orgunits.Organization", blank=True, related_name="clusters", verbose_name=_("Tổ chức thành viên")
    )

    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = ClusterQuerySet.as_manager()
    scope_path_lookup = "owner_area__path"
    audit_exclude = ("created", "updated", "search_text")

    class Meta:
        ordering = ("owner_area__path", "name")
        verbose_name = _("cụm, khối")
        verbose_name_plural = _("cụm, khối")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_area", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Địa bàn này đã có cụm, khối cùng tên."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgunits:cluster_detail", kwargs={"pk": self.pk})

    def clean(self):
        self.name = clean_text(self.name)
        self.clean_validity()
        if self.owner_area_id and self.name:
            # The unique constraint compares names exactly; "cụm thi đua số 1" and "Cụm thi đua số 1"
            # are the same cluster to a reader (core.text.name_key). The exact clash is the constraint's.
            key = name_key(self.name)
            others = Cluster.objects.filter(owner_area_id=self.owner_area_id, search_text__startswith=fold(self.name))
            for other in others.exclude(pk=self.pk).only("name"):
                if name_key(other.name) == key and other.name != self.name:
                    raise ValidationError(
                        {"name": _("Địa bàn này đã có cụm, khối cùng tên: “%(name)s”.") % {"name": other.name}}
                    )

    def compute_search_text(self) -> str:
        """Name and code folded, so "cum mien dong" finds "Cụm miền Đông" (see `search()`)."""
        return " ".join(part for part in (fold(self.name), fold(self.code)) if part)[:400]


class Rearrangement(AuditedModel):
    """A re-arrangement of areas on a date (merge, split, rename...), linking predecessors to successors.

    Records attached to a predecessor stay attached to it; a successor's history includes its
    predecessors' through `Area.lineage()`.
    """

    kind = models.CharField(max_length=20, choices=RearrangementKind.choices, verbose_name=_("Hình thức"))
    effective_date = models.DateField(verbose_name=_("Ngày có hiệu lực"))
    decision = models.CharField(max_length=255, blank=True, verbose_name=_("Căn cứ (nghị quyết, quyết định)"))
    description = models.TextField(blank=True, verbose_name=_("Nội dung"))
    predecessors = models.ManyToManyField(
        to="orgunits.Area", related_name="successor_rearrangements", verbose_name=_("Đơn vị trước sắp xếp")
    )
    successors = models.ManyToManyField(
        to="orgunits.Area", related_name="predecessor_rearrangements", verbose_name=_("Đơn vị sau sắp xếp")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("-effective_date", "pk")
        verbose_name = _("sắp xếp đơn vị hành chính")
        verbose_name_plural = _("sắp xếp đơn vị hành chính")

    def __str__(self):
        label = self.decision or self.description[:80]
        return f"{self.get_kind_display()} ({self.effective_date:%d/%m/%Y}) {label}".strip()

    def get_absolute_url(self):
        return reverse("orgunits:rearrangement_detail", kwargs={"pk": self.pk})

    def clean(self):
        label = self._meta.get_field("effective_date").verbose_name
        if message := date_window_error(self.effective_date, label, ADMINISTRATIVE_HISTORY_START):
            raise ValidationError({"effective_date": message})

    def clean_links(self, predecessors, successors) -> None:
        """Raise ValidationError unless `predecessors` and `successors` (areas) fit this
        re-arrangement's kind and date; call with the areas about to be linked, before linking them
        (the links are many-to-many and so cannot be checked by clean()).

        Refused: an area on both sides; counts the kind contradicts (RearrangementKind); areas of
        different levels, except that a district may precede a commune (the island districts
        without communes became communes and special zones in 2025); a predecessor that only
        starts on or after the date, a successor that ended by then; and a loop, a successor
        from which a predecessor already descends through other re-arrangements. A unit
        re-established after a merger is a new area, as the loader records every unit before and
        after 1 July 2025 as two areas: a loop would make each unit's history (Area.lineage(),
        and the reading scope built on it) include its own later self.
        """
        predecessors, successors = list(predecessors), list(successors)
        split_elsewhere = False
        if self.kind == RearrangementKind.SPLIT and len(predecessors) == len(successors) == 1:
            # The 2025 load: one record per new commune that received a part of a divided one.
            others = Rearrangement.objects.filter(effective_date=self.effective_date, predecessors=predecessors[0])
            split_elsewhere = others.exclude(pk=self.pk).exists()
        errors = rearrangement_link_errors(
            self.kind, self.effective_date, predecessors, successors, split_elsewhere=split_elsewhere
        )
        if not errors:
            looped = self._looped(predecessors, successors)
            if looped:
                errors["successors"] = [
                    _(
                        "Sắp xếp này tạo vòng lặp: đơn vị trước sắp xếp đã được hình thành từ %(names)s qua các lần "
                        "sắp xếp khác. Đơn vị được tái lập sau khi sáp nhập cần được ghi là một địa bàn mới."
                    )
                    % {"names": ", ".join(looped)}
                ]
        if errors:
            raise ValidationError(errors)

    def _looped(self, predecessors, successors) -> list[str]:
        """Return the names of the successors some predecessor already descends from (through the
        other re-arrangements): one recursive query (core.scope.predecessor_ids)."""
        # This record's own stored links are what the caller is replacing: left out of the walk.
        found = set(predecessor_ids([area.pk for area in predecessors], skip_rearrangement=self.pk))
        names = {area.pk: area.name for area in successors}
        return [name for pk, name in names.items() if pk in found]

    @classmethod
    def scope_filter(cls, prefixes, action):
        # Re-arrangements are public reference data: any logged-in user may read them. Writing one
        # needs the action on every area it names (a commune records the merger of its hamlets;
        # a merger of communes is recorded by the province, or a system administrator).
        if action == "view":
            return Q()
        outside = Area.objects.exclude(prefix_q("path", prefixes)).values("pk")
        touching_outside = Rearrangement.objects.filter(Q(predecessors__in=outside) | Q(successors__in=outside)).values(
            "pk"
        )
        return ~Q(pk__in=touching_outside)

    def get_scope_path(self) -> str:
        return ""
