"""How the report document (DOCX, Party format) is laid out: font and margins, per area.

HD 36-HD/VPTW fixes the parts and their type sizes (the header 15 bold, the issuer 14, the
document type 15-16 bold...); the body font, its size and the page margins vary between
handbooks, so administrators set them here. Defaults: Times New Roman 14, margins 20/20/30/15 mm
(top/bottom/left/right). The handbook quoted in shared/domain.md §4 (Đảng ủy khối Bình Thuận) uses
25/25/35/15; an area that follows it changes its row.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from orgunits.models import path_ids

DEFAULT_FONT = "Times New Roman"
DEFAULT_FONT_SIZE = 14
DEFAULT_MARGINS_MM = {"margin_top": 20, "margin_bottom": 20, "margin_left": 30, "margin_right": 15}
MARGIN_VALIDATORS = [MinValueValidator(5), MaxValueValidator(60)]


class DocumentSettingsQuerySet(models.QuerySet):
    def for_area(self, area) -> "DocumentSettings":
        """Return the settings that apply to `area`: its own row, else the nearest area above it
        that has one, else the national row (no area), else the built-in defaults (not saved)."""
        ids = path_ids(area.path) if area is not None else []
        rows = {row.area_id: row for row in self.filter(models.Q(area_id__in=ids) | models.Q(area__isnull=True))}
        for area_id in [*reversed(ids), None]:
            if area_id in rows:
                return rows[area_id]
        return self.model()


class DocumentSettings(AuditedModel):
    """The layout of the report documents of an area and the areas below it (or, without an
    area, of the whole system): body font and size, page margins, the archive line."""

    area = models.OneToOneField(
        to="orgunits.Area",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_document_settings",
        verbose_name=_("Địa bàn"),
        help_text=_("Để trống: áp dụng cho cả hệ thống. Địa bàn cấp dưới dùng thiết lập của cấp trên gần nhất."),
    )
    font_name = models.CharField(max_length=100, default=DEFAULT_FONT, verbose_name=_("Phông chữ"))
    font_size = models.PositiveSmallIntegerField(
        default=DEFAULT_FONT_SIZE,
        validators=[MinValueValidator(12), MaxValueValidator(16)],
        verbose_name=_("Cỡ chữ nội dung"),
        help_text=_("Thể thức văn bản của Đảng: cỡ 14 hoặc 15."),
    )
    margin_top = models.PositiveSmallIntegerField(
        default=DEFAULT_MARGINS_MM["margin_top"], validators=MARGIN_VALIDATORS, verbose_name=_("Lề trên (mm)")
    )
    margin_bottom = models.PositiveSmallIntegerField(
        default=DEFAULT_MARGINS_MM["margin_bottom"], validators=MARGIN_VALIDATORS, verbose_name=_("Lề dưới (mm)")
    )
    margin_left = models.PositiveSmallIntegerField(
        default=DEFAULT_MARGINS_MM["margin_left"], validators=MARGIN_VALIDATORS, verbose_name=_("Lề trái (mm)")
    )
    margin_right = models.PositiveSmallIntegerField(
        default=DEFAULT_MARGINS_MM["margin_right"], validators=MARGIN_VALIDATORS, verbose_name=_("Lề phải (mm)")
    )
    archive_note = models.CharField(
        max_length=100,
        default="Lưu Văn phòng",
        verbose_name=_("Dòng lưu trữ ở “Nơi nhận”"),
        help_text=_("Ví dụ: Lưu Văn phòng."),
    )

    objects = DocumentSettingsQuerySet.as_manager()

    class Meta:
        ordering = ("area__path",)
        verbose_name = _("thể thức văn bản báo cáo")
        verbose_name_plural = _("thể thức văn bản báo cáo")
        constraints = [
            # One national row (no area); the one-to-one field keeps one row per area.
            models.UniqueConstraint(
                Coalesce("area", 0),
                condition=models.Q(area__isnull=True),
                name="%(app_label)s_%(class)s_one_national",
                violation_error_message=_("Đã có thiết lập mặc định cho toàn hệ thống."),
            )
        ]

    def __str__(self):
        return self.area.name if self.area_id else str(_("Mặc định toàn hệ thống"))

    def get_absolute_url(self):
        return reverse("reports:documentsettings_edit", kwargs={"pk": self.pk})
