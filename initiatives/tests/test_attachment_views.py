"""Attachments: upload validation (extension, leading bytes, size), scoped download, delete."""

import io
import struct
import zipfile
import zlib
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from initiatives.models import Attachment
from tests.factories.initiatives import register

pytestmark = pytest.mark.django_db


def picture(image_format: str, size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128)[: len(mode)]).save(buffer, image_format)
    return buffer.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")
WEBP = picture("WEBP")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def initiative(world):
    return register(world)


def upload(client, initiative, name, content, title=""):
    return client.post(
        reverse("initiatives:attachment_add", kwargs={"pk": initiative.pk}),
        {"file": SimpleUploadedFile(name, content), "title": title},
    )


def form_errors(response):
    return response.context["form"].errors.get("file")


#
# Upload
#


def test_attachment_upload_stores_a_photo_under_a_random_name(world, client, initiative, media):
    client.force_login(world.editor_a)

    response = upload(client, initiative, "Lễ khánh thành.png", PNG, title="Khánh thành tuyến đèn")

    attachment = Attachment.objects.get()
    assert (response.status_code, response.url) == (302, initiative.get_absolute_url() + "#attachments")
    assert (attachment.kind, attachment.content_type, attachment.original_name, attachment.size) == (
        "photo",
        "image/png",
        "Lễ khánh thành.png",
        len(PNG),
    )
    assert (attachment.title, attachment.uploaded_by, attachment.initiative) == (
        "Khánh thành tuyến đèn",
        world.editor_a,
        initiative,
    )
    assert "khánh" not in attachment.file.name.lower()
    assert (media / attachment.file.name).read_bytes() == PNG


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("anh.jpg", JPEG, "photo"),
        ("anh.JPEG", JPEG, "photo"),
        ("anh.webp", WEBP, "photo"),
        ("bao-cao.pdf", PDF, "document"),
        ("bao-cao.docx", zipped("[Content_Types].xml", "word/document.xml"), "document"),
        ("so-lieu.xlsx", zipped("[Content_Types].xml", "xl/workbook.xml"), "document"),
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "document"),
    ],
)
def test_attachment_upload_accepts_the_allowed_types(world, client, initiative, name, content, kind):
    client.force_login(world.editor_a)

    response = upload(client, initiative, name, content)

    assert response.status_code == 302
    assert list(Attachment.objects.values_list("original_name", "kind")) == [(name, kind)]


def test_attachment_upload_accepts_an_opendocument_text(world, client, initiative):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<xml/>")
    client.force_login(world.editor_a)

    response = upload(client, initiative, "bien-ban.odt", buffer.getvalue())

    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.png", JPEG),  # a JPEG renamed .png
        ("anh.jpg", b"MZ\x90\x00" + b"\x00" * 64),  # a program renamed .jpg
        ("bao-cao.pdf", b"<html>not a pdf</html>"),
        ("bao-cao.docx", zipped("readme.txt")),  # a zip, but not a Word document
        ("anh.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32),  # a RIFF sound, not a WebP picture
    ],
)
def test_attachment_upload_refuses_content_that_does_not_match_the_extension(world, client, initiative, name, content):
    client.force_login(world.editor_a)

    response = upload(client, initiative, name, content)

    extension = name.rsplit(".", 1)[-1]
    assert response.status_code == 200
    assert form_errors(response) == [
        f"Nội dung tệp không đúng với đuôi “.{extension}”: tệp có thể bị hỏng hoặc đã bị đổi tên."
    ]
    assert Attachment.objects.count() == 0


def test_attachment_upload_refuses_other_types(world, client, initiative):
    client.force_login(world.editor_a)

    response = upload(client, initiative, "cai-dat.exe", b"MZ\x90\x00")

    assert form_errors(response) == [
        "Chỉ nhận ảnh (jpg, jpeg, png, webp) và tài liệu (pdf, doc, docx, xls, xlsx, odt)."
    ]
    assert Attachment.objects.count() == 0


