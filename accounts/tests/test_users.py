import pytest
from django.db import IntegrityError, transaction

from accounts.models import RoleAssignment, User
from tests.factories.accounts import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "mat-khau-can-bo-moi-2025"


def test_unit_admin_creates_a_user_with_a_role_inside_the_subtree(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(admin_a)

    response = client.post(
        "/accounts/users/add/",
        {
            "username": "canbo_moi",
            "full_name": "Nguyễn Văn Mới",
            "is_active": "on",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "role-role": "editor",
            "role-area": world.hamlet_a.pk,
        },
    )

    user = User.objects.get(username="canbo_moi")
    assert response.status_code == 302
    assert list(user.role_assignments.values_list("role", "area__name")) == [("editor", "Ấp Bắc")]


def test_a_username_differing_only_by_case_is_refused(world, client):
    client.force_login(world.admin)

    response = client.post(
        "/accounts/users/add/",
        {"username": "XA_A", "is_active": "on", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Tên đăng nhập này đã có (không phân biệt chữ hoa, chữ thường)."
    ]
    assert list(User.objects.filter(username__iexact="xa_a").values_list("username", flat=True)) == ["xa_a"]


def test_the_database_refuses_usernames_differing_only_by_case(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="Xa_A")


def test_unit_admin_cannot_grant_a_role_outside_the_subtree(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(admin_a)

    response = client.post(
        f"/accounts/users/{world.editor_a.pk}/assignments/add/",
        {"role": "unit_admin", "area": world.commune_b.pk},
    )

    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=world.editor_a, area=world.commune_b).exists()


def test_unit_admin_sees_only_users_of_the_subtree(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(admin_a)

    content = client.get("/accounts/users/").content.decode()

    assert ("xa_a" in content, "xa_b" in content) == (True, False)
    assert client.get(f"/accounts/users/{world.editor_b.pk}/").status_code == 404


def test_editor_without_admin_role_cannot_open_user_management(world, client):
    client.force_login(world.editor_a)

    assert client.get("/accounts/users/").status_code == 403


def test_user_creation_rejects_a_weak_password(world, client):
    client.force_login(world.admin)

    response = client.post(
        "/accounts/users/add/", {"username": "yeu", "password1": "12345678", "password2": "12345678", "is_active": "on"}
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="yeu").exists()


def test_revoking_an_assignment_asks_then_deletes(world, client):
    client.force_login(world.admin)
    assignment = world.editor_a.role_assignments.get()

    confirm = client.get(f"/accounts/assignments/{assignment.pk}/delete/")
    client.post(f"/accounts/assignments/{assignment.pk}/delete/")

    assert confirm.status_code == 200
    assert list(world.editor_a.role_assignments.all()) == []


def test_unit_admin_cannot_change_an_account_that_also_holds_roles_elsewhere(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    RoleAssignment.objects.create(user=world.province_editor, role="viewer", area=world.hamlet_a)
    client.force_login(admin_a)
    old_hash = User.objects.get(pk=world.province_editor.pk).password

    page = client.get(f"/accounts/users/{world.province_editor.pk}/edit/")
    post = client.post(
        f"/accounts/users/{world.province_editor.pk}/edit/",
        {"username": "tinh", "password1": "Hacked-pass-123!", "password2": "Hacked-pass-123!"},
    )

    assert (page.status_code, post.status_code) == (403, 403)
    assert User.objects.get(pk=world.province_editor.pk).password == old_hash


def test_user_pages_show_only_assignments_inside_the_managers_subtree(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    RoleAssignment.objects.create(user=world.editor_a, role="viewer", area=world.other_province)
    client.force_login(admin_a)

    detail = client.get(f"/accounts/users/{world.editor_a.pk}/").content.decode()
    listing = client.get("/accounts/users/").content.decode()

    assert ("Xã Long Điền" in detail, "Tỉnh Khác" in detail) == (True, False)
    assert "Còn 1 phân quyền ở đơn vị ngoài phạm vi bạn quản trị." in detail
    assert "Tỉnh Khác" not in listing


def test_account_changes_are_audited_with_the_password_redacted(world, client):
    from core.models import ObjectChange

    client.force_login(world.admin)
    client.post(
        f"/accounts/users/{world.editor_a.pk}/edit/",
        {"username": "xa_a", "full_name": "Cán bộ A", "is_active": "on", "is_superuser": "on",
         "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )  # fmt: skip

    change = (
        ObjectChange.objects.filter(content_type__model="user", object_id=str(world.editor_a.pk)).order_by("pk").last()
    )
    fields = {row["name"]: row for row in change.changed_fields()}
    assert (change.action, change.user, change.scope_path) == ("update", world.admin, "")
    assert (fields["is_superuser"]["old"], fields["is_superuser"]["new"]) == (False, True)
    assert fields["password"]["new"].startswith("(đã ẩn, mã ")
    assert NEW_PASSWORD not in str(change.postchange_data)


def test_unit_admin_cannot_revoke_a_peer_admin_of_the_same_unit(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    peer = user_with_role("qt_a2", "unit_admin", world.commune_a)
    client.force_login(admin_a)
    peer_role = peer.role_assignments.get()
    editor_role = world.editor_a.role_assignments.get()

    refused = client.post(f"/accounts/assignments/{peer_role.pk}/delete/")
    allowed = client.post(f"/accounts/assignments/{editor_role.pk}/delete/")

    assert (refused.status_code, allowed.status_code) == (403, 302)
    assert list(peer.role_assignments.all()) == [peer_role]


def test_unit_admin_cannot_change_the_account_of_a_peer_admin(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    peer = user_with_role("qt_a2", "unit_admin", world.commune_a)
    client.force_login(admin_a)

    response = client.post(
        f"/accounts/users/{peer.pk}/edit/",
        {"username": "qt_a2", "password1": "Hacked-pass-123!", "password2": "Hacked-pass-123!"},
    )
    page = client.get(f"/accounts/users/{peer.pk}/").content.decode()

    assert response.status_code == 403
    assert User.objects.get(pk=peer.pk).check_password("Hacked-pass-123!") is False
    assert f"/accounts/users/{peer.pk}/edit/" not in page
    assert f"/accounts/assignments/{peer.role_assignments.get().pk}/delete/" not in page


def test_user_search_ignores_diacritics(world, client):
    world.editor_b.full_name = "Trần Thị Lan"
    world.editor_b.save()
    client.force_login(world.admin)

    content = client.get("/accounts/users/", {"q": "tran thi lan"}).content.decode()

    assert (f"/accounts/users/{world.editor_b.pk}/" in content, f"/accounts/users/{world.editor_a.pk}/" in content) == (
        True,
        False,
    )


def test_the_same_role_twice_is_a_form_error(world, client):
    client.force_login(world.admin)
    url = f"/accounts/users/{world.editor_a.pk}/assignments/add/"
    existing = RoleAssignment.objects.filter(user=world.editor_a).first()

    response = client.post(url, {"role": existing.role, "area": existing.area_id or ""})

    assert response.status_code == 200
    assert "Người dùng đã có vai trò này trên địa bàn này." in str(response.context["form"].errors)
    assert RoleAssignment.objects.filter(user=world.editor_a).count() == 1


def test_a_manager_cannot_lock_their_own_account(world, client):
    from tests.factories.accounts import user_with_role

    manager = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(manager)

    response = client.post(f"/accounts/users/{manager.pk}/edit/", {"username": "qt_a", "full_name": "Quản trị"})

    manager.refresh_from_db()
    assert response.status_code == 200 and manager.is_active
    assert response.context["form"].errors["is_active"] == ["Không thể tự khóa tài khoản đang dùng."]


def test_a_system_administrator_cannot_remove_their_own_right(world, client):
    client.force_login(world.admin)

    response = client.post(
        f"/accounts/users/{world.admin.pk}/edit/", {"username": "admin", "full_name": "Quản trị", "is_active": "on"}
    )

    world.admin.refresh_from_db()
    assert response.status_code == 200
    assert (world.admin.is_superuser, world.admin.is_staff) == (True, True)
    assert response.context["form"].errors["is_superuser"] == [
        "Không thể tự bỏ quyền quản trị hệ thống của tài khoản đang dùng; hãy nhờ quản trị viên hệ thống khác."
    ]


def test_a_system_administrator_may_remove_anothers_right(world, client):
    other = UserFactory(username="admin2", is_superuser=True, is_staff=True)
    client.force_login(world.admin)

    response = client.post(
        f"/accounts/users/{other.pk}/edit/", {"username": "admin2", "full_name": "Quản trị 2", "is_active": "on"}
    )

    other.refresh_from_db()
    assert response.status_code == 302
    assert (other.is_superuser, other.is_staff) == (False, False)


def test_a_manager_who_sets_their_own_password_stays_logged_in(world, client):
    manager = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(manager)

    client.post(
        f"/accounts/users/{manager.pk}/edit/",
        {
            "username": "qt_a",
            "full_name": "Quản trị",
            "is_active": "on",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    response = client.get("/accounts/users/")

    manager.refresh_from_db()
    assert manager.check_password(NEW_PASSWORD)
    assert response.status_code == 200
    assert response.wsgi_request.user == manager


def test_unit_admin_cannot_appoint_a_peer_admin_of_their_own_unit(world, client):
    """Peers are appointed and removed by the level above: a unit administrator who could make
    a viewer a peer could then not take the role back (see can_revoke)."""
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(admin_a)

    refused = client.post(
        f"/accounts/users/{world.viewer_a.pk}/assignments/add/", {"role": "unit_admin", "area": world.commune_a.pk}
    )
    below = client.post(
        f"/accounts/users/{world.viewer_a.pk}/assignments/add/", {"role": "unit_admin", "area": world.hamlet_a.pk}
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["role"] == [
        "Quản trị viên của Xã Long Điền do cấp trên phân công. Bạn chỉ giao quyền quản trị cho các đơn vị trực thuộc."
    ]
    assert below.status_code == 302
    assert list(world.viewer_a.role_assignments.filter(role="unit_admin").values_list("area", flat=True)) == [
        world.hamlet_a.pk
    ]


def test_a_system_admin_appoints_unit_admins_anywhere(world, client):
    client.force_login(world.admin)

    response = client.post(
        f"/accounts/users/{world.viewer_a.pk}/assignments/add/", {"role": "unit_admin", "area": world.commune_a.pk}
    )

    assert response.status_code == 302
    assert world.viewer_a.role_assignments.filter(role="unit_admin", area=world.commune_a).exists()


def test_a_first_role_without_a_unit_gets_one_message(world, client):
    admin_a = user_with_role("qt_a", "unit_admin", world.commune_a)
    client.force_login(admin_a)

    response = client.post(
        "/accounts/users/add/",
        {
            "username": "canbo_moi",
            "is_active": "on",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "role-role": "editor",
        },
    )

    assert response.status_code == 200
    assert response.context["role_form"].non_field_errors() == ["Chọn đúng một địa bàn hoặc một tổ chức."]
    assert not User.objects.filter(username="canbo_moi").exists()


def test_user_phone_is_validated_and_full_name_spaces_are_collapsed(world, client):
    client.force_login(world.admin)
    data = {"username": "canbo_moi", "is_active": "on", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    refused = client.post("/accounts/users/add/", {**data, "phone": "goi toi di", "full_name": "A"})
    created = client.post(
        "/accounts/users/add/", {**data, "phone": "0912 345 678", "full_name": "  Nguyễn   Văn\tMới "}
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["phone"][0].startswith("Số điện thoại không hợp lệ.")
    assert created.status_code == 302
    assert User.objects.values_list("full_name", "phone").get(username="canbo_moi") == (
        "Nguyễn Văn Mới",
        "0912 345 678",
    )


def test_messages_that_name_a_user_use_the_full_name(world):
    cadre = User(username="cb01", full_name="Trần Văn Bình")
    legacy = User(username="cb02", first_name="Lan", last_name="Lê")

    assert (cadre.get_full_name(), cadre.display_name) == ("Trần Văn Bình", "Trần Văn Bình")
    assert (legacy.get_full_name(), User(username="cb03").display_name) == ("Lan Lê", "cb03")
