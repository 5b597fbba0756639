"""The public gallery (no login, off by default) and its settings page (unit administrators)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.choices import Status
from initiatives.models import Attachment, PublicGallery
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory, field
from tests.factories.orgunits import organization

pytestmark = pytest.mark.django_db

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def records(world):
    """Recognized and not recognized records in commune A, B and above them."""
    province_front = organization(world.province, "mttq", name="Ủy ban MTTQ tỉnh")
    return {
        "lamps": InitiativeFactory(
            organization=world.front_a,
            area=world.hamlet_a,
            name="Thắp sáng đường quê",
            status=Status.RECOGNIZED,
            recognition_level=2,
            is_outstanding=True,
            contact_name="Nguyễn Văn Sáng",
            contact_phone="0909 123 456",
            goals="Lắp 270 bóng đèn",
        ),
        "flowers": InitiativeFactory(
            organization=world.front_a, name="Đường hoa nông thôn mới", status=Status.STOPPED, recognition_level=2
        ),
        "registered": InitiativeFactory(organization=world.front_a, name="Tổ tự quản an ninh trật tự"),
        "province": InitiativeFactory(
            organization=province_front,
            area=world.commune_a,
            name="Quỹ khuyến học dòng họ",
            status=Status.RECOGNIZED,
            recognition_level=4,
        ),
        "other": InitiativeFactory(
            organization=world.front_b, name="Mô hình xã bên", status=Status.RECOGNIZED, recognition_level=2
        ),
    }


def _gallery(area, **kwargs):
    return PublicGallery.objects.create(area=area, **{"is_enabled": True, **kwargs})


def _photo(record, kind="photo", content_type="image/png", name="anh.png"):
    return Attachment.objects.create(
        initiative=record,
        kind=kind,
        file=SimpleUploadedFile(name, PNG, content_type=content_type),
        original_name=name,
        content_type=content_type,
        size=len(PNG),
    )


def _names(response):
    return [record.name for record in response.context["page"].object_list]


#
# Public page
#


def test_gallery_without_settings_is_not_found(client, world, records):
    response = client.get(reverse("initiatives:gallery", args=[world.commune_a.pk]))

    assert response.status_code == 404


def test_gallery_turned_off_is_not_found(client, world, records):
    _gallery(world.commune_a, is_enabled=False)

    response = client.get(reverse("initiatives:gallery", args=[world.commune_a.pk]))
    client.force_login(world.editor_b)
    signed_in = client.get(reverse("orgunits:area_detail", args=[world.commune_a.pk]))

    assert (response.status_code, signed_in.status_code) == (404, 404)
    # The public is not told about scopes and permissions it has nothing to do with; a signed-in
    # user outside the unit's scope is.
    assert "Trang bạn yêu cầu không tồn tại hoặc không được công khai." in response.content.decode()
    assert "phân quyền" not in response.content.decode()
    assert "nằm ngoài phạm vi đơn vị bạn được phân quyền" in signed_in.content.decode()


def test_gallery_on_shows_recognized_records_of_the_subtree_without_login(client, world, records):
    _gallery(world.commune_a, title="Dân vận khéo xã Long Điền", introduction="Những cách làm hay.")

    response = client.get(reverse("initiatives:gallery", args=[world.commune_a.pk]))

    assert response.status_code == 200
    # Outstanding first, then higher levels, then by name; a province body's model running here is shown.
    assert _names(response) == ["Thắp sáng đường quê", "Quỹ khuyến học dòng họ", "Đường hoa nông thôn mới"]
    html = response.content.decode()
    assert "Dân vận khéo xã Long Điền" in html
    assert "Những cách làm hay." in html
    assert "Lắp 270 bóng đèn" in html
    assert "Mô hình xã bên" not in html


def test_gallery_hides_contacts_unless_enabled(client, world, records):
    gallery = _gallery(world.commune_a)
    url = reverse("initiatives:gallery", args=[world.commune_a.pk])

    hidden = client.get(url).content.decode()
    gallery.show_contacts = True
    gallery.save()
    shown = client.get(url).content.decode()

    assert ("Nguyễn Văn Sáng" in hidden, "0909 123 456" in hidden) == (False, False)
    assert ("Nguyễn Văn Sáng" in shown, "0909 123 456" in shown) == (True, True)


def test_gallery_of_a_hamlet_shows_only_its_records(client, world, records):
    _gallery(world.hamlet_a)

    response = client.get(reverse("initiatives:gallery", args=[world.hamlet_a.pk]))

    assert _names(response) == ["Thắp sáng đường quê"]


def test_gallery_search_ignores_diacritics(client, world, records):
    _gallery(world.commune_a)

    response = client.get(reverse("initiatives:gallery", args=[world.commune_a.pk]), {"q": "khuyen hoc"})

    assert _names(response) == ["Quỹ khuyến học dòng họ"]


def test_gallery_filters_by_field(client, world, records):
    _gallery(world.commune_a)
    records["province"].field = field("van_hoa_xa_hoi")
    records["province"].save()

    response = client.get(
        reverse("initiatives:gallery", args=[world.commune_a.pk]), {"field": records["province"].field_id}
    )

    assert _names(response) == ["Quỹ khuyến học dòng họ"]


def test_gallery_paginates_ten_a_page(client, world):
    _gallery(world.commune_b)
    for number in range(12):
        InitiativeFactory(
            organization=world.front_b,
            name=f"Mô hình {number:02d}",
            status=Status.RECOGNIZED,
            recognition_level=2,
            registered_on=datetime.date(2025, 1, 1),
        )
    url = reverse("initiatives:gallery", args=[world.commune_b.pk])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert (len(_names(first)), _names(second)) == (10, ["Mô hình 10", "Mô hình 11"])
    assert first.context["page"].paginator.count == 12


def test_gallery_empty_state(client, world):
    _gallery(world.commune_b)

    response = client.get(reverse("initiatives:gallery", args=[world.commune_b.pk]))

    assert _names(response) == []
    assert "data-empty-state" in response.content.decode()


#
# Photos
#


def test_gallery_photo_of_a_shown_record_is_served(client, world, records):
    _gallery(world.commune_a)
    photo = _photo(records["lamps"])

    response = client.get(reverse("initiatives:gallery_photo", args=[world.commune_a.pk, photo.pk]))

    assert (response.status_code, response["Content-Type"], b"".join(response.streaming_content)) == (
        200,
        "image/png",
        PNG,
    )
    page = client.get(reverse("initiatives:gallery", args=[world.commune_a.pk])).content.decode()
    url = reverse("initiatives:gallery_photo", args=[world.commune_a.pk, photo.pk])
    assert f'href="{url}"' in page and f'src="{url}?thumb=1"' in page
    # The page shows the small copy; a photo without one (attached before they existed) is served whole.
    assert b"".join(client.get(url, {"thumb": "1"}).streaming_content) == PNG
    photo.thumbnail.save("anh-nho.jpg", ContentFile(b"\xff\xd8\xff small"))
    small = client.get(url, {"thumb": "1"})
    assert (small["Content-Type"], b"".join(small.streaming_content)) == ("image/jpeg", b"\xff\xd8\xff small")


@pytest.mark.parametrize("case", ["not_recognized", "other_commune", "document", "svg", "gallery_off"])
def test_gallery_photo_is_not_found_otherwise(client, world, records, case):
    gallery = _gallery(world.commune_a)
    photo = {
        "not_recognized": lambda: _photo(records["registered"]),
        "other_commune": lambda: _photo(records["other"]),
        "document": lambda: _photo(records["lamps"], kind="document"),
        "svg": lambda: _photo(records["lamps"], content_type="image/svg+xml", name="anh.svg"),
        "gallery_off": lambda: _photo(records["lamps"]),
    }[case]()
    if case == "gallery_off":
        gallery.is_enabled = False
        gallery.save()

    response = client.get(reverse("initiatives:gallery_photo", args=[world.commune_a.pk, photo.pk]))

    assert response.status_code == 404


#
# Settings
#


def test_gallery_settings_needs_login(client, world):
    url = reverse("initiatives:gallery_settings", args=[world.commune_a.pk])

    response = client.get(url)

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


def test_gallery_settings_outside_scope_is_not_found(world, login):
    response = login(world.editor_b).get(reverse("initiatives:gallery_settings", args=[world.commune_a.pk]))

    assert response.status_code == 404


def test_gallery_settings_needs_manage(world, login):
    client = login(world.editor_a)
    url = reverse("initiatives:gallery_settings", args=[world.commune_a.pk])

    response = client.get(url)
    posted = client.post(url, {"is_enabled": "on", "title": "Thử"})

    assert (response.status_code, posted.status_code) == (403, 403)
    assert "Chỉ quản trị đơn vị" in response.content.decode()
    assert PublicGallery.objects.count() == 0


def test_gallery_settings_unit_admin_turns_it_on_and_off(client, world, records, login):
    admin_a = user_with_role("qt_xa_a", "unit_admin", world.commune_a)
    staff = login(admin_a)
    url = reverse("initiatives:gallery_settings", args=[world.commune_a.pk])
    public = reverse("initiatives:gallery", args=[world.commune_a.pk])

    page = staff.get(url)
    staff.post(url, {"is_enabled": "on", "title": "Dân vận khéo Long Điền", "introduction": "", "show_contacts": ""})
    gallery = PublicGallery.objects.get(area=world.commune_a)
    staff.logout()
    on = client.get(public)
    login(admin_a).post(url, {"title": "Dân vận khéo Long Điền"})
    client.logout()
    off = client.get(public)

    assert page.status_code == 200
    assert page.context["public_url"] == f"http://testserver{public}"
    assert page.context["shown_count"] == 3
    assert (gallery.is_enabled, gallery.title, gallery.show_contacts) == (True, "Dân vận khéo Long Điền", False)
    assert (on.status_code, off.status_code) == (200, 404)
    assert gallery.get_absolute_url() == url


def test_gallery_settings_system_admin_may_manage_any_area(world, login):
    response = login(world.admin).get(reverse("initiatives:gallery_settings", args=[world.province.pk]))

    assert (response.status_code, response.context["gallery"].pk) == (200, None)
