from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import throttle
from accounts.models import USERNAME_TAKEN, RoleAssignment, User
from accounts.queries import is_peer_unit
from core.roles import Role
from core.widgets import AutocompleteSelect
from orgunits.forms import AreaChoiceField, BootstrapMixin, OrganizationChoiceField
from orgunits.models import Area, Organization


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuse logins for a while after too many failures (per username and per address)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "locked": _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autofocus": True})
        self.fields["password"].widget.attrs.update({"class": "form-control"})

    def clean(self):
        username = self.data.get("username", "")
        ip_address = throttle.client_ip(self.request) if self.request else None
        if throttle.is_locked(username, ip_address):
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(username, ip_address)
            raise
        throttle.clear_failures(username, ip_address)
        return cleaned


class UserForm(BootstrapMixin, forms.ModelForm):
    """Create or edit a user; a new user gets a password (validated by the password policy)."""

    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, required=False, strip=False)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, required=False, strip=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "phone", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = user
        self.fields["username"].help_text = _("Tối đa 150 ký tự: chữ cái không dấu, chữ số và các ký tự @ . + - _")
        self.fields["is_active"].label = _("Đang hoạt động")
        self.fields["is_active"].help_text = _("Bỏ chọn để khóa tài khoản thay vì xóa (giữ lại lịch sử).")
        if user.is_superuser:
            self.fields["is_superuser"] = forms.BooleanField(
                label=_("Quản trị hệ thống (toàn quốc)"), required=False, initial=self.instance.is_superuser
            )
        if self.instance.pk:
            self.fields["password1"].help_text = _("Để trống nếu không đổi mật khẩu.")
        else:
            self.fields["password1"].required = True
            self.fields["password2"].required = True
            self.fields["password1"].help_text = _(
                "Ít nhất 10 ký tự, không toàn chữ số, không phải mật khẩu phổ biến, không giống tên đăng nhập hay họ tên."
            )
        self.apply_bootstrap()

    def clean_is_active(self):
        is_active = self.cleaned_data.get("is_active")
        if not is_active and self.instance.pk is not None and self.instance.pk == self.manager.pk:
            raise ValidationError(_("Không thể tự khóa tài khoản đang dùng."), code="self_deactivation")
        return is_active

    def clean_is_superuser(self):
        # Only a system administrator sees the field; unticking it on their own account would
        # leave them unable to give it back (as locking oneself out, clean_is_active).
        is_superuser = self.cleaned_data.get("is_superuser", False)
        if not is_superuser and self.instance.pk is not None and self.instance.pk == self.manager.pk:
            raise ValidationError(
                _(
                    "Không thể tự bỏ quyền quản trị hệ thống của tài khoản đang dùng; hãy nhờ quản trị viên hệ thống khác."
                ),
                code="self_demotion",
            )
        return is_superuser

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())  # one space between words

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise ValidationError(USERNAME_TAKEN, code="unique_username")
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first or second:
            if first != second:
                self.add_error("password2", _("Hai mật khẩu không khớp."))
            else:
                candidate = self.instance
                candidate.username = cleaned.get("username") or candidate.username
                try:
                    password_validation.validate_password(first, candidate)
                except ValidationError as error:
                    self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("password1"):
            user.set_password(self.cleaned_data["password1"])
        if "is_superuser" in self.fields:
            user.is_superuser = self.cleaned_data.get("is_superuser", False)
            user.is_staff = user.is_superuser
        if commit:
            user.save()
        return user


class RoleAssignmentForm(BootstrapMixin, forms.ModelForm):
    """Give a user a role on one area or one organization the manager administers."""

    area = AreaChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Địa bàn"),
        widget=AutocompleteSelect("orgunits:area_autocomplete"),
    )
    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("hoặc Tổ chức"),
        widget=AutocompleteSelect("orgunits:organization_autocomplete"),
    )

    class Meta:
        model = RoleAssignment
        fields = ["role", "area", "organization", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = user
        self.fields["role"].choices = Role.choices
        self.fields["area"].queryset = Area.objects.restrict(user, "manage").select_related("kind")
        self.fields["organization"].queryset = Organization.objects.restrict(user, "manage")
        self.apply_bootstrap()

    def clean(self):
        # "Exactly one area or organization" is the model's constraint, checked after this.
        cleaned = super().clean()
        unit = cleaned.get("area") or cleaned.get("organization")
        if cleaned.get("role") == Role.UNIT_ADMIN and unit is not None and is_peer_unit(self.manager, unit.path):
            self.add_error(
                "role",
                _(
                    "Quản trị viên của %(unit)s do cấp trên phân công. "
                    "Bạn chỉ giao quyền quản trị cho các đơn vị trực thuộc."
                )
                % {"unit": unit},
            )
        return cleaned

    def _get_validation_exclusions(self):
        # The view sets the instance's user before validating: the "same role twice" constraints need it.
        exclude = super()._get_validation_exclusions()
        if self.instance.user_id is not None:  # a new user's first role has none yet
            exclude.discard("user")
        return exclude


class StyledPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()
