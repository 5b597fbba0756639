"""Kinds of areas and organizations: reference data edited by administrators."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LookupModel
from orgunits.choices import AreaLevel, OrganizationCategory


class AreaKind(LookupModel):
    """A kind of administrative unit (tỉnh, xã, phường, đặc khu, thôn, tổ dân phố...)."""

    level = models.PositiveSmallIntegerField(choices=AreaLevel.choices, verbose_name=_("Cấp"))

    class Meta(LookupModel.Meta):
        verbose_name = _("loại địa bàn")
        verbose_name_plural = _("loại địa bàn")

    def get_absolute_url(self):
        return reverse("orgunits:areakind_list")

    def get_edit_url(self):
        return reverse("orgunits:areakind_edit", kwargs={"pk": self.pk})


class OrganizationKind(LookupModel):
    """A kind of organization (Ban Tuyên giáo và Dân vận, Hội Nông dân, tổ dân vận...)."""

    category = models.CharField(max_length=20, choices=OrganizationCategory.choices, verbose_name=_("Nhóm"))

    class Meta(LookupModel.Meta):
        verbose_name = _("loại tổ chức")
        verbose_name_plural = _("loại tổ chức")

    def get_absolute_url(self):
        return reverse("orgunits:organizationkind_list")

    def get_edit_url(self):
        return reverse("orgunits:organizationkind_edit", kwargs={"pk": self.pk})
