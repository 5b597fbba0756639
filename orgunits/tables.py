"""Tables for the list pages (django-tables2): sortable columns, Excel export uses the same columns."""

import django_tables2 as tables
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable, StatusColumn, YesNoColumn, compact_badge
from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind, Rearrangement

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


VALIDITY_BADGES = {"current": "text-bg-success", "ended": "text-bg-secondary"}
VALIDITY_ICONS = {"current": "bi-check-circle-fill", "ended": "bi-dash-circle"}


def validity(unit) -> tuple[str, str]:
    """Return (key, label) of whether an area or organization is in force today."""
    if unit.is_current():
        return "current", _("Đang hoạt động")
    return "ended", _("Đã hết hiệu lực")


def validity_badge(unit) -> SafeString:
    """Return the unit's validity as a list cell shows it (core.tables.compact_badge), for the
    tables written in templates (an area's sub-units)."""
    key, label = validity(unit)
    return compact_badge(label, VALIDITY_BADGES[key], VALIDITY_ICONS[key])


class ValidityColumn(StatusColumn):
    """Whether the unit is in force: "Đang hoạt động" or "Đã hết hiệu lực"."""

    def __init__(self, **kwargs):
        # empty_values=(): render even when valid_to is empty (a unit still in force).
        super().__init__(
            colours=VALIDITY_BADGES,
            icons=VALIDITY_ICONS,
            accessor="valid_to",
            verbose_name=_("Tình trạng"),
            orderable=False,
            empty_values=(),
            **kwargs,
        )

    def status(self, value, record, bound_column):
        return validity(record)

    def render_footer(self, bound_column, table):
        return ""


class AreaTable(BaseTable):
    # Sorted on the folded name, so "Ấp" sorts with "Ap", not after "Xã".
    name = tables.Column(linkify=True, verbose_name=_("Tên"), order_by=("search_text",))
    kind = tables.Column(accessor="kind__name", verbose_name=_("Loại"), order_by=("kind__sort_order",))
    # Plain text: the parent may lie outside the user's scope (its page would be a 404).
    parent = tables.Column(accessor="parent__name", verbose_name=_("Trực thuộc"))
    status = ValidityColumn()

    class Meta:
        model = Area
        fields = ("name", "kind", "code", "parent", "valid_from", "valid_to", "status")
        secondary_columns = ("kind", "code", "valid_from", "valid_to")
        attrs = TABLE_ATTRS
        empty_text = _("Không có địa bàn nào.")
        order_by = ("path",)


class OrganizationTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Tên tổ chức"), order_by=("search_text",))
    kind = tables.Column(accessor="kind__name", verbose_name=_("Loại"), order_by=("kind__sort_order",))
    area = tables.Column(
        accessor="area__name", verbose_name=_("Địa bàn"), linkify=lambda record: record.area.get_absolute_url()
    )
    # The area's own parent: "Khu phố 1" alone is ambiguous across a province.
    area_parent = tables.Column(
        accessor="area__parent__name", verbose_name=_("Trên địa bàn"), orderable=False, default=""
    )
    parent = tables.Column(accessor="parent__name", verbose_name=_("Thuộc"), default="—")
    status = ValidityColumn()

    class Meta:
        model = Organization
        fields = ("name", "short_name", "kind", "area", "area_parent", "parent", "phone", "status")
        secondary_columns = ("short_name", "kind", "area_parent", "parent", "phone")
        attrs = TABLE_ATTRS
        empty_text = _("Không có tổ chức nào.")


class ClusterTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Tên cụm, khối"), order_by=("search_text",))
    owner_area = tables.Column(accessor="owner_area__name", verbose_name=_("Địa bàn quản lý"))
    member_count = tables.Column(verbose_name=_("Số thành viên"), orderable=True)
    status = ValidityColumn()

    class Meta:
        model = Cluster
        fields = ("name", "code", "kind", "owner_area", "member_count", "status")
        secondary_columns = ("code", "kind", "owner_area")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có cụm, khối nào.")


class RearrangementTable(BaseTable):
    effective_date = tables.DateColumn(format="d/m/Y", linkify=True, verbose_name=_("Ngày có hiệu lực"))
    successor_names = tables.Column(empty_values=(), orderable=False, verbose_name=_("Đơn vị sau sắp xếp"))
    predecessor_count = tables.Column(verbose_name=_("Số đơn vị trước"), orderable=True)

    class Meta:
        model = Rearrangement
        fields = ("effective_date", "kind", "successor_names", "predecessor_count", "decision")
        secondary_columns = ("predecessor_count", "decision")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có sắp xếp nào được ghi nhận.")

    def render_successor_names(self, record):
        return ", ".join(area.name for area in record.successors.all()) or "—"

    def value_successor_names(self, record):
        return self.render_successor_names(record)


class AreaKindTable(BaseTable):
    name = tables.Column(linkify=lambda record: record.get_edit_url(), verbose_name=_("Tên"))
    is_active = YesNoColumn()

    class Meta:
        model = AreaKind
        fields = ("name", "code", "level", "sort_order", "is_active")
        secondary_columns = ("code", "sort_order")
        attrs = TABLE_ATTRS


class OrganizationKindTable(BaseTable):
    name = tables.Column(linkify=lambda record: record.get_edit_url(), verbose_name=_("Tên"))
    is_active = YesNoColumn()

    class Meta:
        model = OrganizationKind
        fields = ("name", "code", "category", "sort_order", "is_active")
        secondary_columns = ("code", "sort_order")
        attrs = TABLE_ATTRS
