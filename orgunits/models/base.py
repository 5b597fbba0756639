"""Shared parts of the units of the tree: materialised paths and effective dating.

Areas and organizations share one materialised-path namespace: an area's path is its parent's
path plus "<id>/", an organization's path is its parent organization's (or its area's) path plus
"o<id>/". "Everything under the province" is then one indexed prefix match on either table, and
a role assignment on any unit covers the same prefix (core.scope).
"""

import datetime
import functools
import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold, namesake, search_words
from orgunits.validators import ADMINISTRATIVE_HISTORY_START, date_window_error

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
        words = search_words(text)
        if not words:
            return self
        query = Q()
        for word in words:
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
        candidates = siblings.current().filter(search_text__startswith=fold(self.name)).exclude(pk=self.pk)
        return namesake(candidates.only("name"), self.name)
