"""Organizations working in an area: Party bodies, the Front, member organizations, teams."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record_bulk_changes
from core.models import AuditedModel
from core.querysets import RestrictedQuerySet, ScopedModelMixin
from core.scope import prefix_q
from core.signals import rewrite_paths, unit_moved
from core.text import clean_text, fold
from core.validators import validate_phone
from orgunits.choices import AreaLevel, UnitSource

# Areas and organizations refer to each other: see orgunits.models.areas.
from orgunits.models import areas
from orgunits.models.base import TreePathMixin, ValidityMixin, ValidityQuerySetMixin, path_ids
from orgunits.validators import ORGANIZATION_HISTORY_START


class OrganizationQuerySet(ValidityQuerySetMixin, RestrictedQuerySet):
    def under(self, unit):
        """Return the organizations beneath `unit` (an area or an organization)."""
        return self.filter(path__startswith=unit.path)

    def reportable_from(self, area_id: int | None):
        """Return the organizations an organization of the area `area_id` may report to
        (`reports_to`): those strictly above that area, or, with no known area, above the hamlets."""
        area = areas.Area.objects.filter(pk=area_id).only("path").first() if area_id else None
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
        return areas.Area.objects.ancestors_of(self)


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
