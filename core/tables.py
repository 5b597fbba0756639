import copy
from collections import OrderedDict

import django_tables2 as tables
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import format_html
from django.utils.safestring import SafeString
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


class _ColumnTemplates(OrderedDict):
    """A table class's declared columns, copied for each table instance more cheaply than by
    django-tables2's deep copy (`Table.__init__`).

    The deep copy rebuilt every column's sort keys (`OrderByTuple`), link (`LinkTransform`) and
    lazy labels, about 0.25 ms a table on every list page. A copy of each column with its own
    `attrs` (the one nested value a table changes: `_add_cell_class`) is enough: the rest is
    configuration that tables replace (`column.verbose_name = ...`) rather than change in place.
    """

    def __deepcopy__(self, memo):
        copies = OrderedDict()
        for name, column in self.items():
            copied = copy.copy(column)
            copied.attrs = copy.deepcopy(column.attrs, memo)
            copies[name] = copied
        return copies


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
        cls.base_columns = _ColumnTemplates(cls.base_columns)
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


def compact_badge(label, css: str, icon: str) -> SafeString:
    """Return a list cell's status badge: its label in full from the md breakpoint up, its icon on a phone.

    On a 390 px phone "Đang hoạt động" took about 125 px and squeezed the columns beside it to one
    word per line. Below 768 px the badge keeps its colour and shows `icon` instead of the label
    (`.phone-only`, `.visually-hidden-phone` in core/static/core/app.css); the label stays in the
    page for screen readers, and is the badge's title. Detail pages, which have room, keep plain badges.

    Args:
        label: the status in words.
        css: the badge's colour class, e.g. "text-bg-success".
        icon: a Bootstrap Icons class that tells the statuses of one column apart without their
            colour, e.g. "bi-check-circle-fill".
    """
    return format_html(
        '<span class="badge {} compact-label" title="{}"><i class="bi {} phone-only" aria-hidden="true"></i>'
        '<span class="visually-hidden-phone">{}</span></span>',
        css,
        label,
        icon,
        label,
    )


def state_badge(key, label, colours: dict, icons: dict) -> SafeString:
    """Return the compact badge of state `key` from a column's colour and icon tables (grey and a
    plain dot for a state they do not list): StatusColumn, the job and timeliness badges."""
    return compact_badge(label, colours.get(key, "text-bg-secondary"), icons.get(key, "bi-circle-fill"))


def compact_header(label) -> SafeString:
    """Return a status column's header: its words from the md breakpoint up, an icon on a phone
    (the words visually hidden, still read out, and the icon's title). "Tình trạng" would take
    more room than the compact badges beneath it."""
    return format_html(
        '<span class="compact-label" title="{}"><i class="bi bi-info-circle phone-only" aria-hidden="true"></i>'
        '<span class="visually-hidden-phone">{}</span></span>',
        label,
        label,
    )


class StatusColumn(tables.Column):
    """A status shown as a badge (`compact_badge`): an icon on a phone, the label in full on a wider
    screen and in the Excel export. On a phone its header is an icon too, its words visually hidden
    (`compact_header`, read by templates/django_tables2/danvan.html): "Tình trạng" would take more
    room than the badges.

    Args:
        colours: the badge colour class of each status value (grey for a value not listed).
        icons: the icon class of each status value.
        Other keyword arguments are django-tables2's. A column whose status is not a choice field
        overrides `status()`.
    """

    compact_header = True

    def __init__(self, *, colours: dict[str, str], icons: dict[str, str], **kwargs):
        self.colours = colours
        self.icons = icons
        super().__init__(**kwargs)

    def status(self, value, record, bound_column) -> tuple[str, str]:
        """Return the record's status as (value, label): by default a choice field and its display.

        (django-tables2 hands a choice field's display as `value`: the stored value is read here.)
        """
        owner, name = tables.A(bound_column.accessor).penultimate(record)
        return getattr(owner, name), getattr(owner, f"get_{name}_display")()

    def render(self, value, record, bound_column):
        key, label = self.status(value, record, bound_column)
        return state_badge(key, label, self.colours, self.icons)

    def value(self, value, record, bound_column):
        return str(self.status(value, record, bound_column)[1])


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
        accessor="object_type", verbose_name=_("Loại đối tượng"), order_by=("content_type__model",)
    )
    object_repr = tables.Column(verbose_name=_("Đối tượng"))

    class Meta:
        model = ObjectChange
        fields = ("time", "user_name", "action", "content_type", "object_repr")
        secondary_columns = ("user_name", "content_type")
        attrs = TABLE_ATTRS
        order_by = ("-time",)


JOB_STATUS_BADGES = {
    Job.Status.PENDING: "text-bg-info",
    Job.Status.RUNNING: "text-bg-info",
    Job.Status.SUCCEEDED: "text-bg-success",
    Job.Status.FAILED: "text-bg-danger",
}
JOB_STATUS_ICONS = {
    Job.Status.PENDING: "bi-hourglass",
    Job.Status.RUNNING: "bi-arrow-repeat",
    Job.Status.SUCCEEDED: "bi-check-circle-fill",
    Job.Status.FAILED: "bi-exclamation-triangle-fill",
}


def job_status_badge(job: Job) -> SafeString:
    """Return a job's status badge as the job list shows it, for the import pages' own tables."""
    return state_badge(job.status, job.get_status_display(), JOB_STATUS_BADGES, JOB_STATUS_ICONS)


class JobTable(BaseTable):
    title = tables.Column(linkify=True, verbose_name=_("Công việc"))
    status = StatusColumn(colours=JOB_STATUS_BADGES, icons=JOB_STATUS_ICONS, verbose_name=_("Trạng thái"))
    created = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Tạo lúc"))
    created_by = tables.Column(verbose_name=_("Người tạo"))

    class Meta:
        model = Job
        fields = ("title", "status", "created_by", "created", "finished_at", "progress_done", "progress_total")
        secondary_columns = ("created_by", "finished_at", "progress_done", "progress_total")
        attrs = TABLE_ATTRS
        order_by = ("-created",)
