import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.tables import BaseTable, YesNoColumn

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class UserTable(BaseTable):
    username = tables.Column(linkify=True, verbose_name=_("Tên đăng nhập"))
    roles = tables.Column(empty_values=(), orderable=False, verbose_name=_("Phân quyền"))
    is_active = YesNoColumn(verbose_name=_("Đang hoạt động"))
    is_superuser = YesNoColumn(verbose_name=_("Quản trị hệ thống"))

    class Meta:
        model = User
        fields = ("username", "full_name", "position", "email", "is_active", "is_superuser", "last_login", "roles")
        secondary_columns = ("position", "email", "is_superuser", "last_login", "roles")
        attrs = TABLE_ATTRS
        order_by = ("username",)

    def render_roles(self, record):
        return (
            format_html_join(", ", "{} — {}", ((a.get_role_display(), a.target) for a in record.visible_assignments))
            or "—"
        )

    def value_roles(self, record):
        return "; ".join(f"{a.get_role_display()} — {a.target}" for a in record.visible_assignments)