def test_attachment_upload_refuses_a_file_over_the_limit(world, client, initiative, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(world.editor_a)

    too_large = upload(client, initiative, "anh.png", PNG + b"\x00" * 1024)
    at_limit = upload(client, initiative, "anh.png", PNG + b"\x00" * (1024 - len(PNG)))

    assert form_errors(too_large) == ["Tệp quá lớn (1,1\xa0KB); dung lượng tối đa là 1,0\xa0KB."]
    assert at_limit.status_code == 302
    assert Attachment.objects.count() == 1


def test_attachment_upload_is_refused_to_a_viewer_and_hidden_outside_scope(world, client, initiative):
    client.force_login(world.viewer_a)
    as_viewer = upload(client, initiative, "anh.png", PNG)
    client.force_login(world.editor_b)
    as_outsider = upload(client, initiative, "anh.png", PNG)

    assert (as_viewer.status_code, as_outsider.status_code) == (403, 404)
    assert Attachment.objects.count() == 0


def test_attachment_form_page_and_detail_upload_form(world, client, initiative):
    client.force_login(world.editor_a)

    page = client.get(reverse("initiatives:attachment_add", kwargs={"pk": initiative.pk})).content.decode()
    detail = client.get(initiative.get_absolute_url()).content.decode()

    assert "tối đa 10,0\xa0MB" in page
    assert reverse("initiatives:attachment_add", kwargs={"pk": initiative.pk}) in detail


#
# Download
#


def test_attachment_download_streams_the_file_with_its_name(world, client, initiative):
    client.force_login(world.editor_a)
    upload(client, initiative, "Báo cáo.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(world.viewer_a)

    response = client.get(attachment.get_download_url())

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('Báo cáo.pdf')}"
    assert b"".join(response.streaming_content) == PDF


def test_attachment_download_shows_photos_inline_for_thumbnails(world, client, initiative):
    client.force_login(world.editor_a)
    upload(client, initiative, "anh.png", PNG)
    attachment = Attachment.objects.get()

    response = client.get(attachment.get_download_url(), {"inline": "1"})
    detail = client.get(initiative.get_absolute_url()).content.decode()

    assert (response["Content-Type"], response["Content-Disposition"]) == ("image/png", 'inline; filename="anh.png"')
    assert f'href="{attachment.get_download_url()}?inline=1"' in detail
    assert f'src="{attachment.get_download_url()}?inline=1&amp;thumb=1"' in detail


def test_a_large_photo_is_shown_as_a_small_upright_jpeg_copy(world, client, initiative, media):
    # A phone photo taken turned: 1600 × 1200 pixels, stored sideways with EXIF orientation 6.
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (1600, 1200), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    client.force_login(world.editor_a)
    upload(client, initiative, "Đường hoa.jpg", buffer.getvalue())
    attachment = Attachment.objects.get()

    small = client.get(attachment.get_thumbnail_url())
    original = client.get(attachment.get_download_url(), {"inline": "1"})

    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("JPEG", (480, 640))
    assert small["Content-Type"] == "image/jpeg"
    assert b"".join(original.streaming_content) == buffer.getvalue()
    assert (media / attachment.thumbnail.name).stat().st_size < len(buffer.getvalue())
    assert attachment.get_thumbnail_url() == f"{attachment.get_download_url()}?inline=1&thumb=1"


def test_a_transparent_png_gets_a_white_background_and_documents_no_thumbnail(world, client, initiative):
    client.force_login(world.editor_a)
    upload(client, initiative, "logo.png", picture("PNG", size=(20, 20), mode="RGBA"))
    upload(client, initiative, "bao-cao.pdf", PDF)
    photo, document = Attachment.objects.get(kind="photo"), Attachment.objects.get(kind="document")

    with photo.thumbnail.open("rb") as handle, Image.open(handle) as thumbnail:
        assert thumbnail.convert("RGB").getpixel((5, 5)) > (220, 140, 140)  # half-transparent red on white: pink
    assert (document.thumbnail.name, document.get_thumbnail_url()) == ("", None)
    # A document asked for "small" is served as it is.
    response = client.get(document.get_download_url(), {"inline": "1", "thumb": "1"})
    assert (response["Content-Type"], b"".join(response.streaming_content)) == ("application/pdf", PDF)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hong.jpg", JPEG[:40], "Không đọc được ảnh: tệp bị hỏng hoặc không phải ảnh."),
        ("hong.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "Không đọc được ảnh: tệp bị hỏng hoặc không phải ảnh."),
    ],
)
def test_a_photo_that_does_not_decode_is_refused(world, client, initiative, name, content, message):
    client.force_login(world.editor_a)

    response = upload(client, initiative, name, content)

    assert form_errors(response) == [message]
    assert Attachment.objects.count() == 0


