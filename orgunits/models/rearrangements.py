"""Re-arrangements of administrative units (merge, split, rename...)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from core.querysets import RestrictedQuerySet
from core.scope import predecessor_ids, prefix_q
from orgunits.choices import RearrangementKind
from orgunits.models.areas import Area
from orgunits.validators import ADMINISTRATIVE_HISTORY_START, date_window_error, rearrangement_link_errors


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
