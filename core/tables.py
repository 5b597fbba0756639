import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.models import Job, ObjectChange

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class YesNoColumn(tables.BooleanColumn):
    """A yes/no column: ✔ or ✘ on the page, "Có" or "Không" in the Excel export.

    The column itself gives the exported words (`value()`), so the export needs no list of which
    positions hold yes/no values. Tables declare it for every boolean field, including one listed
    only in `Meta.fields` (which django-tables2 would make a plain BooleanColumn, exported "True");
    core/tests/test_exports.py checks that no table has a plain BooleanColumn.
    """

    def value(self, record, value, bound_column):
        return str(_("Có") if self._get_bool_value(record, value, bound_column) else _("Không"))


class ObjectChangeTable(tables.Table):
    time = tables.DateTimeColumn(format="d/m/Y H:i:s", linkify=True, verbose_name=_("Thời điểm"))
    user_name = tables.Column(verbose_name=_("Người thực hiện"), default=_("Hệ thống"))
    content_type = tables.Column(
        accessor="object_type", verbose_name=_("Loại đối tượng"), order_by=("content_type__model",)
    )
    object_repr = tables.Column(verbose_name=_("Đối tượng"))

    class Meta:
        model = ObjectChange
        fields = ("time", "user_name", "action", "content_type", "object_repr")
        attrs = TABLE_ATTRS
        order_by = ("-time",)


class JobTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Công việc"))
    created = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Tạo lúc"))
    created_by = tables.Column(verbose_name=_("Người tạo"))

    class Meta:
        model = Job
        fields = ("title", "status", "created_by", "created", "finished_at", "progress_done", "progress_total")
        attrs = TABLE_ATTRS
        order_by = ("-created",)
