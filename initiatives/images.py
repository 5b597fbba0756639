"""Photos attached to records: check that they decode, and make the small copy pages show.

A photo from a phone is 3–10 MB; a record's page and the public gallery show a 640-pixel JPEG
copy (30–80 kB) instead, and open the original on click. Pillow decodes the image, so a file
with a photo's leading bytes but broken content is refused at upload.
"""

import io

from django import forms
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_PIXELS = 640  # the longer side of the small copy
MAX_PIXELS = 60_000_000  # larger images (a 60-megapixel photo) are refused: decoding them costs too much memory


def check_image(upload) -> None:
    """Raise ValidationError (Vietnamese) unless `upload` is an image Pillow can decode, of a sane size."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise forms.ValidationError(
                    _("Ảnh quá lớn (%(width)s × %(height)s điểm ảnh); tối đa %(limit)s điểm ảnh.")
                    % {
                        "width": image.width,
                        "height": image.height,
                        "limit": number_format(MAX_PIXELS, force_grouping=True),
                    }
                )
            image.verify()
    except Image.DecompressionBombError as error:  # Pillow refuses to open it at all (> 179 megapixels)
        raise forms.ValidationError(
            _("Ảnh quá lớn; tối đa %(limit)s điểm ảnh.") % {"limit": number_format(MAX_PIXELS, force_grouping=True)}
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise forms.ValidationError(_("Không đọc được ảnh: tệp bị hỏng hoặc không phải ảnh.")) from error
    finally:
        upload.seek(0)


def make_thumbnail(fileobj) -> ContentFile | None:
    """Return a JPEG copy of the image at most THUMBNAIL_PIXELS on its longer side, turned upright
    as the camera recorded; None if the image cannot be decoded."""
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            small = _opaque(small)
            output = io.BytesIO()
            small.save(output, "JPEG", quality=80, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        fileobj.seek(0)
    return ContentFile(output.getvalue())


def _opaque(image):
    """The image in RGB or grey, transparent parts on white (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode in ("RGB", "L") else image.convert("RGB")
