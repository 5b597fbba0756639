"""Areas: administrative units (province, historical district, commune, hamlet)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DeletionRefused
from core.models import AuditedModel
from core.querysets import InSubquery, RestrictedQuerySet, ScopedModelMixin
from core.scope import predecessor_ids, prefix_q
from core.signals import rewrite_paths, unit_moved
from core.text import clean_text, fold, search_words
from orgunits.choices import AreaLevel, UnitSource

# Areas and organizations refer to each other (a move of either rewrites both tables): each module
# imports the other as a module and reads its classes when a method runs, so either may load first.
from orgunits.models import organizations
from orgunits.models.base import TreePathMixin, ValidityMixin, ValidityQuerySetMixin, area_part, path_ids
from orgunits.query_templates import TemplatedQuerySetMixin
from orgunits.validators import area_km2_error, area_rearrangement_errors

# The violation code of the (level, code) constraints: Area.validate_constraints() shows them on the code field.
CODE_TAKEN = "code_taken"


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
        words = search_words(text)
        if not words:
            return self
        query = Q()
        for word in words:
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
                rewrite_paths(organizations.Organization, old_path, new_path)
                unit_moved.send(sender=Area, old_prefix=old_path, new_prefix=new_path)
                if depth_delta:
                    Area.objects.filter(path__startswith=new_path).exclude(pk=self.pk).update(
                        depth=F("depth") + depth_delta
                    )
            self.path = new_path
            super().save(*args, **kwargs)
            if moved:
                self.save_notes = organizations.drop_broken_reporting(new_path)

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
            raise ValidationError(
                {
                    "kind": _("Loại địa bàn phải ở cấp thấp hơn đơn vị trực thuộc (%(parent)s).")
                    % {"parent": self.parent.kind.name}
                }
            )
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
            active_organizations = (
                organizations.Organization.objects.filter(area=self).current(on=self.valid_to).exists()
            )
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
