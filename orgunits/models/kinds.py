"""Kinds of areas and organizations: reference data edited by administrators."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LookupModel
from core.text import clean_text, name_key
from orgunits.choices import AreaLevel, OrganizationCategory


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
