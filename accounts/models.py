"""Accounts: users, their role assignments on units, and failed logins for throttling."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, AuditMixin, SearchTextMixin
from core.querysets import RestrictedQuerySet, ScopedModelMixin
from core.roles import Role
from core.scope import prefix_q
from core.text import fold
from core.validators import validate_phone

USERNAME_TAKEN = _("Tên đăng nhập này đã có (không phân biệt chữ hoa, chữ thường).")


class CaseInsensitiveUserManager(UserManager):
    """Usernames are matched without regard to case: "Admin" logs in as "admin"."""

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(SearchTextMixin, AuditMixin, AbstractUser):
    """A person who logs in: a cadre of a unit, or a system administrator (is_superuser).

    Changes are audited (with the password hash redacted); the entries have no unit path, so
    only system administrators read them.
    """

    audit_exclude = ("last_login", "search_text")
    audit_redact = ("password",)

    full_name = models.CharField(max_length=150, blank=True, verbose_name=_("Họ và tên"))
    position = models.CharField(max_length=150, blank=True, verbose_name=_("Chức vụ"))
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone], verbose_name=_("Số điện thoại"))
    search_text = models.CharField(max_length=500, blank=True, editable=False)

    objects = CaseInsensitiveUserManager()

    class Meta:
        ordering = ("username",)
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=USERNAME_TAKEN,
            )
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", kwargs={"pk": self.pk})

    def get_full_name(self) -> str:
        """The one "Họ và tên" field; Django's first and last names only for accounts made before it."""
        return self.full_name or super().get_full_name()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def compute_search_text(self) -> str:
        parts = (self.username, self.full_name, self.first_name, self.last_name, self.email, self.position)
        return " ".join(fold(part) for part in parts if part)[:500]


class RoleAssignmentQuerySet(RestrictedQuerySet):
    pass


class RoleAssignment(ScopedModelMixin, AuditedModel):
    """A role a user holds on one area or one organization, covering everything beneath it."""

    user = models.ForeignKey(
        to="accounts.User",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("Người dùng"),
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=_("Vai trò"))
    area = models.ForeignKey(
        to="orgunits.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("Địa bàn"),
    )
    organization = models.ForeignKey(
        to="orgunits.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("Tổ chức"),
    )
    note = models.CharField(max_length=255, blank=True, verbose_name=_("Ghi chú"))

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ("user__username", "role")
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(area__isnull=False, organization__isnull=True))
                | (models.Q(area__isnull=True, organization__isnull=False)),
                name="%(app_label)s_%(class)s_one_target",
                violation_error_message=_("Chọn đúng một địa bàn hoặc một tổ chức."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "area"],
                condition=models.Q(area__isnull=False),
                name="%(app_label)s_%(class)s_unique_area",
                violation_error_message=_("Người dùng đã có vai trò này trên địa bàn này."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=models.Q(organization__isnull=False),
                name="%(app_label)s_%(class)s_unique_organization",
                violation_error_message=_("Người dùng đã có vai trò này trong tổ chức này."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.target}"

    @property
    def target(self):
        return self.area or self.organization

    def get_scope_path(self) -> str:
        target = self.target
        return target.path if target else ""

    @classmethod
    def scope_filter(cls, prefixes, action):
        return prefix_q("area__path", prefixes) | prefix_q("organization__path", prefixes)

    def get_absolute_url(self):
        return reverse("accounts:user_detail", kwargs={"pk": self.user_id})


class FailedLogin(models.Model):
    """A failed login attempt, kept for throttling (see accounts.throttle)."""

    username = models.CharField(max_length=150, db_index=True, verbose_name=_("Tên đăng nhập"))
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True, verbose_name=_("Địa chỉ IP"))
    time = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("Thời điểm"))

    class Meta:
        verbose_name = _("đăng nhập thất bại")
        verbose_name_plural = _("đăng nhập thất bại")

    def __str__(self):
        return f"{self.username} @ {self.ip_address}"
