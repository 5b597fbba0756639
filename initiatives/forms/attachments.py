"""Uploading a photo or document to a record: allowed types, leading bytes and size are checked."""

import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from initiatives.choices import AttachmentKind
from initiatives.images import check_image
from orgunits.forms import BootstrapMixin

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files (.doc, .xls)
ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are zip archives


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    magic: bytes
    # For zip-based formats: a member the archive must hold (tells a .docx from any .zip).
    zip_member: str = ""


FILE_TYPES: dict[str, FileType] = {
    "jpg": FileType(AttachmentKind.PHOTO, "image/jpeg", b"\xff\xd8\xff"),
    "jpeg": FileType(AttachmentKind.PHOTO, "image/jpeg", b"\xff\xd8\xff"),
    "png": FileType(AttachmentKind.PHOTO, "image/png", b"\x89PNG\r\n\x1a\n"),
    "webp": FileType(AttachmentKind.PHOTO, "image/webp", b"RIFF"),
    "pdf": FileType(AttachmentKind.DOCUMENT, "application/pdf", b"%PDF-"),
    "doc": FileType(AttachmentKind.DOCUMENT, "application/msword", OLE2),
    "xls": FileType(AttachmentKind.DOCUMENT, "application/vnd.ms-excel", OLE2),
    "docx": FileType(
        AttachmentKind.DOCUMENT,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
        "word/document.xml",
    ),
    "xlsx": FileType(
        AttachmentKind.DOCUMENT,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ZIP,
        "xl/workbook.xml",
    ),
    "odt": FileType(AttachmentKind.DOCUMENT, "application/vnd.oasis.opendocument.text", ZIP, "mimetype"),
}
ACCEPT = ",".join(f".{ext}" for ext in FILE_TYPES)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _matches(upload, file_type: FileType) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(file_type.magic):
        return False
    if file_type.content_type == "image/webp":
        return head[8:12] == b"WEBP"
    if file_type.zip_member:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if file_type.zip_member not in names:
                    return False
                if file_type.zip_member == "mimetype":
                    return archive.read("mimetype").strip() == file_type.content_type.encode()
                return True
        except (zipfile.BadZipFile, OSError, KeyError):
            return False
        finally:
            upload.seek(0)
    return True


def check_upload(upload) -> FileType:
    """Return the type of an uploaded file, or raise ValidationError (Vietnamese) when its size,
    its extension or its content (leading bytes) is not allowed."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("Tệp quá lớn (%(size)s); dung lượng tối đa là %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise forms.ValidationError(_("Tệp rỗng."))
    file_type = FILE_TYPES.get(_extension(upload.name))
    if file_type is None:
        raise forms.ValidationError(
            _("Chỉ nhận ảnh (jpg, jpeg, png, webp) và tài liệu (pdf, doc, docx, xls, xlsx, odt).")
        )
    if not _matches(upload, file_type):
        raise forms.ValidationError(
            _("Nội dung tệp không đúng với đuôi “.%(ext)s”: tệp có thể bị hỏng hoặc đã bị đổi tên.")
            % {"ext": _extension(upload.name)}
        )
    return file_type


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("Ảnh jpg, png, webp hoặc tài liệu pdf, doc, docx, xls, xlsx, odt."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    title = forms.CharField(max_length=255, required=False, label=_("Tiêu đề"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.ATTACHMENT_MAX_BYTES)
        self.fields["file"].help_text = _(
            "Ảnh jpg, png, webp hoặc tài liệu pdf, doc, docx, xls, xlsx, odt; tối đa %(max)s."
        ) % {"max": limit}
        self.apply_bootstrap()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_type = check_upload(upload)
        if self.file_type.kind == AttachmentKind.PHOTO:
            check_image(upload)
        return upload

    def stored_name(self) -> str:
        """Return the name the file is stored under: random, so no path or name comes from the user."""
        return f"{uuid.uuid4().hex}.{_extension(self.cleaned_data['file'].name)}"
