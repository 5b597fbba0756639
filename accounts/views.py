"""Login, profile and API token, and the management of users and their role assignments."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, TemplateView
from django_filters import BooleanFilter, CharFilter
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.forms import RoleAssignmentForm, ThrottledAuthenticationForm, UserForm
from accounts.models import RoleAssignment, User
from accounts.queries import (
    can_revoke,
    fully_managed_users,
    managed_users,
    visible_assignments,
    with_visible_assignments,
)
from accounts.tables import UserTable
from core.filtersets import BaseFilterSet
from core.scope import can_anywhere, is_system_admin
from core.text import search_words
from core.views import ObjectEditView, ObjectListView


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            title=_("Tài khoản của tôi"),
            token=Token.objects.filter(user=user).first(),
            assignments=user.role_assignments.select_related("area__kind", "organization__kind"),
        )
        return context


@login_required
@require_POST
def regenerate_token(request):
    """Create (or replace) the user's API token; the old one stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
    messages.success(request, _("Đã tạo mã truy cập API mới. Mã cũ (nếu có) không còn dùng được."))
    return redirect("accounts:profile")


class ManagerRequiredMixin(LoginRequiredMixin):
    """System administrators and unit administrators (role unit_admin somewhere) only."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, "manage"):
            raise PermissionDenied(_("Chức năng này dành cho quản trị hệ thống và quản trị đơn vị."))
        return super().dispatch(request, *args, **kwargs)


class UserFilterSet(BaseFilterSet):
    q = CharFilter(method="filter_search", label=gettext_lazy("Tìm kiếm"))
    is_active = BooleanFilter(
        label=gettext_lazy("Trạng thái"),
        widget=forms.Select(
            choices=[
                ("", gettext_lazy("Tất cả")),
                ("true", gettext_lazy("Đang hoạt động")),
                ("false", gettext_lazy("Đã khóa")),
            ]
        ),
    )

    class Meta:
        model = User
        fields = ["q", "is_active"]

    def filter_search(self, queryset, name, value):
        query = Q()
        for word in search_words(value):
            query &= Q(search_text__contains=word)
        return queryset.filter(query)


class UserListView(ManagerRequiredMixin, ObjectListView):
    queryset = User.objects.all()
    table_class = UserTable
    filterset_class = UserFilterSet
    title = gettext_lazy("Người dùng và phân quyền")
    add_url_name = "accounts:user_add"
    export_name = "nguoi-dung"

    def get_queryset(self):
        return with_visible_assignments(managed_users(self.request.user), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "admin"
        return context


class UserDetailView(ManagerRequiredMixin, DetailView):
    template_name = "accounts/user_detail.html"
    context_object_name = "managed_user"

    def get_object(self, queryset=None):
        return get_object_or_404(managed_users(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assignments = list(visible_assignments(user).filter(user=self.object))
        context.update(
            assignments=[(a, can_revoke(user, a)) for a in assignments],
            hidden_assignment_count=self.object.role_assignments.count() - len(assignments),
            can_edit_account=fully_managed_users(user).filter(pk=self.object.pk).exists(),
            breadcrumbs=[
                {"label": _("Người dùng và phân quyền"), "url": reverse("accounts:user_list")},
                {"label": str(self.object), "url": None},
            ],
            nav_section="admin",
        )
        return context


class UserEditView(ManagerRequiredMixin, ObjectEditView):
    queryset = User.objects.all()
    form_class = UserForm
    template_name = "generic/object_form.html"
    # Not "user": that name is the logged-in user in every template (navbar).
    context_object_name = "managed_user"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return User()
        target = get_object_or_404(managed_users(self.request.user), pk=self.kwargs["pk"])
        if not fully_managed_users(self.request.user).filter(pk=target.pk).exists():
            raise PermissionDenied(
                _(
                    "Tài khoản này còn có vai trò ở đơn vị ngoài phạm vi bạn quản trị; "
                    "chỉ quản trị cấp trên hoặc quản trị hệ thống mới sửa được."
                )
            )
        return target

    def form_valid(self, form):
        self.object = services.save_user(user_form=form)
        if self.object.pk == self.request.user.pk and form.cleaned_data.get("password1"):
            # A manager who sets their own password here stays logged in, as on the password page.
            update_session_auth_hash(self.request, self.object)
        messages.success(self.request, _("Đã lưu người dùng."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class UserCreateView(UserEditView):
    """Create a user and, for a unit administrator, their first role in the administrator's scope."""

    template_name = "accounts/user_create.html"

    def get(self, request, *args, **kwargs):
        self.object = None
        return render(
            request,
            self.template_name,
            self._context(UserForm(user=request.user), RoleAssignmentForm(user=request.user, prefix="role")),
        )

    def post(self, request, *args, **kwargs):
        self.object = None
        user_form = UserForm(request.POST, user=request.user)
        role_form = RoleAssignmentForm(request.POST, user=request.user, prefix="role")
        role_required = not is_system_admin(request.user)
        role_given = any(request.POST.get(f"role-{name}") for name in ("area", "organization"))
        role_ok = role_form.is_valid() if (role_required or role_given) else True
        if user_form.is_valid() and role_ok:
            new_user = services.create_user(
                user_form=user_form, role_form=role_form if (role_required or role_given) else None
            )
            messages.success(request, _("Đã tạo người dùng %(name)s.") % {"name": new_user})
            return redirect(new_user.get_absolute_url())
        return render(request, self.template_name, self._context(user_form, role_form), status=200)

    def _context(self, user_form, role_form):
        return {
            "form": user_form,
            "role_form": role_form,
            "role_required": not is_system_admin(self.request.user),
            "nav_section": "admin",
            "breadcrumbs": [
                {"label": _("Người dùng và phân quyền"), "url": reverse("accounts:user_list")},
                {"label": _("Thêm người dùng"), "url": None},
            ],
        }


class RoleAssignmentCreateView(ManagerRequiredMixin, View):
    template_name = "accounts/assignment_form.html"

    def get_target(self):
        return get_object_or_404(managed_users(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, pk):
        target = self.get_target()
        return render(
            request,
            self.template_name,
            {"form": RoleAssignmentForm(user=request.user), "managed_user": target, "nav_section": "admin"},
        )

    def post(self, request, pk):
        target = self.get_target()
        form = RoleAssignmentForm(request.POST, user=request.user, instance=RoleAssignment(user=target))
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.grant_role(user=target, role_form=form)
            except IntegrityError:  # the same role given by a second submission meanwhile
                form.add_error(None, _("Người dùng đã có vai trò này trên đơn vị này."))
            else:
                messages.success(request, _("Đã thêm phân quyền."))
                return redirect(target.get_absolute_url())
        return render(request, self.template_name, {"form": form, "managed_user": target, "nav_section": "admin"})


class RoleAssignmentDeleteView(ManagerRequiredMixin, View):
    template_name = "accounts/assignment_confirm_delete.html"

    def get_object(self):
        assignment = get_object_or_404(
            RoleAssignment.objects.restrict(self.request.user, "manage").select_related("user"), pk=self.kwargs["pk"]
        )
        if not can_revoke(self.request.user, assignment):
            raise PermissionDenied(_("Quyền quản trị của đơn vị này do cấp trên hoặc quản trị hệ thống thu hồi."))
        return assignment

    def get(self, request, pk):
        return render(request, self.template_name, {"object": self.get_object(), "nav_section": "admin"})

    def post(self, request, pk):
        assignment = self.get_object()
        target = assignment.user
        services.revoke_role(assignment=assignment)
        messages.success(request, _("Đã thu hồi phân quyền."))
        return redirect(target.get_absolute_url())
