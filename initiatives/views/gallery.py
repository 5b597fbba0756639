"""The public gallery of an area's recognized models (no login) and its settings page.

The public views are the one place where records are read without `restrict()`: nobody is logged
in, and what is shown is what the unit published (PublicGallery.is_enabled, off by default) and
only recognized records of the area's subtree (queries.gallery_initiatives).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.ids import parse_id
from core.scope import can
from initiatives import queries
from initiatives.choices import AttachmentKind
from initiatives.forms.gallery import PublicGalleryForm
from initiatives.models import Attachment, InitiativeField, PublicGallery, Recognition, ResultValue
from initiatives.views.attachments import photo_response
from orgunits.models import Area
from orgunits.views.common import area_breadcrumbs

GALLERY_PAGE_SIZE = 10
SEARCH_MAX_LENGTH = 100
# Photos a browser shows inline; anything else (SVG, which may carry scripts, included) is not served.
PUBLIC_PHOTO_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


def _enabled_gallery(area_pk: int) -> PublicGallery:
    """Return the area's gallery when it is turned on; 404 otherwise (as if there were none)."""
    return get_object_or_404(PublicGallery.objects.select_related("area"), area_id=area_pk, is_enabled=True)


def _public_photos():
    return Attachment.objects.filter(kind=AttachmentKind.PHOTO, content_type__in=PUBLIC_PHOTO_TYPES)


def gallery(request, area_pk: int):
    """The public page: recognized records of the area's subtree, searchable, paginated."""
    gallery = _enabled_gallery(area_pk)
    area = gallery.area
    records = queries.gallery_initiatives(area).select_related("field", "organization", "area")
    text = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    if text:
        records = records.search(text)
    fields = list(InitiativeField.objects.filter(is_active=True).order_by("sort_order", "name"))
    field_id = parse_id(request.GET.get("field"))
    if field_id:
        records = records.filter(field_id=field_id)
    records = records.order_by("-is_outstanding", "-recognition_level", "name", "pk").prefetch_related(
        Prefetch("resultvalues", queryset=ResultValue.objects.select_related("metric")),
        Prefetch("attachments", queryset=_public_photos().order_by("created", "pk"), to_attr="photos"),
        Prefetch(
            "recognitions",
            queryset=Recognition.objects.order_by("-level", "-decision_date"),
            to_attr="ordered_recognitions",
        ),
    )
    page = Paginator(records, GALLERY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "title": gallery.title or _("Mô hình, điển hình “Dân vận khéo” – %(area)s") % {"area": area.name},
        "gallery": gallery,
        "area": area,
        "page": page,
        "q": text,
        "fields": fields,
        "field_id": field_id,
        "is_filtered": bool(text or field_id),
    }
    return render(request, "initiatives/gallery.html", context)


def gallery_photo(request, area_pk: int, pk: int):
    """A photo of a record the gallery shows; 404 for anything else or when the gallery is off."""
    gallery = _enabled_gallery(area_pk)
    photo = get_object_or_404(_public_photos().filter(initiative__in=queries.gallery_initiatives(gallery.area)), pk=pk)
    response = photo_response(photo, small=request.GET.get("thumb") == "1")
    # Short: turning the gallery off must take effect soon in browsers and proxies too.
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def gallery_settings(request, area_pk: int):
    """Turn an area's public gallery on or off and edit its title and introduction (unit administrators)."""
    user = request.user
    area = get_object_or_404(Area.objects.restrict(user, "view").select_related("kind"), pk=area_pk)
    if not can(user, "manage", area.path):
        raise PermissionDenied(_("Chỉ quản trị đơn vị mới được bật, tắt trang giới thiệu công khai của đơn vị."))
    gallery = PublicGallery.objects.restrict(user, "manage").filter(area=area).first() or PublicGallery(area=area)
    form = PublicGalleryForm(request.POST or None, instance=gallery)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Đã bật trang giới thiệu công khai.")
            if gallery.is_enabled
            else _("Trang giới thiệu công khai đang tắt."),
        )
        return HttpResponseRedirect(gallery.get_absolute_url())
    public_path = reverse("initiatives:gallery", kwargs={"area_pk": area.pk})
    context = {
        "title": _("Trang giới thiệu công khai"),
        "area": area,
        "gallery": gallery,
        "form": form,
        "public_url": request.build_absolute_uri(public_path),
        "nav_section": "initiatives",
        "shown_count": queries.gallery_initiatives(area).count(),
        "breadcrumbs": [
            *area_breadcrumbs(user, area, include_self=False),
            {"label": area.name, "url": area.get_absolute_url()},
            {"label": _("Trang giới thiệu công khai"), "url": None},
        ],
    }
    return render(request, "initiatives/gallery_settings.html", context)
