"""The public gallery of recognized models of an area, off until the unit turns it on."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from core.querysets import RestrictedQuerySet, ScopedModelMixin


class PublicGallery(ScopedModelMixin, AuditedModel):
    """The settings of an area's public, read-only gallery of recognized models (no login).

    Without a row, or with `is_enabled` off, the area has no public page.
    """

    area = models.OneToOneField(
        to="orgunits.Area", on_delete=models.CASCADE, related_name="public_gallery", verbose_name=_("Địa bàn")
    )
    is_enabled = models.BooleanField(default=False, verbose_name=_("Công khai"))
    title = models.CharField(max_length=255, blank=True, verbose_name=_("Tiêu đề trang"))
    introduction = models.TextField(blank=True, verbose_name=_("Lời giới thiệu"))
    show_contacts = models.BooleanField(
        default=False,
        verbose_name=_("Hiện người liên hệ"),
        help_text=_("Tắt để không công khai họ tên và số điện thoại người liên hệ."),
    )

    objects = RestrictedQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("trang giới thiệu công khai")
        verbose_name_plural = _("trang giới thiệu công khai")

    def __str__(self):
        return self.title or str(self.area)

    def get_absolute_url(self):
        return reverse("initiatives:gallery_settings", kwargs={"area_pk": self.area_id})

    def get_public_url(self):
        return reverse("initiatives:gallery", kwargs={"area_pk": self.area_id})