def test_a_photo_with_too_many_pixels_is_refused(world, client, initiative, monkeypatch):
    from initiatives import images

    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    client.force_login(world.editor_a)

    response = upload(client, initiative, "lon.png", PNG)

    assert form_errors(response) == ["Ảnh quá lớn (40 × 30 điểm ảnh); tối đa 1.000 điểm ảnh."]


def test_attachment_download_outside_scope_is_404_and_needs_login(world, client, initiative):
    client.force_login(world.editor_a)
    upload(client, initiative, "anh.png", PNG)
    attachment = Attachment.objects.get()
    client.force_login(world.editor_b)
    outsider = client.get(attachment.get_download_url())
    client.logout()
    anonymous = client.get(attachment.get_download_url())

    assert outsider.status_code == 404
    assert (anonymous.status_code, anonymous.url.startswith(reverse("login"))) == (302, True)


#
# Delete
#


def test_attachment_delete_removes_the_row_and_the_file(
    world, client, initiative, media, django_capture_on_commit_callbacks
):
    client.force_login(world.editor_a)
    upload(client, initiative, "anh.png", PNG)
    attachment = Attachment.objects.get()
    stored, thumbnail = media / attachment.file.name, media / attachment.thumbnail.name
    url = reverse("initiatives:attachment_delete", kwargs={"pk": attachment.pk})

    confirm = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert "Xóa tệp “anh.png” khỏi mô hình" in confirm
    assert (response.status_code, response.url) == (302, initiative.get_absolute_url() + "#attachments")
    assert (Attachment.objects.count(), stored.exists(), thumbnail.exists()) == (0, False, False)


def test_attachment_delete_is_refused_to_a_viewer(world, client, initiative):
    client.force_login(world.editor_a)
    upload(client, initiative, "anh.png", PNG)
    attachment = Attachment.objects.get()
    client.force_login(world.viewer_a)

    response = client.post(reverse("initiatives:attachment_delete", kwargs={"pk": attachment.pk}))

    assert response.status_code == 403
    assert Attachment.objects.count() == 1


def test_the_migration_makes_the_small_copies_of_photos_attached_before(world, initiative, media):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    migration = importlib.import_module("initiatives.migrations.0007_attachment_thumbnail")
    older = Attachment(initiative=initiative, kind="photo", original_name="cu.png", content_type="image/png")
    older.file.save("cu.png", ContentFile(PNG))
    lost = Attachment(initiative=initiative, kind="photo", original_name="mat.png", content_type="image/png")
    lost.file.save("mat.png", ContentFile(PNG))
    (media / lost.file.name).unlink()

    migration.make_thumbnails(apps, None)

    older.refresh_from_db()
    lost.refresh_from_db()
    assert older.thumbnail.name.endswith("-nho.jpg") and (media / older.thumbnail.name).exists()
    assert lost.thumbnail.name == ""


def test_a_photo_too_large_for_pillow_to_open_is_called_too_large(world, client, initiative):
    """A 30,000 × 30,000 picture: Pillow refuses to open it at all (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)
    content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    client.force_login(world.editor_a)

    response = upload(client, initiative, "khong-lo.png", content)

    assert form_errors(response) == ["Ảnh quá lớn; tối đa 60.000.000 điểm ảnh."]
    assert Attachment.objects.count() == 0
