import django_tables2 as tables
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.models import Job, ObjectChange

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

# Bootstrap classes of a secondary column's cells: hidden on a phone, a table cell from the md
# breakpoint (768 px) up. On a 390 px phone a list keeps its name column and two or three facts.
SECONDARY_CELL_CLASS = "d-none d-md-table-cell"
# The main column (the name, the link): it gets the room the hidden columns leave, so a long name
# does not wrap one word per line (core/static/core/app.css).
MAIN_CELL_CLASS = "col-main"


def _add_cell_class(column: tables.Column, css: str) -> None:
    """Add `css` to the class of the column's header, body and footer cells, keeping its own."""
    attrs = dict(column.attrs)
    for key in ("th", "td", "tf"):
        cell = dict(attrs.get(key, attrs.get("cell", {})))
        cell["class"] = " ".join(filter(None, (cell.get("class", ""), css)))
        attrs[key] = cell
    column.attrs = attrs


def _meta_option(table_class: type, name: str, default):
    return getattr(getattr(table_class, "Meta", None), name, default)


class BaseTable(tables.Table):
    """Base of every list table: on a phone it shows only the essential columns.

    `Meta.secondary_columns` names the columns a phone does without; their cells are hidden below
    the md breakpoint with Bootstrap's display classes. They stay on a wider screen, and in the
    Excel export, which reads the table's columns, not the page. `Meta.main_column` is the column
    that names the row (default: the first one); it keeps room for the name on a phone.
    (django-tables2 ignores Meta attributes it does not know; this class reads them.)
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Fail at import rather than show a column on phones because of a typo.
        unknown = set(_meta_option(cls, "secondary_columns", ())) - set(cls.base_columns)
        main = _meta_option(cls, "main_column", None)
        if main is not None and main not in cls.base_columns:
            unknown.add(main)
        if unknown:
            raise ImproperlyConfigured(f"{cls.__name__}.Meta names no such column: {', '.join(sorted(unknown))}")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # self.columns holds this table's own copies of the columns: changing them leaves the class alone.
        for name in self.secondary_columns():
            if name in self.columns:  # not when the page excludes it (an area's organizations lack "area")
                _add_cell_class(self.columns[name].column, SECONDARY_CELL_CLASS)
        main = _meta_option(type(self), "main_column", None) or next(
            (column.name for column in self.columns.itervisible()), None
        )
        if main is not None:
            _add_cell_class(self.columns[main].column, MAIN_CELL_CLASS)

    def secondary_columns(self) -> tuple[str, ...]:
        """Return the names of the columns hidden on a phone (a table with extra columns may add them)."""
        return tuple(_meta_option(type(self), "secondary_columns", ()))


class YesNoColumn(tables.BooleanColumn):
    """A yes/no column: ✔ or ✘ on the page, "Có" or "Không" in the Excel export.

    The column itself gives the exported words (`value()`), so the export needs no list of which
    positions hold yes/no values. Tables declare it for every boolean field, including one listed
    only in `Meta.fields` (which django-tables2 would make a plain BooleanColumn, exported "True");
    core/tests/test_exports.py checks that no table has a plain BooleanColumn.
    """

    def value(self, record, value, bound_column):
        return str(_("Có") if self._get_bool_value(record, value, bound_column) else _("Không"))


class ObjectChangeTable(BaseTable):
    time = tables.DateTimeColumn(format="d/m/Y H:i:s", linkify=True, verbose_name=_("Thời điểm"))
    # Named by full name as everywhere else; sorted by it, the username for deleted accounts.
    user_name = tables.Column(
        accessor="actor_name",
        verbose_name=_("Người thực hiện"),
        default=_("Hệ thống"),
        order_by=("user__full_name", "user_name"),
    )
    content_type = tables.Column(
        accessor="content_type__name", verbose_name=_("Loại đối tượng"), order_by=("content_type__model",)
    )
    object_repr = tables.Column(verbose_name=_("Đối tượng"))

    class Meta:
        model = ObjectChange
        fields = ("time", "user_name", "action", "content_type", "object_repr")
        secondary_columns = ("user_name", "content_type")
        attrs = TABLE_ATTRS
        order_by = ("-time",)


class JobTable(BaseTable):
    title = tables.Column(linkify=True, verbose_name=_("Công việc"))
    created = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Tạo lúc"))
    created_by = tables.Column(verbose_name=_("Người tạo"))

    class Meta:
        model = Job
        fields = ("title", "status", "created_by", "created", "finished_at", "progress_done", "progress_total")
        secondary_columns = ("created_by", "finished_at", "progress_done", "progress_total")
        attrs = TABLE_ATTRS
        order_by = ("-created",)
