"""Photos and documents of a record: upload, scoped download, delete.

Files are never served from /media/ by URL: the download view streams them to users who may see
the record (404 otherwise). Adding and deleting need the record's "attach" rule.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.htmx import htmx_redirect, is_htmx_partial
from core.views import ObjectDeleteView, ScopedMixin
from initiatives.choices import AttachmentKind
from initiatives.forms.attachments import AttachmentForm
from initiatives.images import make_thumbnail
from initiatives.models import Attachment, Initiative
from initiatives.views.initiatives import list_breadcrumbs, require_rule


class AttachmentAddView(ScopedMixin, FormView):
    queryset = Initiative.objects.select_related("organization")
    form_class = AttachmentForm
    template_name = "initiatives/attachment_form.html"

    def load(self):
        self.initiative = self.get_scoped_object("view")
        require_rule(self.request.user, "attach", self.initiative)

    def get(self, request, *args, **kwargs):
        self.load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.initiative
        context.update(
            initiative=obj,
            breadcrumbs=list_breadcrumbs(
                {"label": obj.name, "url": obj.get_absolute_url()},
                {"label": gettext_lazy("Thêm tệp đính kèm"), "url": None},
            ),
            nav_section="initiatives",
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        file_type = form.file_type
        attachment = Attachment(
            initiative=self.initiative,
            kind=file_type.kind,
            title=form.cleaned_data["title"],
            original_name=upload.name[:255],
            content_type=file_type.content_type,
            size=upload.size,
            uploaded_by=self.request.user,
        )
        upload.name = form.stored_name()
        attachment.file = upload
        if file_type.kind == AttachmentKind.PHOTO:
            thumbnail = make_thumbnail(upload)
            if thumbnail is not None:
                attachment.thumbnail.save(f"{upload.name.rsplit('.', 1)[0]}-nho.jpg", thumbnail, save=False)
        with transaction.atomic():
            attachment.save()
        messages.success(self.request, _("Đã tải lên “%(name)s”.") % {"name": attachment.original_name})
        url = self.initiative.get_absolute_url() + "#attachments"
        if is_htmx_partial(self.request):
            return htmx_redirect(url)
        return HttpResponseRedirect(url)


def photo_response(attachment, *, small: bool, as_attachment: bool = False) -> FileResponse:
    """Stream the attachment's file, or its small copy when `small` and it has one; 404 if the file is gone."""
    use_thumbnail = small and bool(attachment.thumbnail)
    stored = attachment.thumbnail if use_thumbnail else attachment.file
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Không tìm thấy tệp.")) from error
    return FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=attachment.original_name,
        content_type="image/jpeg" if use_thumbnail else attachment.content_type,
    )


def attachment_download(request, pk):
    """Stream an attachment to a user who may see its record; photos open in the page with ?inline=1."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(Attachment.objects.restrict(request.user, "view"), pk=pk)
    inline = request.GET.get("inline") == "1" and attachment.kind == AttachmentKind.PHOTO
    response = photo_response(attachment, small=inline and request.GET.get("thumb") == "1", as_attachment=not inline)
    response["Cache-Control"] = "private, max-age=3600"
    return response


class AttachmentDeleteView(ObjectDeleteView):
    queryset = Attachment.objects.select_related("initiative")
    template_name = "initiatives/attachment_confirm_delete.html"

    def get_object(self, queryset=None):
        attachment = self.get_scoped_object("view")
        require_rule(self.request.user, "attach", attachment.initiative)
        return attachment

    def get_success_url(self):
        return self.object.initiative.get_absolute_url() + "#attachments"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object.initiative
        context.update(
            breadcrumbs=list_breadcrumbs(
                {"label": initiative.name, "url": initiative.get_absolute_url()},
                {"label": _("Xóa tệp đính kèm"), "url": None},
            ),
            nav_section="initiatives",
        )
        return context

    def form_valid(self, form):
        attachment = self.object
        name, file_names = str(attachment), attachment.stored_files()
        storage = attachment.file.storage
        with transaction.atomic():
            attachment.delete()
            transaction.on_commit(lambda: [storage.delete(file_name) for file_name in file_names])
        messages.success(self.request, _("Đã xóa “%(name)s”.") % {"name": name})
        return HttpResponseRedirect(self.get_success_url())
