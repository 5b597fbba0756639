"""Clusters: named groups of areas or organizations (cụm, khối thi đua; cụm giao ban)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, SearchTextMixin
from core.querysets import RestrictedQuerySet, ScopedModelMixin
from core.text import clean_text, fold, namesake
from orgunits.choices import ClusterKind
from orgunits.models.base import ValidityMixin, ValidityQuerySetMixin


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
            others = Cluster.objects.filter(owner_area_id=self.owner_area_id, search_text__startswith=fold(self.name))
            other = namesake(others.exclude(pk=self.pk).exclude(name=self.name).only("name"), self.name)
            if other is not None:
                raise ValidationError(
                    {"name": _("Địa bàn này đã có cụm, khối cùng tên: “%(name)s”.") % {"name": other.name}}
                )

    def compute_search_text(self) -> str:
        """Name and code folded, so "cum mien dong" finds "Cụm miền Đông" (see `search()`)."""
        return " ".join(part for part in (fold(self.name), fold(self.code)) if part)[:400]
